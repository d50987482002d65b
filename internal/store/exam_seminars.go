package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

// CreateExamSeminar stores a seminar with its days and its canon of
// components in one transaction. Codes, names, weights and examiners are
// checked first; nothing is written if any is wrong.
func (db *DB) CreateExamSeminar(ctx context.Context, actor wachsam.Actor, s *exam.OfficeSeminar) error {
	if err := checkSeminar(s); err != nil {
		return err
	}
	return db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		now := db.now()
		row := &examSeminarRow{Title: strings.TrimSpace(s.Title), LeaderName: strings.TrimSpace(s.LeaderName),
			ExamFeeCents: s.ExamFeeCents, RetakeFeeCents: s.RetakeFeeCents, CreatedAt: now, UpdatedAt: now}
		if _, err := tx.NewInsert().Model(row).Exec(ctx); err != nil {
			return err
		}
		s.ID = row.ID
		for _, d := range s.Days {
			if _, err := tx.NewInsert().Model(&examSeminarDayRow{SeminarID: row.ID, Day: d.Date, Online: d.Online}).Exec(ctx); err != nil {
				return err
			}
		}
		for i := range s.Components {
			if err := db.insertComponent(ctx, tx, row.ID, i, &s.Components[i]); err != nil {
				return err
			}
		}
		return db.audit(ctx, tx, actor, "exam_seminar.create", "exam_seminar", row.ID, fmt.Sprintf("%s, %d Seminartage, %d Prüfungsleistungen", row.Title, len(s.Days), len(s.Components)))
	})
}

