package http_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// examinerPDF is a small PDF as a scanner writes it.
const examinerPDF = "%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

// Examiner Roth (RECHT) reaches none of examiner Weber's ISM attempts:
// pages, posts, papers and the API answer 404 and nothing changes. Other
// roles do not reach the examiner's pages at all.
func TestExaminerReachesOnlyOwnComponents(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w := newExaminerWorld(t, db)
		w.a.SatBoth(t, db, 0, exam.Grade20, exam.Grade20, exam.Grade20)
		weber := w.h.signedIn(w.a.Examiners[0])
		if r := weber.uploadFile(w.attempt(w.ism, 0, "/arbeiten"), "klausur.pdf", []byte(examinerPDF)); r.status != http.StatusSeeOther {
			t.Fatalf("upload: %d\n%s", r.status, r.body)
		}
		var paper int64
		if err := db.NewSelect().Table("exam_documents").Column("id").Scan(context.Background(), &paper); err != nil {
			t.Fatal(err)
		}
		roth := w.h.signedIn(w.a.Examiners[1])
		if r := roth.get("/pruefende"); r.status != http.StatusOK || strings.Contains(r.body, "Informationssicherheitsmanagement") || !strings.Contains(r.body, "Recht und Datenschutz (RECHT)") {
			t.Fatalf("Roth's overview %d:\n%s", r.status, r.body)
		}
		before := w.counts()
		api := fmt.Sprintf("/api/v1/examiner/dates/%d/candidates/%d", w.ism, w.a.Candidates[0].ID)
		for name, r := range map[string]response{
			"page":         roth.get(w.attempt(w.ism, 0, "")),
			"grade":        roth.post(w.attempt(w.ism, 0, "/bewertung"), examinerGradeForm("1,0", "1,0")),
			"correct":      roth.post(w.attempt(w.ism, 0, "/korrektur"), url.Values{"grade_ISM-K": {"1,0"}, "grade_ISM-F": {"1,0"}, "reason": {"x"}}),
			"disorder":     roth.post(w.attempt(w.ism, 0, "/ordnungsverstoss"), url.Values{"note": {"x"}}),
			"upload":       roth.uploadFile(w.attempt(w.ism, 0, "/arbeiten"), "a.pdf", []byte(examinerPDF)),
			"paper":        roth.get(w.attempt(w.ism, 0, fmt.Sprintf("/arbeiten/%d", paper))),
			"announce":     roth.post(fmt.Sprintf("/pruefende/termine/%d/bekanntgabe", w.ism), nil),
			"malformed":    roth.get("/pruefende/termine/x/prueflinge/1"),
			"api attempt":  roth.get(api),
			"api grade":    roth.sendJSON(http.MethodPost, api+"/grades", map[string]any{"grades": []map[string]string{{"part": "ISM-K", "grade": "1,0"}, {"part": "ISM-F", "grade": "1,0"}}}),
			"api correct":  roth.sendJSON(http.MethodPost, api+"/correction", map[string]any{"grades": []map[string]string{{"part": "ISM-K", "grade": "1,0"}}, "reason": "x"}),
			"api disorder": roth.sendJSON(http.MethodPost, api+"/disorder", map[string]string{"note": "x"}),
			"api papers":   roth.get(api + "/papers"),
			"api paper":    roth.get(fmt.Sprintf("%s/papers/%d", api, paper)),
			"api upload":   roth.uploadFile(api+"/papers", "a.pdf", []byte(examinerPDF)),
			"api announce": roth.post(fmt.Sprintf("/api/v1/examiner/dates/%d/announcement", w.ism), nil),
		} {
			if r.status != http.StatusNotFound {
				t.Errorf("%s: status %d, want 404", name, r.status)
			}
			if strings.HasPrefix(name, "api") && !strings.HasPrefix(r.header.Get("Content-Type"), "application/problem+json") {
				t.Errorf("%s: %s, want problem details", name, r.header.Get("Content-Type"))
			}
		}
		if after := w.counts(); after != before {
			t.Fatalf("counts %v → %v", before, after)
		}
		// Weber's own paper downloads.
		r := weber.get(w.attempt(w.ism, 0, fmt.Sprintf("/arbeiten/%d", paper)))
		if r.status != http.StatusOK || r.body != examinerPDF || r.header.Get("Content-Type") != "application/pdf" || !strings.Contains(r.header.Get("Content-Disposition"), `filename=klausur.pdf`) {
			t.Fatalf("download: %d %v", r.status, r.header)
		}

		for _, u := range []*wachsam.User{w.a.Users[0], w.a.Office, w.a.Chair} {
			b := w.h.signedIn(u)
			if r := b.get("/pruefende"); r.status != http.StatusForbidden {
				t.Errorf("%s on /pruefende: %d", u.Email, r.status)
			}
			if r := b.get("/api/v1/examiner/components"); r.status != http.StatusForbidden {
				t.Errorf("%s on the examiner API: %d", u.Email, r.status)
			}
		}
	})
}

