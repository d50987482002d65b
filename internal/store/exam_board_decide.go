package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

// Deciding a case: the vote is tallied by §4(3),(4); the decision becomes a
// board_decision fact of the candidate's file, which package exam accepts
// or refuses like every other fact; the case is closed, the decision letter
// written and mailed to the candidate — all in one transaction.

// decideBoardCase decides the locked case with the votes given. A refusal of
// the regulation returns an error naming the § before anything is written.
func (db *DB) decideBoardCase(ctx context.Context, tx bun.Tx, actor wachsam.Actor, lc *boardLock, by exam.Decider, votes exam.Votes, render exam.RenderLetter) error {
	today := db.legalToday()
	row := lc.row
	motion := exam.Motion(row.Motion)
	dec := &boardDecision{DecidedBy: by, Members: len(lc.members), Votes: votes, Chair: boardChairName(lc.members)}
	if by == exam.ByChair {
		dec.Chair = lc.viewer.Name
	}
	vote := exam.Vote{Members: dec.Members, Votes: votes, Circular: by == exam.ByBoard, DecidedBy: by}
	var (
		tally  exam.Tally
		factID *int64
		cf     *candidateFile
	)
	if row.CandidateID == nil {
		// A delegation (§4(3)) is about no candidate: it is tallied here
		// and, if carried, becomes a delegation in every file.
		reg, err := db.boardRegulationOn(today)
		if err != nil {
			return err
		}
		if tally = reg.TallyVote(vote); !tally.Valid {
			return boardTallyRefusal(tally)
		}
		if tally.Accepted {
			del := &examDelegationRow{Task: string(lc.detail.Task), DecidedOn: today, Members: dec.Members, Yes: votes.Yes, No: votes.No,
				Abstain: votes.Abstain, Circular: vote.Circular, CaseID: &row.ID, CreatedAt: db.now()}
			if _, err := tx.NewInsert().Model(del).Exec(ctx); err != nil {
				return err
			}
		}
	} else {
		var err error
		if cf, err = db.loadFile(ctx, tx, *row.CandidateID); err != nil {
			return err
		}
		before := cf.evaluate(today)
		vote.Delegated = exam.BoardDelegated(before, motion)
		if tally = cf.Reg.TallyVote(vote); !tally.Valid {
			return boardTallyRefusal(tally)
		}
		if before.Certificate != nil {
			dec.CertificateIssued = before.Certificate.IssuedOn
		}
		f := boardDecisionFact(cf, row, lc.detail, by, dec.Members, votes, today)
		fact, _, _, err := db.recordFact(ctx, tx, actor, cf, f, factExtra{CaseID: &row.ID, ExaminerID: lc.detail.ExaminerID})
		if err != nil {
			return err
		}
		factID = &fact.ID
	}
	lc.detail.Decision = dec
	detail, err := json.Marshal(lc.detail)
	if err != nil {
		return err
	}
	byName := string(by)
	_, err = tx.NewUpdate().Model((*examCaseRow)(nil)).Set("status = ?", exam.BoardCaseDecided).Set("decided_by = ?", byName).
		Set("decided_on = ?", today).Set("accepted = ?", tally.Accepted).Set("outcome = ?", tally.Reason).Set("decision_fact_id = ?", factID).
		Set("detail = ?", string(detail)).Set("updated_at = ?", db.now()).Where("id = ?", row.ID).Exec(ctx)
	if err != nil {
		return err
	}
	word := "abgelehnt"
	if tally.Accepted {
		word = "stattgegeben"
	}
	if err := db.audit(ctx, tx, actor, "exam_case.decide", "exam_case", row.ID,
		fmt.Sprintf("%s: %s; %s (%s)", motion, word, tally.Reason, tally.Paragraph)); err != nil {
		return err
	}
	if cf == nil {
		return nil
	}
	return db.sendBoardLetter(ctx, tx, actor, cf, row.ID, motion == exam.MotionAcceptReasons && !tally.Accepted, render)
}

func boardTallyRefusal(t exam.Tally) error {
	return wachsam.Errorf(wachsam.ECONFLICT, "%s (%s der Prüfungsordnung)", t.Reason, t.Paragraph)
}

