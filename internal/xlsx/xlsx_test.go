package xlsx_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/xlsx"
)

// Typed cells reach a spreadsheet as what they are: an AGS stays the text
// 08425101 (a German spreadsheet would otherwise read the number 8425101),
// a text starting with "=" stays text, a number is a number, a date a date
// and an instant its legal time (14:30 UTC in winter is 15:30 Berlin).
func TestTypedCellsStayWhatTheyAre(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w, err := xlsx.New(&buf, berlin, []string{"Gemeindeschlüssel", "Anmerkung", "Gebucht", "Tag", "Beginn", "Online", "leer"})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Row("08425101", "=HYPERLINK(\"x\")\nZweite Zeile", 7, wachsam.MustDate("2026-12-01"),
		time.Date(2026, 12, 1, 14, 30, 0, 0, time.UTC), true, nil); err != nil {
		t.Fatal(err)
	}
	if err := w.Row(struct{}{}); err == nil {
		t.Fatal("a value of no cell type was accepted")
	}
	if w.Rows() != 1 {
		t.Fatalf("%d rows", w.Rows())
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}

	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetName(0)
	read := func(cell string) (string, excelize.CellType) {
		t.Helper()
		v, err := f.GetCellValue(sheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		typ, err := f.GetCellType(sheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		return v, typ
	}
	for _, tt := range []struct {
		cell, want string
		text       bool
	}{
		{"A1", "Gemeindeschlüssel", true},
		{"A2", "08425101", true},
		{"B2", "=HYPERLINK(\"x\")\nZweite Zeile", true},
		{"C2", "7", false},
		{"D2", "01.12.2026", false},
		{"E2", "01.12.2026 15:30", false},
		{"F2", "ja", true},
		{"G2", "", false},
	} {
		v, typ := read(tt.cell)
		isText := typ == excelize.CellTypeInlineString || typ == excelize.CellTypeSharedString
		if v != tt.want || isText != tt.text {
			t.Errorf("%s: %q (type %v), want %q (text %v)", tt.cell, v, typ, tt.want, tt.text)
		}
	}
	if formula, _ := f.GetCellFormula(sheet, "B2"); formula != "" {
		t.Errorf("B2 became the formula %q", formula)
	}
	raw, err := f.GetCellValue(sheet, "D2", excelize.Options{RawCellValue: true})
	if err != nil || raw != "46357" {
		t.Errorf("D2 raw %q, want the date serial 46357", raw)
	}
}
