package store

import (
	"context"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

// Written papers (§12(1)): the examiner keeps them, here as uploaded scans.
// The retention job clears a paper's content two years after the last exam
// performance and sets deleted_at; the entry stays.

const paperKind = "paper"

func (r examDocumentRow) paper() exam.GradingPaper {
	return exam.GradingPaper{ID: r.ID, Filename: r.Filename, ContentType: r.ContentType, SizeBytes: r.SizeBytes, SHA256: r.SHA256,
		UploadedAt: r.UploadedAt, DeletedAt: r.DeletedAt}
}

// attemptPapers lists the papers of the attempt, oldest first.
func (db *DB) attemptPapers(ctx context.Context, tx bun.IDB, t *gradingTarget) ([]exam.GradingPaper, error) {
	var rows []examDocumentRow
	err := tx.NewSelect().Model(&rows).
		Column("id", "filename", "content_type", "size_bytes", "sha256", "uploaded_at", "deleted_at"). // not the content
		Where("candidate_id = ? AND component_id = ? AND exam_day = ? AND kind = ?", t.cf.Candidate.ID, t.comp.ID, t.date.ExamDay, paperKind).
		Order("uploaded_at", "id").Scan(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]exam.GradingPaper, len(rows))
	for i, r := range rows {
		out[i] = r.paper()
	}
	return out, nil
}

// UploadPaper stores the written paper of an attempt the examiner grades
// (PDF, JPEG or PNG, at most MaxDocumentBytes), linked to the attempt's
// registration. There is no paper before the exam day.
func (db *DB) UploadPaper(ctx context.Context, actor wachsam.Actor, examinerID, dateID, candidateID int64, up exam.PaperUpload) (*exam.GradingPaper, error) {
	var out exam.GradingPaper
	err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		t, err := db.lockedTarget(ctx, tx, examinerID, dateID, candidateID)
		if err != nil {
			return err
		}
		if t.date.ExamDay.After(t.today) {
			return wachsam.FieldError("document", "Die Prüfung findet erst am %s statt; vorher gibt es keine schriftliche Arbeit.", t.date.ExamDay.German())
		}
		var factID *int64
		if k := t.acceptedFact(exam.FactRegistered); k >= 0 {
			factID = &t.cf.Sources[k].Fact
		}
		row, err := db.storeDocument(ctx, tx, actor, candidateID, factID, ExamDocumentUpload{
			Kind: paperKind, Filename: up.Filename, Content: up.Content, ComponentID: &t.comp.ID, ExamDay: t.date.ExamDay})
		if err != nil {
			return err
		}
		out = row.paper()
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// ExaminerPaper loads one paper of an attempt the examiner grades, with its
// content. A paper deleted after the retention period (§12(1)) is gone.
func (db *DB) ExaminerPaper(ctx context.Context, examinerID, dateID, candidateID, paperID int64) (*exam.GradingPaper, []byte, error) {
	t, err := db.gradingTarget(ctx, db.DB, examinerID, dateID, candidateID)
	if err != nil {
		return nil, nil, err
	}
	var row examDocumentRow
	err = db.NewSelect().Model(&row).
		Where("id = ? AND candidate_id = ? AND component_id = ? AND exam_day = ? AND kind = ?", paperID, t.cf.Candidate.ID, t.comp.ID, t.date.ExamDay, paperKind).
		Scan(ctx)
	if err != nil {
		return nil, nil, lookupError(err, "Die Arbeit")
	}
	if row.DeletedAt != nil || row.Content == nil {
		on := "nach Ablauf der Aufbewahrungsfrist"
		if row.DeletedAt != nil {
			on = "am " + wachsam.DateIn(*row.DeletedAt, db.Legal).German()
		}
		return nil, nil, &wachsam.Error{Code: wachsam.ENOTFOUND, Message: "Die Arbeit „" + row.Filename + "“ wurde " + on + " gelöscht (§12(1) der Prüfungsordnung)."}
	}
	p := row.paper()
	return &p, row.Content, nil
}
