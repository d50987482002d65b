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
		cut := f.Cutoff()
		if cut == nil || cut.LastDay != last || !cut.Running || len(cut.Missing) != 2 || !strings.Contains(cut.Missing[0], "ärztliche Attest") {
			t.Fatalf("cut-off %+v", cut)
		}
		w.rejectOnlyWhenComplete(open, complete, last)
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

// hardshipCase: candidate i failed the ISM retake (result announced Friday
// 20.11.2026) and applied for a hardship retake on 21.11.2026; the case is
// before the board. The cut-off for the application with all its evidence
// ends Friday 18.12.2026 (§6(3)).
func (w *boardWorld) hardshipCase(i int) int64 {
	w.t.Helper()
	w.failedRetake(i)
	w.a.Record(w.t, w.db, i, exam.Fact{Type: exam.FactHardshipApplied, Date: wachsam.MustDate("2026-11-21"), Component: "ISM", Note: "Pflege eines Angehörigen"})
	id, err := w.db.BoardOpenApplication(context.Background(), w.a.Candidates[i].ID, exam.MotionApproveHardshipRetake, wachsam.Date{})
	if err != nil {
		w.t.Fatal(err)
	}
	return id
}

// TestPara6_3_BoardRejectsHardshipBeforeTheCutOffOnlyWhenComplete: on the
// last day of the cut-off (18.12.2026) all four members vote no on an
// application the candidate did not declare complete: the rejection is
// refused and the case stays open; the case (page and JSON) shows the
// running cut-off and what is missing. The candidate who declared the
// application complete (page/API action complete_reasons without an exam
// date) is rejected on that day. The day after the cut-off the first
// rejection stands.
func TestPara6_3_BoardRejectsHardshipBeforeTheCutOffOnlyWhenComplete(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w := newBoardWorld(t, db)
		last := wachsam.MustDate("2026-12-18")
		w.setDay(wachsam.MustDate("2026-11-21"))
		open, complete := w.hardshipCase(0), w.hardshipCase(1)
		w.setDay(wachsam.MustDate("2026-12-01"))
		if _, err := db.CandidateApply(context.Background(), wachsam.UserActor(w.a.Users[1]), w.a.Users[1].ID, w.a.Candidates[1].ID,
			exam.CandidateApplication{Action: exam.ApplyComplete, Component: "ISM"}); err != nil {
			t.Fatal(err)
		}

		w.setDay(last)
		f := w.boardCase(open)
		cut := f.CutoffSummary
		if cut == nil || cut.Paragraph != "§6(3)" || cut.LastDay != last || !cut.Running || cut.Complete || len(cut.Missing) != 1 ||
			!strings.Contains(cut.Missing[0], "vollständig") {
			t.Fatalf("cut-off %+v", cut)
		}
		if c := w.boardCase(complete).CutoffSummary; c == nil || !c.Complete || len(c.Missing) != 0 {
			t.Fatalf("cut-off of the complete application %+v", c)
		}
		w.rejectOnlyWhenComplete(open, complete, last)
		if s := w.state(0).Components[0]; s.Status != exam.StatusFailedFinally {
			t.Fatalf("ISM after the rejection: %+v", s)
		}
	})
}

// allVote: all four members cast v on the case; the outcome of the last vote.
func (w *boardWorld) allVote(caseID int64, v exam.BoardVoteChoice) *exam.BoardVoteOutcome {
	w.t.Helper()
	var out *exam.BoardVoteOutcome
	for i := range 4 {
		out = w.vote(i, caseID, v)
	}
	return out
}

// rejectOnlyWhenComplete: on the cut-off's last day all four vote no on
// both cases: the rejection of open (not declared complete) is refused,
// naming the cut-off, and the case stays open; complete is rejected. The
// day after, the case shows the cut-off ended with nothing missing and
// the chair closes open with the rejection.
func (w *boardWorld) rejectOnlyWhenComplete(open, complete int64, last wachsam.Date) {
	w.t.Helper()
	w.setDay(last)
	out := w.allVote(open, exam.BoardNo)
	if out.Closed || !strings.Contains(out.Note, "Ausschlussfrist am "+last.German()) || out.Case.Status != exam.BoardCaseOpen {
		w.t.Fatalf("rejection on the last day of the cut-off: %+v", out)
	}
	if out = w.allVote(complete, exam.BoardNo); !out.Closed || out.Case.Accepted {
		w.t.Fatalf("rejection of what was declared complete: %+v", out)
	}
	w.setDay(last.AddDays(1))
	if cut := w.boardCase(open).CutoffSummary; cut == nil || cut.Running || len(cut.Missing) != 0 {
		w.t.Fatalf("after the cut-off: %+v", cut)
	}
	if c, err := w.close(open); err != nil || c.Accepted || c.Status != exam.BoardCaseDecided {
		w.t.Fatalf("rejection the day after the cut-off: %+v, %v", c, err)
	}
}
