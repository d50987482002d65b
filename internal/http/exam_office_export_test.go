package http_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// TestCertificateExportTypesItsCells: the certificates issued (§10) leave
// with the candidate number as text, the day of issue as a date and the
// overall grade (§5(5)) as a number; the CSV writes the grade "1,7".
func TestCertificateExportTypesItsCells(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		a := certificateWorld(h)
		c := certIssue(h, a, 0)
		office := h.signedIn(a.Office)
		if page := office.get("/pruefungsamt/zeugnisse"); !strings.Contains(page.body, `href="/pruefungsamt/zeugnisse/export?format=xlsx"`) {
			t.Error("the certificate page has no download link")
		}
		rows, f := readXLSX(t, office.get("/pruefungsamt/zeugnisse/export?format=xlsx"))
		if len(rows) != 2 || rows[1][0] != c.Code || rows[1][1] != c.CandidateNumber || rows[1][2] != a.Users[0].Name {
			t.Fatalf("rows %q", rows)
		}
		sheet := f.GetSheetName(0)
		if !isText(t, f, "B2") {
			t.Error("the candidate number is no text")
		}
		if raw, _ := f.GetCellValue(sheet, "G2", excelize.Options{RawCellValue: true}); raw != "46348" || isText(t, f, "G2") {
			t.Errorf("issued on: raw %q, want the date serial of 22.11.2026", raw)
		}
		if raw, _ := f.GetCellValue(sheet, "H2", excelize.Options{RawCellValue: true}); raw != "1.7" || isText(t, f, "H2") {
			t.Errorf("overall grade: raw %q, want the number 1.7", raw)
		}
		csvRows := readCSV(t, office.get("/api/v1/exam-office/certificates?format=csv"))
		if len(csvRows) != 2 || csvRows[1][6] != "22.11.2026" || csvRows[1][7] != "1,7" || csvRows[1][9] != "" {
			t.Errorf("CSV %q", csvRows)
		}
		candidate := h.signedIn(a.Users[0])
		for _, path := range []string{"/api/v1/exam-office/certificates?format=csv", "/pruefungsamt/zeugnisse/export?format=xlsx"} {
			if r := candidate.get(path); r.status != http.StatusForbidden || strings.Contains(r.body, c.Code) {
				t.Errorf("a candidate downloads %s: status %d", path, r.status)
			}
		}
	})
}

// TestPara2_1_RosterExportShowsEachDayAndAdmission: the attendance list
// (§2(1)) leaves with a column per seminar day, the online day marked as
// needing the camera, "anwesend" where recorded, and the admission.
func TestPara2_1_RosterExportShowsEachDayAndAdmission(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		a := certificateWorld(h)
		office := h.signedIn(a.Office)
		page := fmt.Sprintf("/pruefungsamt/seminare/%d/anwesenheit", a.Seminar.ID)
		if r := office.get(page); !strings.Contains(r.body, `href="`+page+`/export?format=xlsx"`) {
			t.Error("the attendance page has no download link")
		}
		rows, _ := readXLSX(t, office.get(page+"/export?format=xlsx"))
		header := strings.Join(rows[0], "|")
		if !strings.HasPrefix(header, "Prüflingsnummer|Name|E-Mail|Mo. 07.09.2026|Di. 08.09.2026|Do. 10.09.2026 (online, Kamera)|Zugelassen (§2(1))") {
			t.Errorf("header %q", header)
		}
		api := readCSV(t, office.get(fmt.Sprintf("/api/v1/exam-office/seminars/%d/attendance?format=csv", a.Seminar.ID)))
		if len(rows) != 1+len(a.Candidates) || len(api) != len(rows) {
			t.Fatalf("%d/%d rows for %d candidates", len(rows), len(api), len(a.Candidates))
		}
		for i, row := range api[1:] {
			if !strings.HasPrefix(row[0], "P-") {
				t.Errorf("row %d: number %q", i+2, row[0])
			}
			if row[1] == a.Users[0].Name && (row[3] != "anwesend" || row[5] != "anwesend" || row[6] != "ja") {
				t.Errorf("candidate who sat the exam: %q", row)
			}
		}
		if r := office.get(fmt.Sprintf("/api/v1/exam-office/seminars/%d/attendance?format=docx", a.Seminar.ID)); r.status != http.StatusUnprocessableEntity ||
			r.header.Get("Content-Type") != "application/problem+json" {
			t.Errorf("bad format: status %d %q", r.status, r.header.Get("Content-Type"))
		}
		if r := office.get("/api/v1/exam-office/seminars/999999/attendance?format=csv"); r.status != http.StatusNotFound ||
			r.header.Get("Content-Disposition") != "" {
			t.Errorf("unknown seminar: status %d", r.status)
		}
	})
}
