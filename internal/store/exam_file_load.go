package store

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

// seminarCanon is what every file of a seminar shares: the seminar, its
// days, its canon of components with parts and examiners, and the exam
// dates announced for them. Files loaded together share one canon.
type seminarCanon struct {
	Seminar    examSeminarRow
	Days       []examSeminarDayRow
	Components []examComponentRow
	Parts      map[int64][]examPartRow // by component ID
	Examiners  map[int64]string        // examiner names by account ID
	Dates      []examDateRow
}

// loadFile assembles one candidate's file.
func (db *DB) loadFile(ctx context.Context, tx bun.IDB, candidateID int64) (*candidateFile, error) {
	files, err := db.loadFiles(ctx, tx, []int64{candidateID})
	if err != nil {
		return nil, err
	}
	return files[0], files[0].unjudged
}

// lockedFile locks the candidate (lockCandidate) and assembles the file:
// the start of every change to it.
func (db *DB) lockedFile(ctx context.Context, tx bun.IDB, candidateID int64) (*candidateFile, error) {
	if err := db.lockCandidate(ctx, tx, candidateID); err != nil {
		return nil, err
	}
	return db.loadFile(ctx, tx, candidateID)
}

// loadFiles assembles the files of several candidates, in the order of ids,
// with one query per table however many there are: the office's lists and
// the certificates due judge every file of a seminar or of the academy. A
// file no regulation judges (§13) comes back with unjudged set.
func (db *DB) loadFiles(ctx context.Context, tx bun.IDB, ids []int64) ([]*candidateFile, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var candidates []examCandidateRow
	if err := tx.NewSelect().Model(&candidates).Where("id IN (?)", bun.In(ids)).Scan(ctx); err != nil {
		return nil, err
	}
	var userIDs, seminarIDs []int64
	for _, c := range candidates {
		userIDs = append(userIDs, c.UserID)
		seminarIDs = append(seminarIDs, c.SeminarID)
	}
	var users []wachsam.User
	if len(userIDs) > 0 {
		if err := tx.NewSelect().Model(&users).Where("id IN (?)", bun.In(userIDs)).Scan(ctx); err != nil {
			return nil, err
		}
	}
	canons, err := db.loadCanons(ctx, tx, seminarIDs)
	if err != nil {
		return nil, err
	}
	var facts []examFactRow
	if err := tx.NewSelect().Model(&facts).Where("candidate_id IN (?)", bun.In(ids)).Order("day", "recorded_at", "id").Scan(ctx); err != nil {
		return nil, err
	}
	var delegations []examDelegationRow
	if err := tx.NewSelect().Model(&delegations).Scan(ctx); err != nil {
		return nil, err
	}
	out := make([]*candidateFile, len(ids))
	for i, id := range ids {
		k := slices.IndexFunc(candidates, func(c examCandidateRow) bool { return c.ID == id })
		if k < 0 {
			return nil, notFound("Prüfling")
		}
		cf := &candidateFile{Candidate: candidates[k], seminarCanon: canons[candidates[k].SeminarID]}
		if u := slices.IndexFunc(users, func(u wachsam.User) bool { return u.ID == cf.Candidate.UserID }); u >= 0 {
			cf.User = users[u]
		}
		if err := cf.assemble(db.Legal, facts, delegations); err != nil {
			return nil, err
		}
		out[i] = cf
	}
	return out, nil
}

