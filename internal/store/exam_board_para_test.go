package store_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// §4(4): "beschlussfähig, wenn mindestens die Hälfte seiner Mitglieder an
// einer Abstimmung teilnehmen". One of four is not enough: the chair's
// close is refused, naming §4(4), and nothing is decided.
func TestPara4_4_OneOfFourVotedCloseRefused(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w := newBoardWorld(t, db)
		id := w.cheatingCase(0)
		w.vote(0, id, exam.BoardYes)
		before := w.snapshot()
		_, err := w.close(id)
		if wachsam.ErrorCodeOf(err) != wachsam.ECONFLICT || !strings.Contains(wachsam.ErrorMessageOf(err), "1 von 4") ||
			!strings.Contains(wachsam.ErrorMessageOf(err), "§4(4) der Prüfungsordnung") {
			t.Fatalf("err = %v, want the §4(4) refusal", err)
		}
		w.unchanged(before)
		if c := w.boardCase(id).Case; !c.Open() || c.Voted != 1 {
			t.Fatalf("case after the refused close: %+v", c)
		}
	})
}

// §4(4): two of four is half the board, a quorum; the chair may close the
// vote before the others voted. The decision is a board_decision fact, the
// attempt counts 5,0 (§8(1)), and the candidate gets the letter by mail.
func TestPara4_4_TwoOfFourVotedIsAQuorum(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w := newBoardWorld(t, db)
		id := w.cheatingCase(0)
		w.vote(0, id, exam.BoardYes)
		if out := w.vote(3, id, exam.BoardYes); out.Closed {
			t.Fatal("the vote closed with two of four votes by itself")
		}
		before := w.snapshot()
		c, err := w.close(id)
		if err != nil {
			t.Fatal(err)
		}
		if c.Status != exam.BoardCaseDecided || !c.Accepted || c.DecidedBy != exam.ByBoard || c.Members != 4 || c.Voted != 2 ||
			c.Outcome != "Angenommen mit 2 Ja- gegen 0 Nein-Stimmen bei 0 Enthaltungen." {
			t.Fatalf("decided case: %+v", c)
		}
		after := w.snapshot()
		if after.facts != before.facts+1 || after.decided != before.decided+1 || after.mails != before.mails+1 {
			t.Fatalf("before %+v, after %+v", before, after)
		}
		s := w.state(0)
		if a := s.Components[0].Attempts[0]; a.Grade != "5,0" || !strings.Contains(a.Reason, "§8(1)") {
			t.Fatalf("ISM attempt after the finding: %+v", a)
		}
		d := s.Decisions[len(s.Decisions)-1]
		if d.Motion != exam.MotionFindCheating || !d.Effective || d.Tally.TookPart != 2 || !d.Tally.Circulated {
			t.Fatalf("decision in the file: %+v", d)
		}
		m := boardLastMail(t, db)
		if m.ToAddress != w.a.Users[0].Email || len(m.Attachments) != 1 || m.Attachments[0].ContentType != "application/pdf" ||
			!strings.Contains(m.Body, "über den Antrag „Feststellung einer Täuschung (§8(1))“ entschieden. Dem Antrag wird stattgegeben.") {
			t.Fatalf("mail: to %s, %d attachments, body %q", m.ToAddress, len(m.Attachments), m.Body)
		}
		l := w.letters[len(w.letters)-1]
		if l.Decision != "Dem Antrag wird stattgegeben." || l.Signer != w.a.Chair.Name || !strings.Contains(l.Reasons[0], "Von 4 Mitgliedern haben 2") {
			t.Fatalf("letter: %+v", l)
		}
	})
}

// §4(4): a tie rejects the motion. When the last member votes, the vote
// closes by itself.
func TestPara4_4_TieRejects(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w := newBoardWorld(t, db)
		id := w.cheatingCase(1)
		w.vote(0, id, exam.BoardYes)
		w.vote(1, id, exam.BoardNo)
		w.vote(2, id, exam.BoardYes)
		out := w.vote(3, id, exam.BoardNo)
		if !out.Closed || out.Case.Accepted || out.Case.Status != exam.BoardCaseDecided ||
			out.Case.Outcome != "Abgelehnt bei Stimmengleichheit (2 zu 2, 0 Enthaltungen)." {
			t.Fatalf("after the last vote: %+v", out)
		}
		if a := w.state(1).Components[0].Attempts[0]; a.Grade != "1,9" {
			t.Fatalf("a rejected finding changed the attempt: %+v", a)
		}
		if l := w.letters[len(w.letters)-1]; l.Decision != "Der Antrag wird abgelehnt." || !strings.Contains(l.Tenor, "nicht festgestellt") {
			t.Fatalf("letter: %+v", l)
		}
	})
}

