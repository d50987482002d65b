package store

import (
	"cmp"
	"context"
	"encoding/json"
	"slices"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

// ExaminerOverview lists the components the examiner grades — newest
// seminar first, in the order of the canon — each with its exam dates and,
// per date, the registered candidates the examiner grades with their
// attempt. A component the examiner grades only as the board's substitute
// (§3(2)) lists only the dates and candidates of that substitution.
func (db *DB) ExaminerOverview(ctx context.Context, examinerID int64) ([]exam.GradingComponent, error) {
	o := &gradingOverview{db: db, examinerID: examinerID, byID: map[int64]*exam.GradingComponent{}, dates: map[int64][]examDateRow{}, titles: map[int64]string{}}
	if err := o.ownComponents(ctx); err != nil {
		return nil, err
	}
	ids, err := o.candidates(ctx)
	if err != nil {
		return nil, err
	}
	files, err := db.loadFiles(ctx, db.DB, ids)
	if err != nil {
		return nil, err
	}
	for _, cf := range files {
		if cf.unjudged != nil {
			return nil, cf.unjudged
		}
		if err := o.addCandidate(ctx, cf); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(o.order, func(a, b examComponentRow) int {
		return cmp.Or(cmp.Compare(b.SeminarID, a.SeminarID), cmp.Compare(a.Position, b.Position), cmp.Compare(a.ID, b.ID))
	})
	out := make([]exam.GradingComponent, 0, len(o.order))
	for _, c := range o.order {
		gc := o.byID[c.ID]
		slices.SortFunc(gc.Dates, func(a, b exam.GradingDate) int { return a.ExamDay.Compare(b.ExamDay) })
		for k := range gc.Dates {
			slices.SortFunc(gc.Dates[k].Candidates, func(a, b exam.GradingCandidate) int { return cmp.Compare(a.Number, b.Number) })
		}
		out = append(out, *gc)
	}
	return out, nil
}

// gradingOverview collects the overview.
type gradingOverview struct {
	db         *DB
	examinerID int64
	order      []examComponentRow
	byID       map[int64]*exam.GradingComponent
	dates      map[int64][]examDateRow // by component
	titles     map[int64]string        // seminar titles
	seminars   []int64                 // seminars of the examiner's own components
}

// ownComponents adds the components whose teacher the examiner is, with
// all their exam dates, even those nobody registered for yet.
func (o *gradingOverview) ownComponents(ctx context.Context) error {
	var own []examComponentRow
	if err := o.db.NewSelect().Model(&own).Where("examiner_id = ?", o.examinerID).Order("seminar_id", "position", "id").Scan(ctx); err != nil {
		return err
	}
	for _, c := range own {
		if !slices.Contains(o.seminars, c.SeminarID) {
			o.seminars = append(o.seminars, c.SeminarID)
		}
		gc, err := o.component(ctx, c, false)
		if err != nil {
			return err
		}
		for _, d := range o.dates[c.ID] {
			gc.Dates = append(gc.Dates, exam.GradingDate{ID: d.ID, ExamDay: d.ExamDay, Place: d.Place, Candidates: []exam.GradingCandidate{}})
		}
	}
	return nil
}

// component returns the overview's entry for c, creating it with its parts
// and exam dates.
func (o *gradingOverview) component(ctx context.Context, c examComponentRow, substitute bool) (*exam.GradingComponent, error) {
	if gc, ok := o.byID[c.ID]; ok {
		return gc, nil
	}
	title, ok := o.titles[c.SeminarID]
	if !ok {
		if err := o.db.NewSelect().Model((*examSeminarRow)(nil)).Column("title").Where("id = ?", c.SeminarID).Scan(ctx, &title); err != nil {
			return nil, err
		}
		o.titles[c.SeminarID] = title
	}
	var parts []examPartRow
	if err := o.db.NewSelect().Model(&parts).Where("component_id = ?", c.ID).Order("position", "id").Scan(ctx); err != nil {
		return nil, err
	}
	var dates []examDateRow
	if err := o.db.NewSelect().Model(&dates).Where("component_id = ?", c.ID).Order("exam_day").Scan(ctx); err != nil {
		return nil, err
	}
	o.dates[c.ID] = dates
	gc := &exam.GradingComponent{SeminarID: c.SeminarID, SeminarTitle: title, ComponentID: c.ID, Code: c.Code, Name: c.Name,
		Parts: gradingParts(parts), Substitute: substitute, Dates: []exam.GradingDate{}}
	o.byID[c.ID] = gc
	o.order = append(o.order, c)
	return gc, nil
}

// candidates are every candidate of the seminars of the examiner's own
// components and every candidate for whom the board named the examiner as
// substitute (whether that decision is effective, package exam says later).
func (o *gradingOverview) candidates(ctx context.Context) ([]int64, error) {
	var ids []int64
	if len(o.seminars) > 0 {
		if err := o.db.NewSelect().Model((*examCandidateRow)(nil)).Column("id").Where("seminar_id IN (?)", bun.In(o.seminars)).Order("id").Scan(ctx, &ids); err != nil {
			return nil, err
		}
	}
	var decisions []examFactRow
	err := o.db.NewSelect().Model(&decisions).Column("candidate_id", "detail").
		Where("type = ? AND detail LIKE ?", string(exam.FactBoardDecision), "%"+string(exam.MotionNameSubstituteExaminer)+"%").Scan(ctx)
	if err != nil {
		return nil, err
	}
	for _, r := range decisions {
		var d factDetail
		if err := json.Unmarshal([]byte(r.Detail), &d); err != nil {
			return nil, err
		}
		if d.Motion == exam.MotionNameSubstituteExaminer && d.ExaminerID == o.examinerID && !slices.Contains(ids, r.CandidateID) {
			ids = append(ids, r.CandidateID)
		}
	}
	return ids, nil
}

// addCandidate adds the candidate's attempts at every component the
// examiner examines for them.
func (o *gradingOverview) addCandidate(ctx context.Context, cf *candidateFile) error {
	named, err := namedSubstitutes(ctx, o.db.DB, cf.Candidate.ID)
	if err != nil {
		return err
	}
	s := cf.evaluate(o.db.legalToday())
	for k, c := range cf.Components {
		if cf.examinerOf(s, c.Code, named) != o.examinerID {
			continue
		}
		own := c.ExaminerID != nil && *c.ExaminerID == o.examinerID
		gc, err := o.component(ctx, c, !own)
		if err != nil {
			return err
		}
		for _, a := range s.Components[k].Attempts {
			gd := o.date(gc, c.ID, a.ExamDate)
			if gd == nil {
				continue // an exam date always has its row; a file without one shows nothing here
			}
			gd.Candidates = append(gd.Candidates, exam.GradingCandidate{CandidateID: cf.Candidate.ID, Number: cf.Candidate.Number,
				Name: cf.User.Name, Attempt: a, Substitute: !own})
			if mayAnnounce(s, c.Code, a.ExamDate) && a.ResultAnnounced.IsZero() {
				gd.ToAnnounce++
			}
		}
	}
	return nil
}

// date finds or adds the component's exam date on day.
func (o *gradingOverview) date(gc *exam.GradingComponent, componentID int64, day wachsam.Date) *exam.GradingDate {
	for k := range gc.Dates {
		if gc.Dates[k].ExamDay == day {
			return &gc.Dates[k]
		}
	}
	for _, d := range o.dates[componentID] {
		if d.ExamDay == day {
			gc.Dates = append(gc.Dates, exam.GradingDate{ID: d.ID, ExamDay: d.ExamDay, Place: d.Place, Candidates: []exam.GradingCandidate{}})
			return &gc.Dates[len(gc.Dates)-1]
		}
	}
	return nil
}

// mayAnnounce: package exam lists the result of the attempt as one to announce.
func mayAnnounce(s exam.State, code string, day wachsam.Date) bool {
	return slices.ContainsFunc(s.BoardMay, func(a exam.Action) bool {
		return a.Action == "announce_result" && a.Component == code && a.ExamDate == day
	})
}
