package http_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/evidence"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// exportWorld is the neighbours' round on 1 December, an hour into its
// first session, which one person of the second and one of the third town
// attended. Both towns show names, so a leak would show as a name.
func exportWorld(h *harness) (*storetest.Neighbours, []*wachsam.User) {
	h.t.Helper()
	ctx := context.Background()
	w := h.neighbours(storetest.NeighbourOptions{StaffPerDepartment: 2})
	session := w.Round.Sessions[0]
	people := []*wachsam.User{w.Staff[w.Municipalities[1].ID][0], w.Staff[w.Municipalities[2].ID][0]}
	for _, p := range people {
		if _, err := h.db.Book(ctx, wachsam.UserActor(p), p.ID, session.ID); err != nil {
			h.t.Fatal(err)
		}
	}
	h.clock.Advance(session.StartsAt.Add(time.Hour).Sub(h.clock.Now()))
	for i, p := range people {
		err := h.db.RecordAttendance(ctx, wachsam.UserActor(w.Trainer), w.Trainer.ID, session.ID, p.ID, session.Days[0], "", true, h.location())
		if err != nil {
			h.t.Fatal(err)
		}
		town := w.Municipalities[i+1]
		s, err := h.db.EvidenceSettings(ctx, town.ID)
		if err != nil {
			h.t.Fatal(err)
		}
		s.ShowNames = true
		if err := h.db.SaveEvidenceSettings(ctx, wachsam.UserActor(w.Coordinators[town.ID]), town.ID, s); err != nil {
			h.t.Fatal(err)
		}
	}
	return w, people
}

// exportFiles opens a downloaded export, checks every entry against the
// manifest (name, order, size, SHA-256) and returns the entries by name.
func exportFiles(t *testing.T, r response, ags string) (map[string][]byte, evidence.Manifest) {
	t.Helper()
	if r.status != http.StatusOK || r.header.Get("Content-Type") != "application/zip" {
		t.Fatalf("export: status %d, %s: %.300s", r.status, r.header.Get("Content-Type"), r.body)
	}
	z, err := zip.NewReader(strings.NewReader(r.body), int64(len(r.body)))
	if err != nil {
		t.Fatalf("not a ZIP: %v", err)
	}
	files := map[string][]byte{}
	for _, f := range z.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name], err = io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
	}
	if last := z.File[len(z.File)-1].Name; last != evidence.ManifestName {
		t.Fatalf("last entry %s, want the manifest", last)
	}
	var m evidence.Manifest
	if err := json.Unmarshal(files[evidence.ManifestName], &m); err != nil {
		t.Fatal(err)
	}
	if m.Contract != evidence.Contract || m.Tenant != ags || len(m.Files) != len(z.File)-1 {
		t.Fatalf("manifest %+v for %d entries", m, len(z.File))
	}
	for i, f := range m.Files {
		sum := sha256.Sum256(files[f.Name])
		if z.File[i].Name != f.Name || f.Bytes != int64(len(files[f.Name])) || f.SHA256 != hex.EncodeToString(sum[:]) {
			t.Errorf("manifest entry %+v does not match %s", f, z.File[i].Name)
		}
	}
	return files, m
}

