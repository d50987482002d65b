package http_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/wachsam/wachsam/exam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

func examinerDecode[T any](t *testing.T, r response) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(r.body), &v); err != nil {
		t.Fatalf("status %d, body %s: %v", r.status, r.body, err)
	}
	return v
}

// The API mirrors the pages: components, grading with problem details for
// bad input, correction, papers, announcement.
func TestExaminerAPIGradesAndAnnounces(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w := newExaminerWorld(t, db)
		w.register(0, "ISM")
		w.register(0, "RECHT")
		b := w.h.signedIn(w.a.Examiners[0])
		comps := examinerDecode[[]exam.GradingComponent](t, b.get("/api/v1/examiner/components"))
		if len(comps) != 1 || comps[0].Code != "ISM" || len(comps[0].Dates) != 1 || comps[0].Dates[0].ID != w.ism || len(comps[0].Dates[0].Candidates) != 1 {
			t.Fatalf("components: %+v", comps)
		}
		api := fmt.Sprintf("/api/v1/examiner/dates/%d/candidates/%d", w.ism, w.a.Candidates[0].ID)

		before := w.counts()
		bad := b.sendJSON(http.MethodPost, api+"/grades", map[string]any{"grades": []map[string]string{{"part": "ISM-K", "grade": "1,5"}, {"part": "ISM-F", "grade": "2,3"}}})
		p := examinerDecode[struct {
			Status int    `json:"status"`
			Detail string `json:"detail"`
			Errors []struct {
				Field string `json:"field"`
			} `json:"errors"`
		}](t, bad)
		if bad.status != http.StatusUnprocessableEntity || p.Status != 422 || len(p.Errors) != 1 || p.Errors[0].Field != "grade_ISM-K" || !strings.Contains(p.Detail, "§5(2)") {
			t.Fatalf("off-scale grade: %d %+v", bad.status, p)
		}
		if r := b.sendJSON(http.MethodPost, api+"/grades", map[string]any{"grades": []map[string]any{{"part": "ISM-K", "grade": 1.7}}}); r.status != http.StatusBadRequest {
			t.Fatalf("a grade as a JSON number: %d", r.status)
		}
		if r := b.sendJSON(http.MethodPost, api+"/grades", map[string]any{"grade": "1,7", "reason": "x"}); r.status != http.StatusUnprocessableEntity {
			t.Fatalf("a reason on a first grade: %d", r.status)
		}
		if after := w.counts(); after != before {
			t.Fatalf("counts %v → %v", before, after)
		}

		r := b.sendJSON(http.MethodPost, api+"/grades", map[string]any{"grades": []map[string]string{{"part": "ISM-K", "grade": "1,7"}, {"part": "ISM-F", "grade": "2,3"}}})
		a := examinerDecode[exam.GradingAttempt](t, r)
		if r.status != http.StatusCreated || a.Attempt.Mean != "1,9" || a.Attempt.Grade != "1,9" {
			t.Fatalf("grade: %d %+v", r.status, a.Attempt)
		}
		r = b.sendJSON(http.MethodPost, api+"/correction", map[string]any{"grades": []map[string]string{{"part": "ISM-K", "grade": "1,3"}, {"part": "ISM-F", "grade": "2,3"}}})
		if a := examinerDecode[exam.GradingAttempt](t, r); r.status != http.StatusOK || a.Attempt.Grade != "1,6333…" || a.Attempt.GradeWord != "gut" {
			t.Fatalf("correction: %d %+v", r.status, a.Attempt)
		}

		up := b.uploadFile(api+"/papers", "klausur.pdf", []byte(examinerPDF))
		paper := examinerDecode[exam.GradingPaper](t, up)
		if up.status != http.StatusCreated || paper.ContentType != "application/pdf" {
			t.Fatalf("upload: %d %+v", up.status, paper)
		}
		if r := b.uploadFile(api+"/papers", "notiz.txt", []byte("Text")); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "PDF, JPEG oder PNG") {
			t.Fatalf("text upload: %d %s", r.status, r.body)
		}
		if list := examinerDecode[[]exam.GradingPaper](t, b.get(api+"/papers")); len(list) != 1 || list[0].ID != paper.ID {
			t.Fatalf("papers: %+v", list)
		}
		if r := b.get(fmt.Sprintf("%s/papers/%d", api, paper.ID)); r.status != http.StatusOK || r.body != examinerPDF {
			t.Fatalf("download: %d", r.status)
		}

		announce := fmt.Sprintf("/api/v1/examiner/dates/%d/announcement", w.ism)
		r = b.post(announce, nil)
		ann := examinerDecode[exam.GradingAnnouncement](t, r)
		if r.status != http.StatusOK || len(ann.Announced) != 1 || ann.On.String() != "2026-11-22" {
			t.Fatalf("announcement: %d %+v", r.status, ann)
		}
		if r := b.post(announce, nil); r.status != http.StatusConflict || !strings.Contains(r.body, "keine Ergebnisse") {
			t.Fatalf("second announcement: %d %s", r.status, r.body)
		}
		after := examinerDecode[exam.GradingAttempt](t, b.get(api))
		var inspection exam.DeadlineState
		for _, d := range after.Deadlines {
			if d.Kind == exam.InspectionCutoff {
				inspection = d
			}
		}
		if inspection.LastDay.String() != "2026-12-21" {
			t.Fatalf("deadlines after the announcement: %+v", after.Deadlines)
		}
		r = b.sendJSON(http.MethodPost, api+"/correction", map[string]any{"grades": []map[string]string{{"part": "ISM-K", "grade": "1,0"}, {"part": "ISM-F", "grade": "2,3"}}})
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `"field":"reason"`) {
			t.Fatalf("correction without reason after the announcement: %d %s", r.status, r.body)
		}
		r = b.sendJSON(http.MethodPost, api+"/disorder", map[string]string{"note": "zu spät"})
		if r.status != http.StatusConflict || !strings.Contains(r.body, "§8") {
			t.Fatalf("disorder after grading: %d %s", r.status, r.body)
		}
	})
}

