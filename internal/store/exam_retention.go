package store

import (
	"context"
	"slices"
	"strings"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

// Retention of written papers (§12(1)): they are kept two years from the
// candidate's last exam performance and then deleted. Package exam says
// when (state.BoardMay "delete_papers"); the store clears the scans,
// keeps each row (name, size, checksum, deleted_at) as the record that the
// paper existed and was destroyed, and records the papers_deleted fact.

// CandidatesWithPapers lists the candidates who still have stored written
// papers: only they can be due for deletion.
func (db *DB) CandidatesWithPapers(ctx context.Context) ([]int64, error) {
	var ids []int64
	err := db.NewSelect().Model((*examDocumentRow)(nil)).ColumnExpr("DISTINCT candidate_id").
		Where("kind = 'paper' AND deleted_at IS NULL").Order("candidate_id").Scan(ctx, &ids)
	return ids, err
}

// DeleteExpiredPapers deletes a candidate's written papers if the
// retention period of §12(1) has passed as of today, and returns how many
// files it deleted (0 when nothing is due). The candidate's lock makes it
// safe to run on several instances at once: the second one finds the
// papers_deleted fact recorded and nothing left to do.
func (db *DB) DeleteExpiredPapers(ctx context.Context, actor wachsam.Actor, candidateID int64) (int, error) {
	deleted := 0
	err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		cf, err := db.lockedFile(ctx, tx, candidateID)
		if err != nil {
			return err
		}
		today := db.legalToday()
		state := cf.evaluate(today)
		if !slices.ContainsFunc(state.BoardMay, func(a exam.Action) bool { return a.Action == "delete_papers" }) {
			return nil
		}
		var papers []examDocumentRow
		if err := tx.NewSelect().Model(&papers).Column("id", "filename", "sha256").
			Where("candidate_id = ? AND kind = 'paper' AND deleted_at IS NULL", candidateID).Order("id").Scan(ctx); err != nil {
			return err
		}
		if len(papers) == 0 {
			return nil
		}
		if _, _, _, err := db.recordFact(ctx, tx, actor, cf, exam.Fact{Type: exam.FactPapersDeleted, Date: today,
			Note: "Aufbewahrungsfrist nach §12(1) abgelaufen"}, factExtra{}); err != nil {
			return err
		}
		ids := make([]int64, len(papers))
		names := make([]string, len(papers))
		for i, p := range papers {
			ids[i], names[i] = p.ID, p.Filename+" ("+p.SHA256[:min(12, len(p.SHA256))]+")"
		}
		res, err := tx.NewUpdate().Model((*examDocumentRow)(nil)).Set("content = NULL").Set("deleted_at = ?", db.now()).
			Where("id IN (?) AND deleted_at IS NULL", bun.In(ids)).Exec(ctx)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		deleted = int(n)
		detail := cf.Candidate.Number + ": " + strings.Join(names, ", ") + " gelöscht (§12(1))"
		return db.audit(ctx, tx, actor, "exam_document.retention_delete", "exam_candidate", cf.Candidate.ID, detail)
	})
	if err != nil {
		return 0, err
	}
	return deleted, nil
}