func (db *DB) insertComponent(ctx context.Context, tx bun.Tx, seminarID int64, position int, c *exam.OfficeComponent) error {
	if c.ExaminerID != nil {
		if err := checkHasRole(ctx, tx, *c.ExaminerID, wachsam.RoleExaminer, "examiner"); err != nil {
			return err
		}
	}
	row := &examComponentRow{SeminarID: seminarID, Code: strings.TrimSpace(c.Code), Name: strings.TrimSpace(c.Name), ExaminerID: c.ExaminerID, Position: position}
	if _, err := tx.NewInsert().Model(row).Exec(ctx); err != nil {
		if isUniqueViolation(err) {
			return wachsam.FieldError("code", "Die Kennung %q ist in diesem Seminar schon vergeben.", row.Code)
		}
		return err
	}
	c.ID = row.ID
	for k, p := range c.Parts {
		part := &examPartRow{ComponentID: row.ID, Code: strings.TrimSpace(p.Code), Name: strings.TrimSpace(p.Name), Weight: p.Weight, Position: k}
		if _, err := tx.NewInsert().Model(part).Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

// checkHasRole refuses an account that lacks the role a field needs.
func checkHasRole(ctx context.Context, tx bun.IDB, userID int64, role wachsam.Role, field string) error {
	n, err := tx.NewSelect().Model((*userRole)(nil)).Where("user_id = ? AND role = ?", userID, role).Count(ctx)
	if err != nil {
		return err
	}
	if n == 0 {
		return wachsam.FieldError(field, "Dieses Konto hat nicht die Rolle %s.", role.Label())
	}
	return nil
}

// checkSeminar checks a seminar before anything is written.
func checkSeminar(s *exam.OfficeSeminar) error {
	if err := s.CheckBounds(); err != nil {
		return err
	}
	switch {
	case strings.TrimSpace(s.Title) == "":
		return wachsam.FieldError("title", "Bitte geben Sie den Titel des Seminars an.")
	case s.ExamFeeCents < 0 || s.RetakeFeeCents < 0:
		return wachsam.FieldError("exam_fee", "Gebühren können nicht negativ sein.")
	case len(s.Days) == 0:
		return wachsam.FieldError("days", "Ein Seminar hat mindestens einen Seminartag (§2(1)).")
	case len(s.Components) == 0:
		return wachsam.FieldError("components", "Die Prüfung hat mindestens eine Prüfungsleistung (§3(1)).")
	}
	for i, d := range s.Days {
		if d.Date.IsZero() {
			return wachsam.FieldError("days", "Der %d. Seminartag hat kein Datum.", i+1)
		}
		if i > 0 && !d.Date.After(s.Days[i-1].Date) {
			return wachsam.FieldError("days", "Die Seminartage müssen aufsteigen und verschieden sein: %s folgt auf %s.", d.Date.German(), s.Days[i-1].Date.German())
		}
	}
	var codes []string
	for _, c := range s.Components {
		code := strings.TrimSpace(c.Code)
		switch {
		case code == "" || strings.TrimSpace(c.Name) == "":
			return wachsam.FieldError("components", "Jede Prüfungsleistung braucht eine Kennung und einen Namen.")
		case slices.Contains(codes, code):
			return wachsam.FieldError("components", "Die Kennung %q ist doppelt.", code)
		}
		codes = append(codes, code)
		if err := checkParts(c); err != nil {
			return err
		}
	}
	return nil
}

func checkParts(c exam.OfficeComponent) error {
	var codes []string
	for _, p := range c.Parts {
		code := strings.TrimSpace(p.Code)
		switch {
		case code == "":
			return wachsam.FieldError("parts", "Jede Einzelleistung von %s braucht eine Kennung.", c.Name)
		case slices.Contains(codes, code):
			return wachsam.FieldError("parts", "Die Einzelleistung %q von %s ist doppelt.", code, c.Name)
		case p.Weight < 1 || p.Weight > exam.MaxWeight:
			return wachsam.FieldError("parts", "Das Gewicht der Einzelleistung %q muss zwischen 1 und %d liegen (§5(4)).", code, exam.MaxWeight)
		}
		codes = append(codes, code)
	}
	return nil
}

// ExamSeminars lists every seminar with its days and canon, newest first.
func (db *DB) ExamSeminars(ctx context.Context) ([]exam.OfficeSeminar, error) {
	var ids []int64
	if err := db.NewSelect().Model((*examSeminarRow)(nil)).Column("id").Order("id DESC").Scan(ctx, &ids); err != nil {
		return nil, err
	}
	out := make([]exam.OfficeSeminar, 0, len(ids))
	for _, id := range ids {
		s, err := db.ExamSeminar(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, *s)
	}
	return out, nil
}

// ExamSeminar loads one seminar with its days and canon.
func (db *DB) ExamSeminar(ctx context.Context, id int64) (*exam.OfficeSeminar, error) {
	return db.examSeminar(ctx, db.DB, id)
}

func (db *DB) examSeminar(ctx context.Context, tx bun.IDB, id int64) (*exam.OfficeSeminar, error) {
	canons, err := db.loadCanons(ctx, tx, []int64{id})
	if err != nil {
		return nil, err
	}
	sc, ok := canons[id]
	if !ok {
		return nil, notFound("Seminar")
	}
	return sc.officeSeminar(), nil
}

// AddExamCandidate enrols an account with the candidate role in a seminar
// and gives it the next number of the year ("P-2026-0007").
func (db *DB) AddExamCandidate(ctx context.Context, actor wachsam.Actor, seminarID, userID int64) (*exam.CandidateRecord, error) {
	var out *exam.CandidateRecord
	err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if _, err := db.examSeminar(ctx, tx, seminarID); err != nil {
			return err
		}
		if err := checkHasRole(ctx, tx, userID, wachsam.RoleCandidate, "user"); err != nil {
			return err
		}
		year := db.legalToday().Year
		prefix := fmt.Sprintf("P-%d-", year)
		n, err := tx.NewSelect().Model((*examCandidateRow)(nil)).Where("number LIKE ?", prefix+"%").Count(ctx)
		if err != nil {
			return err
		}
		row := &examCandidateRow{SeminarID: seminarID, UserID: userID, Number: fmt.Sprintf("%s%04d", prefix, n+1), CreatedAt: db.now()}
		if _, err := tx.NewInsert().Model(row).Exec(ctx); err != nil {
			if isUniqueViolation(err) {
				return wachsam.Errorf(wachsam.ECONFLICT, "Diese Person ist bereits Prüfling dieses Seminars.")
			}
			return err
		}
		if err := db.audit(ctx, tx, actor, "exam_candidate.create", "exam_candidate", row.ID, row.Number); err != nil {
			return err
		}
		out, err = db.candidateRecord(ctx, tx, row.ID)
		return err
	})
	return out, err
}

