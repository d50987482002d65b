package courses

import (
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// scanPlainProblem is the quickest way through ParseProblem, for the
// files a program writes: it reads the people with a scanner made for
// their four fields instead of encoding/json, which spent two thirds of
// the allocator command's parse on reflection and some 280,000 small
// allocations at 15,000 people (docs/performance.md). The strings are
// slices of the file's text, so a person costs no allocation of its
// own, and all preference lists share one array.
//
// It accepts only what it fully understands: the top-level keys policy,
// sessions and people once each, every person an object of the keys id,
// municipality, department (strings) and preferences (a list of strings,
// or null) at most once each, strings without escapes and of valid UTF-8.
// For anything else, including any error in the policy or a session, it
// reports ok=false and parseWellFormedProblem reads the file as before, so
// that every message is the one it was. The policy and the sessions, few
// and carrying numbers, are cut out and decoded as there.
func scanPlainProblem(text string) (p Problem, ok bool, err error) {
	s := problemScanner{text: text}
	var policy json.RawMessage
	var sessions []json.RawMessage
	seen := [3]bool{}
	if !s.consume('{') {
		return Problem{}, false, nil
	}
	for first := true; !s.consume('}'); first = false {
		if !first && !s.consume(',') {
			return Problem{}, false, nil
		}
		key, ok := s.str()
		if !ok || !s.consume(':') {
			return Problem{}, false, nil
		}
		switch {
		case key == "policy" && !seen[0]:
			seen[0] = true
			start := s.skipSpace()
			if !s.skipValue() {
				return Problem{}, false, nil
			}
			policy = json.RawMessage(s.text[start:s.pos])
		case key == "sessions" && !seen[1]:
			seen[1] = true
			if sessions, ok = s.rawList(); !ok {
				return Problem{}, false, nil
			}
		case key == "people" && !seen[2]:
			seen[2] = true
			if p.People, ok = s.people(); !ok {
				return Problem{}, false, nil
			}
		default:
			return Problem{}, false, nil
		}
	}
	if !seen[1] || !seen[2] || s.skipSpace() != len(s.text) {
		return Problem{}, false, nil
	}
	if p.Policy, err = parsePolicy(policy); err != nil {
		return Problem{}, false, nil
	}
	p.Sessions = make([]AllocationSession, len(sessions))
	for i, raw := range sessions {
		if p.Sessions[i], err = parseSession(raw, fmt.Sprintf("sessions[%d]", i)); err != nil {
			return Problem{}, false, nil
		}
	}
	if err := p.Validate(); err != nil {
		return Problem{}, true, err
	}
	return p, true, nil
}

// problemScanner reads JSON text from pos on; every method reports false
// for text it does not accept, and the caller then gives up.
type problemScanner struct {
	text string
	pos  int
}

// skipSpace skips JSON whitespace and returns the new position.
func (s *problemScanner) skipSpace() int {
	for s.pos < len(s.text) {
		switch s.text[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return s.pos
		}
	}
	return s.pos
}

// consume skips whitespace and c, if c is next.
func (s *problemScanner) consume(c byte) bool {
	if s.skipSpace() < len(s.text) && s.text[s.pos] == c {
		s.pos++
		return true
	}
	return false
}

// str reads a string without escapes, of valid UTF-8, as a slice of the
// text.
func (s *problemScanner) str() (string, bool) {
	if !s.consume('"') {
		return "", false
	}
	start, ascii := s.pos, true
	for ; s.pos < len(s.text); s.pos++ {
		switch c := s.text[s.pos]; {
		case c == '"':
			v := s.text[start:s.pos]
			s.pos++
			return v, ascii || utf8.ValidString(v)
		case c == '\\' || c < 0x20:
			return "", false
		case c >= 0x80:
			ascii = false
		}
	}
	return "", false
}

// skipValue skips one JSON value without checking more than its extent:
// what it cuts out is decoded by encoding/json afterwards.
func (s *problemScanner) skipValue() bool {
	depth := 0
	for s.skipSpace() < len(s.text) {
		switch c := s.text[s.pos]; c {
		case '{', '[':
			depth++
			s.pos++
		case '}', ']':
			depth--
			s.pos++
		case ',', ':':
			if depth == 0 {
				return false
			}
			s.pos++
		case '"':
			s.pos++
			for s.pos < len(s.text) && s.text[s.pos] != '"' {
				if s.text[s.pos] == '\\' {
					s.pos++
				}
				s.pos++
			}
			if s.pos >= len(s.text) {
				return false
			}
			s.pos++
		default: // a number or a literal: up to the next delimiter
			for s.pos < len(s.text) && !isJSONDelimiter(s.text[s.pos]) {
				s.pos++
			}
		}
		if depth < 0 {
			return false
		}
		if depth == 0 {
			return true
		}
	}
	return false
}

func isJSONDelimiter(c byte) bool {
	switch c {
	case ',', ':', '{', '}', '[', ']', '"', ' ', '\t', '\n', '\r':
		return true
	}
	return false
}

// rawList cuts a list into its elements' texts.
func (s *problemScanner) rawList() ([]json.RawMessage, bool) {
	if !s.consume('[') {
		return nil, false
	}
	list := []json.RawMessage{}
	for first := true; !s.consume(']'); first = false {
		if !first && !s.consume(',') {
			return nil, false
		}
		start := s.skipSpace()
		if !s.skipValue() {
			return nil, false
		}
		list = append(list, json.RawMessage(s.text[start:s.pos]))
	}
	return list, true
}

// people reads the list of people.
func (s *problemScanner) people() ([]Applicant, bool) {
	if !s.consume('[') {
		return nil, false
	}
	// About one person per 100 bytes and four preferences each in the
	// files of the benchmark; a wrong guess only costs appends.
	people := make([]Applicant, 0, len(s.text)/100+1)
	preferences := make([]string, 0, len(s.text)/25+1)
	type span struct{ start, end int }
	spans := make([]span, 0, cap(people))
	for first := true; !s.consume(']'); first = false {
		if !first && !s.consume(',') {
			return nil, false
		}
		var a Applicant
		var seen [4]bool
		if !s.consume('{') {
			return nil, false
		}
		start := len(preferences)
		for firstKey := true; !s.consume('}'); firstKey = false {
			if !firstKey && !s.consume(',') {
				return nil, false
			}
			key, ok := s.str()
			if !ok || !s.consume(':') {
				return nil, false
			}
			var field *string
			switch key {
			case "id":
				field, ok = &a.ID, !seen[0]
				seen[0] = true
			case "municipality":
				field, ok = &a.Municipality, !seen[1]
				seen[1] = true
			case "department":
				field, ok = &a.Department, !seen[2]
				seen[2] = true
			case "preferences":
				ok = !seen[3]
				seen[3] = true
			default:
				ok = false
			}
			if !ok {
				return nil, false
			}
			if field != nil {
				if *field, ok = s.str(); !ok {
					return nil, false
				}
				continue
			}
			if preferences, ok = s.preferenceList(preferences); !ok {
				return nil, false
			}
		}
		if !seen[0] || !seen[1] || !seen[2] {
			return nil, false
		}
		people = append(people, a)
		spans = append(spans, span{start, len(preferences)})
	}
	// The lists are cut only now that the shared array has stopped
	// growing; full slice expressions keep an append to one list from
	// overwriting the next.
	for i, sp := range spans {
		people[i].Preferences = preferences[sp.start:sp.end:sp.end]
	}
	return people, true
}

// preferenceList appends a person's preferences (a list of strings, or
// null for none) to list.
func (s *problemScanner) preferenceList(list []string) ([]string, bool) {
	if s.skipSpace()+4 <= len(s.text) && s.text[s.pos:s.pos+4] == "null" {
		s.pos += 4
		return list, s.pos == len(s.text) || isJSONDelimiter(s.text[s.pos])
	}
	if !s.consume('[') {
		return list, false
	}
	for first := true; !s.consume(']'); first = false {
		if !first && !s.consume(',') {
			return list, false
		}
		id, ok := s.str()
		if !ok {
			return list, false
		}
		list = append(list, id)
	}
	return list, true
}
