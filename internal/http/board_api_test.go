package http_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

func boardDecode[T any](t *testing.T, r response, status int) T {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	var v T
	if err := json.Unmarshal([]byte(r.body), &v); err != nil {
		t.Fatalf("%v: %s", err, r.body)
	}
	return v
}

type boardProblem struct {
	Status int    `json:"status"`
	Detail string `json:"detail"`
	Errors []struct {
		Field   string `json:"field"`
		Message string `json:"message"`
	} `json:"errors"`
}

// The API mirrors the pages: open a case, vote, the close refused without
// a quorum (§4(4)) as problem details, closed with one, the case and its
// letter; bad input is a problem naming the field and changes nothing.
func TestBoardAPI(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w := newBoardHTTP(t, db)
		w.signIn(w.a.Board[0], w.a.Board[1], w.a.Chair)
		w.a.SatBoth(t, db, 0, exam.Grade17, exam.Grade23, exam.Grade13)
		m0, chair := w.member(0), w.member(3)

		c := boardDecode[exam.BoardCase](t, m0.boardJSON(http.MethodPost, "/api/v1/board/cases", map[string]any{
			"candidate_id": w.a.Candidates[0].ID, "motion": "find_cheating", "component": "ISM", "exam_date": "2026-10-12",
			"summary": "Bericht der Aufsicht"}), http.StatusCreated)
		if c.ID == 0 || !c.Open() || c.Members != 4 || c.CandidateNumber != w.a.Candidates[0].Number {
			t.Fatalf("created: %+v", c)
		}
		base := fmt.Sprintf("/api/v1/board/cases/%d", c.ID)
		out := boardDecode[exam.BoardVoteOutcome](t, m0.boardJSON(http.MethodPut, base+"/vote", map[string]string{"vote": "yes", "comment": "eindeutig"}), http.StatusOK)
		if out.Closed || out.Case.Voted != 1 || out.Case.MyVote == nil || out.Case.MyVote.Comment != "eindeutig" {
			t.Fatalf("vote: %+v", out)
		}

		before := w.rows()
		p := boardDecode[boardProblem](t, chair.boardJSON(http.MethodPost, base+"/close", nil), http.StatusConflict)
		if !strings.Contains(p.Detail, "(§4(4) der Prüfungsordnung)") {
			t.Fatalf("close without quorum: %+v", p)
		}
		for _, tc := range []struct {
			method, path string
			body         any
			status       int
			field        string
		}{
			{http.MethodPut, base + "/vote", map[string]string{"vote": "ja"}, http.StatusUnprocessableEntity, "vote"},
			{http.MethodPut, base + "/vote", `{"vote": "yes", "extra": 1}`, http.StatusBadRequest, ""},
			{http.MethodPut, base + "/vote", `{"vote": `, http.StatusBadRequest, ""},
			{http.MethodPost, base + "/chair-decision", map[string]string{}, http.StatusUnprocessableEntity, "accept"},
			{http.MethodPost, base + "/chair-decision", map[string]bool{"accept": true}, http.StatusConflict, ""},
			{http.MethodPost, base + "/hearing", map[string]string{"date": "22.11.2026", "minutes": "x"}, http.StatusUnprocessableEntity, "date"},
			{http.MethodPost, base + "/hearing", map[string]string{"date": "2026-11-22", "minutes": "x"}, http.StatusConflict, ""},
			{http.MethodPut, base + "/findings", map[string]bool{"not_responsible": true}, http.StatusConflict, ""},
			{http.MethodPost, "/api/v1/board/cases", map[string]any{"candidate_id": w.a.Candidates[1].ID, "motion": "find_cheating", "component": "ISM",
				"exam_date": "12.10.2026", "summary": "x"}, http.StatusUnprocessableEntity, "exam_date"},
			{http.MethodPost, "/api/v1/board/cases", map[string]any{"candidate_id": w.a.Candidates[1].ID, "motion": "accept_reasons", "summary": "x"},
				http.StatusUnprocessableEntity, "motion"},
			{http.MethodPost, "/api/v1/board/delegations", map[string]string{"task": "alles"}, http.StatusUnprocessableEntity, "task"},
			{http.MethodGet, "/api/v1/board/cases/999999", nil, http.StatusNotFound, ""},
			{http.MethodGet, base + "/letter", nil, http.StatusNotFound, ""},
		} {
			r := chair.boardJSON(tc.method, tc.path, tc.body)
			p := boardDecode[boardProblem](t, r, tc.status)
			if !strings.Contains(r.header.Get("Content-Type"), "application/problem+json") || p.Detail == "" {
				t.Errorf("%s %s: %s %+v", tc.method, tc.path, r.header.Get("Content-Type"), p)
			}
			if tc.field != "" && (len(p.Errors) != 1 || p.Errors[0].Field != tc.field) {
				t.Errorf("%s %s: errors %+v, want field %s", tc.method, tc.path, p.Errors, tc.field)
			}
		}
		if got := w.rows(); got != before {
			t.Fatalf("refused requests changed data: %v → %v", before, got)
		}

		boardDecode[exam.BoardVoteOutcome](t, w.member(1).boardJSON(http.MethodPut, base+"/vote", map[string]string{"vote": "no"}), http.StatusOK)
		boardDecode[exam.BoardVoteOutcome](t, chair.boardJSON(http.MethodPut, base+"/vote", map[string]string{"vote": "yes"}), http.StatusOK)
		done := boardDecode[exam.BoardCase](t, chair.boardJSON(http.MethodPost, base+"/close", nil), http.StatusOK)
		if done.Status != exam.BoardCaseDecided || !done.Accepted || done.Voted != 3 {
			t.Fatalf("closed: %+v", done)
		}
		file := boardDecode[exam.BoardCaseFile](t, m0.get(base), http.StatusOK)
		if file.State == nil || file.State.Components[0].Attempts[0].Grade != "5,0" || len(file.Rules) != 2 || len(file.History) == 0 {
			t.Fatalf("case file: %+v", file)
		}
		inbox := boardDecode[exam.BoardInbox](t, m0.get("/api/v1/board/cases"), http.StatusOK)
		if len(inbox.Open) != 0 || len(inbox.Decided) != 1 || len(inbox.Members) != 4 {
			t.Fatalf("inbox: %+v", inbox)
		}
		if r := m0.get(base + "/letter"); r.status != http.StatusOK || !strings.HasPrefix(r.body, "%PDF-") {
			t.Fatalf("letter: %d", r.status)
		}

		del := boardDecode[exam.BoardCase](t, m0.boardJSON(http.MethodPost, "/api/v1/board/delegations", map[string]string{"task": "find_cheating"}), http.StatusCreated)
		if !del.Delegation || del.Task != exam.MotionFindCheating || del.CandidateID != 0 {
			t.Fatalf("delegation: %+v", del)
		}
	})
}

