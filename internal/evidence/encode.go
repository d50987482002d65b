package evidence

import (
	"encoding/json"
	"strconv"
	"time"
	"unicode/utf8"
)

// The feed's hot path writes JSON by hand: a refresh encodes and hashes a
// million attendance records, and encoding/json's reflection, and its
// re-compacting of the already compact data, cost more than the database.
// Every function here writes exactly the bytes json.Marshal writes for the
// same value — the records' content hashes and the stored bodies must not
// change — and encode_test.go holds each one against json.Marshal.

// appendString writes s as encoding/json does with its default HTML
// escaping. Text that needs an escape (quotes, control characters, <, >, &,
// U+2028/U+2029, invalid UTF-8) is rare, so it goes to json.Marshal, which
// is the definition; the rest is copied.
func appendString(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
				return appendMarshalled(dst, s)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
			return appendMarshalled(dst, s)
		}
		i += size
	}
	dst = append(dst, '"')
	dst = append(dst, s...)
	return append(dst, '"')
}

func appendMarshalled(dst []byte, s string) []byte {
	b, _ := json.Marshal(s) // a string always marshals
	return append(dst, b...)
}

// appendTime writes t as time.Time's MarshalJSON does. A year outside
// 0–9999 is an error there; it goes to json.Marshal to get the same error.
func appendTime(dst []byte, t time.Time) ([]byte, error) {
	if y := t.Year(); y < 0 || y > 9999 {
		b, err := json.Marshal(t)
		return append(dst, b...), err
	}
	dst = append(dst, '"')
	dst = t.AppendFormat(dst, time.RFC3339Nano)
	return append(dst, '"'), nil
}

func appendBool(dst []byte, b bool) []byte { return strconv.AppendBool(dst, b) }

func appendStrings(dst []byte, list []string) []byte {
	if list == nil {
		return append(dst, "null"...)
	}
	dst = append(dst, '[')
	for i, s := range list {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendString(dst, s)
	}
	return append(dst, ']')
}

func appendMappings(dst []byte, mappings []Mapping) []byte {
	if mappings == nil {
		return append(dst, "null"...)
	}
	dst = append(dst, '[')
	for i, m := range mappings {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"framework":`...)
		dst = appendString(dst, m.Framework)
		dst = append(dst, `,"control":`...)
		dst = appendString(dst, m.Control)
		dst = append(dst, `,"title":`...)
		dst = appendString(dst, m.Title)
		dst = append(dst, '}')
	}
	return append(dst, ']')
}

// appendRaw writes data as json.Marshal writes a json.RawMessage: compacted
// and HTML-escaped. Data made by this package (json.Marshal or
// AppendJSON) is that already, so it is copied; anything else is
// compacted by json.Marshal.
func appendRaw(dst []byte, data json.RawMessage) ([]byte, error) {
	if data == nil {
		return append(dst, "null"...), nil
	}
	if compactASCII(data) {
		return append(dst, data...), nil
	}
	b, err := json.Marshal(data)
	return append(dst, b...), err
}

// compactASCII tells whether data certainly needs no compacting or escaping:
// no white space outside strings and nothing that encoding/json would
// escape. Non-ASCII text inside strings is fine unless it is U+2028/U+2029
// or invalid UTF-8; such data takes the slow path.
func compactASCII(data []byte) bool {
	inString := false
	for i := 0; i < len(data); {
		c := data[i]
		switch {
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
				return false
			}
			i += size
			continue
		case c == '<' || c == '>' || c == '&' || c < 0x20:
			return false
		case c == ' ':
			if !inString {
				return false
			}
		case c == '\\':
			if inString {
				i += 2 // the escaped character, whatever it is
				continue
			}
			return false
		case c == '"':
			inString = !inString
		}
		i++
	}
	return !inString && len(data) > 0
}

// AppendJSON appends the record exactly as json.Marshal(r) writes it.
func (r Record) AppendJSON(dst []byte) ([]byte, error) {
	var err error
	dst = append(dst, `{"record_id":`...)
	dst = appendString(dst, r.RecordID)
	dst = append(dst, `,"kind":`...)
	dst = appendString(dst, string(r.Kind))
	dst = append(dst, `,"tenant":`...)
	dst = appendString(dst, r.Tenant)
	dst = append(dst, `,"revision":`...)
	dst = strconv.AppendInt(dst, r.Revision, 10)
	dst = append(dst, `,"occurred_at":`...)
	if dst, err = appendTime(dst, r.OccurredAt); err != nil {
		return dst, err
	}
	dst = append(dst, `,"updated_at":`...)
	if dst, err = appendTime(dst, r.UpdatedAt); err != nil {
		return dst, err
	}
	dst = append(dst, `,"deleted":`...)
	dst = appendBool(dst, r.Deleted)
	dst = append(dst, `,"content_hash":`...)
	dst = appendString(dst, r.ContentHash)
	dst = append(dst, `,"mappings":`...)
	dst = appendMappings(dst, r.Mappings)
	if len(r.Data) > 0 { // omitempty
		dst = append(dst, `,"data":`...)
		if dst, err = appendRaw(dst, r.Data); err != nil {
			return dst, err
		}
	}
	return append(dst, '}'), nil
}

// AppendJSON appends the attendance exactly as json.Marshal(a) writes it.
func (a Attendance) AppendJSON(dst []byte) []byte {
	dst = append(dst, `{"session":`...)
	dst = appendString(dst, a.Session)
	dst = append(dst, `,"topic":`...)
	dst = appendString(dst, a.Topic)
	dst = append(dst, `,"person":`...)
	dst = appendString(dst, a.Person)
	dst = append(dst, `,"pseudonymous":`...)
	dst = appendBool(dst, a.Pseudonymous)
	if a.Department != "" {
		dst = append(dst, `,"department":`...)
		dst = appendString(dst, a.Department)
	}
	dst = append(dst, `,"days_attended":`...)
	dst = appendStrings(dst, a.DaysAttended)
	dst = append(dst, `,"days_required":`...)
	dst = strconv.AppendInt(dst, int64(a.DaysRequired), 10)
	dst = append(dst, `,"complete":`...)
	dst = appendBool(dst, a.Complete)
	if a.CompletedOn != "" {
		dst = append(dst, `,"completed_on":`...)
		dst = appendString(dst, a.CompletedOn)
	}
	if a.ValidUntil != "" {
		dst = append(dst, `,"valid_until":`...)
		dst = appendString(dst, a.ValidUntil)
	}
	dst = append(dst, `,"online":`...)
	dst = appendBool(dst, a.Online)
	return append(dst, '}')
}
