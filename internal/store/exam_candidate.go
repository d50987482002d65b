package store

import (
	"cmp"
	"context"
	"slices"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

// A candidate's own files (/pruefung). Every lookup goes through the
// person's account: a file, document or case of someone else is "not
// found", exactly like one that does not exist.

// candidateDocumentKinds are the documents a candidate sees in their file:
// what they sent themselves. Written papers are seen by inspection
// (§12(2)), not by download.
func candidateDocumentKinds() []string { return []string{"medical_certificate", "evidence"} }

// candidateOfUser fails with "not found" unless the file belongs to the account.
func (db *DB) candidateOfUser(ctx context.Context, tx bun.IDB, userID, candidateID int64) error {
	n, err := tx.NewSelect().Model((*examCandidateRow)(nil)).Where("id = ? AND user_id = ?", candidateID, userID).Count(ctx)
	if err != nil {
		return err
	}
	if n == 0 {
		return notFound("Die Prüfungsakte")
	}
	return nil
}

// CandidateFileSummaries lists the person's files with the state of each.
func (db *DB) CandidateFileSummaries(ctx context.Context, userID int64) ([]exam.CandidateFileSummary, error) {
	recs, err := db.CandidatesOfUser(ctx, userID)
	if err != nil {
		return nil, err
	}
	files, err := db.judgedFiles(ctx, db.DB, recs)
	if err != nil {
		return nil, err
	}
	out := make([]exam.CandidateFileSummary, 0, len(recs))
	for i, rec := range recs {
		cf := files[i]
		shown, _ := exam.WithholdUnannounced(cf.evaluate(db.legalToday()))
		sum := exam.CandidateFileSummary{Record: rec, SeminarTitle: cf.Seminar.Title, Overall: shown.Overall}
		for _, d := range exam.CandidateDeadlines(cf.Reg, shown) {
			if d.Own && (sum.Next == nil || d.LastDay.Before(sum.Next.LastDay)) {
				sum.Next = &d
			}
		}
		out = append(out, sum)
	}
	return out, nil
}

// CandidateFile is one of the person's files as they read it.
func (db *DB) CandidateFile(ctx context.Context, userID, candidateID int64) (*exam.CandidateView, error) {
	if err := db.candidateOfUser(ctx, db.DB, userID, candidateID); err != nil {
		return nil, err
	}
	cf, err := db.loadFile(ctx, db.DB, candidateID)
	if err != nil {
		return nil, err
	}
	return db.candidateView(ctx, db.DB, cf)
}

// candidateView builds the view of a loaded file as of today.
func (db *DB) candidateView(ctx context.Context, tx bun.IDB, cf *candidateFile) (*exam.CandidateView, error) {
	today := db.legalToday()
	s := cf.evaluate(today)
	rec, err := db.candidateRecord(ctx, tx, cf.Candidate.ID)
	if err != nil {
		return nil, err
	}
	dates, err := db.ExamDates(ctx, cf.Seminar.ID)
	if err != nil {
		return nil, err
	}
	cases, err := db.candidateCases(ctx, tx, cf)
	if err != nil {
		return nil, err
	}
	docs, err := db.candidateOwnDocuments(ctx, tx, cf)
	if err != nil {
		return nil, err
	}
	v := exam.NewCandidateView(cf.Reg, s, exam.CandidateSources{Record: *rec, Seminar: *cf.officeSeminar(),
		Dates: dates, Cases: cases, Documents: docs, Late: cf.lateApplications(s, today)})
	if v.EnteredLater, err = db.candidateEnteredLater(ctx, tx, cf); err != nil {
		return nil, err
	}
	return &v, nil
}

// candidateEnteredLater lists the facts of the candidate's file the office
// entered with a reason after their day, so the candidate sees what was
// "nachgetragen", when, by whom and why.
func (db *DB) candidateEnteredLater(ctx context.Context, tx bun.IDB, cf *candidateFile) ([]exam.CandidateEnteredLater, error) {
	var rows []examFactRow
	if err := tx.NewSelect().Model(&rows).Where("candidate_id = ? AND entered_reason <> ''", cf.Candidate.ID).Order("day", "id").Scan(ctx); err != nil {
		return nil, err
	}
	var people []int64
	for _, r := range rows {
		if r.RecordedBy != nil {
			people = append(people, *r.RecordedBy)
		}
	}
	names, err := db.officeNames(ctx, people)
	if err != nil {
		return nil, err
	}
	out := []exam.CandidateEnteredLater{}
	for _, r := range rows {
		l := exam.CandidateEnteredLater{Date: r.Day, Label: exam.OfficeFactLabel(exam.FactType(r.Type)), EnteredOn: wachsam.DateIn(r.RecordedAt, db.Legal), Reason: r.EnteredReason}
		if r.RecordedBy != nil {
			l.EnteredBy = names[*r.RecordedBy]
		}
		for _, c := range cf.Components {
			if r.ComponentID != nil && c.ID == *r.ComponentID {
				l.Component = c.Name
			}
		}
		out = append(out, l)
	}
	return out, nil
}

// lateApplications are the applications whose cut-off has passed but that
// package exam would still record, and reject as out of time, if the
// candidate sent them today (exam.LateApplication): the page offers them
// with that warning. One late application per component and kind is
// enough; after it the page no longer offers another.
func (cf *candidateFile) lateApplications(s exam.State, today wachsam.Date) []exam.Action {
	refusedBefore := func(t exam.FactType, component string) bool {
		return slices.ContainsFunc(s.Refused, func(r exam.Refusal) bool { return r.Action == string(t) && r.Component == component })
	}
	late := func(f exam.Fact) bool {
		file, _, k := cf.withFact(f, factSource{})
		return exam.LateApplication(cf.Reg, file, today, k)
	}
	var out []exam.Action
	for _, c := range s.Components {
		for _, a := range c.Attempts {
			if a.Status != "failed" || a.Mean != "" || refusedBefore(exam.FactReasonsSubmitted, c.ID) {
				continue
			}
			if late(exam.Fact{Type: exam.FactReasonsSubmitted, Date: today, Component: c.ID, ExamDate: a.ExamDate}) {
				out = append(out, exam.Action{Action: exam.ApplyReasons, Paragraph: "§9(2)", Component: c.ID, ExamDate: a.ExamDate,
					Note: "Die Ausschlussfrist ist abgelaufen: Gründe werden vermerkt und als verfristet abgelehnt."})
			}
		}
		if c.Status == exam.StatusFailedFinally && !refusedBefore(exam.FactHardshipApplied, c.ID) &&
			late(exam.Fact{Type: exam.FactHardshipApplied, Date: today, Component: c.ID}) {
			out = append(out, exam.Action{Action: exam.ApplyHardship, Paragraph: "§6(2),(3)", Component: c.ID,
				Note: "Die Ausschlussfrist ist abgelaufen: ein Antrag wird vermerkt und als verfristet abgelehnt."})
		}
	}
	return out
}

// candidateCases are the board's cases about the candidate that the
// candidate sees: their own applications, and every decision.
func (db *DB) candidateCases(ctx context.Context, tx bun.IDB, cf *candidateFile) ([]exam.CandidateCase, error) {
	var rows []examCaseRow
	if err := tx.NewSelect().Model(&rows).Where("candidate_id = ?", cf.Candidate.ID).
		Where("status = 'decided' OR application_fact_id IS NOT NULL").Order("opened_at", "id").Scan(ctx); err != nil {
		return nil, err
	}
	out := make([]exam.CandidateCase, 0, len(rows))
	for _, r := range rows {
		c := exam.CandidateCase{ID: r.ID, Motion: exam.Motion(r.Motion), ExamDate: r.ExamDay, Summary: r.Summary, Status: r.Status,
			OpenedAt: r.OpenedAt, DecidedOn: r.DecidedOn, Accepted: r.Accepted, Outcome: r.Outcome, Application: r.ApplicationFactID != nil}
		if r.ComponentID != nil {
			c.Component = cf.codeOf(*r.ComponentID)
		}
		out = append(out, c)
	}
	return out, nil
}

// candidateOwnDocuments lists what the candidate uploaded, without contents.
func (db *DB) candidateOwnDocuments(ctx context.Context, tx bun.IDB, cf *candidateFile) ([]exam.CandidateDocument, error) {
	var rows []examDocumentRow
	if err := tx.NewSelect().Model(&rows).ExcludeColumn("content").Where("candidate_id = ?", cf.Candidate.ID).
		Where("kind IN (?)", bun.In(candidateDocumentKinds())).Where("deleted_at IS NULL").Order("uploaded_at", "id").Scan(ctx); err != nil {
		return nil, err
	}
	out := make([]exam.CandidateDocument, 0, len(rows))
	for _, r := range rows {
		d := exam.CandidateDocument{ID: r.ID, Kind: r.Kind, Filename: r.Filename, ContentType: r.ContentType, SizeBytes: r.SizeBytes,
			ExamDate: r.ExamDay, UploadedAt: r.UploadedAt}
		if r.ComponentID != nil {
			d.Component = cf.codeOf(*r.ComponentID)
		}
		out = append(out, d)
	}
	return out, nil
}

// CandidateDocumentContent returns a document the candidate sent, with its
// content, for download.
func (db *DB) CandidateDocumentContent(ctx context.Context, userID, candidateID, documentID int64) (exam.CandidateDocument, []byte, error) {
	if err := db.candidateOfUser(ctx, db.DB, userID, candidateID); err != nil {
		return exam.CandidateDocument{}, nil, err
	}
	var r examDocumentRow
	err := db.NewSelect().Model(&r).Where("id = ? AND candidate_id = ?", documentID, candidateID).
		Where("kind IN (?)", bun.In(candidateDocumentKinds())).Where("deleted_at IS NULL").Scan(ctx)
	if err != nil {
		return exam.CandidateDocument{}, nil, lookupError(err, "Das Dokument")
	}
	d := exam.CandidateDocument{ID: r.ID, Kind: r.Kind, Filename: cmp.Or(r.Filename, "dokument"), ContentType: r.ContentType,
		SizeBytes: r.SizeBytes, ExamDate: r.ExamDay, UploadedAt: r.UploadedAt}
	return d, r.Content, nil
}