// §4(3): the chair decides alone only on a task the board delegated. Before
// the delegation the chair's decision is refused; the board then delegates
// the decision on reasons (§9(2)) by vote, and the chair's decision stands.
// A member who is not the chair can never decide alone.
func TestPara4_3_ChairAloneOnlyAfterDelegation(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newBoardWorld(t, db)
		id := w.absentWithReasons(0, true)
		before := w.snapshot()
		_, err := db.DecideBoardCaseAsChair(ctx, boardActor(w.a.Chair), w.a.Chair.ID, id, true, w.render)
		if wachsam.ErrorCodeOf(err) != wachsam.ECONFLICT || !strings.Contains(wachsam.ErrorMessageOf(err), "§4(3)") {
			t.Fatalf("chair alone without delegation: %v", err)
		}
		w.unchanged(before)
		if w.boardCase(id).ChairMay {
			t.Fatal("the page offers the chair a decision alone without delegation")
		}

		del, err := db.OpenBoardDelegation(ctx, boardActor(w.a.Board[1]), w.a.Board[1].ID, exam.MotionAcceptReasons, "")
		if err != nil {
			t.Fatal(err)
		}
		w.vote(0, del.ID, exam.BoardYes)
		w.vote(1, del.ID, exam.BoardYes)
		w.vote(2, del.ID, exam.BoardAbstain)
		if out := w.vote(3, del.ID, exam.BoardYes); !out.Closed || !out.Case.Accepted {
			t.Fatalf("delegation vote: %+v", out)
		}
		if n := countRows(t, db, "exam_delegations"); n != 1 {
			t.Fatalf("%d delegations", n)
		}
		if _, err := db.OpenBoardDelegation(ctx, boardActor(w.a.Board[1]), w.a.Board[1].ID, exam.MotionAcceptReasons, ""); wachsam.ErrorCodeOf(err) != wachsam.ECONFLICT {
			t.Fatalf("delegating the same task twice: %v", err)
		}
		if !w.boardCase(id).ChairMay {
			t.Fatal("after the delegation the page does not offer the chair's decision")
		}
		w.clock.Advance(time.Hour) // the chair decides later that day

		_, err = db.DecideBoardCaseAsChair(ctx, boardActor(w.a.Board[0]), w.a.Board[0].ID, id, true, w.render)
		if wachsam.ErrorCodeOf(err) != wachsam.EFORBIDDEN {
			t.Fatalf("a member who is not the chair decides alone: %v", err)
		}
		c, err := db.DecideBoardCaseAsChair(ctx, boardActor(w.a.Chair), w.a.Chair.ID, id, true, w.render)
		if err != nil {
			t.Fatal(err)
		}
		if c.DecidedBy != exam.ByChair || !c.Accepted || c.Votes != (exam.Votes{Yes: 1}) {
			t.Fatalf("chair's decision: %+v", c)
		}
		s := w.state(0)
		if a := s.Components[0].Attempts[0]; a.Status != "excused" || a.Counted {
			t.Fatalf("attempt after accepted reasons: %+v", a)
		}
		if l := w.letters[len(w.letters)-1]; !strings.Contains(l.Reasons[0], "§4(3)") || l.Signer != w.a.Chair.Name {
			t.Fatalf("letter of the chair's decision: %+v", l)
		}
	})
}

