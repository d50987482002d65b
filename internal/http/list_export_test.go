package http_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// getWith fetches path with extra request headers given as name, value.
func (b *browser) getWith(path string, header ...string) response {
	req, _ := http.NewRequest(http.MethodGet, b.h.srv.URL+path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return b.do(req)
}

// readXLSX opens a downloaded spreadsheet and returns its rows as text and
// a function telling whether a cell is stored as text.
func readXLSX(t *testing.T, r response) ([][]string, *excelize.File) {
	t.Helper()
	if r.status != http.StatusOK || r.header.Get("Content-Type") != xlsxType {
		t.Fatalf("status %d, type %q: %.200s", r.status, r.header.Get("Content-Type"), r.body)
	}
	f, err := excelize.OpenReader(strings.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	return rows, f
}

// isText tells whether a cell is stored as a string, not a number.
func isText(t *testing.T, f *excelize.File, cell string) bool {
	t.Helper()
	typ, err := f.GetCellType(f.GetSheetName(0), cell)
	if err != nil {
		t.Fatal(err)
	}
	return typ == excelize.CellTypeInlineString || typ == excelize.CellTypeSharedString
}

// readCSV parses a downloaded CSV in the German spreadsheet flavour: a
// byte order mark, then semicolon-separated RFC 4180 rows.
func readCSV(t *testing.T, r response) [][]string {
	t.Helper()
	if r.status != http.StatusOK || r.header.Get("Content-Type") != "text/csv; charset=utf-8" {
		t.Fatalf("status %d, type %q", r.status, r.header.Get("Content-Type"))
	}
	body, ok := strings.CutPrefix(r.body, "\uFEFF")
	if !ok {
		t.Fatal("CSV without byte order mark")
	}
	if !strings.Contains(body, "\r\n") {
		t.Error("CSV rows do not end in CRLF")
	}
	cr := csv.NewReader(strings.NewReader(body))
	cr.Comma = ';'
	rows, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// exportTown prepares the first town's staff for the exports: a personnel
// number with a leading zero and a name a spreadsheet would run as a formula.
func exportTown(h *harness) (*storetest.Neighbours, *wachsam.User) {
	h.t.Helper()
	w := h.neighbours(storetest.NeighbourOptions{StaffPerDepartment: 2})
	odd := w.Staff[w.Municipalities[0].ID][0]
	odd.Name = `=HYPERLINK("http://böse.example","Klick")`
	if _, err := h.db.NewRaw("UPDATE users SET staff_number = ?, name = ? WHERE id = ?", "00042", odd.Name, odd.ID).Exec(context.Background()); err != nil {
		h.t.Fatal(err)
	}
	return w, odd
}

// noForeignNames fails when a row names anyone of the other towns.
func noForeignNames(t *testing.T, rows [][]string, w *storetest.Neighbours) {
	t.Helper()
	all := ""
	for _, row := range rows {
		all += strings.Join(row, "|") + "\n"
	}
	for _, m := range w.Municipalities[1:] {
		for _, p := range append(w.Staff[m.ID], w.Coordinators[m.ID]) {
			if strings.Contains(all, p.Email) {
				t.Errorf("export holds %s of %s", p.Email, m.Name)
			}
		}
	}
}

func TestStaffExportAsSpreadsheetKeepsKeysAsTextAndOnlyTheOwnTown(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w, odd := exportTown(h)
		town := w.Municipalities[0]
		b := coordinatorOf(h, w, 0)

		page := b.get("/koordination/beschaeftigte")
		if !strings.Contains(page.body, `href="/koordination/beschaeftigte/export?format=xlsx"`) {
			t.Error("the staff page has no download link")
		}
		r := b.get("/koordination/beschaeftigte/export?format=xlsx")
		if cd := r.header.Get("Content-Disposition"); !strings.Contains(cd, "beschaeftigte-"+town.AGS+"-2026-11-22.xlsx") {
			t.Errorf("Content-Disposition %q", cd)
		}
		rows, f := readXLSX(t, r)
		if strings.Join(rows[0], "|") != "Gemeindeschlüssel|Name|E-Mail|Abteilung|Personalnummer|Gesperrt" {
			t.Errorf("header %q", rows[0])
		}
		if len(rows) != 1+len(w.Staff[town.ID]) {
			t.Fatalf("%d rows, want header and %d people", len(rows), len(w.Staff[town.ID]))
		}
		found := false
		for i, row := range rows[1:] {
			cell, _ := excelize.CoordinatesToCellName(1, i+2)
			if row[0] != town.AGS || !isText(t, f, cell) || town.AGS[0] != '0' {
				t.Errorf("row %d: AGS %q is not the text %q", i+2, row[0], town.AGS)
			}
			if row[2] == odd.Email {
				found = true
				number, _ := excelize.CoordinatesToCellName(5, i+2)
				if row[4] != "00042" || !isText(t, f, number) {
					t.Errorf("personnel number %q lost its leading zero or is no text", row[4])
				}
				name, _ := excelize.CoordinatesToCellName(2, i+2)
				if formula, _ := f.GetCellFormula(f.GetSheetName(0), name); formula != "" || row[1] != odd.Name {
					t.Errorf("the name became %q / formula %q", row[1], formula)
				}
			}
		}
		if !found {
			t.Error("the prepared person is missing")
		}
		if panes, err := f.GetPanes(f.GetSheetName(0)); err != nil || !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("header row not frozen: %+v %v", panes, err)
		}
		if width, _ := f.GetColWidth(f.GetSheetName(0), "C"); width < 30 {
			t.Errorf("e-mail column %v characters wide", width)
		}
		noForeignNames(t, rows, w)
	})
}

