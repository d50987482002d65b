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

// certified: candidate i passed both components and holds a certificate
// dated 22.11.2026.
func (w *boardWorld) certified(i int) {
	w.t.Helper()
	w.a.SatBoth(w.t, w.db, i, exam.Grade17, exam.Grade23, exam.Grade13)
	w.a.Record(w.t, w.db, i, exam.Fact{Type: exam.FactCertificateIssued, Date: wachsam.MustDate("2026-11-22")})
}

func (w *boardWorld) invalidationCase(i int) int64 {
	w.t.Helper()
	return w.open(exam.BoardNewCase{CandidateID: w.a.Candidates[i].ID, Motion: exam.MotionInvalidateCertificate, Ground: "cheating",
		Summary: "Nach Aushändigung des Zeugnisses wurde bekannt, dass die Fallstudie abgeschrieben war."})
}

func (w *boardWorld) hearing(caseID int64, on wachsam.Date) error {
	return w.db.RecordBoardHearing(context.Background(), boardActor(w.a.Chair), w.a.Chair.ID, caseID, on, "Der Prüfling bestreitet die Täuschung.")
}

// §11(3): "Dem Kandidaten ist vor einer Entscheidung Gelegenheit zur
// Äußerung zu geben." Without a recorded hearing no member can vote on the
// invalidation (so no vote before the hearing is ever counted) and it
// cannot be decided; once the hearing is recorded the board votes.
func TestPara11_3_InvalidationWithoutHearingRefused(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w := newBoardWorld(t, db)
		w.certified(0)
		id := w.invalidationCase(0)
		file := w.boardCase(id)
		if file.HearingRecorded() || file.Checks[0].Allowed || file.Checks[0].Paragraph != "§11(3)" {
			t.Fatalf("before the hearing: recorded %v, checks %+v", file.HearingRecorded(), file.Checks)
		}
		before := w.snapshot()
		votes := countRows(t, db, "exam_case_votes")
		for i := range 3 {
			u := w.member(i)
			_, err := db.CastBoardVote(context.Background(), boardActor(u), u.ID, id, exam.BoardYes, "", w.render)
			if wachsam.ErrorCodeOf(err) != wachsam.ECONFLICT || !strings.Contains(wachsam.ErrorMessageOf(err), "erst abgestimmt werden, wenn der Prüfling angehört wurde") {
				t.Fatalf("vote of %s before the hearing: %v", u.Name, err)
			}
		}
		if _, err := w.close(id); wachsam.ErrorCodeOf(err) != wachsam.ECONFLICT {
			t.Fatalf("close without hearing: %v", err)
		}
		w.unchanged(before)
		if n := countRows(t, db, "exam_case_votes"); n != votes {
			t.Fatalf("votes before the hearing were stored: %d → %d", votes, n)
		}

		if err := w.hearing(id, wachsam.MustDate("2026-11-23")); wachsam.ErrorCodeOf(err) != wachsam.EINVALID {
			t.Fatalf("a hearing dated tomorrow: %v", err)
		}
		if err := w.db.RecordBoardHearing(context.Background(), boardActor(w.a.Chair), w.a.Chair.ID, id, wachsam.MustDate("2026-11-22"), "  "); wachsam.ErrorCodeOf(err) != wachsam.EINVALID {
			t.Fatalf("a hearing without minutes: %v", err)
		}
		w.unchanged(before)
		if err := w.hearing(id, wachsam.MustDate("2026-11-22")); err != nil {
			t.Fatal(err)
		}
		if file := w.boardCase(id); !file.HearingRecorded() || !file.Checks[0].Allowed {
			t.Fatalf("after the hearing: %+v", file.Checks)
		}
		for i := range 3 {
			w.vote(i, id, exam.BoardYes)
		}
		c, err := w.close(id)
		if err != nil || !c.Accepted {
			t.Fatalf("close after the hearing: %+v, %v", c, err)
		}
		cert := w.state(0).Certificate
		if cert == nil || cert.Status != "invalidated" || cert.Ground != "cheating" {
			t.Fatalf("certificate: %+v", cert)
		}
		if l := w.letters[len(w.letters)-1]; !strings.Contains(l.Tenor, "Zeugnis vom 22.11.2026") || !strings.Contains(l.Tenor, "eingezogen") {
			t.Fatalf("letter: %+v", l)
		}
	})
}

// §11(4): "Eine Entscheidung nach Abs. 1 und Abs. 2 ist nach einer Frist
// von 5 Jahren ab dem Datum des Zeugnisses ausgeschlossen." The certificate
// of 22.11.2026: five years end on Saturday 22.11.2031, moved by §193 BGB
// to Monday 24.11.2031. On that day the board may decide; on the day after
// it may neither decide nor open the case.
func TestPara11_4_InvalidationLastDayOfFiveYearsAcceptedDayAfterRefused(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w := newBoardWorld(t, db)
		for i := range 3 {
			w.certified(i)
		}
		reg := exam.UdisISB2025(db.Legal)
		last := reg.Deadline(exam.InvalidationLimit, wachsam.MustDate("2026-11-22"))
		if last != wachsam.MustDate("2031-11-24") {
			t.Fatalf("last day of §11(4) = %s", last)
		}
		w.setDay(last)
		onTime, late := w.invalidationCase(0), w.invalidationCase(1)
		for _, id := range []int64{onTime, late} {
			if err := w.hearing(id, last); err != nil {
				t.Fatal(err)
			}
			for i := range 3 {
				w.vote(i, id, exam.BoardYes)
			}
		}
		if c, err := w.close(onTime); err != nil || !c.Accepted || c.DecidedOn != last {
			t.Fatalf("decision on the last day: %+v, %v", c, err)
		}

		w.setDay(last.AddDays(1))
		before := w.snapshot()
		_, err := w.close(late)
		if wachsam.ErrorCodeOf(err) != wachsam.ECONFLICT || !strings.Contains(wachsam.ErrorMessageOf(err), "(§11(4) der Prüfungsordnung)") ||
			!strings.Contains(wachsam.ErrorMessageOf(err), "24.11.2031") {
			t.Fatalf("decision on the day after: %v", err)
		}
		_, err = db.OpenBoardCase(context.Background(), boardActor(w.a.Board[0]), w.a.Board[0].ID, exam.BoardNewCase{
			CandidateID: w.a.Candidates[2].ID, Motion: exam.MotionInvalidateCertificate, Ground: "admission", Summary: "Zulassung zu Unrecht."})
		if wachsam.ErrorCodeOf(err) != wachsam.ECONFLICT || !strings.Contains(wachsam.ErrorMessageOf(err), "§11(4)") {
			t.Fatalf("opening on the day after: %v", err)
		}
		w.unchanged(before)
		if cert := w.state(1).Certificate; cert.Status != "valid" {
			t.Fatalf("certificate after the refused decision: %+v", cert)
		}
	})
}