// exportRows reads a CSV entry of the export without its header.
func exportRows(t *testing.T, files map[string][]byte, name string) [][]string {
	t.Helper()
	data, ok := files[name]
	if !ok {
		t.Fatalf("no %s in the export", name)
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\uFEFF"))))
	if strings.HasPrefix(name, evidence.SpreadsheetDir) {
		r.Comma = ';'
	}
	rows, err := r.ReadAll()
	if err != nil || len(rows) == 0 {
		t.Fatalf("%s: %v", name, err)
	}
	return rows[1:]
}

// exportSheet reads a spreadsheet entry of the export without its header,
// and the type of every cell.
func exportSheet(t *testing.T, files map[string][]byte, name string) ([][]string, [][]excelize.CellType) {
	t.Helper()
	data, ok := files[name]
	if !ok {
		t.Fatalf("no %s in the export", name)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	defer f.Close()
	sheet := f.GetSheetName(0)
	rows, err := f.GetRows(sheet)
	if err != nil || len(rows) == 0 {
		t.Fatalf("%s: %v", name, err)
	}
	types := make([][]excelize.CellType, len(rows))
	for i, row := range rows {
		for j := range row {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			typ, err := f.GetCellType(sheet, cell)
			if err != nil {
				t.Fatal(err)
			}
			types[i] = append(types[i], typ)
		}
	}
	return rows[1:], types[1:]
}

// exportPDFText extracts a PDF's text with pdftotext, or skips without it
// outside CI.
func exportPDFText(t *testing.T, pdf []byte) string {
	t.Helper()
	return pdftotext(t, pdf)
}

// The ISMS fetches the export with its token: four CSVs twice, the report
// and a manifest whose hashes match, named by AGS and day.
func TestEvidenceExportZIPWithTokenMatchesItsManifest(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w, people := exportWorld(h)
		town := w.Municipalities[1]
		token, _ := evidenceToken(h, w, 1)
		r := h.browser().pull(token, "/api/v1/evidence/export.zip")
		files, m := exportFiles(t, r, town.AGS)
		if got := r.header.Get("Content-Disposition"); got != "attachment; filename=nachweise-"+town.AGS+"-2026-12-01.zip" {
			t.Errorf("Content-Disposition %q", got)
		}
		counts := map[string]int{}
		for _, f := range m.Files {
			if f.Records != nil {
				counts[f.Name] = *f.Records
			}
		}
		for name, want := range map[string]int{"programme.csv": 1, "sessions.csv": 3, "attendance.csv": 1, "coverage.csv": 2} {
			if counts[name] != want || counts[evidence.SpreadsheetDir+name] != want || len(exportRows(t, files, evidence.SpreadsheetDir+name)) < want {
				t.Errorf("%s: %d records (semikolon %d), want %d", name, counts[name], counts[evidence.SpreadsheetDir+name], want)
			}
		}
		for kind, want := range map[evidence.Kind]int{evidence.KindProgramme: 1, evidence.KindSession: 3, evidence.KindAttendance: 1, evidence.KindCoverage: 2} {
			name := evidence.SheetDir + evidence.SheetName(kind)
			if rows, _ := exportSheet(t, files, name); counts[name] != want || len(rows) < want {
				t.Errorf("%s: %d records, %d rows, want %d", name, counts[name], len(rows), want)
			}
		}
		// In the spreadsheet an AGS stays text with its leading zero, and a
		// count is a number (the CSV would leave both to the spreadsheet's guess).
		sessions, types := exportSheet(t, files, evidence.SheetDir+evidence.SheetName(evidence.KindSession))
		host, booked := 11, 13 // "Gastgebende Kommune (AGS)", "Gebucht"
		for i, row := range sessions {
			if !strings.HasPrefix(row[host], "08425") || types[i][host] != excelize.CellTypeInlineString && types[i][host] != excelize.CellTypeSharedString {
				t.Errorf("session %d host %q of type %v, want the AGS as text", i, row[host], types[i][host])
			}
			if types[i][booked] != excelize.CellTypeNumber && types[i][booked] != excelize.CellTypeUnset {
				t.Errorf("session %d booked %q of type %v, want a number", i, row[booked], types[i][booked])
			}
		}
		att := exportRows(t, files, "attendance.csv")
		if len(att) != 1 || !strings.Contains(strings.Join(att[0], ","), people[0].Name) {
			t.Errorf("attendance %q, want %s", att, people[0].Name)
		}
		if !bytes.HasPrefix(files[evidence.ReportName], []byte("%PDF-")) {
			t.Errorf("bericht.pdf is no PDF")
		}

		pdf := h.browser().pull(token, "/api/v1/evidence/report.pdf")
		if pdf.status != http.StatusOK || pdf.header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(pdf.body, "%PDF-") ||
			pdf.header.Get("Content-Disposition") != "attachment; filename=nachweisbericht-"+town.AGS+"-2026-12-01.pdf" {
			t.Fatalf("report: status %d %v", pdf.status, pdf.header)
		}
		text := exportPDFText(t, []byte(pdf.body))
		for _, want := range []string{"Nachweis Sensibilisierung (CISIS12 Schritt 2)", town.Name, town.AGS, "01.12.2026"} {
			if !strings.Contains(text, want) {
				t.Errorf("report lacks %q", want)
			}
		}
	})
}