// §12(1): a paper deleted by the retention job is listed with the day it
// was deleted and cannot be downloaded any more.
func TestPara12_1_ExaminerSeesDeletedPapers(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w := newExaminerWorld(t, db)
		w.register(0, "ISM")
		b := w.h.signedIn(w.a.Examiners[0])
		if r := b.uploadFile(w.attempt(w.ism, 0, "/arbeiten"), "", nil); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "Die Datei ist leer.") {
			t.Fatalf("empty upload: %d\n%s", r.status, r.body)
		}
		if r := b.uploadFile(w.attempt(w.ism, 0, "/arbeiten"), "Klausur Amsel.pdf", []byte(examinerPDF)); r.status != http.StatusSeeOther {
			t.Fatalf("upload: %d\n%s", r.status, r.body)
		}
		var id int64
		if err := db.NewSelect().Table("exam_documents").Column("id").Scan(context.Background(), &id); err != nil {
			t.Fatal(err)
		}
		if page := b.get(w.attempt(w.ism, 0, "")); !strings.Contains(page.body, fmt.Sprintf(`/arbeiten/%d">Klausur Amsel.pdf</a>`, id)) {
			t.Fatalf("paper not listed:\n%s", page.body)
		}
		deleted := time.Date(2028, 10, 13, 3, 0, 0, 0, time.UTC)
		if _, err := db.NewUpdate().Table("exam_documents").Set("content = NULL").Set("deleted_at = ?", deleted).Where("id = ?", id).Exec(context.Background()); err != nil {
			t.Fatal(err)
		}
		if page := b.get(w.attempt(w.ism, 0, "")); !strings.Contains(page.body, "Klausur Amsel.pdf – gelöscht am 13.10.2028, 05:00 Uhr") {
			t.Fatalf("deleted paper:\n%s", page.body)
		}
		if r := b.get(w.attempt(w.ism, 0, fmt.Sprintf("/arbeiten/%d", id))); r.status != http.StatusNotFound || !strings.Contains(r.body, "gelöscht (§12(1) der Prüfungsordnung)") {
			t.Fatalf("download of a deleted paper: %d\n%s", r.status, r.body)
		}
	})
}
