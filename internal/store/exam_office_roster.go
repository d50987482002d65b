package store

import (
	"context"
	"errors"
	"slices"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

// The seminar's attendance list (§2(1) sentence 4: "Über die Teilnahme wird
// eine Anwesenheitsliste geführt"): every candidate × every seminar day.

// OfficeRoster is the attendance list of a seminar as recorded so far.
func (db *DB) OfficeRoster(ctx context.Context, seminarID int64) (*exam.OfficeRoster, error) {
	seminar, records, files, err := db.seminarFiles(ctx, seminarID)
	if err != nil {
		return nil, err
	}
	today := db.legalToday()
	out := &exam.OfficeRoster{Seminar: *seminar}
	for i, rec := range records {
		cf := files[i]
		out.Rows = append(out.Rows, exam.OfficeRosterRow{Candidate: rec, Days: exam.OfficeAttendance(cf.File, today), Admission: cf.evaluate(today).Admission})
	}
	return out, nil
}

// RecordOfficeRoster records the ticked boxes of the attendance list in one
// transaction: days already recorded are left as they are, so only the
// changes are written. If package exam refuses one of them, nothing is
// written and the error names the candidate. It returns how many
// attendances it recorded. Days before today are entered later, with
// enteredReason (enteredLater).
func (db *DB) RecordOfficeRoster(ctx context.Context, actor wachsam.Actor, seminarID int64, marks []exam.OfficeAttendanceMark, enteredReason string) (int, error) {
	var order []int64
	byCandidate := map[int64][]exam.OfficeAttendanceMark{}
	today := db.legalToday()
	for _, m := range marks {
		// The reason is the list's, not a candidate's: its error stands
		// beside the list's reason field.
		if _, err := enteredLater("Eine Teilnahme", m.Day, today, enteredReason); err != nil {
			return 0, err
		}
		if _, seen := byCandidate[m.CandidateID]; !seen {
			order = append(order, m.CandidateID)
		}
		byCandidate[m.CandidateID] = append(byCandidate[m.CandidateID], m)
	}
	// Candidates are locked in the order of their IDs, so two lists saved at
	// once never wait for each other in a circle.
	slices.Sort(order)
	recorded := 0
	err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if _, err := db.examSeminar(ctx, tx, seminarID); err != nil {
			return err
		}
		for _, id := range order {
			n, err := tx.NewSelect().Model((*examCandidateRow)(nil)).Where("id = ? AND seminar_id = ?", id, seminarID).Count(ctx)
			if err != nil {
				return err
			}
			if n == 0 {
				return notFound("Prüfling")
			}
			cf, err := db.lockedFile(ctx, tx, id)
			if err != nil {
				return err
			}
			for _, m := range byCandidate[id] {
				ok, _, err := db.recordAttendance(ctx, tx, actor, cf, m.Day, m.CameraConfirmed, "", enteredReason)
				if err != nil {
					return aboutCandidate(cf, err)
				}
				if ok {
					recorded++
				}
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return recorded, nil
}

// aboutCandidate prefixes a refusal with the candidate it concerns, so a
// refused attendance list says whose box was wrong.
func aboutCandidate(cf *candidateFile, err error) error {
	var de *wachsam.Error
	if !errors.As(err, &de) || de.Code == wachsam.EINTERNAL {
		return err
	}
	return &wachsam.Error{Code: de.Code, Message: cf.User.Name + " (" + cf.Candidate.Number + "): " + de.Message, Err: err}
}
