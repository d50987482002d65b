package store

import (
	"context"
	"slices"
	"strings"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

// What the exam office records in a candidate's file: attendance, the
// written notice on the camera, payments, registrations, absences and
// withdrawals. Each is a fact package exam must accept (recordFact); a
// refusal names its § and nothing is written.

// officeWrite runs fn on the candidate's file inside one transaction,
// holding the candidate's lock, and returns the state after it.
func (db *DB) officeWrite(ctx context.Context, candidateID int64, note string, fn func(ctx context.Context, tx bun.Tx, cf *candidateFile) (exam.State, error)) (exam.State, error) {
	if err := wachsam.CheckText("note", "Bemerkung", note, wachsam.MaxCommentLen); err != nil {
		return exam.State{}, err
	}
	var state exam.State
	err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		cf, err := db.lockedFile(ctx, tx, candidateID)
		if err != nil {
			return err
		}
		state, err = fn(ctx, tx, cf)
		return err
	})
	return state, err
}

// RecordSeminarAttendance records that the candidate attended a seminar
// day; on an online day only with presence shown by the camera (§2(1)).
// A day already recorded is refused, so the file never holds it twice. A
// day before today is entered later, with enteredReason (enteredLater).
func (db *DB) RecordSeminarAttendance(ctx context.Context, actor wachsam.Actor, candidateID int64, day wachsam.Date, camera bool, note, enteredReason string) (exam.State, error) {
	return db.officeWrite(ctx, candidateID, note, func(ctx context.Context, tx bun.Tx, cf *candidateFile) (exam.State, error) {
		recorded, state, err := db.recordAttendance(ctx, tx, actor, cf, day, camera, note, enteredReason)
		if err == nil && !recorded {
			err = wachsam.Errorf(wachsam.ECONFLICT, "Die Teilnahme am %s ist bereits erfasst.", day.German())
		}
		return state, err
	})
}

// recordAttendance records one seminar day unless it is already recorded
// (then recorded is false and nothing is written).
func (db *DB) recordAttendance(ctx context.Context, tx bun.IDB, actor wachsam.Actor, cf *candidateFile, day wachsam.Date, camera bool, note, enteredReason string) (bool, exam.State, error) {
	if day.IsZero() {
		return false, exam.State{}, wachsam.FieldError("date", "Bitte geben Sie den Seminartag an.")
	}
	online, ok := cf.officeSeminar().IsDay(day)
	if !ok {
		return false, exam.State{}, wachsam.FieldError("date", "Der %s ist kein Tag des Seminars „%s“.", day.German(), cf.Seminar.Title)
	}
	if slices.ContainsFunc(cf.File.Facts, func(f exam.Fact) bool { return f.Type == exam.FactSeminarDayAttended && f.Date == day }) {
		return false, cf.evaluate(db.legalToday()), nil
	}
	// The file format allows the camera only on online days.
	f := exam.Fact{Type: exam.FactSeminarDayAttended, Date: day, CameraConfirmed: online && camera, Note: strings.TrimSpace(note)}
	_, state, err := db.recordOfficeFact(ctx, tx, actor, cf, "Eine Teilnahme", f, factExtra{EnteredReason: enteredReason})
	return err == nil, state, err
}

// RecordOnlineNotice records the written notice to the participants of an
// online seminar that they show their presence by camera (§2(1) sentence 6).
func (db *DB) RecordOnlineNotice(ctx context.Context, actor wachsam.Actor, candidateID int64, on wachsam.Date, note, enteredReason string) (exam.State, error) {
	return db.officeWrite(ctx, candidateID, note, func(ctx context.Context, tx bun.Tx, cf *candidateFile) (exam.State, error) {
		if !cf.officeSeminar().HasOnlineDays() {
			return exam.State{}, wachsam.Errorf(wachsam.ECONFLICT, "Das Seminar hat keine Online-Tage; ein Hinweis auf den Kameranachweis (§2(1) der Prüfungsordnung) ist nicht nötig.")
		}
		if d := exam.OfficeNoticeOn(cf.File); !d.IsZero() {
			return exam.State{}, wachsam.Errorf(wachsam.ECONFLICT, "Der schriftliche Hinweis auf den Kameranachweis ist bereits am %s vermerkt.", d.German())
		}
		f := exam.Fact{Type: exam.FactOnlineNoticeGiven, Date: on, Note: strings.TrimSpace(note)}
		_, state, err := db.recordOfficeFact(ctx, tx, actor, cf, "Ein Hinweis", f, factExtra{EnteredReason: enteredReason})
		return state, err
	})
}