// §9(2): "Bei Krankheit hat der Kandidat ein ärztliches Attest über die
// Prüfungsunfähigkeit vorzulegen." All four members vote to accept illness
// without a certificate: the vote cannot close; the votes stand, the case
// stays open and the page says why. When the members reject instead, the
// rejection is mailed in writing and that is recorded (§9(3)).
func TestPara9_2_AcceptIllnessWithoutCertificateRefused(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w := newBoardWorld(t, db)
		id := w.absentWithReasons(2, false)
		file := w.boardCase(id)
		if len(file.Checks) != 2 || file.Checks[0].Allowed || file.Checks[0].Paragraph != "§9(2)" || !file.Checks[1].Allowed {
			t.Fatalf("what the regulation says: %+v", file.Checks)
		}
		if file.Application == nil || file.Application.Note != "Grippe mit Fieber" || file.Application.Type != exam.FactReasonsSubmitted {
			t.Fatalf("application: %+v", file.Application)
		}
		if len(file.Notes) != 1 || !strings.Contains(file.Notes[0].Note, "ohne ärztliches Attest") {
			t.Fatalf("notes: %+v", file.Notes)
		}
		for i := range 3 {
			w.vote(i, id, exam.BoardYes)
		}
		before := w.snapshot()
		out := w.vote(3, id, exam.BoardYes)
		if out.Closed || !out.Case.Open() || out.Case.Voted != 4 || !strings.Contains(out.Note, "§9(2)") {
			t.Fatalf("the last vote: %+v", out)
		}
		after := w.snapshot()
		if after.facts != before.facts || after.decided != before.decided || after.mails != before.mails || after.audit != before.audit+1 {
			t.Fatalf("only the vote may be written: before %+v, after %+v", before, after)
		}
		if _, err := w.close(id); wachsam.ErrorCodeOf(err) != wachsam.ECONFLICT || !strings.Contains(wachsam.ErrorMessageOf(err), "(§9(2) der Prüfungsordnung)") {
			t.Fatalf("closing: %v", err)
		}

		// Everyone has voted, so every changed vote tries to close again:
		// three to one still accepts and is refused; two to two rejects.
		if out = w.vote(0, id, exam.BoardNo); out.Closed || !strings.Contains(out.Note, "§9(2)") {
			t.Fatalf("three to one: %+v", out)
		}
		out = w.vote(1, id, exam.BoardNo)
		if !out.Closed || out.Case.Accepted || out.Case.Outcome != "Abgelehnt bei Stimmengleichheit (2 zu 2, 0 Enthaltungen)." {
			t.Fatalf("rejection: %+v", out)
		}
		s := w.state(2)
		a := s.Components[0].Attempts[0]
		if a.Grade != "5,0" || a.RejectionLetterDue {
			t.Fatalf("attempt after the rejection: %+v", a)
		}
		for _, act := range s.BoardMay {
			if act.Action == "send_rejection_letter" {
				t.Fatal("the rejection letter is still due after it was mailed")
			}
		}
		if !boardHasFact(t, db, w.a.Candidates[2].ID, exam.FactRejectionLetterSent) {
			t.Fatal("no rejection_letter_sent fact (§9(3))")
		}
		l := w.letters[len(w.letters)-1]
		if !strings.Contains(strings.Join(l.Reasons, " "), "§9(3)") || l.Remedy == "" {
			t.Fatalf("letter: %+v", l)
		}
	})
}

