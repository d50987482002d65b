package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

// AnnounceResults announces the results of an exam date: every attempt on
// that date that the examiner grades and whose result package exam lists as
// ready to announce (graded, or ended as "nicht bestanden" by §8 or §9) gets
// a result_announced fact dated today, which starts the periods of §6(1),
// §6(3) and §12(2). Each candidate gets a mail composed by compose, naming
// the grade and the periods with their last day. All of it is one
// transaction: either every result of the date is announced and mailed, or
// none. With nothing left to announce the answer is a German conflict.
func (db *DB) AnnounceResults(ctx context.Context, actor wachsam.Actor, examinerID, dateID int64, compose func(exam.ResultNotice) (*wachsam.Mail, error)) (*exam.GradingAnnouncement, error) {
	var out *exam.GradingAnnouncement
	err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		var date examDateRow
		if err := tx.NewSelect().Model(&date).Where("id = ?", dateID).Scan(ctx); err != nil {
			return lookupError(err, "Prüfungstermin")
		}
		var comp examComponentRow
		if err := tx.NewSelect().Model(&comp).Where("id = ?", date.ComponentID).Scan(ctx); err != nil {
			return err
		}
		// Candidates are locked in the order of their IDs, so two
		// announcements never wait for each other in a circle.
		var ids []int64
		err := tx.NewSelect().Model((*examFactRow)(nil)).ColumnExpr("DISTINCT candidate_id").
			Where("type = ? AND component_id = ? AND exam_day = ?", string(exam.FactRegistered), comp.ID, date.ExamDay).
			Order("candidate_id").Scan(ctx, &ids)
		if err != nil {
			return err
		}
		out = &exam.GradingAnnouncement{DateID: date.ID, ExamDay: date.ExamDay, Component: comp.Name, On: db.legalToday(), Announced: []exam.GradingCandidate{}}
		mine := comp.ExaminerID != nil && *comp.ExaminerID == examinerID
		for _, id := range ids {
			t, err := db.lockedTarget(ctx, tx, examinerID, dateID, id)
			if wachsam.ErrorCodeOf(err) == wachsam.ENOTFOUND {
				continue // another examiner's candidate (§3(2))
			}
			if err != nil {
				return err
			}
			mine = true
			if !t.attempt.ResultAnnounced.IsZero() || !mayAnnounce(t.state, comp.Code, date.ExamDay) {
				continue
			}
			f := exam.Fact{Type: exam.FactResultAnnounced, Date: out.On, Component: comp.Code, ExamDate: date.ExamDay}
			if _, _, _, err := db.recordFact(ctx, tx, actor, t.cf, f, factExtra{}); err != nil {
				return err
			}
			v, after, err := db.reloaded(ctx, tx, examinerID, t)
			if err != nil {
				return err
			}
			if err := db.mailNotice(ctx, tx, after.notice(), compose); err != nil {
				return err
			}
			out.Announced = append(out.Announced, exam.GradingCandidate{CandidateID: v.CandidateID, Number: v.Number, Name: v.Name, Attempt: v.Attempt, Substitute: v.Substitute})
		}
		if !mine {
			return notFound("Prüfungstermin")
		}
		if len(out.Announced) == 0 {
			return wachsam.Errorf(wachsam.ECONFLICT, "Zum Termin %s (%s) gibt es keine Ergebnisse, die noch bekannt zu geben wären: jedes Ergebnis ist bekannt gegeben oder steht noch aus (§5(2)).", date.ExamDay.German(), comp.Name)
		}
		numbers := make([]string, len(out.Announced))
		for i, c := range out.Announced {
			numbers[i] = c.Number
		}
		return db.audit(ctx, tx, actor, "exam_date.results_announced", "exam_date", date.ID,
			fmt.Sprintf("%s am %s: %d Ergebnisse bekannt gegeben am %s (%s)", comp.Code, date.ExamDay.German(), len(numbers), out.On.German(), strings.Join(numbers, ", ")))
	})
	return out, err
}

// notice is what the candidate is told about the attempt as it stands.
func (t *gradingTarget) notice() exam.ResultNotice {
	n := exam.ResultNotice{CandidateID: t.cf.Candidate.ID, Number: t.cf.Candidate.Number, Name: t.cf.User.Name, Email: t.cf.User.Email,
		ComponentName: t.comp.Name, ExamDay: t.date.ExamDay, AnnouncedOn: t.attempt.ResultAnnounced, Attempt: t.attempt, Status: t.compState.Status}
	for _, d := range t.state.Deadlines {
		if d.Component == t.comp.Code && d.ExamDate == t.date.ExamDay {
			n.Deadlines = append(n.Deadlines, d)
		}
	}
	return n
}

// mailNotice queues the mail compose writes for n inside tx; compose may
// decline with nil.
func (db *DB) mailNotice(ctx context.Context, tx bun.IDB, n exam.ResultNotice, compose func(exam.ResultNotice) (*wachsam.Mail, error)) error {
	if compose == nil {
		return nil
	}
	m, err := compose(n)
	if err != nil || m == nil {
		return err
	}
	return db.EnqueueMail(ctx, tx, m)
}