// RecordPayment records that a fee was paid (§2(2)): the exam fee, or the
// retake fee for a component. The amount defaults to the seminar's fee; a
// smaller amount does not pay the fee and is refused.
func (db *DB) RecordPayment(ctx context.Context, actor wachsam.Actor, candidateID int64, p exam.OfficePayment) (exam.State, error) {
	switch {
	case p.Fee != "exam" && p.Fee != "retake":
		return exam.State{}, wachsam.FieldError("fee", "Bitte wählen Sie, welche Gebühr entrichtet wurde: die Prüfungsgebühr oder eine Wiederholungsgebühr.")
	case p.Fee == "retake" && strings.TrimSpace(p.Component) == "":
		return exam.State{}, wachsam.FieldError("component", "Bitte wählen Sie die Prüfungsleistung, deren Wiederholung die Gebühr gilt.")
	}
	if err := wachsam.CheckCents("amount", "Betrag", p.AmountCents, wachsam.MaxFeeCents); err != nil {
		return exam.State{}, err
	}
	if err := wachsam.CheckLine("reference", "Verwendungszweck", p.Reference, wachsam.MaxTitleLen); err != nil {
		return exam.State{}, err
	}
	if p.Fee == "exam" {
		p.Component = ""
	}
	return db.officeWrite(ctx, candidateID, p.Note, func(ctx context.Context, tx bun.Tx, cf *candidateFile) (exam.State, error) {
		fee, name := cf.Seminar.ExamFeeCents, "Prüfungsgebühr"
		if p.Fee == "retake" {
			fee, name = cf.Seminar.RetakeFeeCents, "Wiederholungsgebühr"
		}
		if p.AmountCents == 0 {
			p.AmountCents = fee
		}
		if p.AmountCents < fee {
			return exam.State{}, wachsam.FieldError("amount", "%s ist weniger als die %s des Seminars von %s; erfasst wird eine Gebühr, wenn sie vollständig entrichtet ist (§2(2) der Prüfungsordnung).",
				exam.OfficeEuro(p.AmountCents), name, exam.OfficeEuro(fee))
		}
		f := exam.Fact{Type: exam.FactFeePaid, Date: p.PaidOn, Fee: p.Fee, Component: strings.TrimSpace(p.Component), Note: strings.TrimSpace(p.Note)}
		_, state, err := db.recordOfficeFact(ctx, tx, actor, cf, "Eine Zahlung", f, factExtra{AmountCents: p.AmountCents, Reference: strings.TrimSpace(p.Reference), EnteredReason: p.EnteredReason})
		return state, err
	})
}

// recordOfficeFact records a fact the office enters with a typed legal
// date: one before today only with extra.EnteredReason (enteredLater),
// kept with the fact and in the audit log. what names it in German.
func (db *DB) recordOfficeFact(ctx context.Context, tx bun.IDB, actor wachsam.Actor, cf *candidateFile, what string, f exam.Fact, extra factExtra) (*examFactRow, exam.State, error) {
	today := db.legalToday()
	on := f.Date
	if on.IsZero() {
		on = today
	}
	var err error
	if extra.EnteredReason, err = enteredLater(what, on, today, extra.EnteredReason); err != nil {
		return nil, exam.State{}, err
	}
	row, state, _, err := db.recordFact(ctx, tx, actor, cf, f, extra)
	return row, state, err
}

