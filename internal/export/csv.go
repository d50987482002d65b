package export

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/wachsam/wachsam"
)

// utf8BOM tells a spreadsheet that the file is UTF-8; without it, umlauts
// turn into mojibake in a German Excel.
const utf8BOM = "\uFEFF"

// csvSheet writes the cells of xlsx.Writer as text, the way a German
// spreadsheet reads them back: dates as 31.12.2026, instants as
// 31.12.2026 14:30 in legal time, decimals with a comma.
type csvSheet struct {
	buf *bufio.Writer
	csv *csv.Writer
	loc *time.Location
	row []string
}

func newCSVSheet(out io.Writer, loc *time.Location, header []string) (*csvSheet, error) {
	buf := bufio.NewWriterSize(out, 64<<10)
	if _, err := buf.WriteString(utf8BOM); err != nil {
		return nil, err
	}
	w := csv.NewWriter(buf)
	w.Comma = ';' // the comma is the decimal separator in a German spreadsheet
	w.UseCRLF = true
	s := &csvSheet{buf: buf, csv: w, loc: loc}
	return s, w.Write(header)
}

func (s *csvSheet) Row(values ...any) error {
	s.row = s.row[:0]
	for i, v := range values {
		text, err := s.text(v)
		if err != nil {
			return fmt.Errorf("export: column %d: %w", i+1, err)
		}
		s.row = append(s.row, text)
	}
	return s.csv.Write(s.row)
}

func (s *csvSheet) text(v any) (string, error) {
	switch v := v.(type) {
	case nil:
		return "", nil
	case string:
		return defuse(v), nil
	case int:
		return strconv.Itoa(v), nil
	case int64:
		return strconv.FormatInt(v, 10), nil
	case float64:
		return strings.Replace(strconv.FormatFloat(v, 'f', -1, 64), ".", ",", 1), nil
	case bool:
		if v {
			return "ja", nil
		}
		return "nein", nil
	case wachsam.Date:
		if v.IsZero() {
			return "", nil
		}
		return v.In(s.loc).Format("02.01.2006"), nil
	case time.Time:
		if v.IsZero() {
			return "", nil
		}
		return v.In(s.loc).Format("02.01.2006 15:04"), nil
	}
	return "", fmt.Errorf("no cell type for %T", v)
}

func (s *csvSheet) Close() error {
	s.csv.Flush()
	if err := s.csv.Error(); err != nil {
		return err
	}
	return s.buf.Flush()
}

// defuse keeps a spreadsheet from taking a text for a formula (CSV
// injection): a name typed as "=HYPERLINK(…)" would otherwise run when
// the file is opened. The apostrophe is what the spreadsheet itself puts
// before text that looks like a formula; tab and carriage return lead the
// list because some spreadsheets skip them (OWASP on CSV injection).
func defuse(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}