// loadCanons loads the seminars with their days, canon and exam dates.
func (db *DB) loadCanons(ctx context.Context, tx bun.IDB, seminarIDs []int64) (map[int64]*seminarCanon, error) {
	out := map[int64]*seminarCanon{}
	if len(seminarIDs) == 0 {
		return out, nil
	}
	var seminars []examSeminarRow
	if err := tx.NewSelect().Model(&seminars).Where("id IN (?)", bun.In(seminarIDs)).Scan(ctx); err != nil {
		return nil, err
	}
	for _, s := range seminars {
		out[s.ID] = &seminarCanon{Seminar: s, Parts: map[int64][]examPartRow{}, Examiners: map[int64]string{}}
	}
	var days []examSeminarDayRow
	if err := tx.NewSelect().Model(&days).Where("seminar_id IN (?)", bun.In(seminarIDs)).Order("day").Scan(ctx); err != nil {
		return nil, err
	}
	for _, d := range days {
		out[d.SeminarID].Days = append(out[d.SeminarID].Days, d)
	}
	var components []examComponentRow
	if err := tx.NewSelect().Model(&components).Where("seminar_id IN (?)", bun.In(seminarIDs)).Order("position", "id").Scan(ctx); err != nil {
		return nil, err
	}
	if len(components) == 0 {
		return out, nil
	}
	seminarOf := map[int64]*seminarCanon{}
	var componentIDs, examinerIDs []int64
	for _, c := range components {
		sc := out[c.SeminarID]
		sc.Components = append(sc.Components, c)
		seminarOf[c.ID] = sc
		componentIDs = append(componentIDs, c.ID)
		if c.ExaminerID != nil {
			examinerIDs = append(examinerIDs, *c.ExaminerID)
		}
	}
	var parts []examPartRow
	if err := tx.NewSelect().Model(&parts).Where("component_id IN (?)", bun.In(componentIDs)).Order("position", "id").Scan(ctx); err != nil {
		return nil, err
	}
	for _, p := range parts {
		seminarOf[p.ComponentID].Parts[p.ComponentID] = append(seminarOf[p.ComponentID].Parts[p.ComponentID], p)
	}
	var dates []examDateRow
	if err := tx.NewSelect().Model(&dates).Where("component_id IN (?)", bun.In(componentIDs)).Scan(ctx); err != nil {
		return nil, err
	}
	for _, d := range dates {
		seminarOf[d.ComponentID].Dates = append(seminarOf[d.ComponentID].Dates, d)
	}
	if len(examinerIDs) > 0 {
		var users []wachsam.User
		if err := tx.NewSelect().Model(&users).Column("id", "name").Where("id IN (?)", bun.In(examinerIDs)).Scan(ctx); err != nil {
			return nil, err
		}
		for _, c := range components {
			if c.ExaminerID == nil {
				continue
			}
			if k := slices.IndexFunc(users, func(u wachsam.User) bool { return u.ID == *c.ExaminerID }); k >= 0 {
				out[c.SeminarID].Examiners[users[k].ID] = users[k].Name
			}
		}
	}
	return out, nil
}

