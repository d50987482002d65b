package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// Only members of the board reach its cases: a candidate, an examiner and
// the exam office find nothing and change nothing.
func TestBoardCasesAreForTheBoardOnly(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newBoardWorld(t, db)
		id := w.cheatingCase(0)
		doc, err := db.BoardAttachDocument(ctx, w.a.Candidates[0].ID, "evidence", "bericht.pdf", []byte("%PDF-1.4 Bericht"))
		if err != nil {
			t.Fatal(err)
		}
		before := w.snapshot()
		votes := countRows(t, db, "exam_case_votes")
		for _, u := range []*wachsam.User{w.a.Users[0], w.a.Examiners[0], w.a.Office} {
			checks := map[string]error{}
			_, checks["inbox"] = db.BoardCases(ctx, u.ID)
			_, checks["case"] = db.BoardCase(ctx, u.ID, id)
			_, checks["vote"] = db.CastBoardVote(ctx, boardActor(u), u.ID, id, exam.BoardYes, "", w.render)
			_, checks["close"] = db.CloseBoardVote(ctx, boardActor(u), u.ID, id, w.render)
			_, checks["chair"] = db.DecideBoardCaseAsChair(ctx, boardActor(u), u.ID, id, true, w.render)
			_, checks["open"] = db.OpenBoardCase(ctx, boardActor(u), u.ID, exam.BoardNewCase{CandidateID: w.a.Candidates[1].ID,
				Motion: exam.MotionNameSubstituteExaminer, Component: "ISM", ExaminerID: w.a.Examiners[1].ID, Summary: "x"})
			_, checks["delegate"] = db.OpenBoardDelegation(ctx, boardActor(u), u.ID, exam.MotionAcceptReasons, "")
			_, checks["letter"] = db.BoardCaseLetter(ctx, u.ID, id)
			_, checks["document"] = db.BoardCaseDocument(ctx, u.ID, id, doc)
			_, checks["choices"] = db.BoardOpenChoices(ctx, u.ID, 0)
			checks["hearing"] = db.RecordBoardHearing(ctx, boardActor(u), u.ID, id, wachsam.MustDate("2026-11-22"), "x")
			for what, err := range checks {
				if wachsam.ErrorCodeOf(err) != wachsam.ENOTFOUND {
					t.Errorf("%s as %s: %v, want not found", what, u.Email, err)
				}
			}
		}
		w.unchanged(before)
		if n := countRows(t, db, "exam_case_votes"); n != votes {
			t.Fatalf("votes %d → %d", votes, n)
		}
	})
}

// A member who is not the chair cannot close a vote early (§4(2)); a
// decided case takes no more votes.
func TestBoardOnlyTheChairClosesEarly(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newBoardWorld(t, db)
		id := w.cheatingCase(0)
		w.vote(0, id, exam.BoardYes)
		w.vote(1, id, exam.BoardYes)
		m := w.a.Board[0]
		if _, err := db.CloseBoardVote(ctx, boardActor(m), m.ID, id, w.render); wachsam.ErrorCodeOf(err) != wachsam.EFORBIDDEN {
			t.Fatalf("a member closes: %v", err)
		}
		if _, err := w.close(id); err != nil {
			t.Fatal(err)
		}
		before := w.snapshot()
		if _, err := db.CastBoardVote(ctx, boardActor(m), m.ID, id, exam.BoardNo, "", w.render); wachsam.ErrorCodeOf(err) != wachsam.ECONFLICT {
			t.Fatalf("a vote after the decision: %v", err)
		}
		if _, err := w.close(id); wachsam.ErrorCodeOf(err) != wachsam.ECONFLICT {
			t.Fatalf("closing twice: %v", err)
		}
		w.unchanged(before)
	})
}

