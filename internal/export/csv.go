package export

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/csvfile"
)

// csvSheet writes the cells of xlsx.Writer as text, the way a German
// spreadsheet reads them back: dates as 31.12.2026, instants as
// 31.12.2026 14:30 in legal time, decimals with a comma.
type csvSheet struct {
	csv *csvfile.Writer
	loc *time.Location
	row []string
}

func newCSVSheet(out io.Writer, loc *time.Location, header []string) (*csvSheet, error) {
	if _, err := io.WriteString(out, csvfile.UTF8BOM); err != nil {
		return nil, err
	}
	// ';' because the comma is the decimal separator in a German spreadsheet.
	s := &csvSheet{csv: csvfile.NewWriter(out, ';'), loc: loc}
	return s, s.csv.Write(header)
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
		return csvfile.Defuse(v), nil
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
	return s.csv.Flush()
}
