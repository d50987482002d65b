// Package export writes a list people take away — staff, the due list,
// participants — as an XLSX spreadsheet or a CSV file. Each list defines
// its columns once (a German header, a width, how a row gives the cell);
// the format is chosen when the list is written, and rows are handed over
// one at a time, so a list read from the database row by row leaves in
// flat memory however long it is.
package export

import (
	"fmt"
	"io"
	"time"

	"github.com/wachsam/wachsam/internal/xlsx"
)

// Format is how a list leaves.
type Format string

const (
	// XLSX is a spreadsheet with typed cells (internal/xlsx): keys such
	// as an AGS stay text, dates are dates in legal time.
	XLSX Format = "xlsx"
	// CSV is RFC 4180 in the project's flavour for German spreadsheets:
	// UTF-8 with a byte order mark, semicolons, CRLF, formulas defused.
	CSV Format = "csv"
)

// ParseFormat reads a format's name as it appears in ?format=.
func ParseFormat(name string) (Format, bool) {
	switch f := Format(name); f {
	case XLSX, CSV:
		return f, true
	}
	return "", false
}

// ContentType is the media type of a file in f.
func (f Format) ContentType() string {
	if f == XLSX {
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return "text/csv; charset=utf-8"
}

// Column is one column of a list of T: its header, its width in
// characters and the cell a row gives. Value returns one of the cell
// types of xlsx.Writer (string, int, int64, float64, bool, wachsam.Date,
// time.Time or nil).
type Column[T any] struct {
	Header string
	Width  float64
	Value  func(T) any
}

// List is a list's columns and the stem of its file name.
type List[T any] struct {
	Name    string
	Columns []Column[T]
}

// Rows hands each row of a list to yield, in order, and stops at the
// first error yield returns.
type Rows[T any] func(yield func(T) error) error

// sheet is what both formats do with a row of cells.
type sheet interface {
	Row(values ...any) error
	Close() error
}

// Write writes the rows as f to out, instants shown in loc, and returns
// how many rows there were.
func (l List[T]) Write(out io.Writer, f Format, loc *time.Location, rows Rows[T]) (int, error) {
	s, err := l.open(out, f, loc)
	if err != nil {
		return 0, err
	}
	n := 0
	cells := make([]any, len(l.Columns))
	err = rows(func(row T) error {
		for i, c := range l.Columns {
			cells[i] = c.Value(row)
		}
		n++
		return s.Row(cells...)
	})
	if err != nil {
		s.Close()
		return n, err
	}
	return n, s.Close()
}

func (l List[T]) open(out io.Writer, f Format, loc *time.Location) (sheet, error) {
	switch f {
	case XLSX:
		columns := make([]xlsx.Column, len(l.Columns))
		for i, c := range l.Columns {
			columns[i] = xlsx.Column{Header: c.Header, Width: c.Width}
		}
		return xlsx.NewColumns(out, loc, columns)
	case CSV:
		header := make([]string, len(l.Columns))
		for i, c := range l.Columns {
			header[i] = c.Header
		}
		return newCSVSheet(out, loc, header)
	}
	return nil, fmt.Errorf("export: unknown format %q", f)
}

// FileName is the list's file name in f, stamped with the day it shows:
// beschaeftigte-2026-12-07.xlsx.
func (l List[T]) FileName(f Format, day string) string {
	return fmt.Sprintf("%s-%s.%s", l.Name, day, f)
}