// ExamCandidates lists the candidates of a seminar by number.
func (db *DB) ExamCandidates(ctx context.Context, seminarID int64) ([]exam.CandidateRecord, error) {
	return db.candidateRecords(ctx, db.DB, "c.seminar_id = ?", seminarID)
}

// ExamCandidate loads one candidate record.
func (db *DB) ExamCandidate(ctx context.Context, candidateID int64) (*exam.CandidateRecord, error) {
	return db.candidateRecord(ctx, db.DB, candidateID)
}

// CandidatesOfUser lists the seminars an account is a candidate of: a
// candidate only ever reaches their own files through it.
func (db *DB) CandidatesOfUser(ctx context.Context, userID int64) ([]exam.CandidateRecord, error) {
	return db.candidateRecords(ctx, db.DB, "c.user_id = ?", userID)
}

func (db *DB) candidateRecord(ctx context.Context, tx bun.IDB, id int64) (*exam.CandidateRecord, error) {
	rs, err := db.candidateRecords(ctx, tx, "c.id = ?", id)
	if err != nil {
		return nil, err
	}
	if len(rs) == 0 {
		return nil, notFound("Prüfling")
	}
	return &rs[0], nil
}

func (db *DB) candidateRecords(ctx context.Context, tx bun.IDB, where string, arg any) ([]exam.CandidateRecord, error) {
	var out []exam.CandidateRecord
	err := tx.NewSelect().TableExpr("exam_candidates AS c").Join("JOIN users AS u ON u.id = c.user_id").
		ColumnExpr("c.id, c.seminar_id, c.user_id, c.number, u.name, u.email").
		Where(where, arg).Order("c.number").Scan(ctx, &out)
	return out, err
}

