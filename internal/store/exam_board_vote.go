package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

// The circular vote (§4(4)): each member votes yes, no or abstains, and may
// change the vote until the case is decided. The vote closes by itself
// when every member has voted, or earlier when the chair closes it once the
// quorum is met. Where the board delegated a task, the chair decides alone
// (§4(3)).

// boardLock is an open case locked for a change, with the board.
type boardLock struct {
	row     examCaseRow
	detail  boardCaseDetail
	viewer  exam.BoardMember
	members []exam.BoardMember
}

// lockBoardCase locks the case's candidate (every change of a file is
// serialised there) and then the case, and checks that the caller is a
// member and the case still open.
func (db *DB) lockBoardCase(ctx context.Context, tx bun.IDB, userID, caseID int64) (*boardLock, error) {
	viewer, members, err := db.boardViewer(ctx, tx, userID)
	if err != nil {
		return nil, err
	}
	row, err := boardCaseRow(ctx, tx, caseID)
	if err != nil {
		return nil, err
	}
	if row.CandidateID != nil {
		if err := db.lockCandidate(ctx, tx, *row.CandidateID); err != nil {
			return nil, err
		}
	}
	q := tx.NewSelect().Model(&row).Where("id = ?", caseID)
	if db.Dialect == Postgres {
		q = q.For("UPDATE")
	}
	if err := q.Scan(ctx); err != nil {
		return nil, lookupError(err, "Der Fall")
	}
	if row.Status != exam.BoardCaseOpen {
		return nil, wachsam.Errorf(wachsam.ECONFLICT, "Über diesen Fall wurde bereits am %s entschieden.", row.DecidedOn.German())
	}
	d, err := decodeBoardDetail(row)
	if err != nil {
		return nil, err
	}
	return &boardLock{row: row, detail: d, viewer: viewer, members: members}, nil
}

// CastBoardVote records a member's vote (or changes it). When the last
// member has voted, the case is decided in the same transaction; if the
// regulation refuses that decision (the outcome needs what the file lacks),
// the vote stands, the case stays open and Note says why.
func (db *DB) CastBoardVote(ctx context.Context, actor wachsam.Actor, userID, caseID int64, vote exam.BoardVoteChoice, comment string, render exam.RenderLetter) (*exam.BoardVoteOutcome, error) {
	if _, err := exam.ParseBoardVote(string(vote)); err != nil {
		return nil, err
	}
	comment = strings.TrimSpace(comment)
	if err := wachsam.CheckText("comment", "Kommentar", comment, wachsam.MaxCommentLen); err != nil {
		return nil, err
	}
	out := &exam.BoardVoteOutcome{}
	err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		lc, err := db.lockBoardCase(ctx, tx, userID, caseID)
		if err != nil {
			return err
		}
		if err := boardHeardBeforeVote(ctx, tx, lc); err != nil {
			return err
		}
		var old examVoteRow
		err = tx.NewSelect().Model(&old).Where("case_id = ? AND user_id = ?", caseID, userID).Scan(ctx)
		had := err == nil
		if err != nil && wachsam.ErrorCodeOf(translate(err)) != wachsam.ENOTFOUND {
			return err
		}
		row := &examVoteRow{CaseID: caseID, UserID: userID, Vote: string(vote), Comment: comment, CastAt: db.now()}
		detail := exam.BoardVoteChoice(vote).German()
		if had {
			detail += " (vorher " + exam.BoardVoteChoice(old.Vote).German() + ")"
			_, err = tx.NewUpdate().Model(row).WherePK().Column("vote", "comment", "cast_at").Exec(ctx)
		} else {
			_, err = tx.NewInsert().Model(row).Exec(ctx)
		}
		if err != nil {
			return err
		}
		if comment != "" {
			detail += "; Kommentar: " + comment
		}
		if err := db.audit(ctx, tx, actor, "exam_case.vote", "exam_case", caseID, detail); err != nil {
			return err
		}
		votes, err := db.boardCaseVotes(ctx, tx, []int64{caseID})
		if err != nil {
			return err
		}
		if cast := boardMemberVotes(votes[caseID], lc.members); len(cast) == len(lc.members) {
			// Everyone voted: the circulation is complete (§4(4)). A
			// refusal of the regulation undoes only the decision.
			err := tx.RunInTx(ctx, nil, func(ctx context.Context, sp bun.Tx) error {
				return db.decideBoardCase(ctx, sp, actor, lc, exam.ByBoard, exam.CountBoardVotes(cast), render)
			})
			switch code := wachsam.ErrorCodeOf(err); {
			case err == nil:
				out.Closed = true
			case code == wachsam.ECONFLICT || code == wachsam.EINVALID:
				out.Note = "Alle Mitglieder haben abgestimmt, aber so kann nicht entschieden werden: " + wachsam.ErrorMessageOf(err)
			default:
				return err
			}
		}
		return db.reloadBoardCase(ctx, tx, userID, caseID, lc.members, &out.Case)
	})
	return out, err
}