// RegisterForExam registers the candidate for an announced exam date of a
// component. Package exam refuses what the regulation does not allow
// (admission §2(1), attempts §6, dates §3(3), entitlement §7); besides, a
// registration waits until the fee for that attempt is paid (§2(3)): the
// state as of the registration day names the fee due.
func (db *DB) RegisterForExam(ctx context.Context, actor wachsam.Actor, candidateID int64, component string, examDay, on wachsam.Date, note, enteredReason string) (exam.State, error) {
	component = strings.TrimSpace(component)
	switch {
	case component == "":
		return exam.State{}, wachsam.FieldError("component", "Bitte wählen Sie die Prüfungsleistung.")
	case examDay.IsZero():
		return exam.State{}, wachsam.FieldError("exam_date", "Bitte wählen Sie den Prüfungstermin.")
	}
	return db.officeWrite(ctx, candidateID, note, func(ctx context.Context, tx bun.Tx, cf *candidateFile) (exam.State, error) {
		if _, ok := cf.component(component); !ok {
			return exam.State{}, wachsam.FieldError("component", "Diese Prüfungsleistung gehört nicht zum Seminar.")
		}
		// The fee must be paid by the day of the registration: the state as
		// of that day names it if not.
		asOf := on
		if asOf.IsZero() {
			asOf = db.legalToday()
		}
		seminar := cf.officeSeminar()
		if fee, due := exam.OfficeUnpaidFee(cf.evaluate(asOf), *seminar, component); due {
			return exam.State{}, wachsam.Errorf(wachsam.ECONFLICT, "Die %s (%s) für %s ist noch nicht entrichtet; Prüfungsleistungen können erst erbracht werden, wenn sie entrichtet ist. Bitte erfassen Sie zuerst die Zahlung (§2(3) der Prüfungsordnung).",
				fee.German(), exam.OfficeEuro(fee.AmountCents), seminar.ComponentName(component))
		}
		f := exam.Fact{Type: exam.FactRegistered, Date: on, Component: component, ExamDate: examDay, Note: strings.TrimSpace(note)}
		_, state, err := db.recordOfficeFact(ctx, tx, actor, cf, "Eine Anmeldung", f, factExtra{EnteredReason: enteredReason})
		return state, err
	})
}

// RecordAbsence records that the candidate did not appear on an exam date
// or withdrew after the registration (§9(1)); without good reasons the
// attempt counts as failed.
func (db *DB) RecordAbsence(ctx context.Context, actor wachsam.Actor, candidateID int64, a exam.OfficeAbsence) (exam.State, error) {
	switch {
	case a.Kind != exam.FactAbsent && a.Kind != exam.FactWithdrew:
		return exam.State{}, wachsam.FieldError("kind", "Bitte wählen Sie: Versäumnis des Termins oder Rücktritt nach der Anmeldung.")
	case strings.TrimSpace(a.Component) == "":
		return exam.State{}, wachsam.FieldError("component", "Bitte wählen Sie die Prüfungsleistung.")
	case a.ExamDate.IsZero():
		return exam.State{}, wachsam.FieldError("exam_date", "Bitte wählen Sie den Prüfungstermin.")
	}
	if a.On.IsZero() && a.Kind == exam.FactAbsent {
		a.On = a.ExamDate
	}
	return db.officeWrite(ctx, candidateID, a.Note, func(ctx context.Context, tx bun.Tx, cf *candidateFile) (exam.State, error) {
		f := exam.Fact{Type: a.Kind, Date: a.On, Component: strings.TrimSpace(a.Component), ExamDate: a.ExamDate, Note: strings.TrimSpace(a.Note)}
		what := "Ein Versäumnis"
		if a.Kind == exam.FactWithdrew {
			what = "Ein Rücktritt"
		}
		_, state, err := db.recordOfficeFact(ctx, tx, actor, cf, what, f, factExtra{EnteredReason: a.EnteredReason})
		return state, err
	})
}
