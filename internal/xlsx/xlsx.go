// Package xlsx writes spreadsheets people open (DESIGN.md §8): one sheet,
// a bold German header, then rows of typed cells, streamed so a long list
// costs no more memory than a short one. A text stays text — an AGS such
// as 08425101 keeps its leading zero, and a value starting with "=" is a
// text, never a formula —, a date is a date in legal time, a number a
// number. CSV stays the format for programs; this is the one for people.
package xlsx

import (
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/wachsam/wachsam"
)

// Writer streams one sheet. Cells are given as Go values of these types:
//
//	string        text, exactly as given
//	int, int64    a number
//	float64       a number
//	bool          the text "ja" or "nein"
//	wachsam.Date  a calendar date, shown 31.12.2026
//	time.Time     an instant, shown in legal time as 31.12.2026 14:30
//	nil           an empty cell
//
// Anything else is refused, so a value never turns into text by accident.
type Writer struct {
	out    io.Writer
	file   *excelize.File
	stream *excelize.StreamWriter
	loc    *time.Location
	row    int
	date   int // style ids
	moment int
}

// sheetName is the one sheet's name; spreadsheets show it on the tab.
const sheetName = "Daten"

// Column is one column's header and its width in characters (0: the
// spreadsheet's default).
type Column struct {
	Header string
	Width  float64
}

// New starts a spreadsheet that Close writes to out, with header as its
// first row and instants shown in loc.
func New(out io.Writer, loc *time.Location, header []string) (*Writer, error) {
	columns := make([]Column, len(header))
	for i, h := range header {
		columns[i] = Column{Header: h}
	}
	return NewColumns(out, loc, columns)
}

// NewColumns is New with a width for each column, so a list opens
// readable without the reader dragging column borders first.
func NewColumns(out io.Writer, loc *time.Location, columns []Column) (*Writer, error) {
	f := excelize.NewFile()
	w := &Writer{out: out, file: f, loc: loc}
	if err := w.start(columns); err != nil {
		f.Close()
		return nil, err
	}
	return w, nil
}

func (w *Writer) start(columns []Column) error {
	if err := w.file.SetSheetName("Sheet1", sheetName); err != nil {
		return err
	}
	dateFmt, momentFmt := "DD.MM.YYYY", "DD.MM.YYYY HH:MM"
	var err error
	if w.date, err = w.file.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt}); err != nil {
		return err
	}
	if w.moment, err = w.file.NewStyle(&excelize.Style{CustomNumFmt: &momentFmt}); err != nil {
		return err
	}
	bold, err := w.file.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	if w.stream, err = w.file.NewStreamWriter(sheetName); err != nil {
		return err
	}
	// Widths must precede the first row: the stream writes them first.
	for i, c := range columns {
		if c.Width > 0 {
			if err := w.stream.SetColWidth(i+1, i+1, c.Width); err != nil {
				return err
			}
		}
	}
	// Keep the header in view while scrolling a long list.
	if err := w.stream.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	cells := make([]any, len(columns))
	for i, c := range columns {
		cells[i] = excelize.Cell{StyleID: bold, Value: c.Header}
	}
	return w.add(cells)
}

// Row adds one row of typed cells.
func (w *Writer) Row(values ...any) error {
	cells := make([]any, len(values))
	for i, v := range values {
		c, err := w.cell(v)
		if err != nil {
			return fmt.Errorf("xlsx: row %d, column %d: %w", w.row+1, i+1, err)
		}
		cells[i] = c
	}
	return w.add(cells)
}

func (w *Writer) cell(v any) (any, error) {
	switch v := v.(type) {
	case nil, string, int, int64, float64:
		return v, nil
	case bool:
		if v {
			return "ja", nil
		}
		return "nein", nil
	case wachsam.Date:
		if v.IsZero() {
			return nil, nil
		}
		return excelize.Cell{StyleID: w.date, Value: wallClock(v.In(w.loc))}, nil
	case time.Time:
		if v.IsZero() {
			return nil, nil
		}
		return excelize.Cell{StyleID: w.moment, Value: wallClock(v.In(w.loc))}, nil
	}
	return nil, fmt.Errorf("no cell type for %T", v)
}

// wallClock is t's reading on a clock in its own zone, as a UTC value:
// a spreadsheet's dates have no zone, and people read legal time.
func wallClock(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
}

func (w *Writer) add(cells []any) error {
	w.row++
	name, err := excelize.CoordinatesToCellName(1, w.row)
	if err != nil {
		return err
	}
	return w.stream.SetRow(name, cells)
}

// Rows is how many rows were added after the header.
func (w *Writer) Rows() int { return w.row - 1 }

// Close finishes the sheet and writes the file.
func (w *Writer) Close() error {
	defer w.file.Close()
	if err := w.stream.Flush(); err != nil {
		return err
	}
	_, err := w.file.WriteTo(w.out)
	return err
}