// TestPara9_2_BoardAPIAsksForEvidenceWithTheCutOff: the board asks through
// the API for the medical certificate on the last day of the candidate's
// cut-off (Monday 09.11.2026): 201 with the case, whose JSON carries the
// running cut-off and what is missing; the candidate is mailed the last
// day. Bad input is a problem naming the field and writes nothing; the
// candidate cannot reach the board's API. (The day after the cut-off is
// TestPara9_2_BoardRejectsBeforeTheCutOffOnlyWhenComplete in the store.)
func TestPara9_2_BoardAPIAsksForEvidenceWithTheCutOff(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w := newBoardHTTP(t, db)
		receipt := w.h.candReasonsApplied(w.a, 0)
		w.h.clock.Set(wachsam.MustDate("2026-11-09").In(w.h.location()).Add(9 * time.Hour))
		w.signIn(w.a.Board[0], w.a.Users[0])
		m0, path := w.member(0), fmt.Sprintf("/api/v1/board/cases/%d/evidence-request", receipt.CaseID)

		before := w.rows()
		for _, tc := range []struct {
			body   any
			status int
			field  string
		}{
			{map[string]string{"evidence": "  "}, http.StatusUnprocessableEntity, "evidence"},
			{`{"evidence": "Attest", "until": "2026-12-01"}`, http.StatusBadRequest, ""},
			{`{"evidence": `, http.StatusBadRequest, ""},
		} {
			p := boardDecode[boardProblem](t, m0.boardJSON(http.MethodPost, path, tc.body), tc.status)
			if tc.field != "" && (len(p.Errors) != 1 || p.Errors[0].Field != tc.field) {
				t.Errorf("%v: errors %+v, want field %s", tc.body, p.Errors, tc.field)
			}
		}
		boardDecode[boardProblem](t, m0.boardJSON(http.MethodPost, "/api/v1/board/cases/999999/evidence-request", map[string]string{"evidence": "Attest"}), http.StatusNotFound)
		if r := w.as(w.a.Users[0]).boardJSON(http.MethodPost, path, map[string]string{"evidence": "Attest"}); r.status != http.StatusNotFound {
			t.Fatalf("the candidate reached the board's API: %d %s", r.status, r.body)
		}
		if got := w.rows(); got != before {
			t.Fatalf("refused requests changed data: %v → %v", before, got)
		}

		file := boardDecode[exam.BoardCaseFile](t, m0.boardJSON(http.MethodPost, path, map[string]string{"evidence": "das ärztliche Attest"}), http.StatusCreated)
		cut := file.CutoffSummary
		if cut == nil || cut.Paragraph != "§9(2)" || cut.LastDay != wachsam.MustDate("2026-11-09") || !cut.Running || cut.Complete || len(cut.Missing) != 2 {
			t.Fatalf("cut-off in the case JSON: %+v", cut)
		}
		var body string
		if err := db.NewSelect().Table("mails").Column("body").Where("to_address = ? AND subject LIKE ?", w.a.Users[0].Email, "%Bitte um Beweismittel%").Scan(t.Context(), &body); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(body, "das ärztliche Attest") || !strings.Contains(body, "09.11.2026") || !strings.Contains(body, "§9(2)") {
			t.Fatalf("mail: %s", body)
		}

	})
}