// gradingSubstitute records the board's decision naming examiner as
// substitute for the candidate's component (§3(2)), as the board's pages
// record it: the fact's detail names the account.
func (w *examinerWorld) gradingSubstitute(candidate int, component string, examiner *wachsam.User) {
	t := w.h.t
	t.Helper()
	w.a.Record(t, w.h.db, candidate, exam.Fact{Type: exam.FactBoardDecision, Motion: exam.MotionNameSubstituteExaminer, Component: component,
		Members: 4, Votes: exam.Votes{Yes: 3}, DecidedBy: exam.ByBoard, Examiner: examiner.Name})
	ctx := context.Background()
	var row struct {
		ID     int64  `bun:"id"`
		Detail string `bun:"detail"`
	}
	err := w.h.db.NewSelect().Table("exam_facts").Column("id", "detail").
		Where("candidate_id = ? AND type = ?", w.a.Candidates[candidate].ID, "board_decision").OrderExpr("id DESC").Limit(1).Scan(ctx, &row)
	if err != nil {
		t.Fatal(err)
	}
	var detail map[string]any
	if err := json.Unmarshal([]byte(row.Detail), &detail); err != nil {
		t.Fatal(err)
	}
	detail["examiner_id"] = examiner.ID
	b, _ := json.Marshal(detail)
	if _, err := w.h.db.NewUpdate().Table("exam_facts").Set("detail = ?", string(b)).Where("id = ?", row.ID).Exec(ctx); err != nil {
		t.Fatal(err)
	}
}

// §3(2): the substitute named by the board sees exactly that candidate on
// the pages and grades them; the teacher of the course no longer does.
func TestPara3_2_SubstituteExaminerOnThePages(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w := newExaminerWorld(t, db)
		w.register(0, "ISM")
		w.register(1, "ISM")
		w.gradingSubstitute(0, "ISM", w.a.Examiners[1])
		roth := w.h.signedIn(w.a.Examiners[1])
		r := roth.get("/pruefende")
		if r.status != http.StatusOK || !strings.Contains(r.body, "Informationssicherheitsmanagement (ISM)") || !strings.Contains(r.body, w.a.Candidates[0].Number) ||
			strings.Contains(r.body, w.a.Candidates[1].Number) || !strings.Contains(r.body, "als Prüferin oder Prüfer bestellt (§3(2))") {
			t.Fatalf("substitute's overview:\n%s", r.body)
		}
		if r := roth.get(w.attempt(w.ism, 1, "")); r.status != http.StatusNotFound {
			t.Fatalf("substitute on another candidate: %d", r.status)
		}
		if r := roth.post(w.attempt(w.ism, 0, "/bewertung"), examinerGradeForm("2,0", "2,0")); r.status != http.StatusSeeOther {
			t.Fatalf("substitute grades: %d\n%s", r.status, r.body)
		}
		if page := roth.get(w.attempt(w.ism, 0, "")); !strings.Contains(page.body, w.a.Examiners[1].Name+" (vom Prüfungsausschuss bestellt, §3(2))") {
			t.Fatalf("attempt page of the substitute:\n%s", page.body)
		}
		weber := w.h.signedIn(w.a.Examiners[0])
		if r := weber.get(w.attempt(w.ism, 0, "")); r.status != http.StatusNotFound {
			t.Fatalf("teacher on the substituted attempt: %d", r.status)
		}
		if r := weber.get("/pruefende"); strings.Contains(r.body, w.a.Candidates[0].Number) || !strings.Contains(r.body, w.a.Candidates[1].Number) {
			t.Fatalf("teacher's overview:\n%s", r.body)
		}
	})
}