// A member may change the vote until the decision; every vote is audited
// with what it replaced.
func TestBoardVoteChangesAreAudited(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newBoardWorld(t, db)
		id := w.cheatingCase(0)
		m := w.a.Board[2]
		if _, err := db.CastBoardVote(ctx, boardActor(m), m.ID, id, exam.BoardYes, "Bericht ist eindeutig", w.render); err != nil {
			t.Fatal(err)
		}
		out, err := db.CastBoardVote(ctx, boardActor(m), m.ID, id, exam.BoardAbstain, "Befangen", w.render)
		if err != nil {
			t.Fatal(err)
		}
		if out.Case.Voted != 1 || out.Case.MyVote == nil || out.Case.MyVote.Vote != exam.BoardAbstain || out.Case.MyVote.Comment != "Befangen" {
			t.Fatalf("after the change: %+v", out.Case)
		}
		var details []string
		if err := db.NewSelect().Table("audit_entries").Column("detail").Where("action = 'exam_case.vote'").Order("id").Scan(ctx, &details); err != nil {
			t.Fatal(err)
		}
		if len(details) != 2 || details[0] != "Ja; Kommentar: Bericht ist eindeutig" || details[1] != "Enthaltung (vorher Ja); Kommentar: Befangen" {
			t.Fatalf("audit: %q", details)
		}
		if _, err := db.CastBoardVote(ctx, boardActor(m), m.ID, id, "vielleicht", "", w.render); wachsam.ErrorCodeOf(err) != wachsam.EINVALID {
			t.Fatalf("a vote that is none of the three: %v", err)
		}
		if _, err := db.CastBoardVote(ctx, boardActor(m), m.ID, id, exam.BoardNo, strings.Repeat("x", 2001), w.render); wachsam.ErrorCodeOf(err) != wachsam.EINVALID {
			t.Fatalf("a comment too long: %v", err)
		}
	})
}

// Opening a case checks what the motion needs and asks package exam
// whether it could be carried; bad input writes nothing.
func TestBoardOpenCaseRefusesBadInput(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newBoardWorld(t, db)
		w.a.SatBoth(t, db, 0, exam.Grade17, exam.Grade23, exam.Grade13)
		c0, c1 := w.a.Candidates[0].ID, w.a.Candidates[1].ID
		before := w.snapshot()
		cases := countRows(t, db, "exam_cases")
		for _, tc := range []struct {
			name  string
			in    exam.BoardNewCase
			code  wachsam.ErrorCode
			field string // or § in the message
		}{
			{"unknown motion", exam.BoardNewCase{CandidateID: c0, Motion: "erfunden", Summary: "x"}, wachsam.EINVALID, "motion"},
			{"an application's motion", exam.BoardNewCase{CandidateID: c0, Motion: exam.MotionAcceptReasons, Component: "ISM", Summary: "x"}, wachsam.EINVALID, "motion"},
			{"no summary", exam.BoardNewCase{CandidateID: c0, Motion: exam.MotionFindCheating, Component: "ISM", ExamDate: storetest.ISMExamDay, Summary: "  "}, wachsam.EINVALID, "summary"},
			{"unknown candidate", exam.BoardNewCase{CandidateID: 999999, Motion: exam.MotionFindCheating, Component: "ISM", ExamDate: storetest.ISMExamDay, Summary: "x"}, wachsam.EINVALID, "candidate"},
			{"unknown component", exam.BoardNewCase{CandidateID: c0, Motion: exam.MotionFindCheating, Component: "TECH", ExamDate: storetest.ISMExamDay, Summary: "x"}, wachsam.EINVALID, "component"},
			{"cheating without date", exam.BoardNewCase{CandidateID: c0, Motion: exam.MotionFindCheating, Component: "ISM", Summary: "x"}, wachsam.EINVALID, "exam_date"},
			{"cheating in an exam not sat", exam.BoardNewCase{CandidateID: c1, Motion: exam.MotionFindCheating, Component: "ISM", ExamDate: storetest.ISMExamDay, Summary: "x"}, wachsam.ECONFLICT, "§8(1)"},
			{"equivalent for a date not registered", exam.BoardNewCase{CandidateID: c1, Motion: exam.MotionRecogniseEquivalent, Component: "ISM", ExamDate: storetest.ISMExamDay, Summary: "x"}, wachsam.ECONFLICT, "§3(5)"},
			{"substitute who is no examiner", exam.BoardNewCase{CandidateID: c0, Motion: exam.MotionNameSubstituteExaminer, Component: "ISM", ExaminerID: w.a.Board[0].ID, Summary: "x"}, wachsam.EINVALID, "examiner"},
			{"invalidation without ground", exam.BoardNewCase{CandidateID: c0, Motion: exam.MotionInvalidateCertificate, Summary: "x"}, wachsam.EINVALID, "ground"},
			{"invalidation without certificate", exam.BoardNewCase{CandidateID: c0, Motion: exam.MotionInvalidateCertificate, Ground: "cheating", Summary: "x"}, wachsam.ECONFLICT, "§11(1)"},
		} {
			_, err := db.OpenBoardCase(ctx, boardActor(w.a.Board[0]), w.a.Board[0].ID, tc.in)
			var de *wachsam.Error
			if wachsam.ErrorCodeOf(err) != tc.code {
				t.Errorf("%s: %v, want %s", tc.name, err, tc.code)
			} else if tc.code == wachsam.EINVALID && (!errors.As(err, &de) || de.Field != tc.field) {
				t.Errorf("%s: field %v, want %s", tc.name, err, tc.field)
			} else if tc.code == wachsam.ECONFLICT && !strings.Contains(wachsam.ErrorMessageOf(err), tc.field) {
				t.Errorf("%s: %v, want it to name %s", tc.name, err, tc.field)
			}
		}
		w.unchanged(before)
		if n := countRows(t, db, "exam_cases"); n != cases {
			t.Fatalf("cases %d → %d", cases, n)
		}
		w.open(exam.BoardNewCase{CandidateID: c0, Motion: exam.MotionFindCheating, Component: "ISM", ExamDate: storetest.ISMExamDay, Summary: "x"})
		_, err := db.OpenBoardCase(ctx, boardActor(w.a.Board[1]), w.a.Board[1].ID, exam.BoardNewCase{CandidateID: c0, Motion: exam.MotionFindCheating,
			Component: "ISM", ExamDate: storetest.ISMExamDay, Summary: "noch einmal"})
		if wachsam.ErrorCodeOf(err) != wachsam.ECONFLICT || !strings.Contains(wachsam.ErrorMessageOf(err), "bereits ein Fall offen") {
			t.Fatalf("the same case twice: %v", err)
		}
		if _, err := db.OpenBoardDelegation(ctx, boardActor(w.a.Board[0]), w.a.Board[0].ID, "erfunden", ""); wachsam.ErrorCodeOf(err) != wachsam.EINVALID {
			t.Fatalf("delegating an unknown task: %v", err)
		}
	})
}

