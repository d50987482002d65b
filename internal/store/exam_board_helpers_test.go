package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// boardWorld is the academy of seeds/004 with its board of four (three
// members and the chair, who is a member too), on 22.11.2026.
type boardWorld struct {
	t       *testing.T
	db      *store.DB
	a       *storetest.Academy
	clock   *storetest.FixedClock
	letters []exam.BoardLetter
}

func newBoardWorld(t *testing.T, db *store.DB) *boardWorld {
	t.Helper()
	a, clock := academyAt(t, db)
	return &boardWorld{t: t, db: db, a: a, clock: clock}
}

// render stands in for the PDF printer: the store only passes the letter
// through to the mail, and the test keeps what it was asked to print.
func (w *boardWorld) render(l exam.BoardLetter) ([]byte, error) {
	w.letters = append(w.letters, l)
	return []byte("%PDF-1.4 " + l.Subject), nil
}

func boardActor(u *wachsam.User) wachsam.Actor { return wachsam.UserActor(u) }

// member returns the i-th of the four members; 3 is the chair.
func (w *boardWorld) member(i int) *wachsam.User {
	if i == 3 {
		return w.a.Chair
	}
	return w.a.Board[i]
}

func (w *boardWorld) vote(i int, caseID int64, v exam.BoardVoteChoice) *exam.BoardVoteOutcome {
	w.t.Helper()
	u := w.member(i)
	out, err := w.db.CastBoardVote(context.Background(), boardActor(u), u.ID, caseID, v, "", w.render)
	if err != nil {
		w.t.Fatalf("vote of %s: %v", u.Name, err)
	}
	return out
}

func (w *boardWorld) close(caseID int64) (*exam.BoardCase, error) {
	return w.db.CloseBoardVote(context.Background(), boardActor(w.a.Chair), w.a.Chair.ID, caseID, w.render)
}

func (w *boardWorld) open(in exam.BoardNewCase) int64 {
	w.t.Helper()
	c, err := w.db.OpenBoardCase(context.Background(), boardActor(w.a.Board[0]), w.a.Board[0].ID, in)
	if err != nil {
		w.t.Fatalf("open %s: %v", in.Motion, err)
	}
	return c.ID
}

// cheatingCase: candidate i sat both components; the board examines a
// report of cheating in ISM (§8(1)).
func (w *boardWorld) cheatingCase(i int) int64 {
	w.t.Helper()
	w.a.SatBoth(w.t, w.db, i, exam.Grade17, exam.Grade23, exam.Grade13)
	return w.open(exam.BoardNewCase{CandidateID: w.a.Candidates[i].ID, Motion: exam.MotionFindCheating, Component: "ISM",
		ExamDate: storetest.ISMExamDay, Summary: "Bericht der Aufsicht: Mobiltelefon während der Klausur benutzt."})
}

func (w *boardWorld) state(i int) exam.State {
	w.t.Helper()
	s, err := w.db.ExamState(context.Background(), w.a.Candidates[i].ID)
	if err != nil {
		w.t.Fatal(err)
	}
	return s
}

func (w *boardWorld) boardCase(caseID int64) *exam.BoardCaseFile {
	w.t.Helper()
	f, err := w.db.BoardCase(context.Background(), w.a.Board[0].ID, caseID)
	if err != nil {
		w.t.Fatal(err)
	}
	return f
}

// setDay moves the clock to 09:00 Berlin time on day.
func (w *boardWorld) setDay(day wachsam.Date) {
	w.clock.Set(day.In(w.db.Legal).Add(9 * time.Hour))
}

// snapshot counts what a decision writes, to prove a refusal wrote nothing.
type boardSnapshot struct{ facts, decided, mails, audit, delegations int64 }

func (w *boardWorld) snapshot() boardSnapshot {
	w.t.Helper()
	decided, err := w.db.NewSelect().Table("exam_cases").Where("status = 'decided'").Count(context.Background())
	if err != nil {
		w.t.Fatal(err)
	}
	return boardSnapshot{facts: countRows(w.t, w.db, "exam_facts"), decided: int64(decided), mails: countRows(w.t, w.db, "mails"),
		audit: countRows(w.t, w.db, "audit_entries"), delegations: countRows(w.t, w.db, "exam_delegations")}
}

func (w *boardWorld) unchanged(before boardSnapshot) {
	w.t.Helper()
	if after := w.snapshot(); after != before {
		w.t.Fatalf("a refused action changed data: before %+v, after %+v", before, after)
	}
}

// absentWithReasons: candidate i registered for ISM, missed the exam on
// 12.10.2026 and sent reasons on 20.10.2026 (ill; with or without a
// medical certificate); the case is before the board.
func (w *boardWorld) absentWithReasons(i int, certificate bool) int64 {
	w.t.Helper()
	w.a.Record(w.t, w.db, i,
		exam.Fact{Type: exam.FactRegistered, Date: wachsam.MustDate("2026-09-15"), Component: "ISM", ExamDate: storetest.ISMExamDay},
		exam.Fact{Type: exam.FactAbsent, Date: storetest.ISMExamDay, Component: "ISM", ExamDate: storetest.ISMExamDay},
		exam.Fact{Type: exam.FactReasonsSubmitted, Date: wachsam.MustDate("2026-10-20"), Component: "ISM", ExamDate: storetest.ISMExamDay,
			Illness: true, MedicalCertificate: certificate, Note: "Grippe mit Fieber"},
	)
	id, err := w.db.BoardOpenApplication(context.Background(), w.a.Candidates[i].ID, exam.MotionAcceptReasons, wachsam.Date{})
	if err != nil {
		w.t.Fatal(err)
	}
	return id
}
