package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// CreateTopic adds a topic to the catalogue all municipalities share.
func (db *DB) CreateTopic(ctx context.Context, actor wachsam.Actor, t *courses.Topic) error {
	t.Name = strings.TrimSpace(t.Name)
	if err := t.Validate(); err != nil {
		return err
	}
	return db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		return db.insertTopic(ctx, tx, actor, t, "name")
	})
}

// insertTopic writes a validated topic; field names the form field a
// duplicate name is reported on.
func (db *DB) insertTopic(ctx context.Context, tx bun.Tx, actor wachsam.Actor, t *courses.Topic, field string) error {
	now := db.now()
	row := &topicRow{Name: t.Name, ValidityMonths: t.ValidityMonths, RemindDays: t.RemindDays, CreatedAt: now, UpdatedAt: now}
	if _, err := tx.NewInsert().Model(row).Returning("id").Exec(ctx); err != nil {
		if isUniqueViolation(err) {
			return wachsam.FieldError(field, "Ein Thema „%s“ gibt es bereits.", t.Name)
		}
		return err
	}
	t.ID = row.ID
	return db.audit(ctx, tx, actor, "topic.create", "topic", t.ID,
		fmt.Sprintf("%s, gültig %d Monate", t.Name, t.ValidityMonths))
}

// Topics lists the catalogue by name.
func (db *DB) Topics(ctx context.Context) ([]courses.Topic, error) {
	var rows []topicRow
	if err := db.NewSelect().Model(&rows).OrderExpr("name, id").Scan(ctx); err != nil {
		return nil, translate(err)
	}
	out := make([]courses.Topic, len(rows))
	for i, r := range rows {
		out[i] = r.topic()
	}
	return out, nil
}

// Topic loads one topic.
func (db *DB) Topic(ctx context.Context, id int64) (courses.Topic, error) {
	var row topicRow
	if err := db.NewSelect().Model(&row).Where("id = ?", id).Scan(ctx); err != nil {
		return courses.Topic{}, lookupError(err, "Das Thema")
	}
	return row.topic(), nil
}

// CreateRound sets up a round shared by r.Municipalities, with its
// sessions, as a draft. The coordinator's own municipality (r.CreatedBy)
// always takes part. A topic without an ID but with a name is new: it is
// added to the catalogue in the same transaction, so a refused round leaves
// no orphan topic behind.
func (db *DB) CreateRound(ctx context.Context, actor wachsam.Actor, r *courses.Round) error {
	if !slices.Contains(r.Municipalities, r.CreatedBy) {
		r.Municipalities = append([]int64{r.CreatedBy}, r.Municipalities...)
	}
	slices.Sort(r.Municipalities)
	r.Municipalities = slices.Compact(r.Municipalities)
	r.ID, r.Status = 0, courses.StatusDraft // a retry after a refusal starts afresh
	if strings.TrimSpace(r.Name) == "" {
		return wachsam.FieldError("name", "Bitte geben Sie der Runde einen Namen.")
	}
	if _, err := courses.ParseRoundMode(string(r.Mode)); err != nil {
		return err
	}
	if r.CostBasis == "" {
		r.CostBasis = courses.CostByPopulation
	}
	return db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if r.Topic.ID == 0 && strings.TrimSpace(r.Topic.Name) != "" {
			r.Topic.Name = strings.TrimSpace(r.Topic.Name)
			if err := r.Topic.Validate(); err != nil {
				return err
			}
			if err := db.insertTopic(ctx, tx, actor, &r.Topic, "topic.name"); err != nil {
				return err
			}
		}
		topic, err := db.topicIn(ctx, tx, r.Topic.ID)
		if err != nil {
			return err
		}
		r.Topic = topic
		staff, err := db.staffCounts(ctx, tx, r.Municipalities)
		if err != nil {
			return err
		}
		r.Staff = staff
		// New sessions have no IDs yet; placeholders let Validate tell them apart.
		for i := range r.Sessions {
			r.Sessions[i].ID = -int64(i + 1)
		}
		if err := r.Validate(); err != nil {
			return err
		}
		now := db.now()
		row := newRoundRow(*r)
		row.CreatedAt, row.UpdatedAt = now, now
		if _, err := tx.NewInsert().Model(&row).Returning("id").Exec(ctx); err != nil {
			return err
		}
		r.ID = row.ID
		for _, m := range r.Municipalities {
			if _, err := tx.NewRaw("INSERT INTO round_municipalities (round_id, municipality_id) VALUES (?, ?)", r.ID, m).Exec(ctx); err != nil {
				if isForeignKeyViolation(err) {
					return wachsam.FieldError("municipalities", "Eine der gewählten Kommunen gibt es nicht.")
				}
				return err
			}
		}
		for i := range r.Sessions {
			r.Sessions[i].ID, r.Sessions[i].RoundID = 0, r.ID
			if err := db.insertSession(ctx, tx, &r.Sessions[i]); err != nil {
				return err
			}
		}
		return db.audit(ctx, tx, actor, "round.create", "round", r.ID,
			fmt.Sprintf("%s (%s), %d Termine, Kommunen %v", r.Name, r.Topic.Name, len(r.Sessions), r.Municipalities))
	})
}