// §3(2): the board names another examiner for one candidate's component;
// the decision keeps the account (for the examiners' access) and the file
// shows the new examiner.
func TestPara3_2_SubstituteExaminerNamedByTheBoard(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newBoardWorld(t, db)
		sub := w.a.Examiners[1]
		id := w.open(exam.BoardNewCase{CandidateID: w.a.Candidates[0].ID, Motion: exam.MotionNameSubstituteExaminer, Component: "ISM",
			ExaminerID: sub.ID, Summary: "Dr. Weber ist erkrankt."})
		w.vote(0, id, exam.BoardYes)
		w.vote(1, id, exam.BoardYes)
		if _, err := w.close(id); err != nil {
			t.Fatal(err)
		}
		var detail string
		if err := db.NewSelect().Table("exam_facts").Column("detail").Where("case_id = ?", id).Scan(ctx, &detail); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(detail, `"examiner_id":`) || !strings.Contains(detail, sub.Name) {
			t.Fatalf("decision detail: %s", detail)
		}
		if got := w.state(0).Components[0].Examiner; got != sub.Name {
			t.Fatalf("ISM examiner = %q, want %q", got, sub.Name)
		}
		if got := w.state(1).Components[0].Examiner; got != w.a.Examiners[0].Name {
			t.Fatalf("another candidate's examiner changed to %q", got)
		}
	})
}

// §3(5): under force majeure the board recognises an equivalent
// performance for a registered attempt.
func TestPara3_5_EquivalentPerformanceForARegisteredAttempt(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w := newBoardWorld(t, db)
		w.a.Record(t, db, 1, exam.Fact{Type: exam.FactRegistered, Date: wachsam.MustDate("2026-09-15"), Component: "RECHT", ExamDate: storetest.RechtExamDay})
		id := w.open(exam.BoardNewCase{CandidateID: w.a.Candidates[1].ID, Motion: exam.MotionRecogniseEquivalent, Component: "RECHT",
			ExamDate: storetest.RechtExamDay, Summary: "Serverausfall während der elektronischen Prüfung."})
		w.vote(0, id, exam.BoardYes)
		w.vote(1, id, exam.BoardYes)
		w.vote(2, id, exam.BoardNo)
		if _, err := w.close(id); err != nil {
			t.Fatal(err)
		}
		if a := w.state(1).Components[1].Attempts[0]; !a.Equivalent {
			t.Fatalf("attempt: %+v", a)
		}
	})
}

