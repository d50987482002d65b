package exam

import (
	"bytes"
	"unicode/utf8"

	"github.com/wachsam/wachsam"
)

// utf8BOM is the byte-order mark some Windows editors write at the start of
// a UTF-8 file. It says nothing about the content, so it is skipped.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// checkText refuses text that encoding/json would silently repair: bytes
// that are not UTF-8 and \u escapes of lone UTF-16 surrogates both become
// U+FFFD there, so a name would change without anyone noticing. It expects
// syntactically valid JSON.
func checkText(data []byte) error {
	if !utf8.Valid(data) {
		off := 0
		for off < len(data) {
			r, n := utf8.DecodeRune(data[off:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			off += n
		}
		return invalid("(Datei)", "ist kein gültiges UTF-8 (ungültiges Byte an Stelle %d)", off)
	}
	inString := false
	for i := 0; i < len(data); i++ {
		switch c := data[i]; {
		case c == '"':
			inString = !inString
		case c == '\\' && inString:
			if data[i+1] != 'u' {
				i++ // an escaped character, possibly '"' or '\\'
				continue
			}
			r := hex4(data[i+2 : i+6])
			i += 5
			switch {
			case r >= 0xDC00 && r <= 0xDFFF:
				return invalid("(Datei)", "enthält ein einzelnes UTF-16-Ersatzzeichen (\\u%04x) an Stelle %d", r, i-5)
			case r >= 0xD800 && r <= 0xDBFF:
				if i+6 >= len(data) || data[i+1] != '\\' || data[i+2] != 'u' {
					return invalid("(Datei)", "enthält ein einzelnes UTF-16-Ersatzzeichen (\\u%04x) an Stelle %d", r, i-5)
				}
				if lo := hex4(data[i+3 : i+7]); lo < 0xDC00 || lo > 0xDFFF {
					return invalid("(Datei)", "enthält ein einzelnes UTF-16-Ersatzzeichen (\\u%04x) an Stelle %d", r, i-5)
				}
				i += 6
			}
		}
	}
	return nil
}

// hex4 reads four hex digits; valid JSON guarantees them after \u.
func hex4(b []byte) rune {
	var r rune
	for _, c := range b {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c-'a') + 10
		default:
			r |= rune(c-'A') + 10
		}
	}
	return r
}

func trimBOM(data []byte) []byte { return bytes.TrimPrefix(data, utf8BOM) }

// lastDay is the last date any period can reach: the output writes every
// deadline's end as an instant at 24:00, which must still lie in year 9999
// for RFC 3339.
var lastDay = wachsam.NewDate(9999, 12, 30)

// checkDateRange refuses a file whose latest date starts a period of reg
// that would end after 9999 (the output cannot write it), naming the first
// field that holds that date. Only the latest date matters: periods are
// monotone in their start. Year 0000 is refused when a date is read.
func (f File) checkDateRange(reg Regulation) error {
	var latest wachsam.Date
	var path string
	note := func(p string, d wachsam.Date) {
		if d.After(latest) {
			latest, path = d, p
		}
	}
	for i, day := range f.Seminar.Days {
		note(join(index("seminar.days", i), "date"), day.Date)
	}
	for i, fact := range f.Facts {
		p := index("facts", i)
		note(join(p, "date"), fact.Date)
		note(join(p, "exam_date"), fact.ExamDate)
		note(join(p, "until"), fact.Until)
	}
	for _, k := range DeadlineKinds() {
		if k != ExamNotice && reg.Deadline(k, latest).After(lastDay) {
			return invalid(path, "%s liegt zu spät: die Frist %s ab diesem Tag endete nach dem Jahr 9999", latest, k.Paragraph())
		}
	}
	return nil
}
