package store

import (
	"context"
	"slices"
	"strings"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

// The examiner's writes: grades (§5), corrections of grades, a breach of
// order (§8(2)). Each runs in one transaction with the candidate locked;
// package exam decides through recordFact and correctFact whether it is
// allowed.

// lockedTarget locks the candidate and loads the attempt inside tx.
func (db *DB) lockedTarget(ctx context.Context, tx bun.IDB, examinerID, dateID, candidateID int64) (*gradingTarget, error) {
	if err := db.lockCandidate(ctx, tx, candidateID); err != nil {
		if wachsam.ErrorCodeOf(err) == wachsam.ENOTFOUND {
			return nil, notYours()
		}
		return nil, err
	}
	return db.gradingTarget(ctx, tx, examinerID, dateID, candidateID)
}

// reloaded is the attempt as it stands after a write in tx.
func (db *DB) reloaded(ctx context.Context, tx bun.IDB, examinerID int64, t *gradingTarget) (*exam.GradingAttempt, *gradingTarget, error) {
	after, err := db.gradingTarget(ctx, tx, examinerID, t.date.ID, t.cf.Candidate.ID)
	if err != nil {
		return nil, nil, err
	}
	v := after.view(examinerID)
	if v.Papers, err = db.attemptPapers(ctx, tx, after); err != nil {
		return nil, nil, err
	}
	return &v, after, nil
}

// GradeAttempt records the grades of an attempt (§5(2), §5(4)) as of today:
// one grade per part, or one for a component graded as a whole, each from
// the scale of §5(2). It returns the attempt with the exact weighted mean
// and the rounded grade that package exam computed.
func (db *DB) GradeAttempt(ctx context.Context, actor wachsam.Actor, examinerID, dateID, candidateID int64, in []exam.GradeInput) (*exam.GradingAttempt, error) {
	var out *exam.GradingAttempt
	err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		t, err := db.lockedTarget(ctx, tx, examinerID, dateID, candidateID)
		if err != nil {
			return err
		}
		grades, err := gradesFor(t.cf.Reg, t.comp, t.cf.Parts[t.comp.ID], in)
		if err != nil {
			return err
		}
		f := exam.Fact{Type: exam.FactAttemptGraded, Date: t.today, Component: t.comp.Code, ExamDate: t.date.ExamDay, Grades: grades}
		if _, _, _, err := db.recordFact(ctx, tx, actor, t.cf, f, factExtra{}); err != nil {
			return err
		}
		out, _, err = db.reloaded(ctx, tx, examinerID, t)
		return err
	})
	return out, err
}

// CorrectGrades replaces the recorded grades of an attempt. Once the result
// was announced, a correction needs a reason, and the candidate is told by
// mail (composed by compose) in the same transaction; before, the reason is
// optional. The audit log keeps the old and the new grades and the reason.
func (db *DB) CorrectGrades(ctx context.Context, actor wachsam.Actor, examinerID, dateID, candidateID int64, in []exam.GradeInput, reason string,
	compose func(exam.ResultNotice) (*wachsam.Mail, error)) (*exam.GradingAttempt, error) {
	reason = strings.TrimSpace(reason)
	var out *exam.GradingAttempt
	err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		t, err := db.lockedTarget(ctx, tx, examinerID, dateID, candidateID)
		if err != nil {
			return err
		}
		k := t.gradedFact()
		if k < 0 {
			return wachsam.Errorf(wachsam.ECONFLICT, "Zum Termin %s ist noch keine Bewertung erfasst; es gibt nichts zu korrigieren.", t.date.ExamDay.German())
		}
		grades, err := gradesFor(t.cf.Reg, t.comp, t.cf.Parts[t.comp.ID], in)
		if err != nil {
			return err
		}
		if slices.Equal(grades, t.cf.File.Facts[k].Grades) {
			return wachsam.Errorf(wachsam.EINVALID, "Die Noten sind unverändert; es gibt nichts zu korrigieren.")
		}
		announced := t.attempt.ResultAnnounced
		switch {
		case !announced.IsZero() && reason == "":
			return wachsam.FieldError("reason", "Das Ergebnis wurde am %s bekannt gegeben; danach ist eine Korrektur nur mit Begründung möglich. Die Begründung wird im Protokoll festgehalten.", announced.German())
		}
		if err := wachsam.CheckText("reason", "Begründung", reason, wachsam.MaxNoteLen); err != nil {
			return err
		}
		logged := reason
		if logged == "" {
			logged = "keine Angabe (vor der Bekanntgabe des Ergebnisses)"
		}
		before := t.attempt
		if _, err := db.correctFact(ctx, tx, actor, t.cf, t.cf.Sources[k].Fact, grades, logged); err != nil {
			return err
		}
		var after *gradingTarget
		if out, after, err = db.reloaded(ctx, tx, examinerID, t); err != nil {
			return err
		}
		if announced.IsZero() {
			return nil
		}
		n := after.notice()
		n.Corrected, n.OldGrade, n.Reason = true, gradeText(before), reason
		return db.mailNotice(ctx, tx, n, compose)
	})
	return out, err
}

