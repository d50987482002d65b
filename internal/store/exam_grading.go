package store

import (
	"context"
	"encoding/json"
	"slices"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

// The examiner's reach (§3(2)): an examiner grades the components whose
// teacher they are (exam_components.examiner_id) — except for a candidate
// for whom the board named a substitute — and, for single candidates, the
// components the board gave them as substitute. The board's decision is a
// board_decision fact; package exam says whether it is effective, and the
// account it names is the fact's detail examiner_id.

// notYours is the one answer for an attempt the examiner may not see, so
// that nobody learns whether another examiner's candidate exists.
func notYours() error {
	return &wachsam.Error{Code: wachsam.ENOTFOUND, Message: "Diesen Prüfling gibt es zu diesem Termin nicht oder Sie sind nicht sein Prüfer."}
}

// namedSubstitutes maps the candidate's board_decision facts that name a
// substitute examiner to the account named.
func namedSubstitutes(ctx context.Context, tx bun.IDB, candidateID int64) (map[int64]int64, error) {
	var rows []examFactRow
	if err := tx.NewSelect().Model(&rows).Where("candidate_id = ? AND type = ?", candidateID, string(exam.FactBoardDecision)).Scan(ctx); err != nil {
		return nil, err
	}
	named := map[int64]int64{}
	for _, r := range rows {
		var d factDetail
		if err := json.Unmarshal([]byte(r.Detail), &d); err != nil {
			return nil, err
		}
		if d.Motion == exam.MotionNameSubstituteExaminer {
			named[r.ID] = d.ExaminerID
		}
	}
	return named, nil
}

// examinerOf is the account that examines the candidate's component: the
// substitute of the board's latest effective decision (§3(2)), else the
// teacher of the course. A decision that names no account leaves the
// component to nobody rather than to the examiner it replaced.
func (cf *candidateFile) examinerOf(s exam.State, code string, named map[int64]int64) int64 {
	c, ok := cf.component(code)
	if !ok {
		return 0
	}
	var id int64
	if c.ExaminerID != nil {
		id = *c.ExaminerID
	}
	for _, d := range s.Decisions {
		if d.Motion != exam.MotionNameSubstituteExaminer || d.Component != code || !d.Effective || !d.Tally.Accepted {
			continue
		}
		if d.Fact >= 0 && d.Fact < len(cf.Sources) {
			id = named[cf.Sources[d.Fact].Fact]
		}
	}
	return id
}

// gradingTarget is an attempt the examiner may see, with the file it is in.
type gradingTarget struct {
	date      examDateRow
	comp      examComponentRow
	cf        *candidateFile
	state     exam.State
	compState exam.ComponentState
	attempt   exam.AttemptState
	today     wachsam.Date
}

// gradingTarget loads the candidate's attempt on the exam date, if the
// examiner examines it; anything else is notYours.
func (db *DB) gradingTarget(ctx context.Context, tx bun.IDB, examinerID, dateID, candidateID int64) (*gradingTarget, error) {
	t := &gradingTarget{today: db.legalToday()}
	if err := tx.NewSelect().Model(&t.date).Where("id = ?", dateID).Scan(ctx); err != nil {
		if err = lookupError(err, "Prüfungstermin"); wachsam.ErrorCodeOf(err) == wachsam.ENOTFOUND {
			return nil, notYours()
		}
		return nil, err
	}
	cf, err := db.loadFile(ctx, tx, candidateID)
	if wachsam.ErrorCodeOf(err) == wachsam.ENOTFOUND {
		return nil, notYours()
	}
	if err != nil {
		return nil, err
	}
	k := slices.IndexFunc(cf.Components, func(c examComponentRow) bool { return c.ID == t.date.ComponentID })
	if k < 0 {
		return nil, notYours()
	}
	t.cf, t.comp = cf, cf.Components[k]
	t.state = cf.evaluate(t.today)
	named, err := namedSubstitutes(ctx, tx, candidateID)
	if err != nil {
		return nil, err
	}
	if cf.examinerOf(t.state, t.comp.Code, named) != examinerID {
		return nil, notYours()
	}
	for _, cs := range t.state.Components {
		if cs.ID == t.comp.Code {
			t.compState = cs
		}
	}
	found := false
	for _, a := range t.compState.Attempts {
		if a.ExamDate == t.date.ExamDay {
			t.attempt, found = a, true // the latest attempt on the day, as package exam reads it
		}
	}
	if !found {
		return nil, notYours()
	}
	return t, nil
}

// probe asks package exam whether f would be accepted in the file today,
// without writing anything, so that the pages offer only what is allowed;
// it returns the German refusal with its §, or "". It applies the checks
// of recordFact: no fact dated in the future, none that rewrites history.
func (cf *candidateFile) probe(f exam.Fact, today wachsam.Date) string {
	if f.Date.After(today) {
		return "Der " + f.Date.German() + " liegt in der Zukunft; erfasst wird nur, was geschehen ist."
	}
	before := cf.evaluate(today)
	file, sources, k := cf.withFact(f, factSource{})
	after := exam.Evaluate(cf.Reg, file, today)
	if r, refused := refusalOf(after, k); refused {
		return r.Reason + " (" + r.Paragraph + " der Prüfungsordnung)"
	}
	if err := newlyRefused(before, cf.Sources, after, sources); err != nil {
		return wachsam.ErrorMessageOf(err)
	}
	return ""
}

// view is the attempt as its examiner sees it.
func (t *gradingTarget) view(examinerID int64) exam.GradingAttempt {
	cf := t.cf
	v := exam.GradingAttempt{
		DateID: t.date.ID, CandidateID: cf.Candidate.ID, Number: cf.Candidate.Number, Name: cf.User.Name,
		SeminarTitle: cf.Seminar.Title, ComponentCode: t.comp.Code, ComponentName: t.comp.Name, Parts: gradingParts(cf.Parts[t.comp.ID]),
		ExamDay: t.date.ExamDay, Place: t.date.Place, Examiner: t.compState.Examiner,
		Substitute: t.comp.ExaminerID == nil || *t.comp.ExaminerID != examinerID,
		Attempt:    t.attempt, Component: t.compState.Status, ComponentNote: t.compState.Reason,
		Deadlines: []exam.DeadlineState{}, Papers: []exam.GradingPaper{},
	}
	probe := exam.Fact{Type: exam.FactAttemptGraded, Date: t.today, Component: t.comp.Code, ExamDate: t.date.ExamDay}
	best := cf.Reg.Scale[0]
	if len(v.Parts) == 0 {
		probe.Grades = []exam.PartGrade{{Grade: best}}
	}
	for _, p := range v.Parts {
		probe.Grades = append(probe.Grades, exam.PartGrade{Part: p.Code, Grade: best})
	}
	v.GradeRefusal = cf.probe(probe, t.today)
	v.DisorderRefusal = cf.probe(exam.Fact{Type: exam.FactDisorderFound, Date: t.date.ExamDay, Component: t.comp.Code, ExamDate: t.date.ExamDay}, t.today)
	for _, d := range t.state.Deadlines {
		if d.Component == t.comp.Code && d.ExamDate == t.date.ExamDay {
			v.Deadlines = append(v.Deadlines, d)
		}
	}
	return v
}

func gradingParts(rows []examPartRow) []exam.GradingPart {
	out := make([]exam.GradingPart, len(rows))
	for i, p := range rows {
		out[i] = exam.GradingPart{Code: p.Code, Name: p.Name, Weight: p.Weight}
	}
	return out
}

// ExaminerAttempt is one attempt the examiner grades, with its papers;
// another examiner's attempt is not found.
func (db *DB) ExaminerAttempt(ctx context.Context, examinerID, dateID, candidateID int64) (*exam.GradingAttempt, error) {
	t, err := db.gradingTarget(ctx, db.DB, examinerID, dateID, candidateID)
	if err != nil {
		return nil, err
	}
	v := t.view(examinerID)
	if v.Papers, err = db.attemptPapers(ctx, db.DB, t); err != nil {
		return nil, err
	}
	return &v, nil
}