// CloseBoardVote ends the circulation before every member has voted: only
// the chair may, and only once the quorum of §4(4) is met.
func (db *DB) CloseBoardVote(ctx context.Context, actor wachsam.Actor, userID, caseID int64, render exam.RenderLetter) (*exam.BoardCase, error) {
	var out exam.BoardCase
	err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		lc, err := db.lockBoardCase(ctx, tx, userID, caseID)
		if err != nil {
			return err
		}
		if !lc.viewer.Chair {
			return wachsam.Errorf(wachsam.EFORBIDDEN, "Die Abstimmung vorzeitig schließen kann nur der Vorsitzende des Prüfungsausschusses (§4(2)).")
		}
		votes, err := db.boardCaseVotes(ctx, tx, []int64{caseID})
		if err != nil {
			return err
		}
		cast := exam.CountBoardVotes(boardMemberVotes(votes[caseID], lc.members))
		if err := db.decideBoardCase(ctx, tx, actor, lc, exam.ByBoard, cast, render); err != nil {
			return err
		}
		return db.reloadBoardCase(ctx, tx, userID, caseID, lc.members, &out)
	})
	return &out, err
}

// DecideBoardCaseAsChair is the chair's decision alone on a task the board
// delegated (§4(3)): the chair's one yes or no is the decision. Package
// exam refuses it where nothing was delegated.
func (db *DB) DecideBoardCaseAsChair(ctx context.Context, actor wachsam.Actor, userID, caseID int64, accept bool, render exam.RenderLetter) (*exam.BoardCase, error) {
	var out exam.BoardCase
	err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		lc, err := db.lockBoardCase(ctx, tx, userID, caseID)
		if err != nil {
			return err
		}
		if !lc.viewer.Chair {
			return wachsam.Errorf(wachsam.EFORBIDDEN, "Allein entscheiden kann nur der Vorsitzende des Prüfungsausschusses, und nur über Aufgaben, die ihm übertragen sind (§4(3)).")
		}
		votes := exam.Votes{No: 1}
		if accept {
			votes = exam.Votes{Yes: 1}
		}
		if err := db.decideBoardCase(ctx, tx, actor, lc, exam.ByChair, votes, render); err != nil {
			return err
		}
		return db.reloadBoardCase(ctx, tx, userID, caseID, lc.members, &out)
	})
	return &out, err
}

// SetBoardFindings records the two findings of §6(3) the motion on a
// hardship application states. The members vote on the motion as it
// stands, so changing the findings withdraws the votes already cast.
func (db *DB) SetBoardFindings(ctx context.Context, actor wachsam.Actor, userID, caseID int64, f exam.Findings) (withdrawn int, err error) {
	err = db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		lc, err := db.lockBoardCase(ctx, tx, userID, caseID)
		if err != nil {
			return err
		}
		if exam.Motion(lc.row.Motion) != exam.MotionApproveHardshipRetake {
			return wachsam.Errorf(wachsam.ECONFLICT, "Feststellungen nach §6(3) gehören nur zu einem Härtefallantrag.")
		}
		if lc.detail.Findings == f {
			return nil
		}
		lc.detail.Findings = f
		b, err := json.Marshal(lc.detail)
		if err != nil {
			return err
		}
		if _, err := tx.NewUpdate().Model((*examCaseRow)(nil)).Set("detail = ?", string(b)).Set("updated_at = ?", db.now()).Where("id = ?", caseID).Exec(ctx); err != nil {
			return err
		}
		res, err := tx.NewDelete().Model((*examVoteRow)(nil)).Where("case_id = ?", caseID).Exec(ctx)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		withdrawn = int(n)
		detail := fmt.Sprintf("Feststellungen §6(3): nicht zu vertreten %s, Erfolgserwartung %s; %d abgegebene Stimmen zurückgesetzt",
			boardYesNo(f.NotResponsible), boardYesNo(f.ExpectationOfSuccess), withdrawn)
		return db.audit(ctx, tx, actor, "exam_case.findings", "exam_case", caseID, detail)
	})
	return withdrawn, err
}

func boardYesNo(b bool) string {
	if b {
		return "ja"
	}
	return "nein"
}

// reloadBoardCase reads the case back after a change, for the answer.
func (db *DB) reloadBoardCase(ctx context.Context, tx bun.IDB, userID, caseID int64, members []exam.BoardMember, out *exam.BoardCase) error {
	row, err := boardCaseRow(ctx, tx, caseID)
	if err != nil {
		return err
	}
	c, err := db.boardCaseView(ctx, tx, row, members, userID)
	*out = c
	return err
}

// boardHeardBeforeVote refuses a vote on invalidating a certificate before
// the candidate was heard (§11(3): "vor einer Entscheidung Gelegenheit zur
// Äußerung"). A vote cast before the hearing would be a decision made
// without it, so none is taken, and none can be counted. The case can be
// opened and discussed before.
func boardHeardBeforeVote(ctx context.Context, tx bun.IDB, lc *boardLock) error {
	if exam.Motion(lc.row.Motion) != exam.MotionInvalidateCertificate {
		return nil
	}
	heard, err := tx.NewSelect().Model((*examFactRow)(nil)).
		Where("case_id = ? AND type = ?", lc.row.ID, string(exam.FactHearingHeld)).Exists(ctx)
	if err != nil || heard {
		return err
	}
	return wachsam.Errorf(wachsam.ECONFLICT, "Über die Ungültigkeit des Zeugnisses kann erst abgestimmt werden, wenn der Prüfling angehört wurde: "+
		"vor einer Entscheidung ist ihm Gelegenheit zur Äußerung zu geben (§11(3) der Prüfungsordnung). Bitte erfassen Sie zuerst die Anhörung.")
}