// The letter is written again from stored data: the board's copy, the
// candidate's copy and the mailed one are the same; another candidate and
// an open case have none.
func TestBoardLetterFromStoredData(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newBoardWorld(t, db)
		id := w.cheatingCase(0)
		open := w.cheatingCase(1)
		if _, err := db.BoardCaseLetter(ctx, w.a.Board[0].ID, open); wachsam.ErrorCodeOf(err) != wachsam.ENOTFOUND {
			t.Fatalf("letter of an open case: %v", err)
		}
		w.vote(0, id, exam.BoardYes)
		w.vote(1, id, exam.BoardNo)
		w.vote(2, id, exam.BoardYes)
		if _, err := w.close(id); err != nil {
			t.Fatal(err)
		}
		mailed := w.letters[len(w.letters)-1]
		w.clock.Advance(400 * 24 * time.Hour) // a year later, the chair may have changed
		board, err := db.BoardCaseLetter(ctx, w.a.Board[1].ID, id)
		if err != nil {
			t.Fatal(err)
		}
		own, err := db.CandidateBoardLetter(ctx, w.a.Users[0].ID, w.a.Candidates[0].ID, id)
		if err != nil {
			t.Fatal(err)
		}
		if !boardSameLetter(board, mailed) || !boardSameLetter(own, mailed) {
			t.Fatalf("letters differ:\nmailed %+v\nboard  %+v\nown    %+v", mailed, board, own)
		}
		if mailed.DateLine != "Ulm, 22.11.2026" || mailed.Recipient[1] != "Prüfling "+w.a.Candidates[0].Number || len(mailed.Rules) != 2 {
			t.Fatalf("letter: %+v", mailed)
		}
		for _, tc := range []struct {
			user              *wachsam.User
			candidate, caseID int64
		}{
			{w.a.Users[1], w.a.Candidates[0].ID, id},   // someone else's file
			{w.a.Users[1], w.a.Candidates[1].ID, id},   // own file, another's case
			{w.a.Users[1], w.a.Candidates[1].ID, open}, // own case, not decided
			{w.a.Board[0], w.a.Candidates[0].ID, id},   // the board, through the candidate's door
		} {
			if _, err := db.CandidateBoardLetter(ctx, tc.user.ID, tc.candidate, tc.caseID); wachsam.ErrorCodeOf(err) != wachsam.ENOTFOUND {
				t.Errorf("%s for candidate %d, case %d: %v", tc.user.Email, tc.candidate, tc.caseID, err)
			}
		}
	})
}

// The case page offers only the documents of the case's candidate.
func TestBoardDocumentsOfTheCasesCandidateOnly(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newBoardWorld(t, db)
		id := w.absentWithReasons(0, true)
		own, err := db.BoardAttachDocument(ctx, w.a.Candidates[0].ID, "medical_certificate", "attest.pdf", []byte("%PDF-1.4 Attest"))
		if err != nil {
			t.Fatal(err)
		}
		other, err := db.BoardAttachDocument(ctx, w.a.Candidates[1].ID, "evidence", "fremd.pdf", []byte("%PDF-1.4 fremd"))
		if err != nil {
			t.Fatal(err)
		}
		file := w.boardCase(id)
		if len(file.Documents) != 1 || file.Documents[0].ID != own || !file.Documents[0].OfThisCase || file.Documents[0].Content != nil {
			t.Fatalf("documents: %+v", file.Documents)
		}
		d, err := db.BoardCaseDocument(ctx, w.a.Board[0].ID, id, own)
		if err != nil || string(d.Content) != "%PDF-1.4 Attest" || d.Filename != "attest.pdf" {
			t.Fatalf("own document: %+v, %v", d, err)
		}
		if _, err := db.BoardCaseDocument(ctx, w.a.Board[0].ID, id, other); wachsam.ErrorCodeOf(err) != wachsam.ENOTFOUND {
			t.Fatalf("another candidate's document through this case: %v", err)
		}
	})
}

func boardSameLetter(a, b exam.BoardLetter) bool {
	return strings.Join(boardLetterLines(a), "\n") == strings.Join(boardLetterLines(b), "\n")
}

func boardLetterLines(l exam.BoardLetter) []string {
	out := []string{l.Academy, l.Board, l.DateLine, l.Reference, l.Subject, l.Salutation, l.Decision, l.Tenor, l.Remedy, l.Closing, l.Signer, l.SignerRole, l.FileName}
	out = append(out, l.Recipient...)
	out = append(out, l.Reasons...)
	for _, r := range l.Rules {
		out = append(out, r.Paragraph, r.Text)
	}
	return out
}
