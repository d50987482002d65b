package store

import (
	"context"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

// The case page: the candidate's file as package exam reads it, the
// documents, the rule that applies and what the regulation says now.

// BoardCase loads a case with everything the board decides it by.
func (db *DB) BoardCase(ctx context.Context, userID, caseID int64) (*exam.BoardCaseFile, error) {
	viewer, members, err := db.boardViewer(ctx, db.DB, userID)
	if err != nil {
		return nil, err
	}
	row, err := boardCaseRow(ctx, db.DB, caseID)
	if err != nil {
		return nil, err
	}
	c, err := db.boardCaseView(ctx, db.DB, row, members, viewer.ID)
	if err != nil {
		return nil, err
	}
	votes, err := db.boardCaseVotes(ctx, db.DB, []int64{row.ID})
	if err != nil {
		return nil, err
	}
	out := &exam.BoardCaseFile{Case: c, History: []exam.BoardHistoryEntry{}, Documents: []exam.BoardDocument{},
		Notes: []exam.Action{}, Checks: []exam.BoardCheck{}}
	for _, m := range members {
		for _, v := range votes[row.ID] {
			if v.UserID == m.ID {
				m.Vote = &v
			}
		}
		out.Members = append(out.Members, m)
	}
	cast := exam.CountBoardVotes(boardMemberVotes(votes[row.ID], members))
	today := db.legalToday()
	if row.CandidateID == nil {
		reg, err := db.boardRegulationOn(today)
		if err != nil {
			return nil, err
		}
		out.Rules = exam.BoardDelegationRules(reg)
		out.Preview = reg.TallyVote(exam.Vote{Members: len(members), Votes: cast, Circular: true, DecidedBy: exam.ByBoard})
		return out, nil
	}
	cf, err := db.loadFile(ctx, db.DB, *row.CandidateID)
	if err != nil {
		return nil, err
	}
	s := cf.evaluate(today)
	out.State = &s
	out.Rules = exam.BoardRulesFor(cf.Reg, c.Motion)
	out.Preview = cf.Reg.TallyVote(exam.Vote{Members: len(members), Votes: cast, Circular: true, DecidedBy: exam.ByBoard})
	out.ChairMay = exam.BoardDelegated(s, c.Motion)
	out.History = boardHistory(cf, s)
	for k, src := range cf.Sources {
		if row.ApplicationFactID != nil && src.Fact == *row.ApplicationFactID {
			app := out.History[k]
			out.Application = &app
		}
	}
	for _, f := range cf.File.Facts {
		if f.Type == exam.FactHearingHeld {
			out.LastHearing = f.Date
		}
	}
	out.Notes = boardRelevantActions(s.BoardMay, c)
	out.CutoffSummary = out.Cutoff()
	if c.Open() {
		d, err := decodeBoardDetail(row)
		if err != nil {
			return nil, err
		}
		for _, accept := range []bool{true, false} {
			out.Checks = append(out.Checks, boardWhatIf(cf, row, d, accept, today))
		}
	}
	if out.Documents, err = db.boardDocuments(ctx, db.DB, cf, row); err != nil {
		return nil, err
	}
	return out, nil
}

// boardRegulationOn is the regulation in force on a day, for what concerns the
// board rather than one candidate (a delegation, §4(3)).
func (db *DB) boardRegulationOn(day wachsam.Date) (exam.Regulation, error) {
	reg, ok := exam.RegulationInForce(exam.Presets(db.Legal), day)
	if !ok {
		return exam.Regulation{}, wachsam.Errorf(wachsam.ECONFLICT, "Am %s war keine bekannte Prüfungsordnung in Kraft (§13).", day.German())
	}
	return reg, nil
}

// boardHistory lists the file's facts with the refusals package exam found.
func boardHistory(cf *candidateFile, s exam.State) []exam.BoardHistoryEntry {
	out := make([]exam.BoardHistoryEntry, 0, len(cf.File.Facts))
	for i, f := range cf.File.Facts {
		e := exam.BoardHistoryEntry{Date: f.Date, Type: f.Type, Label: exam.BoardFactLabel(f.Type), Component: f.Component,
			ExamDate: f.ExamDate, Detail: exam.BoardFactDetail(f), Note: f.Note}
		if r, ok := refusalOf(s, i); ok {
			e.Refused = &r
		}
		out = append(out, e)
	}
	return out
}

// boardRelevantActions picks what the regulation lists for the board to do
// that concerns this case's motion (and its component and exam date).
func boardRelevantActions(as []exam.Action, c exam.BoardCase) []exam.Action {
	want := map[exam.Motion][]string{
		exam.MotionAcceptReasons:         {"decide_reasons", "send_rejection_letter"},
		exam.MotionApproveHardshipRetake: {"decide_hardship"},
		exam.MotionExtendEntitlement:     {"decide_extension"},
		exam.MotionInvalidateCertificate: {"decide_invalidation"},
	}[c.Motion]
	out := []exam.Action{}
	for _, a := range as {
		match := false
		for _, w := range want {
			match = match || a.Action == w
		}
		if match && (a.Component == "" || a.Component == c.Component) && (a.ExamDate.IsZero() || c.ExamDate.IsZero() || a.ExamDate == c.ExamDate) {
			out = append(out, a)
		}
	}
	return out
}

// boardDecisionFact is the board_decision fact that deciding the case records:
// the motion with the fields the case carries.
func boardDecisionFact(cf *candidateFile, row examCaseRow, d boardCaseDetail, by exam.Decider, members int, votes exam.Votes, day wachsam.Date) exam.Fact {
	m := exam.Motion(row.Motion)
	f := exam.Fact{Type: exam.FactBoardDecision, Date: day, Motion: m, Members: members, Votes: votes, Circular: by == exam.ByBoard, DecidedBy: by}
	if row.ComponentID != nil && m != exam.MotionExtendEntitlement && m != exam.MotionInvalidateCertificate {
		f.Component = cf.codeOf(*row.ComponentID)
	}
	switch m {
	case exam.MotionAcceptReasons, exam.MotionFindCheating, exam.MotionRecogniseEquivalent:
		f.ExamDate = row.ExamDay
	case exam.MotionApproveHardshipRetake:
		f.Findings = d.Findings
	case exam.MotionExtendEntitlement:
		f.Until = d.Until
	case exam.MotionInvalidateCertificate:
		f.Ground = d.Ground
	case exam.MotionNameSubstituteExaminer:
		f.Examiner = d.Examiner
	}
	return f
}

// boardWhatIf asks package exam whether accepting (or rejecting) the motion
// today would be allowed: the decision is added to a copy of the file by a
// single member's vote, so that only the motion itself is judged.
func boardWhatIf(cf *candidateFile, row examCaseRow, d boardCaseDetail, accept bool, today wachsam.Date) exam.BoardCheck {
	votes, outcome := exam.Votes{No: 1}, "Ablehnung"
	if accept {
		votes, outcome = exam.Votes{Yes: 1}, "Annahme"
	}
	check := exam.BoardCheck{Outcome: outcome, Accept: accept, Allowed: true}
	if r, refused := boardRefusalIfAdded(cf, boardDecisionFact(cf, row, d, exam.ByBoard, 1, votes, today), today); refused {
		check.Allowed, check.Paragraph, check.Reason = false, r.Paragraph, r.Reason
	}
	return check
}

// boardRefusalIfAdded evaluates the file with f added as of today and returns
// the refusal of f, if any. Nothing is written.
func boardRefusalIfAdded(cf *candidateFile, f exam.Fact, today wachsam.Date) (exam.Refusal, bool) {
	file, _, k := cf.withFact(f, factSource{})
	return refusalOf(exam.Evaluate(cf.Reg, file, today), k)
}

// boardDocuments lists the documents of the case's candidate, without
// their content; those of the application that opened the case first.
func (db *DB) boardDocuments(ctx context.Context, tx bun.IDB, cf *candidateFile, row examCaseRow) ([]exam.BoardDocument, error) {
	var docs []examDocumentRow
	err := tx.NewSelect().Model(&docs).ExcludeColumn("content").Where("candidate_id = ?", cf.Candidate.ID).Order("uploaded_at", "id").Scan(ctx)
	if err != nil {
		return nil, err
	}
	var own, other []exam.BoardDocument
	for _, r := range docs {
		d := boardDocumentView(cf, r)
		if row.ApplicationFactID != nil && r.FactID != nil && *r.FactID == *row.ApplicationFactID {
			d.OfThisCase = true
			own = append(own, d)
		} else {
			other = append(other, d)
		}
	}
	return append(append([]exam.BoardDocument{}, own...), other...), nil
}

func boardDocumentView(cf *candidateFile, r examDocumentRow) exam.BoardDocument {
	d := exam.BoardDocument{ID: r.ID, Kind: r.Kind, Filename: r.Filename, ContentType: r.ContentType, SizeBytes: r.SizeBytes,
		SHA256: r.SHA256, ExamDate: r.ExamDay, UploadedAt: r.UploadedAt, Deleted: r.DeletedAt != nil, Content: r.Content}
	if r.ComponentID != nil {
		d.Component = cf.codeOf(*r.ComponentID)
	}
	return d
}