// assemble builds the file in package exam's vocabulary from the canon,
// the candidate's own facts (facts may hold other candidates' rows too) and
// the board's delegations, merged in the order they happened: by day, then
// by the time they were recorded.
func (cf *candidateFile) assemble(berlin *time.Location, facts []examFactRow, delegations []examDelegationRow) error {
	reg, ok := exam.RegulationInForce(exam.Presets(berlin), cf.firstDay())
	if !ok {
		cf.unjudged = wachsam.Errorf(wachsam.ECONFLICT, "Am ersten Seminartag %s war keine bekannte Prüfungsordnung in Kraft (§13).", cf.firstDay().German())
		return nil
	}
	cf.Reg = reg
	cf.File = exam.File{Regulation: reg.ID, Candidate: exam.Candidate{ID: cf.Candidate.Number, Name: cf.User.Name}}
	for _, d := range cf.Days {
		cf.File.Seminar.Days = append(cf.File.Seminar.Days, exam.SeminarDay{Date: d.Day, Online: d.Online})
	}
	for _, c := range cf.Components {
		ec := exam.Component{ID: c.Code, Name: c.Name}
		if c.ExaminerID != nil {
			ec.Examiner = cf.Examiners[*c.ExaminerID]
		}
		for _, p := range cf.Parts[c.ID] {
			ec.Parts = append(ec.Parts, exam.Part{ID: p.Code, Weight: p.Weight})
		}
		cf.File.Components = append(cf.File.Components, ec)
	}
	type entry struct {
		fact exam.Fact
		src  factSource
	}
	var entries []entry
	for _, r := range facts {
		if r.CandidateID != cf.Candidate.ID {
			continue
		}
		f, err := cf.factOf(r)
		if err != nil {
			return err
		}
		entries = append(entries, entry{f, factSource{Fact: r.ID, at: r.RecordedAt}})
	}
	for _, d := range cf.Dates {
		f := exam.Fact{Type: exam.FactExamDateAnnounced, Date: d.AnnouncedOn, Component: cf.codeOf(d.ComponentID), ExamDate: d.ExamDay}
		entries = append(entries, entry{f, factSource{Date: d.ID, at: d.CreatedAt}})
	}
	for _, d := range delegations {
		f := exam.Fact{Type: exam.FactBoardDelegated, Date: d.DecidedOn, Task: exam.Motion(d.Task), Members: d.Members,
			Votes: exam.Votes{Yes: d.Yes, No: d.No, Abstain: d.Abstain}, Circular: d.Circular}
		entries = append(entries, entry{f, factSource{Delegation: d.ID, at: d.CreatedAt}})
	}
	slices.SortStableFunc(entries, func(a, b entry) int {
		if c := a.fact.Date.Compare(b.fact.Date); c != 0 {
			return c
		}
		if c := a.src.at.Compare(b.src.at); c != 0 {
			return c
		}
		// Recorded in the same instant (a fixed clock): an announced exam
		// date or a delegation first, since facts can only build on them.
		return cmp.Compare(a.src.candidateOwn(), b.src.candidateOwn())
	})
	for _, e := range entries {
		cf.File.Facts = append(cf.File.Facts, e.fact)
		cf.Sources = append(cf.Sources, e.src)
	}
	return nil
}

func (sc *seminarCanon) firstDay() wachsam.Date {
	if len(sc.Days) == 0 {
		return wachsam.Date{}
	}
	return sc.Days[0].Day
}

// codeOf is the code package exam knows a component by.
func (sc *seminarCanon) codeOf(componentID int64) string {
	for _, c := range sc.Components {
		if c.ID == componentID {
			return c.Code
		}
	}
	return ""
}

// component finds a component of the seminar by its code.
func (sc *seminarCanon) component(code string) (examComponentRow, bool) {
	for _, c := range sc.Components {
		if c.Code == code {
			return c, true
		}
	}
	return examComponentRow{}, false
}

// officeSeminar is the seminar as the office sees it.
func (sc *seminarCanon) officeSeminar() *exam.OfficeSeminar {
	r := sc.Seminar
	s := &exam.OfficeSeminar{ID: r.ID, Title: r.Title, LeaderName: r.LeaderName, ExamFeeCents: r.ExamFeeCents, RetakeFeeCents: r.RetakeFeeCents}
	for _, d := range sc.Days {
		s.Days = append(s.Days, exam.SeminarDay{Date: d.Day, Online: d.Online})
	}
	for _, c := range sc.Components {
		oc := exam.OfficeComponent{ID: c.ID, Code: c.Code, Name: c.Name, ExaminerID: c.ExaminerID}
		if c.ExaminerID != nil {
			oc.ExaminerName = sc.Examiners[*c.ExaminerID]
		}
		for _, p := range sc.Parts[c.ID] {
			oc.Parts = append(oc.Parts, exam.OfficePart{Code: p.Code, Name: p.Name, Weight: p.Weight})
		}
		s.Components = append(s.Components, oc)
	}
	return s
}

// judgedFiles assembles the files of the records, in their order, and
// fails like loadFile on a file no regulation judges.
func (db *DB) judgedFiles(ctx context.Context, tx bun.IDB, records []exam.CandidateRecord) ([]*candidateFile, error) {
	ids := make([]int64, len(records))
	for i, r := range records {
		ids[i] = r.ID
	}
	files, err := db.loadFiles(ctx, tx, ids)
	if err != nil {
		return nil, err
	}
	for _, cf := range files {
		if cf.unjudged != nil {
			return nil, cf.unjudged
		}
	}
	return files, nil
}
