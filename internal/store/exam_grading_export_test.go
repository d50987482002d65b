package store

import (
	"context"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

// GradingNameSubstitute records, for the tests of this package, the board's
// decision naming a substitute examiner for one candidate's component
// (§3(2)) the way the board's pages record it: a board_decision fact whose
// detail names the account (factExtra.ExaminerID).
func (db *DB) GradingNameSubstitute(ctx context.Context, candidateID int64, component string, examiner *wachsam.User, votes exam.Votes) error {
	return db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if err := db.lockCandidate(ctx, tx, candidateID); err != nil {
			return err
		}
		cf, err := db.loadFile(ctx, tx, candidateID)
		if err != nil {
			return err
		}
		f := exam.Fact{Type: exam.FactBoardDecision, Motion: exam.MotionNameSubstituteExaminer, Component: component,
			Members: 4, Votes: votes, DecidedBy: exam.ByBoard, Examiner: examiner.Name}
		_, _, _, err = db.recordFact(ctx, tx, wachsam.SystemActor("test"), cf, f, factExtra{ExaminerID: examiner.ID})
		return err
	})
}
