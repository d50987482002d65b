package http_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// officeProblem reads RFC 9457 problem details and checks status and text.
func officeProblem(t *testing.T, r response, status int, field, text string) {
	t.Helper()
	if r.status != status || !strings.HasPrefix(r.header.Get("Content-Type"), "application/problem+json") {
		t.Fatalf("status %d (%s), want problem details %d: %.800s", r.status, r.header.Get("Content-Type"), status, r.body)
	}
	var p struct {
		Status int    `json:"status"`
		Detail string `json:"detail"`
		Errors []struct {
			Field   string `json:"field"`
			Message string `json:"message"`
		} `json:"errors"`
	}
	if err := json.Unmarshal([]byte(r.body), &p); err != nil || p.Status != status || !strings.Contains(p.Detail, text) {
		t.Fatalf("problem %+v (%v), want %q", p, err, text)
	}
	if field != "" && (len(p.Errors) != 1 || p.Errors[0].Field != field) {
		t.Fatalf("problem names fields %+v, want %s", p.Errors, field)
	}
}

func TestOfficeAPICreatesSeminarAndRecordsAFile(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h, a, b := officeWorld(t, db)
		newcomer := h.user("dora@akademie.example", wachsam.RoleCandidate)
		seminar := map[string]any{
			"title": "ISB-Seminar Frühjahr 2027", "leader_name": "Dr. Erik Weber", "exam_fee_cents": 45000, "retake_fee_cents": 15000,
			"days": []map[string]any{{"date": "2026-11-02"}, {"date": "2026-11-03", "online": true}},
			"components": []map[string]any{
				{"code": "ISM", "name": "Informationssicherheitsmanagement", "examiner_id": a.Examiners[0].ID,
					"parts": []map[string]any{{"code": "ISM-K", "name": "Klausur", "weight": 2}, {"code": "ISM-F", "name": "Fallstudie", "weight": 1}}},
				{"code": "RECHT", "name": "Recht und Datenschutz"},
			},
		}
		r := b.officeJSON(http.MethodPost, "/api/v1/exam-office/seminars", seminar)
		officeWant(t, r, http.StatusCreated, `"title":"ISB-Seminar Frühjahr 2027"`, `"examiner_name":"`+a.Examiners[0].Name+`"`, `"weight":2`)
		var created struct {
			Seminar struct {
				ID         int64 `json:"id"`
				Components []struct {
					ID int64 `json:"id"`
				} `json:"components"`
			} `json:"seminar"`
		}
		if err := json.Unmarshal([]byte(r.body), &created); err != nil {
			t.Fatal(err)
		}
		base := fmt.Sprintf("/api/v1/exam-office/seminars/%d", created.Seminar.ID)
		officeWant(t, b.get("/api/v1/exam-office/seminars"), http.StatusOK, `"candidates":0`, `"candidates":3`)
		officeWant(t, b.get("/api/v1/exam-office/examiners"), http.StatusOK, a.Examiners[1].Name)
		officeWant(t, b.officeJSON(http.MethodPost, base+"/exam-dates", map[string]any{"component": "ISM", "exam_day": "2027-01-11", "place": "Ulm"}),
			http.StatusCreated, `"exam_day":"2027-01-11"`, `"announced_on":"2026-11-22"`, `"entered_later":false`, `"recorded_at":"2026-11-22T`)
		// §3(3): an earlier announcement is entered only with a reason, and marked.
		officeWant(t, b.officeJSON(http.MethodPost, base+"/exam-dates", map[string]any{"component": "RECHT", "exam_day": "2027-01-12", "announced_on": "2026-11-01"}),
			http.StatusUnprocessableEntity, `"type":"/probleme/ungueltige-angaben"`, `"field":"entered_reason"`)
		officeWant(t, b.officeJSON(http.MethodPost, base+"/exam-dates", map[string]any{"component": "RECHT", "exam_day": "2027-01-12", "announced_on": "2026-11-01", "entered_reason": "Brief vom 01.11."}),
			http.StatusCreated, `"entered_later":true`, `"entered_reason":"Brief vom 01.11."`)
		officeWant(t, b.officeJSON(http.MethodPut, fmt.Sprintf("%s/components/%d/examiner", base, created.Seminar.Components[1].ID), map[string]any{"examiner_id": a.Examiners[1].ID}),
			http.StatusOK, `"examiner_name":"`+a.Examiners[1].Name+`"`)
		officeWant(t, b.get(base+"/enrolable"), http.StatusOK, newcomer.Name)
		r = b.officeJSON(http.MethodPost, base+"/candidates", map[string]any{"user_id": newcomer.ID})
		officeWant(t, r, http.StatusCreated, `"number":"P-2026-0004"`)
		var cand struct {
			ID int64 `json:"id"`
		}
		json.Unmarshal([]byte(r.body), &cand)
		file := fmt.Sprintf("/api/v1/exam-office/candidates/%d", cand.ID)
		h.clock.Advance(time.Minute)

		officeWant(t, b.officeJSON(http.MethodPost, base+"/attendance", map[string]any{"entered_reason": "von der Papierliste übertragen", "marks": []map[string]any{{"candidate_id": cand.ID, "date": "2026-11-02"}}}),
			http.StatusOK, `"recorded":1`)
		officeWant(t, b.officeJSON(http.MethodPost, file+"/attendance", map[string]any{"entered_reason": "von der Papierliste übertragen", "date": "2026-11-03", "camera_confirmed": true}), http.StatusCreated, `"recorded":true`)
		officeWant(t, b.officeJSON(http.MethodPost, file+"/online-notice", map[string]any{"entered_reason": "von der Papierliste übertragen", "date": "2026-10-20", "note": "Einladung"}), http.StatusCreated, `"notice_on":"2026-10-20"`)
		officeWant(t, b.officeJSON(http.MethodPost, file+"/payments", map[string]any{"entered_reason": "von der Papierliste übertragen", "fee": "exam", "reference": "RE-1"}), http.StatusCreated, `"amount_cents":45000`, `"reference":"RE-1"`)
		h.clock.Advance(time.Minute)
		officeWant(t, b.officeJSON(http.MethodPost, file+"/registrations", map[string]any{"entered_reason": "von der Papierliste übertragen", "component": "ISM", "exam_date": "2027-01-11"}), http.StatusCreated, `"status":"registered"`)
		officeWant(t, b.officeJSON(http.MethodPost, file+"/absences", map[string]any{"entered_reason": "von der Papierliste übertragen", "kind": "withdrew", "component": "ISM", "exam_date": "2027-01-11"}), http.StatusCreated, `"status":"awaiting_reasons"`)
		officeWant(t, b.get(file), http.StatusOK, `"granted":true`, `"recorded_by":"`+a.Office.Name+`"`, `"type":"withdrew"`)
		officeWant(t, b.get(base+"/attendance"), http.StatusOK, `"attended":["2026-11-02","2026-11-03"]`, `"admitted":true`)
		officeWant(t, b.get(base), http.StatusOK, `"P-2026-0004"`, `"component":"ISM"`)
	})
}

