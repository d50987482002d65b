package store

import (
	"context"
	"slices"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

// What the board chooses from: the candidates and examiners for a new
// case, and a case's documents.

// BoardOpenChoices is what the form for a new case offers: every
// candidate and, once one is chosen, the components of their seminar with
// the dates they registered for, the examiners and the certificate.
func (db *DB) BoardOpenChoices(ctx context.Context, userID, candidateID int64) (*exam.BoardOpenChoices, error) {
	if _, _, err := db.boardViewer(ctx, db.DB, userID); err != nil {
		return nil, err
	}
	all, err := db.candidateRecords(ctx, db.DB, "c.id > ?", 0)
	if err != nil {
		return nil, err
	}
	out := &exam.BoardOpenChoices{Candidates: all}
	if candidateID == 0 {
		return out, nil
	}
	k := slices.IndexFunc(all, func(c exam.CandidateRecord) bool { return c.ID == candidateID })
	if k < 0 {
		return nil, notFound("Der Prüfling")
	}
	out.Candidate = &all[k]
	s, err := db.ExamState(ctx, candidateID)
	if err != nil {
		return nil, err
	}
	for _, c := range s.Components {
		choice := exam.BoardComponentChoice{Code: c.ID, Name: c.Name, Examiner: c.Examiner, ExamDates: []wachsam.Date{}}
		for _, a := range c.Attempts {
			choice.ExamDates = append(choice.ExamDates, a.ExamDate)
		}
		out.Components = append(out.Components, choice)
	}
	out.Certificate = s.Certificate
	var examiners []exam.BoardPerson
	err = db.NewSelect().TableExpr("users AS u").Join("JOIN user_roles AS r ON r.user_id = u.id").ColumnExpr("u.id, u.name").
		Where("r.role = ? AND u.disabled = ?", wachsam.RoleExaminer, false).OrderExpr("u.name, u.id").Scan(ctx, &examiners)
	out.Examiners = examiners
	return out, err
}

// BoardCaseDocument is one document of the case's candidate, with its
// content; a document of another candidate is not found.
func (db *DB) BoardCaseDocument(ctx context.Context, userID, caseID, documentID int64) (*exam.BoardDocument, error) {
	if _, _, err := db.boardViewer(ctx, db.DB, userID); err != nil {
		return nil, err
	}
	row, err := boardCaseRow(ctx, db.DB, caseID)
	if err != nil {
		return nil, err
	}
	var doc examDocumentRow
	if row.CandidateID == nil {
		return nil, notFound("Das Dokument")
	}
	err = db.NewSelect().Model(&doc).Where("id = ? AND candidate_id = ?", documentID, *row.CandidateID).Scan(ctx)
	if err != nil {
		return nil, lookupError(err, "Das Dokument")
	}
	if doc.DeletedAt != nil {
		return nil, wachsam.Errorf(wachsam.ENOTFOUND, "Das Dokument wurde am %s nach Ablauf der Aufbewahrungsfrist gelöscht (§12(1)).",
			wachsam.DateIn(*doc.DeletedAt, db.Legal).German())
	}
	if doc.Content == nil {
		return nil, notFound("Das Dokument")
	}
	d := exam.BoardDocument{ID: doc.ID, Kind: doc.Kind, Filename: doc.Filename, ContentType: doc.ContentType,
		SizeBytes: doc.SizeBytes, SHA256: doc.SHA256, ExamDate: doc.ExamDay, UploadedAt: doc.UploadedAt, Content: doc.Content}
	return &d, nil
}