// gradeText describes an attempt's grade for the candidate: "2,0
// (gewichtetes Mittel 1,9)".
func gradeText(a exam.AttemptState) string {
	switch {
	case a.Grade == "":
		return "keine Note"
	case len(a.Parts) > 0 && a.Mean != a.Grade:
		return a.Grade + " (gewichtetes Mittel " + a.Mean + ")"
	}
	return a.Grade
}

// gradedFact is the index of the attempt's accepted attempt_graded fact in
// the file, or -1.
func (t *gradingTarget) gradedFact() int {
	return t.acceptedFact(exam.FactAttemptGraded)
}

// acceptedFact is the index of the last fact of type ft about the attempt
// that package exam accepted, or -1.
func (t *gradingTarget) acceptedFact(ft exam.FactType) int {
	for k := len(t.cf.File.Facts) - 1; k >= 0; k-- {
		f := t.cf.File.Facts[k]
		if f.Type != ft || f.Component != t.comp.Code || f.ExamDate != t.date.ExamDay || t.cf.Sources[k].Fact == 0 {
			continue
		}
		if _, refused := refusalOf(t.state, k); !refused {
			return k
		}
	}
	return -1
}

// RecordDisorder records that the examiner excluded the candidate from the
// exam for a breach of order (§8(2)): the attempt counts as "nicht
// bestanden". The breach happens at the exam, so the fact is dated on the
// exam day; note says what happened.
func (db *DB) RecordDisorder(ctx context.Context, actor wachsam.Actor, examinerID, dateID, candidateID int64, note string) (*exam.GradingAttempt, error) {
	note = strings.TrimSpace(note)
	var out *exam.GradingAttempt
	err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		t, err := db.lockedTarget(ctx, tx, examinerID, dateID, candidateID)
		if err != nil {
			return err
		}
		switch {
		case note == "":
			return wachsam.FieldError("note", "Bitte beschreiben Sie den Verstoß gegen die Ordnung der Prüfung (§8(2)).")
		}
		if err := wachsam.CheckText("note", "Beschreibung", note, wachsam.MaxNoteLen); err != nil {
			return err
		}
		f := exam.Fact{Type: exam.FactDisorderFound, Date: t.date.ExamDay, Component: t.comp.Code, ExamDate: t.date.ExamDay, Note: note}
		if _, _, _, err := db.recordFact(ctx, tx, actor, t.cf, f, factExtra{}); err != nil {
			return err
		}
		out, _, err = db.reloaded(ctx, tx, examinerID, t)
		return err
	})
	return out, err
}

// gradesFor reads the examiner's grades in the order of the canon: every
// part exactly once, or one grade for a component graded as a whole; each
// grade must be one of the scale of §5(2). The field of a message is
// "grade" or "grade_" + the part's code, as the forms name their inputs.
func gradesFor(reg exam.Regulation, c examComponentRow, parts []examPartRow, in []exam.GradeInput) ([]exam.PartGrade, error) {
	parse := func(field, label, s string) (exam.Grade, error) {
		s = strings.TrimSpace(s)
		if s == "" {
			return 0, wachsam.FieldError(field, "Bitte wählen Sie die Note für %s.", label)
		}
		g, err := exam.ParseGrade(s)
		if err != nil || !exam.OnScale(g, reg.Scale) {
			return 0, wachsam.FieldError(field, "„%s“ ist keine Note der Skala nach §5(2) der Prüfungsordnung; zulässig sind %s.", s, scaleText(reg.Scale))
		}
		return g, nil
	}
	if len(parts) == 0 {
		if len(in) != 1 || in[0].Part != "" {
			return nil, wachsam.FieldError("grade", "%s wird als Ganzes bewertet: bitte genau eine Note angeben.", c.Name)
		}
		g, err := parse("grade", c.Name, in[0].Grade)
		return []exam.PartGrade{{Grade: g}}, err
	}
	given := map[string]string{}
	for _, g := range in {
		switch {
		case g.Part == "":
			return nil, wachsam.FieldError("grades", "%s besteht aus Einzelleistungen (§5(4)): bitte je Einzelleistung eine Note angeben.", c.Name)
		case !slices.ContainsFunc(parts, func(p examPartRow) bool { return p.Code == g.Part }):
			return nil, wachsam.FieldError("grades", "„%s“ ist keine Einzelleistung von %s (§5(4)).", g.Part, c.Name)
		}
		if _, dup := given[g.Part]; dup {
			return nil, wachsam.FieldError("grade_"+g.Part, "Die Einzelleistung %s ist doppelt angegeben.", g.Part)
		}
		given[g.Part] = g.Grade
	}
	out := make([]exam.PartGrade, len(parts))
	for i, p := range parts {
		g, err := parse("grade_"+p.Code, p.Name+" ("+p.Code+")", given[p.Code])
		if err != nil {
			return nil, err
		}
		out[i] = exam.PartGrade{Part: p.Code, Grade: g}
	}
	return out, nil
}

// scaleText lists a scale as the regulation prints it: "1,0 1,3 … 5,0".
func scaleText(scale []exam.Grade) string {
	s := make([]string, len(scale))
	for i, g := range scale {
		s[i] = g.String()
	}
	return strings.Join(s, " ")
}