// A coordinator downloads the same files for their own town, and nothing
// in them belongs to the towns it shares the round with.
func TestEvidenceExportForCoordinatorHoldsOnlyTheirTown(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w, people := exportWorld(h)
		for i, own := range []int{1, 2} {
			town := w.Municipalities[own]
			b := coordinatorOf(h, w, own)
			files, _ := exportFiles(t, b.get("/koordination/nachweise/export.zip"), town.AGS)
			foreign := people[1-i]
			for name, data := range files {
				if name == evidence.ReportName || name == evidence.ManifestName {
					continue
				}
				rows := func() [][]string { return exportRows(t, files, name) }
				if strings.HasPrefix(name, evidence.SheetDir) {
					rows = func() [][]string { r, _ := exportSheet(t, files, name); return r }
					if text := fmt.Sprint(rows()); strings.Contains(text, foreign.Name) {
						t.Errorf("%s of %s names %s of another town", name, town.Name, foreign.Name)
					}
				}
				for _, row := range rows() {
					if !strings.HasPrefix(row[0], town.AGS+"-") {
						t.Errorf("%s of %s holds record %s", name, town.Name, row[0])
					}
				}
				if bytes.Contains(data, []byte(foreign.Name)) {
					t.Errorf("%s of %s names %s of another town", name, town.Name, foreign.Name)
				}
			}
			if att := exportRows(t, files, "attendance.csv"); len(att) != 1 || !strings.Contains(strings.Join(att[0], ","), people[i].Name) {
				t.Errorf("%s's attendance %q", town.Name, att)
			}
			pdf := b.get("/koordination/nachweise/bericht.pdf")
			if pdf.status != http.StatusOK || pdf.header.Get("Content-Type") != "application/pdf" {
				t.Fatalf("report: status %d", pdf.status)
			}
			// Staff names end in their town's name, and a name the table
			// wraps still has it on one line.
			text := exportPDFText(t, []byte(pdf.body))
			if other := w.Municipalities[1+(1-i)]; strings.Contains(text, other.Name) {
				t.Errorf("%s's report names %s or its staff", town.Name, other.Name)
			}
			if strings.Count(text, town.Name) < 1+len(w.Staff[town.ID])-1 {
				t.Errorf("%s's report lacks the town or its overdue staff:\n%s", town.Name, text)
			}
		}
	})
}

// Staff get no export, a session is no token, and a revoked token is
// refused at once.
func TestEvidenceExportRefusesStaffSessionsAndRevokedTokens(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w, people := exportWorld(h)
		staff := h.signedIn(people[0])
		for _, path := range []string{"/koordination/nachweise/export.zip", "/koordination/nachweise/bericht.pdf"} {
			if r := staff.get(path); r.status != http.StatusForbidden && r.status != http.StatusNotFound {
				t.Errorf("staff got %s: status %d", path, r.status)
			}
		}
		coordinator := coordinatorOf(h, w, 1)
		token, tok := evidenceToken(h, w, 1)
		for _, path := range []string{"/api/v1/evidence/export.zip", "/api/v1/evidence/report.pdf"} {
			if r := coordinator.get(path); r.status != http.StatusUnauthorized {
				t.Errorf("%s with a session and no token: status %d", path, r.status)
			}
			if r := h.browser().pull("wse_unknown", path); r.status != http.StatusUnauthorized {
				t.Errorf("%s with an unknown token: status %d", path, r.status)
			}
		}
		town := w.Municipalities[1]
		if err := db.RevokeEvidenceToken(context.Background(), wachsam.UserActor(w.Coordinators[town.ID]), town.ID, tok.ID); err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{"/api/v1/evidence/export.zip", "/api/v1/evidence/report.pdf"} {
			r := h.browser().pull(token, path)
			if r.status != http.StatusUnauthorized || r.header.Get("Content-Type") != "application/problem+json" {
				t.Errorf("%s with a revoked token: status %d", path, r.status)
			}
		}
	})
}

// A text the report cannot print (an emoji in the concept's title) is
// refused when it is typed, naming the character; one stored before that
// rule never makes the municipality's ZIP or report fail: it prints as
// "�" (issue 13 §3).
func TestEvidenceExportPrintsWhatTheFormsRefuse(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w, _ := exportWorld(h)
		town := w.Municipalities[1]
		ctx := context.Background()
		s, err := db.EvidenceSettings(ctx, town.ID)
		if err != nil {
			t.Fatal(err)
		}
		s.Title = "Konzept 🙂"
		err = db.SaveEvidenceSettings(ctx, wachsam.UserActor(w.Coordinators[town.ID]), town.ID, s)
		if wachsam.ErrorCodeOf(err) != wachsam.EINVALID || !strings.Contains(wachsam.ErrorMessageOf(err), "„🙂“ (U+1F642) kann in den PDF-Dokumenten nicht gedruckt werden") {
			t.Fatalf("an emoji title was not refused: %v", err)
		}
		res, err := db.NewRaw("UPDATE training_programmes SET title = ? WHERE municipality_id = ?", "Konzept 🙂", town.ID).Exec(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			t.Fatalf("storing the old title changed %d rows", n)
		}
		token, _ := evidenceToken(h, w, 1)
		for _, path := range []string{"/api/v1/evidence/export.zip", "/api/v1/evidence/report.pdf"} {
			if r := h.browser().pull(token, path); r.status != http.StatusOK || r.header.Get("Content-Disposition") == "" {
				t.Errorf("%s: status %d %.300s", path, r.status, r.body)
			}
		}
		if page := coordinatorOf(h, w, 1).get("/koordination/nachweise/export.zip"); page.status != http.StatusOK {
			t.Errorf("coordinator: status %d", page.status)
		}
	})
}