func (db *DB) topicIn(ctx context.Context, tx bun.IDB, id int64) (courses.Topic, error) {
	var row topicRow
	if err := tx.NewSelect().Model(&row).Where("id = ?", id).Scan(ctx); err != nil {
		if e := lookupError(err, "Das Thema"); wachsam.ErrorCodeOf(e) == wachsam.ENOTFOUND {
			return courses.Topic{}, wachsam.FieldError("topic", "Bitte wählen Sie ein Thema aus dem Katalog.")
		}
		return courses.Topic{}, err
	}
	return row.topic(), nil
}

func (db *DB) insertSession(ctx context.Context, tx bun.IDB, s *courses.Session) error {
	if err := db.checkTrainer(ctx, tx, s.TrainerID); err != nil {
		return err
	}
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return err
	}
	now := db.now()
	row := newSessionRow(*s)
	row.CheckInSecret = hex.EncodeToString(secret)
	row.CreatedAt, row.UpdatedAt = now, now
	if _, err := tx.NewInsert().Model(&row).Returning("id").Exec(ctx); err != nil {
		if isForeignKeyViolation(err) {
			return wachsam.FieldError("trainer", "Die gewählte Trainerin oder der gewählte Trainer oder das Rathaus existiert nicht.")
		}
		return err
	}
	s.ID = row.ID
	return db.enqueueTrainerNotice(ctx, tx, s.ID, s.TrainerID)
}

// staffCounts is the active staff of each municipality and department: the
// base of the fair-share quota and the department cap. staff_counts keeps
// these numbers in the transaction of every change to staff (migration
// 00019), so this is one indexed lookup however many people work there.
func (db *DB) staffCounts(ctx context.Context, tx bun.IDB, municipalities []int64) (courses.Staff, error) {
	staff := courses.Staff{ByMunicipality: map[int64]int{}, ByDepartment: map[int64]int{}}
	for _, m := range municipalities {
		staff.ByMunicipality[m] = 0
	}
	if len(municipalities) == 0 {
		return staff, nil
	}
	var rows []staffCountRow
	err := tx.NewSelect().Table("staff_counts").Column("municipality_id", "department_id", "staff").
		Where("municipality_id IN (?)", bun.In(municipalities)).Scan(ctx, &rows)
	addStaff(staff, rows)
	return staff, err
}

// staffCountRow is one row of staff_counts; department 0 is none.
type staffCountRow struct {
	MunicipalityID int64 `bun:"municipality_id"`
	DepartmentID   int64 `bun:"department_id"`
	Staff          int   `bun:"staff"`
}

func addStaff(staff courses.Staff, rows []staffCountRow) {
	for _, r := range rows {
		staff.ByMunicipality[r.MunicipalityID] += r.Staff
		if r.DepartmentID != 0 && r.Staff != 0 {
			staff.ByDepartment[r.DepartmentID] += r.Staff
		}
	}
}

// Round loads a round with its topic, municipalities, sessions (by start)
// and staff counts: everything the booking rules look at.
func (db *DB) Round(ctx context.Context, id int64) (courses.Round, error) {
	return db.roundIn(ctx, db.DB, id)
}