// §6(3): the board approves a second retake only stating both findings.
// Accepting without them is refused; stating them withdraws the votes
// cast on the motion without them; accepted with them, the retake is open.
func TestPara6_3_HardshipDecisionRecordsBothFindings(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newBoardWorld(t, db)
		w.failedRetake(0)
		w.a.Record(t, db, 0, exam.Fact{Type: exam.FactHardshipApplied, Date: wachsam.MustDate("2026-11-21"), Component: "ISM",
			Note: "Pflege eines Angehörigen"})
		id, err := db.BoardOpenApplication(ctx, w.a.Candidates[0].ID, exam.MotionApproveHardshipRetake, wachsam.Date{})
		if err != nil {
			t.Fatal(err)
		}
		for i := range 3 {
			w.vote(i, id, exam.BoardYes)
		}
		before := w.snapshot()
		if _, err := w.close(id); wachsam.ErrorCodeOf(err) != wachsam.ECONFLICT || !strings.Contains(wachsam.ErrorMessageOf(err), "§6(3)") {
			t.Fatalf("accepting without findings: %v", err)
		}
		w.unchanged(before)

		n, err := db.SetBoardFindings(ctx, boardActor(w.a.Chair), w.a.Chair.ID, id, exam.Findings{NotResponsible: true, ExpectationOfSuccess: true})
		if err != nil || n != 3 {
			t.Fatalf("findings: %d votes withdrawn, %v", n, err)
		}
		for i := range 3 {
			w.vote(i, id, exam.BoardYes)
		}
		c, err := w.close(id)
		if err != nil || !c.Accepted {
			t.Fatalf("close: %+v, %v", c, err)
		}
		var detail string
		if err := db.NewSelect().Table("exam_facts").Column("detail").Where("case_id = ? AND type = ?", id, exam.FactBoardDecision).Scan(ctx, &detail); err != nil {
			t.Fatal(err)
		}
		var d struct {
			Findings exam.Findings `json:"findings"`
		}
		if err := json.Unmarshal([]byte(detail), &d); err != nil || !d.Findings.NotResponsible || !d.Findings.ExpectationOfSuccess {
			t.Fatalf("decision detail %s: %v", detail, err)
		}
		ism := w.state(0).Components[0]
		if ism.Status != exam.StatusFailedRetakePossible || ism.RemainingAttempts != 1 {
			t.Fatalf("ISM after the approval: %+v", ism)
		}
		if l := w.letters[len(w.letters)-1]; !strings.Contains(strings.Join(l.Reasons, " "), "nicht zu vertreten") {
			t.Fatalf("letter: %+v", l)
		}
	})
}

// failedRetake: candidate i failed ISM on 12.10.2026 and its retake on
// 19.11.2026, both results announced.
func (w *boardWorld) failedRetake(i int) {
	w.t.Helper()
	w.a.SatBoth(w.t, w.db, i, exam.Grade50, exam.Grade50, exam.Grade20)
	retake := wachsam.MustDate("2026-11-19")
	dates, err := w.db.ExamDates(context.Background(), w.a.Seminar.ID)
	if err != nil {
		w.t.Fatal(err)
	}
	if !slices.ContainsFunc(dates, func(d exam.ExamDate) bool { return d.ExamDay == retake }) { // announced for an earlier candidate
		d := exam.ExamDate{ComponentID: w.a.ISM.ID, ExamDay: retake, AnnouncedOn: wachsam.MustDate("2026-10-22"), EnteredReason: "Aushang im Seminar"}
		if err := w.db.AnnounceExamDate(context.Background(), wachsam.SystemActor("test"), &d); err != nil {
			w.t.Fatal(err)
		}
	}
	w.a.Record(w.t, w.db, i,
		exam.Fact{Type: exam.FactResultAnnounced, Date: wachsam.MustDate("2026-10-21"), Component: "ISM", ExamDate: storetest.ISMExamDay},
		exam.Fact{Type: exam.FactFeePaid, Date: wachsam.MustDate("2026-10-23"), Fee: "retake", Component: "ISM"},
		exam.Fact{Type: exam.FactRegistered, Date: wachsam.MustDate("2026-10-23"), Component: "ISM", ExamDate: retake},
		exam.Fact{Type: exam.FactAttemptGraded, Date: wachsam.MustDate("2026-11-20"), Component: "ISM", ExamDate: retake,
			Grades: []exam.PartGrade{{Part: "ISM-K", Grade: exam.Grade50}, {Part: "ISM-F", Grade: exam.Grade40}}},
		exam.Fact{Type: exam.FactResultAnnounced, Date: wachsam.MustDate("2026-11-20"), Component: "ISM", ExamDate: retake},
	)
}

func boardLastMail(t *testing.T, db *store.DB) *wachsam.Mail {
	t.Helper()
	var m wachsam.Mail
	if err := db.NewSelect().Model(&m).Order("id DESC").Limit(1).Scan(context.Background()); err != nil {
		t.Fatal(err)
	}
	return &m
}

func boardHasFact(t *testing.T, db *store.DB, candidateID int64, typ exam.FactType) bool {
	t.Helper()
	n, err := db.NewSelect().Table("exam_facts").Where("candidate_id = ? AND type = ?", candidateID, string(typ)).Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n > 0
}
