package calendar

import (
	"bytes"
	"unicode/utf8"
)

// maxLine is the longest content line RFC 5545 §3.1 allows, in octets,
// without the CRLF.
const maxLine = 75

// fold breaks the CRLF-terminated lines go-ical writes into lines of at most
// maxLine octets; a continuation line starts with a space, which counts
// toward its length. Cuts fall between UTF-8 sequences, never inside one, so
// an umlaut is never split (readers that unfold per line would garble it).
func fold(b []byte) []byte {
	var out bytes.Buffer
	out.Grow(len(b) + len(b)/maxLine*3)
	for len(b) > 0 {
		line, rest, _ := bytes.Cut(b, []byte("\r\n"))
		b = rest
		limit := maxLine
		for len(line) > limit {
			cut := limit
			for !utf8.RuneStart(line[cut]) {
				cut--
			}
			out.Write(line[:cut])
			out.WriteString("\r\n ")
			line = line[cut:]
			limit = maxLine - 1
		}
		out.Write(line)
		out.WriteString("\r\n")
	}
	return out.Bytes()
}