// sendBoardLetter writes the decision letter and mails it to the candidate.
// Rejected reasons must be communicated in writing (§9(3)): once the
// letter is on its way, that is a fact of the file.
func (db *DB) sendBoardLetter(ctx context.Context, tx bun.IDB, actor wachsam.Actor, cf *candidateFile, caseID int64, rejectedReasons bool, render exam.RenderLetter) error {
	letter, c, err := db.boardLetter(ctx, tx, caseID)
	if err != nil {
		return err
	}
	file, err := render(letter)
	if err != nil {
		return err
	}
	body := fmt.Sprintf("Guten Tag %s,\n\nder Prüfungsausschuss hat am %s über den Antrag „%s“ entschieden. %s\n\n%s\n\n"+
		"Den Bescheid mit Begründung und Rechtsbehelfsbelehrung finden Sie im Anhang und in wachsam unter „Meine Prüfung“.\n\n"+
		"Mit freundlichen Grüßen\n%s\n%s\n",
		c.CandidateName, c.DecidedOn.German(), c.Motion.German(), c.DecisionSentence(), letter.Tenor, letter.SignerRole, letter.Academy)
	mail := &wachsam.Mail{ToAddress: cf.User.Email, ToName: cf.User.Name, Subject: letter.Subject, Body: body,
		Attachments: []wachsam.MailAttachment{{Name: letter.FileName, ContentType: "application/pdf", Data: file}}}
	if err := db.EnqueueMail(ctx, tx, mail); err != nil {
		return err
	}
	if err := db.audit(ctx, tx, actor, "exam_case.letter", "exam_case", caseID, "Bescheid an "+cf.User.Email+" versandt"); err != nil {
		return err
	}
	if !rejectedReasons {
		return nil
	}
	f := exam.Fact{Type: exam.FactRejectionLetterSent, Component: c.Component, ExamDate: c.ExamDate,
		Note: fmt.Sprintf("Ablehnender Bescheid (Fall %d) per E-Mail versandt", caseID)}
	_, _, _, err = db.recordFact(ctx, tx, actor, cf, f, factExtra{CaseID: &caseID})
	return err
}

// boardLetter writes the letter of a decided case from what is stored.
func (db *DB) boardLetter(ctx context.Context, tx bun.IDB, caseID int64) (exam.BoardLetter, exam.BoardCase, error) {
	row, err := boardCaseRow(ctx, tx, caseID)
	if err != nil {
		return exam.BoardLetter{}, exam.BoardCase{}, err
	}
	d, err := decodeBoardDetail(row)
	if err != nil {
		return exam.BoardLetter{}, exam.BoardCase{}, err
	}
	if row.Status != exam.BoardCaseDecided || d.Decision == nil {
		return exam.BoardLetter{}, exam.BoardCase{}, notFound("Der Bescheid")
	}
	c, err := db.boardCaseView(ctx, tx, row, nil, 0)
	if err != nil {
		return exam.BoardLetter{}, exam.BoardCase{}, err
	}
	if row.CandidateID != nil {
		if c.CandidateAddress, err = db.candidateAddress(ctx, tx, *row.CandidateID); err != nil {
			return exam.BoardLetter{}, exam.BoardCase{}, err
		}
	}
	var reg exam.Regulation
	if row.CandidateID == nil {
		reg, err = db.boardRegulationOn(row.DecidedOn)
	} else {
		reg, err = db.boardCandidateRegulation(ctx, tx, *row.CandidateID)
	}
	if err != nil {
		return exam.BoardLetter{}, exam.BoardCase{}, err
	}
	return exam.NewBoardLetter(reg, c, d.Decision.record(row.DecidedOn)), c, nil
}

// boardCandidateRegulation is the regulation a candidate's file is judged by:
// the one in force on the first seminar day (§13).
func (db *DB) boardCandidateRegulation(ctx context.Context, tx bun.IDB, candidateID int64) (exam.Regulation, error) {
	var first wachsam.Date
	err := tx.NewSelect().TableExpr("exam_seminar_days AS d").Join("JOIN exam_candidates AS c ON c.seminar_id = d.seminar_id").
		ColumnExpr("MIN(d.day)").Where("c.id = ?", candidateID).Scan(ctx, &first)
	if err != nil {
		return exam.Regulation{}, err
	}
	return db.boardRegulationOn(first)
}

// BoardCaseLetter is the letter of a decided case, for the board.
func (db *DB) BoardCaseLetter(ctx context.Context, userID, caseID int64) (exam.BoardLetter, error) {
	if _, _, err := db.boardViewer(ctx, db.DB, userID); err != nil {
		return exam.BoardLetter{}, err
	}
	l, _, err := db.boardLetter(ctx, db.DB, caseID)
	return l, err
}

// CandidateBoardLetter is the letter of a decided case for the candidate
// it concerns: the account must be that candidate, the case theirs.
func (db *DB) CandidateBoardLetter(ctx context.Context, userID, candidateID, caseID int64) (exam.BoardLetter, error) {
	n, err := db.NewSelect().TableExpr("exam_cases AS k").Join("JOIN exam_candidates AS c ON c.id = k.candidate_id").
		Where("k.id = ? AND c.id = ? AND c.user_id = ? AND k.status = ?", caseID, candidateID, userID, exam.BoardCaseDecided).
		Count(ctx)
	if err != nil {
		return exam.BoardLetter{}, err
	}
	if n == 0 {
		return exam.BoardLetter{}, notFound("Der Bescheid")
	}
	l, _, err := db.boardLetter(ctx, db.DB, caseID)
	return l, err
}