// AnnounceExamDate records an exam date the board set for a component
// (§3(3)): the announcement day plus four weeks must not lie after the exam
// day. Announcing is an act in the app, dated by the server's clock: the
// announcement day is today. An announcement made earlier outside the app
// may be entered with its day, but only with a reason (d.EnteredReason):
// it is kept and shown as entered later ("nachgetragen"), so a typed date
// never passes for an announcement the app made. Every candidate of the
// seminar is mailed.
func (db *DB) AnnounceExamDate(ctx context.Context, actor wachsam.Actor, d *exam.ExamDate) error {
	today := db.legalToday()
	if d.AnnouncedOn.IsZero() {
		d.AnnouncedOn = today
	}
	if d.AnnouncedOn.After(today) {
		return wachsam.FieldError("announced_on", "Die Bekanntgabe am %s liegt in der Zukunft.", d.AnnouncedOn.German())
	}
	var err error
	if d.EnteredReason, err = enteredLater("Eine Bekanntgabe", d.AnnouncedOn, today, d.EnteredReason); err != nil {
		return err
	}
	if d.ExamDay.IsZero() {
		return wachsam.FieldError("exam_day", "Bitte geben Sie den Prüfungstag an.")
	}
	if err := wachsam.CheckLine("place", "Ort", d.Place, wachsam.MaxPlaceLen); err != nil {
		return err
	}
	return db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		var c examComponentRow
		if err := tx.NewSelect().Model(&c).Where("id = ?", d.ComponentID).Scan(ctx); err != nil {
			return lookupError(err, "Prüfungsleistung")
		}
		var first wachsam.Date
		if err := tx.NewSelect().Model((*examSeminarDayRow)(nil)).ColumnExpr("MIN(day)").Where("seminar_id = ?", c.SeminarID).Scan(ctx, &first); err != nil {
			return err
		}
		reg, ok := exam.RegulationInForce(exam.Presets(db.Legal), first)
		if !ok {
			return wachsam.Errorf(wachsam.ECONFLICT, "Am ersten Seminartag %s war keine bekannte Prüfungsordnung in Kraft (§13).", first.German())
		}
		if earliest := reg.EarliestExamDate(d.AnnouncedOn); d.ExamDay.Before(earliest) {
			return &wachsam.Error{Code: wachsam.EINVALID, Field: "exam_day", Message: fmt.Sprintf(
				"Prüfungstermine sind spätestens %s vorher bekannt zu geben (§3(3) der Prüfungsordnung): bei Bekanntgabe am %s frühestens am %s.",
				reg.Periods.ExamNotice, d.AnnouncedOn.German(), earliest.German())}
		}
		row := &examDateRow{ComponentID: c.ID, ExamDay: d.ExamDay, AnnouncedOn: d.AnnouncedOn, Place: strings.TrimSpace(d.Place),
			EnteredReason: d.EnteredReason, CreatedBy: actor.UserID, CreatedAt: db.now()}
		if _, err := tx.NewInsert().Model(row).Exec(ctx); err != nil {
			if isUniqueViolation(err) {
				return wachsam.FieldError("exam_day", "Für %s gibt es am %s schon einen Termin.", c.Name, d.ExamDay.German())
			}
			return err
		}
		d.ID, d.ComponentCode, d.ComponentName, d.RecordedAt = row.ID, c.Code, c.Name, row.CreatedAt
		detail := fmt.Sprintf("%s am %s, bekannt gegeben am %s", c.Code, d.ExamDay.German(), d.AnnouncedOn.German())
		if d.EnteredLater() {
			detail += fmt.Sprintf(" (nachgetragen am %s; §3(3) gegen das eingetragene Datum geprüft; Grund: %s)", today.German(), d.EnteredReason)
		}
		if err := db.audit(ctx, tx, actor, "exam_date.announce", "exam_component", c.ID, detail); err != nil {
			return err
		}
		// Announcing publishes the date: every candidate of the seminar is
		// mailed in the same transaction (their page and calendar feed show
		// it from now on).
		recs, err := db.candidateRecords(ctx, tx, "c.seminar_id = ?", c.SeminarID)
		if err != nil {
			return err
		}
		for _, rec := range recs {
			if err := db.EnqueueMail(ctx, tx, d.AnnouncementMail(rec)); err != nil {
				return err
			}
		}
		return nil
	})
}

// ExamDates lists the exam dates of a seminar's components by day.
func (db *DB) ExamDates(ctx context.Context, seminarID int64) ([]exam.ExamDate, error) {
	var out []exam.ExamDate
	err := db.NewSelect().TableExpr("exam_dates AS d").Join("JOIN exam_components AS c ON c.id = d.component_id").
		Join("LEFT JOIN users AS u ON u.id = d.created_by").
		ColumnExpr("d.id, d.component_id, c.code AS component_code, c.name AS component_name, d.exam_day, d.announced_on, d.place").
		ColumnExpr("d.entered_reason, COALESCE(u.name, '') AS recorded_by, d.created_at AS recorded_at").
		Where("c.seminar_id = ?", seminarID).Order("d.exam_day", "c.position").Scan(ctx, &out)
	return out, err
}

// RecordExamFact records what happened in a candidate's file — as the exam
// office does for attendance, notices, payments, absences and disorder — if
// the regulation allows it; a refusal names its §. It returns the state
// after the fact.
func (db *DB) RecordExamFact(ctx context.Context, actor wachsam.Actor, candidateID int64, f exam.Fact) (exam.State, error) {
	var state exam.State
	err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		cf, err := db.lockedFile(ctx, tx, candidateID)
		if err != nil {
			return err
		}
		_, state, _, err = db.recordFact(ctx, tx, actor, cf, f, factExtra{})
		return err
	})
	return state, err
}

// ExamState is the candidate's state as of today, folded by package exam.
func (db *DB) ExamState(ctx context.Context, candidateID int64) (exam.State, error) {
	cf, err := db.loadFile(ctx, db.DB, candidateID)
	if err != nil {
		return exam.State{}, err
	}
	return cf.evaluate(db.legalToday()), nil
}