// Bad input in the API: RFC 9457 problem details naming the field, and
// nothing written.
func TestOfficeAPIRefusesBadInputWithProblemDetails(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h, a, b := officeWorld(t, db)
		c, jan := officeNewcomer(t, h, a)
		file := fmt.Sprintf("/api/v1/exam-office/candidates/%d", c.ID)
		base := fmt.Sprintf("/api/v1/exam-office/seminars/%d", a.Seminar.ID)
		good := map[string]any{"title": "Neu", "days": []map[string]any{{"date": "2027-03-08"}}, "components": []map[string]any{{"code": "ISM", "name": "ISM"}}}
		with := func(k string, v any) map[string]any {
			m := map[string]any{}
			for kk, vv := range good {
				m[kk] = vv
			}
			m[k] = v
			return m
		}
		before := h.officeCounts()
		for _, tc := range []struct {
			method, path string
			body         any
			status       int
			field, text  string
		}{
			{"POST", "/api/v1/exam-office/seminars", with("title", ""), 422, "title", "Titel"},
			{"POST", "/api/v1/exam-office/seminars", with("days", []map[string]any{{"date": "2027-02-30"}}), 422, "days[0].date", "kein Datum"},
			{"POST", "/api/v1/exam-office/seminars", with("exam_fee_cents", -1), 422, "exam_fee", "negativ"},
			{"POST", "/api/v1/exam-office/seminars", with("exam_fee_cents", int64(1)<<62), 422, "exam_fee", "Prüfungsgebühr: höchstens 100.000,00 €"},
			{"POST", "/api/v1/exam-office/seminars", with("retake_fee_cents", 10_000_001), 422, "retake_fee", "Wiederholungsgebühr: höchstens"},
			{"POST", "/api/v1/exam-office/seminars", with("title", strings.Repeat("ä", 201)), 422, "title", "Titel: höchstens 200 Zeichen"},
			{"POST", "/api/v1/exam-office/seminars", with("leader_name", "Dr. Weber\r\nBcc: x@example.de"), 422, "leader", "Zeilenumbrüche"},
			{"POST", "/api/v1/exam-office/seminars", with("title", "Seminar 🙂"), 422, "title", "U+1F642"},
			{"POST", "/api/v1/exam-office/seminars", with("title", "Seminar\u0000"), 422, "title", "Steuerzeichen"},
			{"POST", "/api/v1/exam-office/seminars", with("days", []map[string]any{{"date": "0001-01-01"}}), 422, "days[0].date", "kein Datum"},
			{"POST", "/api/v1/exam-office/seminars", with("components", []map[string]any{{"code": strings.Repeat("K", 41), "name": "A"}}), 422, "c0_code", "Kennung: höchstens 40 Zeichen"},
			{"POST", "/api/v1/exam-office/seminars", with("components", []map[string]any{{"code": "A", "name": "A"}, {"code": "A", "name": "B"}}), 422, "components", "doppelt"},
			{"POST", "/api/v1/exam-office/seminars", with("components", []map[string]any{{"code": "A", "name": "A", "parts": []map[string]any{{"code": "A1", "name": "x", "weight": 0}}}}), 422, "parts", "§5(4)"},
			{"POST", "/api/v1/exam-office/seminars", with("colour", "blau"), 400, "", "JSON"},
			{"POST", base + "/exam-dates", map[string]any{"component": "NETZ", "exam_day": "2027-03-01"}, 422, "component", "gehört nicht"},
			{"POST", base + "/exam-dates", map[string]any{"component": "ISM", "exam_day": "2026-12-01"}, 422, "exam_day", "§3(3)"},
			{"POST", base + "/candidates", map[string]any{"user_id": a.Examiners[0].ID}, 422, "user", "Rolle"},
			{"POST", base + "/attendance", map[string]any{"marks": []map[string]any{{"candidate_id": c.ID, "date": "07.09.2026"}}}, 422, "marks[0].date", "JJJJ-MM-TT"},
			{"POST", file + "/attendance", map[string]any{"date": "2026-09-10", "entered_reason": "Papierliste"}, 409, "", "§2(1)"},
			{"POST", file + "/attendance", map[string]any{"date": "2026-09-07"}, 422, "entered_reason", "nur mit Begründung nachgetragen"},
			{"POST", file + "/payments", map[string]any{"fee": "exam", "paid_on": "2026-09-01", "entered_reason": "Zeile\nZeile"}, 422, "entered_reason", "Begründung"},
			{"POST", file + "/attendance", map[string]any{"date": ""}, 422, "date", "Datum"},
			{"POST", file + "/payments", map[string]any{"fee": "exam", "amount_cents": 100}, 422, "amount", "weniger"},
			{"POST", file + "/payments", map[string]any{"fee": "retake", "component": "NETZ"}, 422, "component", "keine Prüfungsleistung dieses Seminars"},
			{"POST", file + "/payments", map[string]any{"fee": "exam", "amount_cents": "viel"}, 400, "", "falschen Typ"},
			{"POST", file + "/registrations", map[string]any{"component": "ISM", "exam_date": jan.ExamDay.String()}, 409, "", "§2(1)"},
			{"POST", file + "/registrations", map[string]any{"component": "ISM", "exam_date": "11.01.2027"}, 422, "exam_date", "JJJJ-MM-TT"},
			{"POST", file + "/absences", map[string]any{"kind": "krank", "component": "ISM", "exam_date": "2027-01-11"}, 422, "kind", "Versäumnis"},
			{"POST", "/api/v1/exam-office/candidates/999999/payments", map[string]any{"fee": "exam"}, 404, "", "Prüfling"},
			{"GET", "/api/v1/exam-office/candidates/999999", nil, 404, "", "Prüfling"},
			{"GET", "/api/v1/exam-office/seminars/999999", nil, 404, "", "Seminar"},
		} {
			var r response
			if tc.method == "GET" {
				r = b.get(tc.path)
			} else {
				r = b.officeJSON(tc.method, tc.path, tc.body)
			}
			officeProblem(t, r, tc.status, tc.field, tc.text)
		}
		if after := h.officeCounts(); after != before {
			t.Fatalf("%+v → %+v", before, after)
		}
	})
}
