package http_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// TestPara6_3_CandidateDeclaresHardshipApplicationComplete: the failed
// retake's result was announced on 04.12.2026, so the hardship cut-off
// ends Monday 04.01.2027 (New Year's Day moved by §193 BGB). On
// 10.12.2026 the candidate applies, the board's case page shows the
// running cut-off and that the declaration is missing; the candidate
// declares the application complete on the page, and the case (page and
// JSON) then shows it complete with nothing missing.
func TestPara6_3_CandidateDeclaresHardshipApplicationComplete(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w := newBoardHTTP(t, db)
		h, a := w.h, w.a
		h.candFailISMTwice(a, 0, true)
		h.candAt("2026-12-10", 9, 0)
		receipt, err := db.CandidateApply(t.Context(), wachsam.UserActor(a.Users[0]), a.Users[0].ID, a.Candidates[0].ID,
			exam.CandidateApplication{Action: exam.ApplyHardship, Component: "ISM", Text: "Ich habe meine Mutter gepflegt."})
		if err != nil || receipt.CaseID == 0 {
			t.Fatalf("hardship application: %+v, %v", receipt, err)
		}
		casePage, caseAPI := fmt.Sprintf("/ausschuss/faelle/%d", receipt.CaseID), fmt.Sprintf("/api/v1/board/cases/%d", receipt.CaseID)
		boardWant(t, w.member(0).get(casePage), http.StatusOK, "Ausschlussfrist des Prüflings (§6(3))", "den Härtefallantrag", "04.01.2027",
			"die Erklärung des Prüflings, dass seine Angaben vollständig sind")

		cand := h.signedIn(a.Users[0])
		page := fmt.Sprintf("/pruefung/%d/vollstaendig", a.Candidates[0].ID)
		boardWant(t, cand.get(page+"?leistung=ISM"), http.StatusOK, "Härtefallantrag auf eine zweite Wiederholung", "(Ausschlussfrist, §6(3))")
		if r := cand.post(page, url.Values{"component": {"ISM"}}); r.status != http.StatusSeeOther {
			t.Fatalf("declaring complete: %d\n%s", r.status, r.body)
		}
		boardWant(t, w.member(0).get(casePage), http.StatusOK, "Der Prüfling hat seine Angaben für vollständig erklärt.")
		file := boardDecode[exam.BoardCaseFile](t, w.member(0).get(caseAPI), http.StatusOK)
		if c := file.CutoffSummary; c == nil || c.Paragraph != "§6(3)" || !c.Running || !c.Complete || len(c.Missing) != 0 ||
			c.LastDay != wachsam.MustDate("2027-01-04") {
			t.Fatalf("cut-off in the case JSON: %+v", c)
		}
	})
}
