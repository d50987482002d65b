// Package csvfile writes CSV files: RFC 4180 rows, every value byte for
// byte, and the flavour German spreadsheets read (a byte-order mark, ';'
// between fields, formulas defused). The evidence export and the list
// downloads share it, so a file reads the same wherever it comes from.
package csvfile

import (
	"bufio"
	"io"
	"strings"
)

// UTF8BOM tells a spreadsheet that the file is UTF-8; without it, umlauts
// turn into mojibake in a German Excel.
const UTF8BOM = "\uFEFF"

// Writer writes RFC 4180 rows: fields separated by comma (or ';'), CRLF
// after each row, a field quoted when it holds the separator, a quote, a
// line break or leading space. Unlike encoding/csv, whose UseCRLF turns a
// "\n" inside a field into "\r\n" and drops a lone "\r", it writes every
// value byte for byte: a line break typed into a note stays the line
// break it was.
type Writer struct {
	w     *bufio.Writer
	comma byte
	err   error
}

// NewWriter writes rows to w, separated by comma.
func NewWriter(w io.Writer, comma byte) *Writer {
	return &Writer{w: bufio.NewWriterSize(w, 64<<10), comma: comma}
}

// Write adds one row.
func (r *Writer) Write(cells []string) error {
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

func (r *Writer) needsQuotes(v string) bool {
	return v != "" && (strings.ContainsAny(v, "\"\r\n"+string(r.comma)) || v[0] == ' ' || v[0] == '\t')
}

// Flush writes what is buffered and reports the first error of the file.
func (r *Writer) Flush() error {
	if err := r.w.Flush(); r.err == nil {
		r.err = err
	}
	return r.err
}

// Defuse keeps a spreadsheet from taking a text for a formula (CSV
// injection): a name or place typed as "=HYPERLINK(…)" would otherwise run
// when the file is opened. The apostrophe is what the spreadsheet itself
// puts before text that looks like a formula. Tab and carriage return lead
// the list too: some spreadsheets skip them and read the formula behind
// (OWASP's advice on CSV injection).
func Defuse(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}
