package http_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// Only the exam office reaches its pages and its API: a candidate, an
// examiner, a board member, the chair and a member of staff are refused
// everywhere under /pruefungsamt and /api/v1/exam-office, and nothing
// changes.
func TestOfficeAccessOthersAreRefusedAndChangeNothing(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		a := h.academy("")
		staff := h.user("mitarbeiterin@lindenbach.example", wachsam.RoleStaff)
		sem := fmt.Sprintf("/pruefungsamt/seminare/%d", a.Seminar.ID)
		file := officeFilePath(a.Candidates[0])
		api := fmt.Sprintf("/api/v1/exam-office/seminars/%d", a.Seminar.ID)
		apiFile := fmt.Sprintf("/api/v1/exam-office/candidates/%d", a.Candidates[0].ID)
		gets := []string{"/pruefungsamt", "/pruefungsamt/seminare/neu", sem, sem + "/anwesenheit", file,
			"/api/v1/exam-office/seminars", "/api/v1/exam-office/examiners", api, api + "/attendance", api + "/enrolable", apiFile}
		posts := map[string]url.Values{
			"/pruefungsamt/seminare/neu": officeSeminarForm(nil),
			sem + "/termine":             {"date_component": {fmt.Sprint(a.ISM.ID)}, "exam_day": {"2027-01-11"}},
			sem + "/prueflinge":          {"user": {fmt.Sprint(a.Users[0].ID)}},
			sem + "/anwesenheit":         {fmt.Sprintf("m_%d_2026-09-07", a.Candidates[0].ID): {"ja"}},
			fmt.Sprintf("%s/pruefungsleistungen/%d/pruefer", sem, a.ISM.ID): {"examiner": {fmt.Sprint(a.Examiners[1].ID)}},
			file + "/anwesenheit": {"att_date": {"2026-09-07"}},
			file + "/hinweis":     {"notice_date": {"2026-08-01"}},
			file + "/zahlungen":   {"pay_fee": {"retake"}, "pay_component": {"ISM"}},
			file + "/anmeldungen": {"reg_exam_date": {"1"}},
			file + "/versaeumnis": {"abs_attempt": {"1"}, "abs_kind": {"absent"}},
		}
		apiPosts := map[string]any{
			"/api/v1/exam-office/seminars": map[string]any{"title": "x"},
			api + "/exam-dates":            map[string]any{"component": "ISM", "exam_day": "2027-01-11"},
			api + "/candidates":            map[string]any{"user_id": a.Users[0].ID},
			api + "/attendance":            map[string]any{"marks": []any{}},
			apiFile + "/attendance":        map[string]any{"date": "2026-09-07"},
			apiFile + "/online-notice":     map[string]any{},
			apiFile + "/payments":          map[string]any{"fee": "retake", "component": "ISM"},
			apiFile + "/registrations":     map[string]any{"component": "ISM", "exam_date": "2026-10-12"},
			apiFile + "/absences":          map[string]any{"kind": "absent", "component": "ISM", "exam_date": "2026-10-12"},
		}
		before, audited := h.officeCounts(), h.officeExamAudit()
		for _, u := range []*wachsam.User{a.Users[0], a.Examiners[0], a.Board[0], a.Chair, staff} {
			b := h.signedIn(u)
			refused := func(method, path string, r response) {
				t.Helper()
				if r.status != http.StatusForbidden && r.status != http.StatusNotFound {
					t.Fatalf("%s %s %s: status %d, want 403 or 404: %.300s", u.Email, method, path, r.status, r.body)
				}
			}
			for _, p := range gets {
				refused("GET", p, b.get(p))
			}
			for p, v := range posts {
				refused("POST", p, b.post(p, v))
			}
			for p, body := range apiPosts {
				refused("POST", p, b.officeJSON(http.MethodPost, p, body))
			}
			p := fmt.Sprintf("%s/components/%d/examiner", api, a.ISM.ID)
			refused("PUT", p, b.officeJSON(http.MethodPut, p, map[string]any{"examiner_id": a.Examiners[1].ID}))
		}
		// Signing in wrote audit entries; the exam's records and their
		// audit entries are as they were.
		after := h.officeCounts()
		after.audit = before.audit
		if after != before || h.officeExamAudit() != audited {
			t.Fatalf("%+v → %+v, exam audit entries %d → %d", before, after, audited, h.officeExamAudit())
		}
	})
}

// officeExamAudit counts the audit entries about the exam's records.
func (h *harness) officeExamAudit() int {
	h.t.Helper()
	n, err := h.db.NewSelect().TableExpr("audit_entries").Where("action LIKE ?", "exam_%").Count(context.Background())
	if err != nil {
		h.t.Fatal(err)
	}
	return int(n)
}
