package store

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

// The exam office's view of seminars: the list, the accounts it chooses
// examiners and candidates from, the overview of a seminar's candidates
// and the change of a component's examiner.

// OfficeSeminarLines lists every seminar, newest first, with its number of
// candidates and its next exam date.
func (db *DB) OfficeSeminarLines(ctx context.Context) ([]exam.OfficeSeminarLine, error) {
	seminars, err := db.ExamSeminars(ctx)
	if err != nil {
		return nil, err
	}
	today := db.legalToday()
	out := make([]exam.OfficeSeminarLine, len(seminars))
	for i, s := range seminars {
		out[i].Seminar = s
		n, err := db.NewSelect().Model((*examCandidateRow)(nil)).Where("seminar_id = ?", s.ID).Count(ctx)
		if err != nil {
			return nil, err
		}
		out[i].Candidates = int(n)
		var next []struct {
			Day wachsam.Date `bun:"exam_day"`
		}
		err = db.NewSelect().TableExpr("exam_dates AS d").Join("JOIN exam_components AS c ON c.id = d.component_id").
			ColumnExpr("d.exam_day").Where("c.seminar_id = ? AND d.exam_day >= ?", s.ID, today).
			OrderExpr("d.exam_day").Limit(1).Scan(ctx, &next)
		if err != nil {
			return nil, err
		}
		if len(next) > 0 {
			out[i].NextExam = next[0].Day
		}
	}
	return out, nil
}

// OfficeExaminers lists the active accounts with the examiner role, the
// teachers a component's examiner is chosen from (§3(2)).
func (db *DB) OfficeExaminers(ctx context.Context) ([]wachsam.User, error) {
	return db.activeWithRole(ctx, wachsam.RoleExaminer, 0)
}

// OfficeEnrolableAccounts lists the active accounts with the candidate role
// that are not yet candidates of the seminar.
func (db *DB) OfficeEnrolableAccounts(ctx context.Context, seminarID int64) ([]wachsam.User, error) {
	if _, err := db.ExamSeminar(ctx, seminarID); err != nil {
		return nil, err
	}
	return db.activeWithRole(ctx, wachsam.RoleCandidate, seminarID)
}

// activeWithRole lists active accounts with a role; with notInSeminar
// other than 0, only those that are not candidates of that seminar.
func (db *DB) activeWithRole(ctx context.Context, role wachsam.Role, notInSeminar int64) ([]wachsam.User, error) {
	var out []wachsam.User
	q := db.NewSelect().Model(&out).Where("NOT disabled").
		Where("id IN (SELECT user_id FROM user_roles WHERE role = ?)", role)
	if notInSeminar != 0 {
		q = q.Where("id NOT IN (SELECT user_id FROM exam_candidates WHERE seminar_id = ?)", notInSeminar)
	}
	if err := q.OrderExpr("name, id").Scan(ctx); err != nil {
		return nil, translate(err)
	}
	for i := range out {
		out[i].Roles = []wachsam.Role{role}
	}
	return out, nil
}

// seminarFiles loads a seminar with its candidates and their assembled
// files, in the candidates' order: what every seminar-wide list judges.
func (db *DB) seminarFiles(ctx context.Context, seminarID int64) (*exam.OfficeSeminar, []exam.CandidateRecord, []*candidateFile, error) {
	seminar, err := db.ExamSeminar(ctx, seminarID)
	if err != nil {
		return nil, nil, nil, err
	}
	records, err := db.ExamCandidates(ctx, seminarID)
	if err != nil {
		return nil, nil, nil, err
	}
	files, err := db.judgedFiles(ctx, db.DB, records)
	if err != nil {
		return nil, nil, nil, err
	}
	return seminar, records, files, nil
}

// OfficeCandidates sums up every candidate of a seminar: admission,
// components, overall status and fees due, each from the state package
// exam folds as of today.
func (db *DB) OfficeCandidates(ctx context.Context, seminarID int64) ([]exam.OfficeCandidateRow, error) {
	seminar, records, files, err := db.seminarFiles(ctx, seminarID)
	if err != nil {
		return nil, err
	}
	today := db.legalToday()
	out := make([]exam.OfficeCandidateRow, len(records))
	for i, rec := range records {
		out[i] = exam.OfficeCandidateRowOf(rec, files[i].evaluate(today), *seminar)
	}
	return out, nil
}

// ChangeComponentExaminer gives a component of the seminar another
// examiner, as long as no attempt at it was graded: after that the
// examiner is part of the record. For one candidate whose examiner is
// prevented, the board decides instead (§3(2)).
func (db *DB) ChangeComponentExaminer(ctx context.Context, actor wachsam.Actor, seminarID, componentID, examinerID int64) error {
	if examinerID <= 0 {
		return wachsam.FieldError("examiner", "Bitte wählen Sie eine Prüferin oder einen Prüfer aus der Liste.")
	}
	return db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		var c examComponentRow
		q := tx.NewSelect().Model(&c).Where("id = ? AND seminar_id = ?", componentID, seminarID)
		if db.Dialect == Postgres {
			q = q.For("UPDATE")
		}
		if err := q.Scan(ctx); err != nil {
			return lookupError(err, "Prüfungsleistung")
		}
		var next wachsam.User
		if err := tx.NewSelect().Model(&next).Where("id = ? AND NOT disabled", examinerID).Scan(ctx); err != nil {
			return wachsam.FieldError("examiner", "Dieses Konto gibt es nicht oder es ist gesperrt.")
		}
		if err := checkHasRole(ctx, tx, examinerID, wachsam.RoleExaminer, "examiner"); err != nil {
			return err
		}
		if c.ExaminerID != nil && *c.ExaminerID == examinerID {
			return wachsam.FieldError("examiner", "%s ist bereits Prüfer von %s.", next.Name, c.Name)
		}
		graded, err := tx.NewSelect().Model((*examFactRow)(nil)).Where("component_id = ? AND type = ?", c.ID, exam.FactAttemptGraded).Count(ctx)
		if err != nil {
			return err
		}
		if graded > 0 {
			return wachsam.Errorf(wachsam.ECONFLICT, "%s wurde bereits bewertet; der Prüfer kann nicht mehr gewechselt werden. "+
				"Ist er für einzelne Prüflinge verhindert, entscheidet der Prüfungsausschuss, wer Prüfer ist (§3(2) der Prüfungsordnung).", c.Name)
		}
		before := "niemand"
		if c.ExaminerID != nil {
			var old wachsam.User
			if err := tx.NewSelect().Model(&old).Column("name").Where("id = ?", *c.ExaminerID).Scan(ctx); err != nil {
				return err
			}
			before = old.Name
		}
		if _, err := tx.NewUpdate().Model((*examComponentRow)(nil)).Set("examiner_id = ?", examinerID).Where("id = ?", c.ID).Exec(ctx); err != nil {
			return err
		}
		return db.audit(ctx, tx, actor, "exam_component.examiner", "exam_component", c.ID,
			fmt.Sprintf("%s: Prüfer %s → %s (§3(2))", c.Code, before, next.Name))
	})
}