func (db *DB) roundIn(ctx context.Context, tx bun.IDB, id int64) (courses.Round, error) {
	// Three prepared statements, whatever the size of the staff: the round
	// with its topic, the municipalities with their staff counts, the
	// sessions. Booking reads them before it locks a session (bookIn).
	var rt struct {
		Round roundRow `bun:"embed:r_"`
		Topic topicRow `bun:"embed:t_"`
	}
	err := db.hotScan(ctx, tx, []any{&rt}, "SELECT "+db.columnsOf((*roundRow)(nil), "r", "r_")+", "+
		db.columnsOf((*topicRow)(nil), "t", "t_")+" FROM rounds r JOIN topics t ON t.id = r.topic_id WHERE r.id = ?", id)
	if err != nil {
		return courses.Round{}, lookupError(err, "Die Schulungsrunde")
	}
	return db.roundParts(ctx, tx, rt.Round.round(rt.Topic.topic()))
}

// roundParts loads what belongs to a round beside its row and topic: the
// municipalities with their staff counts, and the sessions.
func (db *DB) roundParts(ctx context.Context, tx bun.IDB, r courses.Round) (courses.Round, error) {
	id := r.ID
	var staff []staffCountRow
	if err := db.hotScan(ctx, tx, []any{&staff}, `SELECT rm.municipality_id,
		coalesce(sc.department_id, 0) AS department_id, coalesce(sc.staff, 0) AS staff
		FROM round_municipalities rm LEFT JOIN staff_counts sc ON sc.municipality_id = rm.municipality_id
		WHERE rm.round_id = ? ORDER BY rm.municipality_id`, id); err != nil {
		return r, translate(err)
	}
	r.Staff = courses.Staff{ByMunicipality: map[int64]int{}, ByDepartment: map[int64]int{}}
	for _, s := range staff {
		if n := len(r.Municipalities); n == 0 || r.Municipalities[n-1] != s.MunicipalityID {
			r.Municipalities = append(r.Municipalities, s.MunicipalityID)
		}
	}
	addStaff(r.Staff, staff)
	var sessions []sessionRow
	if err := db.hotScan(ctx, tx, []any{&sessions}, "SELECT "+db.columnsOf((*sessionRow)(nil), "s", "")+
		" FROM course_sessions s WHERE s.round_id = ? ORDER BY s.starts_at, s.id", id); err != nil {
		return r, translate(err)
	}
	for _, s := range sessions {
		r.Sessions = append(r.Sessions, s.session())
	}
	return r, nil
}

