package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// TestPara9_2_BoardRejectsBeforeTheCutOffOnlyWhenComplete: reasons of
// 20.10.2026 for the absence of 12.10.2026; the cut-off ends Monday
// 09.11.2026. On that last day all four members vote no: the rejection is
// refused (the candidate may still send evidence), the case stays open and
// the case page shows the running cut-off and what is missing. The next
// day the chair closes the vote and the rejection stands. A candidate who
// declared the reasons complete can be rejected on the last day.
func TestPara9_2_BoardRejectsBeforeTheCutOffOnlyWhenComplete(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w := newBoardWorld(t, db)
		last := wachsam.MustDate("2026-11-09")
		open := w.absentWithReasons(0, false)
		complete := w.absentWithReasons(1, true)
		w.setDay(wachsam.MustDate("2026-11-05"))
		if _, err := db.CandidateApply(context.Background(), wachsam.UserActor(w.a.Users[1]), w.a.Users[1].ID, w.a.Candidates[1].ID,
			exam.CandidateApplication{Action: exam.ApplyComplete, Component: "ISM", ExamDate: storetest.ISMExamDay}); err != nil {
			t.Fatal(err)
		}

		w.setDay(last)
		f := w.boardCase(open)
		cut := f.ReasonsCutoff()
		if cut == nil || cut.LastDay != last || !cut.Running || len(cut.Missing) != 2 || !strings.Contains(cut.Missing[0], "ärztliche Attest") {
			t.Fatalf("cut-off %+v", cut)
		}
		var out *exam.BoardVoteOutcome
		for i := range 4 {
			out = w.vote(i, open, exam.BoardNo)
		}
		if out.Closed || !strings.Contains(out.Note, "Ausschlussfrist am 09.11.2026") || out.Case.Status != exam.BoardCaseOpen {
			t.Fatalf("rejection on the last day of the cut-off: %+v", out)
		}
		for i := range 4 {
			out = w.vote(i, complete, exam.BoardNo)
		}
		if !out.Closed || out.Case.Accepted {
			t.Fatalf("rejection of reasons declared complete: %+v", out)
		}

		w.setDay(last.AddDays(1))
		if cut := w.boardCase(open).ReasonsCutoff(); cut.Running || len(cut.Missing) != 0 {
			t.Fatalf("after the cut-off: %+v", cut)
		}
		c, err := w.close(open)
		if err != nil || c.Accepted || c.Status != exam.BoardCaseDecided {
			t.Fatalf("rejection the day after the cut-off: %+v, %v", c, err)
		}
		if a := w.state(0).Components[0].Attempts[0]; a.Status != "failed" || !a.RejectionLetterDue && len(w.letters) == 0 {
			t.Fatalf("attempt %+v", a)
		}
	})
}
