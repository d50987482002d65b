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

// mailsTo counts the mails to address whose subject contains subject.
func mailsTo(t *testing.T, db *store.DB, address, subject string) int64 {
	t.Helper()
	n, err := db.NewSelect().Table("mails").Where("to_address = ?", address).Where("subject LIKE ?", "%"+subject+"%").Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestPara4_4_CaseOpenedMailsMembersAndTheCandidate: a case opened by a
// member puts a mail asking for the vote to every member and the chair,
// and tells the candidate it concerns; a case opened by the candidate's
// own application mails the board but not the candidate again (their
// receipt says it), and no other candidate is mailed.
func TestPara4_4_CaseOpenedMailsMembersAndTheCandidate(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w := newBoardWorld(t, db)
		id := w.cheatingCase(0)
		for _, u := range append(append([]*wachsam.User{}, w.a.Board...), w.a.Chair) {
			if n := mailsTo(t, db, u.Email, "braucht Ihre Stimme"); n != 1 {
				t.Errorf("%s: %d vote mails for case %d", u.Email, n, id)
			}
		}
		if n := mailsTo(t, db, w.a.Users[0].Email, "ein Fall zu Ihrer Prüfung"); n != 1 {
			t.Errorf("candidate mailed %d times", n)
		}
		w.absentWithReasons(1, true)
		if n := mailsTo(t, db, w.a.Users[1].Email, "ein Fall zu Ihrer Prüfung"); n != 0 {
			t.Errorf("applicant mailed %d times about their own application", n)
		}
		if n := mailsTo(t, db, w.a.Chair.Email, "braucht Ihre Stimme"); n != 2 {
			t.Errorf("chair: %d vote mails, want 2", n)
		}
		if n := mailsTo(t, db, w.a.Users[2].Email, "Prüfungsausschuss"); n != 0 {
			t.Errorf("an uninvolved candidate got %d mails", n)
		}
	})
}

// TestPara9_2_OnlyTheBoardAsksForEvidence: a member's request is audited and
// mailed to the candidate; the candidate themselves or an examiner cannot
// ask (not found), an empty request is refused beside its field, and a
// delegation has no candidate to ask.
func TestPara9_2_OnlyTheBoardAsksForEvidence(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w := newBoardWorld(t, db)
		ctx := context.Background()
		id := w.absentWithReasons(0, false)
		before := w.snapshot()
		for _, u := range []*wachsam.User{w.a.Users[0], w.a.Examiners[0]} {
			if err := db.RequestBoardEvidence(ctx, wachsam.UserActor(u), u.ID, id, "Attest"); wachsam.ErrorCodeOf(err) != wachsam.ENOTFOUND {
				t.Fatalf("%s asked: %v", u.Email, err)
			}
		}
		err := db.RequestBoardEvidence(ctx, boardActor(w.a.Chair), w.a.Chair.ID, id, "  ")
		if e, ok := err.(*wachsam.Error); !ok || e.Field != "evidence" {
			t.Fatalf("empty request: %v", err)
		}
		w.unchanged(before)
		if err := db.RequestBoardEvidence(ctx, boardActor(w.a.Chair), w.a.Chair.ID, id, "Ärztliches Attest"); err != nil {
			t.Fatal(err)
		}
		if n := mailsTo(t, db, w.a.Users[0].Email, "Bitte um Beweismittel"); n != 1 {
			t.Fatalf("%d mails", n)
		}
		del, err := db.OpenBoardDelegation(ctx, boardActor(w.a.Chair), w.a.Chair.ID, exam.MotionAcceptReasons, "")
		if err != nil {
			t.Fatal(err)
		}
		if err := db.RequestBoardEvidence(ctx, boardActor(w.a.Chair), w.a.Chair.ID, del.ID, "x"); wachsam.ErrorCodeOf(err) != wachsam.ECONFLICT {
			t.Fatalf("delegation: %v", err)
		}
	})
}