func TestStaffExportAsCSVDefusesFormulasAndMatchesTheAPI(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w, odd := exportTown(h)
		town := w.Municipalities[0]
		b := coordinatorOf(h, w, 0)

		page := readCSV(t, b.get("/koordination/beschaeftigte/export?format=csv"))
		api := readCSV(t, b.getWith("/api/v1/staff", "Accept", "text/csv"))
		query := readCSV(t, b.get("/api/v1/staff?format=csv"))
		if len(page) != 1+len(w.Staff[town.ID]) || len(api) != len(page) || len(query) != len(page) {
			t.Fatalf("%d/%d/%d rows, want %d", len(page), len(api), len(query), 1+len(w.Staff[town.ID]))
		}
		for _, row := range page[1:] {
			if row[0] != town.AGS {
				t.Errorf("AGS %q", row[0])
			}
			if row[2] == odd.Email && (row[1] != "'"+odd.Name || row[4] != "00042" || row[5] != "nein") {
				t.Errorf("prepared person written as %q", row)
			}
		}
		noForeignNames(t, page, w)
		if _, f := readXLSX(t, b.getWith("/api/v1/staff", "Accept", xlsxType)); f == nil {
			t.Error("Accept of the XLSX type gives no spreadsheet")
		}
		// No format asked for: the API still answers JSON.
		if r := b.get("/api/v1/staff"); !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") {
			t.Errorf("plain GET answers %q", r.header.Get("Content-Type"))
		}
	})
}

func TestDueExportHasDatesAsDatesAndKeepsThePageFilter(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db) // 2026-11-22 in Berlin
		w := h.neighbours(storetest.NeighbourOptions{StaffPerDepartment: 1})
		town := w.Municipalities[0]
		trained := w.Staff[town.ID][0]
		h.completeTopic(trained, w, "2025-11-22")
		b := coordinatorOf(h, w, 0)

		if page := b.get("/koordination/faelligkeiten?status=bald-faellig"); !strings.Contains(page.body,
			`href="/koordination/faelligkeiten/export?format=xlsx&amp;status=bald-faellig"`) {
			t.Error("the due page's download link does not keep its filter")
		}
		rows, f := readXLSX(t, b.get("/koordination/faelligkeiten/export?format=xlsx&status=bald-faellig"))
		if len(rows) != 2 || rows[1][1] != trained.Email || rows[1][6] != "bald fällig" {
			t.Fatalf("filtered rows %q", rows)
		}
		sheet := f.GetSheetName(0)
		for cell, want := range map[string]string{"E2": "45983", "F2": "46348"} { // 22.11.2025, 22.11.2026 (01.12.2026 is 46357)
			raw, _ := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
			if raw != want || isText(t, f, cell) {
				t.Errorf("%s: raw %q, want the date serial %s", cell, raw, want)
			}
		}
		if shown, _ := f.GetCellValue(sheet, "F2"); shown != "22.11.2026" {
			t.Errorf("F2 shows %q", shown)
		}

		all := readCSV(t, b.get("/api/v1/due?format=csv"))
		var js struct{ Rows []json.RawMessage }
		json.Unmarshal([]byte(b.get("/api/v1/due").body), &js)
		if len(all) != 1+len(js.Rows) || len(js.Rows) != len(w.Staff[town.ID]) {
			t.Errorf("CSV has %d rows, JSON %d", len(all)-1, len(js.Rows))
		}
		for _, row := range all[1:] {
			if row[1] == trained.Email && (row[4] != "22.11.2025" || row[5] != "22.11.2026") {
				t.Errorf("CSV dates %q", row)
			}
		}
		noForeignNames(t, all, w)
		if over := readCSV(t, b.get("/api/v1/due?format=csv&status=overdue")); len(over) != len(all)-1 {
			t.Errorf("overdue filter: %d rows of %d", len(over)-1, len(all)-1)
		}
	})
}

func TestListExportRefusesBadParameters(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{StaffPerDepartment: 1})
		b := coordinatorOf(h, w, 0)
		for _, path := range []string{"/api/v1/staff?format=pdf", "/api/v1/due?format=", "/api/v1/due?format=csv&status=bald", "/api/v1/staff?format=xlsx&format=csv"} {
			r := b.get(path)
			var p struct {
				Status int
				Detail string
			}
			if r.status != http.StatusBadRequest && r.status != http.StatusUnprocessableEntity ||
				r.header.Get("Content-Type") != "application/problem+json" || json.Unmarshal([]byte(r.body), &p) != nil || p.Detail == "" {
				t.Errorf("%s: status %d, %q: %s", path, r.status, r.header.Get("Content-Type"), r.body)
			}
			if r.header.Get("Content-Disposition") != "" {
				t.Errorf("%s: refused but still a download", path)
			}
		}
		for _, path := range []string{"/koordination/beschaeftigte/export", "/koordination/faelligkeiten/export?format=ods"} {
			if r := b.get(path); r.status < 400 || !strings.Contains(r.body, "xlsx") || bytes.HasPrefix([]byte(r.body), []byte("PK")) {
				t.Errorf("%s: status %d", path, r.status)
			}
		}
		staff := h.signedIn(w.Staff[w.Municipalities[0].ID][0])
		if r := staff.get("/api/v1/staff?format=xlsx"); r.status != http.StatusForbidden && r.status != http.StatusUnauthorized {
			t.Errorf("a staff member exports the staff list: status %d", r.status)
		}
	})
}
