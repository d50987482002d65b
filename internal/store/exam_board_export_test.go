package store

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

// Helpers for the board's tests in package store_test: they put a case
// before the board the way a candidate's application does, without
// depending on the candidate pages' own methods.

// BoardOpenApplication opens the board's case on the newest application
// fact of the given type in the candidate's file (reasons_submitted,
// hardship_applied or extension_applied) and returns the case's ID.
func (db *DB) BoardOpenApplication(ctx context.Context, candidateID int64, motion exam.Motion, until wachsam.Date) (int64, error) {
	app := map[exam.Motion]exam.FactType{
		exam.MotionAcceptReasons:         exam.FactReasonsSubmitted,
		exam.MotionApproveHardshipRetake: exam.FactHardshipApplied,
		exam.MotionExtendEntitlement:     exam.FactExtensionApplied,
	}[motion]
	var id int64
	err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if err := db.lockCandidate(ctx, tx, candidateID); err != nil {
			return err
		}
		var f examFactRow
		if err := tx.NewSelect().Model(&f).Where("candidate_id = ? AND type = ?", candidateID, string(app)).Order("id DESC").Limit(1).Scan(ctx); err != nil {
			return fmt.Errorf("no %s fact: %w", app, err)
		}
		row, err := db.openCase(ctx, tx, wachsam.SystemActor("test"), caseSpec{CandidateID: &candidateID, Motion: motion,
			ComponentID: f.ComponentID, ExamDay: f.ExamDay, ApplicationID: &f.ID, Detail: caseDetail{Until: until},
			Summary: "Antrag vom " + f.Day.German()})
		if err != nil {
			return err
		}
		id = row.ID
		return nil
	})
	return id, err
}

// BoardAttachDocument stores a document with the newest fact of the
// candidate's file, as an upload with an application does.
func (db *DB) BoardAttachDocument(ctx context.Context, candidateID int64, kind, name string, content []byte) (int64, error) {
	var id int64
	err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		var f examFactRow
		if err := tx.NewSelect().Model(&f).Where("candidate_id = ?", candidateID).Order("id DESC").Limit(1).Scan(ctx); err != nil {
			return err
		}
		doc, err := db.storeDocument(ctx, tx, wachsam.SystemActor("test"), candidateID, &f.ID, ExamDocumentUpload{Kind: kind, Filename: name, Content: content})
		if err != nil {
			return err
		}
		id = doc.ID
		return nil
	})
	return id, err
}