// RoundsOf lists the rounds a municipality takes part in, newest first.
func (db *DB) RoundsOf(ctx context.Context, municipalityID int64) ([]courses.Round, error) {
	var ids []int64
	err := db.NewSelect().Table("round_municipalities").Column("round_id").
		Where("municipality_id = ?", municipalityID).OrderExpr("round_id DESC").Scan(ctx, &ids)
	if err != nil {
		return nil, translate(err)
	}
	out := make([]courses.Round, 0, len(ids))
	for _, id := range ids {
		r, err := db.Round(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// RoundFor loads a round only if municipalityID takes part in it; for any
// other caller the round does not exist.
func (db *DB) RoundFor(ctx context.Context, municipalityID, roundID int64) (courses.Round, error) {
	r, err := db.Round(ctx, roundID)
	if err != nil {
		return r, err
	}
	if !slices.Contains(r.Municipalities, municipalityID) {
		return courses.Round{}, notFound("Die Schulungsrunde")
	}
	return r, nil
}

// SetRoundStatus moves a round on (draft → open, open → closed, …) as
// courses.Round.CanMoveTo allows.
func (db *DB) SetRoundStatus(ctx context.Context, actor wachsam.Actor, municipalityID, roundID int64, next courses.RoundStatus) error {
	return db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		r, err := db.roundIn(ctx, tx, roundID)
		if err != nil {
			return err
		}
		if !slices.Contains(r.Municipalities, municipalityID) {
			return notFound("Die Schulungsrunde")
		}
		if err := r.CanMoveTo(next); err != nil {
			return err
		}
		if next == courses.StatusOpen && r.ActiveSessions() == 0 {
			return wachsam.Errorf(wachsam.ECONFLICT, "Die Runde hat keinen Termin, der stattfindet.")
		}
		if _, err := tx.NewUpdate().Model((*roundRow)(nil)).Set("status = ?", next).Set("updated_at = ?", db.now()).
			Where("id = ?", roundID).Exec(ctx); err != nil {
			return err
		}
		return db.audit(ctx, tx, actor, "round.status", "round", roundID, string(r.Status)+" → "+string(next))
	})
}

// AddSession adds a session to a round the caller's municipality takes part in.
func (db *DB) AddSession(ctx context.Context, actor wachsam.Actor, municipalityID int64, s *courses.Session) error {
	return db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		r, err := db.roundIn(ctx, tx, s.RoundID)
		if err != nil {
			return err
		}
		if !slices.Contains(r.Municipalities, municipalityID) {
			return notFound("Die Schulungsrunde")
		}
		if r.Status == courses.StatusClosed {
			return wachsam.Errorf(wachsam.ECONFLICT, "Die Runde ist abgeschlossen.")
		}
		s.ID = -1 // a placeholder that no stored session has, for validation
		r.Sessions = append(r.Sessions, *s)
		if err := r.Validate(); err != nil {
			return err
		}
		s.ID = 0
		if err := db.insertSession(ctx, tx, s); err != nil {
			return err
		}
		if r.Status == courses.StatusCollecting {
			// A result computed without the new session is out of date.
			if err := db.discardAllocation(ctx, tx, r.ID); err != nil {
				return err
			}
		}
		return db.audit(ctx, tx, actor, "session.create", "session", s.ID,
			fmt.Sprintf("Runde %d, %s, %d Plätze", r.ID, s.StartsAt.Format("2006-01-02 15:04 MST"), s.Capacity))
	})
}

// CancelSession calls a session off: every booking is cancelled (and mailed
// as METHOD:CANCEL), the waiting list is closed, the trainer is sent the
// cancellation too.
func (db *DB) CancelSession(ctx context.Context, actor wachsam.Actor, municipalityID, sessionID int64) error {
	return db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		locked, err := db.lockSession(ctx, tx, sessionID)
		if err != nil {
			return err
		}
		if !slices.Contains(locked.round.Municipalities, municipalityID) {
			return notFound("Der Termin")
		}
		if locked.session.Cancelled {
			return wachsam.Errorf(wachsam.ECONFLICT, "Der Termin ist bereits abgesagt.")
		}
		now := db.now()
		if _, err := tx.NewUpdate().Model((*sessionRow)(nil)).Set("cancelled_at = ?", now).Set("updated_at = ?", now).
			Set("trainer_sequence = trainer_sequence + 1").Where("id = ?", sessionID).Exec(ctx); err != nil {
			return err
		}
		if err := db.enqueueTrainerNotice(ctx, tx, sessionID, locked.session.TrainerID); err != nil {
			return err
		}
		var ids []int64
		if err := tx.NewSelect().Table("bookings").Column("id").Where("session_id = ? AND cancelled_at IS NULL", sessionID).
			Scan(ctx, &ids); err != nil {
			return err
		}
		if _, err := tx.NewUpdate().Model((*bookingRow)(nil)).Set("cancelled_at = ?", now).Set("sequence = sequence + 1").
			Where("session_id = ? AND cancelled_at IS NULL", sessionID).Exec(ctx); err != nil {
			return err
		}
		for _, id := range ids {
			if err := db.EnqueueJob(ctx, tx, wachsam.BookingNoticeJob, wachsam.BookingNoticePayload{BookingID: id}, now); err != nil {
				return err
			}
		}
		if _, err := tx.NewUpdate().Model((*waitlistRow)(nil)).Set("left_at = ?", now).Set("outcome = ?", "session_cancelled").
			Where("session_id = ? AND left_at IS NULL", sessionID).Exec(ctx); err != nil {
			return err
		}
		if locked.round.Status == courses.StatusCollecting {
			if err := db.discardAllocation(ctx, tx, locked.round.ID); err != nil {
				return err
			}
		}
		return db.audit(ctx, tx, actor, "session.cancel", "session", sessionID, fmt.Sprintf("%d Buchungen storniert", len(ids)))
	})
}
