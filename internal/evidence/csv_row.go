package evidence

import (
	"bufio"
	"io"
	"strings"
)

// rowWriter writes RFC 4180 rows: fields separated by comma (or ';'),
// CRLF after each row, a field quoted when it holds the separator, a
// quote, a line break or leading space. Unlike encoding/csv, whose
// UseCRLF turns a "\n" inside a field into "\r\n" and drops a lone "\r",
// it writes every value byte for byte as the feed has it: a line break
// typed into a note stays the line break it was.
type rowWriter struct {
	w     *bufio.Writer
	comma byte
	err   error
}

func newRowWriter(w io.Writer, comma byte) *rowWriter {
	return &rowWriter{w: bufio.NewWriter(w), comma: comma}
}

func (r *rowWriter) Write(cells []string) error {
	if r.err != nil {
		return r.err
	}
	for i, v := range cells {
		if i > 0 {
			r.w.WriteByte(r.comma)
		}
		if !r.needsQuotes(v) {
			r.w.WriteString(v)
			continue
		}
		r.w.WriteByte('"')
		r.w.WriteString(strings.ReplaceAll(v, `"`, `""`))
		r.w.WriteByte('"')
	}
	_, r.err = r.w.WriteString("\r\n")
	return r.err
}

func (r *rowWriter) needsQuotes(v string) bool {
	return v != "" && (strings.ContainsAny(v, "\"\r\n"+string(r.comma)) || v[0] == ' ' || v[0] == '\t')
}

// Flush writes what is buffered and reports the first error of the file.
func (r *rowWriter) Flush() error {
	if err := r.w.Flush(); r.err == nil {
		r.err = err
	}
	return r.err
}
