package export_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/export"
)

type person struct {
	Key    string
	Note   string
	Count  int
	Share  float64
	Day    wachsam.Date
	At     time.Time
	Active bool
}

var people = export.List[person]{Name: "liste", Columns: []export.Column[person]{
	{Header: "Schlüssel", Width: 12, Value: func(p person) any { return p.Key }},
	{Header: "Notiz", Value: func(p person) any { return p.Note }},
	{Header: "Anzahl", Value: func(p person) any { return p.Count }},
	{Header: "Anteil", Value: func(p person) any { return p.Share }},
	{Header: "Tag", Value: func(p person) any { return p.Day }},
	{Header: "Zeit", Value: func(p person) any { return p.At }},
	{Header: "Aktiv", Value: func(p person) any { return p.Active }},
}}

func berlin(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func rowsOf(ps ...person) export.Rows[person] {
	return func(yield func(person) error) error {
		for _, p := range ps {
			if err := yield(p); err != nil {
				return err
			}
		}
		return nil
	}
}

// The CSV for German spreadsheets: BOM, semicolons, CRLF, dates and
// decimals written the German way, and every text that a spreadsheet
// would run as a formula (= + - @, tab, CR first) defused with an
// apostrophe — numbers are never touched.
func TestCSVIsWrittenForGermanSpreadsheetsAndDefusesFormulas(t *testing.T) {
	var buf bytes.Buffer
	at := time.Date(2026, 7, 1, 12, 5, 0, 0, time.UTC) // 14:05 in Berlin, summer time
	n, err := people.Write(&buf, export.CSV, berlin(t), rowsOf(
		person{Key: "08425001", Note: "=1+1", Count: -3, Share: 1234.5, Day: wachsam.MustDate("2026-12-31"), At: at, Active: true},
		person{Key: "+49 711", Note: "@SUM(A1)"},
		person{Key: "-5", Note: "\tx;y\"z\nzwei"},
	))
	if err != nil || n != 3 {
		t.Fatalf("%d rows, %v", n, err)
	}
	body, ok := strings.CutPrefix(buf.String(), "\uFEFF")
	if !ok || !strings.HasSuffix(body, "\r\n") {
		t.Fatalf("no BOM or no CRLF: %q", buf.String())
	}
	r := csv.NewReader(strings.NewReader(body))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"Schlüssel", "Notiz", "Anzahl", "Anteil", "Tag", "Zeit", "Aktiv"},
		{"08425001", "'=1+1", "-3", "1234,5", "31.12.2026", "01.07.2026 14:05", "ja"},
		{"'+49 711", "'@SUM(A1)", "0", "0", "", "", "nein"},
		{"'-5", "'\tx;y\"z\nzwei", "0", "0", "", "", "nein"},
	}
	for i := range want {
		if strings.Join(rows[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d: %q, want %q", i+1, rows[i], want[i])
		}
	}
}

// The XLSX of the same list: column widths as defined, the header row
// frozen, cells typed.
func TestXLSXHasWidthsFrozenHeaderAndTypedCells(t *testing.T) {
	var buf bytes.Buffer
	if _, err := people.Write(&buf, export.XLSX, berlin(t), rowsOf(person{Key: "08425001", Note: "=1+1", Count: 7, Share: 2.5})); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetName(0)
	if w, _ := f.GetColWidth(sheet, "A"); w != 12 {
		t.Errorf("width of A: %v", w)
	}
	if p, _ := f.GetPanes(sheet); !p.Freeze || p.YSplit != 1 {
		t.Errorf("panes %+v", p)
	}
	for cell, text := range map[string]bool{"A2": true, "B2": true, "C2": false, "D2": false} {
		typ, _ := f.GetCellType(sheet, cell)
		if isText := typ == excelize.CellTypeInlineString || typ == excelize.CellTypeSharedString; isText != text {
			t.Errorf("%s: type %v", cell, typ)
		}
	}
}

// A row that gives a value of no cell type fails the write, and so does
// an unknown format; nothing passes as text by accident.
func TestWriteRefusesUnknownCellsAndFormats(t *testing.T) {
	bad := export.List[int]{Name: "x", Columns: []export.Column[int]{{Header: "x", Value: func(int) any { return struct{}{} }}}}
	for _, f := range []export.Format{export.CSV, export.XLSX, "ods"} {
		if _, err := bad.Write(&bytes.Buffer{}, f, time.UTC, func(yield func(int) error) error { return yield(1) }); err == nil {
			t.Errorf("%s: no error", f)
		}
	}
	if _, ok := export.ParseFormat("XLSX"); ok {
		t.Error("format names are lower case, as documented")
	}
}
