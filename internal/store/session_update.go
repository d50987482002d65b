package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// UpdateSession changes the time, the place and the trainer of a session of
// a round the municipality takes part in; s names the session (ID) and
// carries the new values, its capacity is ignored. In the same transaction:
//   - a new time or place raises every active booking's SEQUENCE and queues
//     its updated invitation, and raises the trainer's SEQUENCE and queues
//     theirs;
//   - a new trainer gets the invitation, the one replaced the cancellation
//     (same UID, higher SEQUENCE);
//   - the change is audited.
//
// A session that is called off, or whose attendance is recorded, keeps its
// time and place; nothing changed changes nothing.
func (db *DB) UpdateSession(ctx context.Context, actor wachsam.Actor, municipalityID int64, s courses.Session) error {
	return db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		locked, err := db.lockSession(ctx, tx, s.ID)
		if err != nil {
			return err
		}
		r, old := locked.round, locked.session
		if !slices.Contains(r.Municipalities, municipalityID) {
			return notFound("Der Termin")
		}
		switch {
		case old.Cancelled:
			return wachsam.Errorf(wachsam.ECONFLICT, "Der Termin ist abgesagt und kann nicht mehr geändert werden.")
		case r.Status == courses.StatusClosed:
			return wachsam.Errorf(wachsam.ECONFLICT, "Die Runde ist abgeschlossen.")
		}
		s.RoundID, s.Capacity, s.Cancelled = old.RoundID, old.Capacity, false
		s.Location, s.JoinURL = strings.TrimSpace(s.Location), strings.TrimSpace(s.JoinURL)
		change := courses.ChangeOf(old, s)
		if change.None() {
			return nil
		}
		for i := range r.Sessions {
			if r.Sessions[i].ID == s.ID {
				r.Sessions[i] = s
			}
		}
		if err := r.Validate(); err != nil {
			return err
		}
		if change.Time {
			if err := db.refuseIfAttended(ctx, tx, s.ID); err != nil {
				return err
			}
		}
		if change.Trainer {
			if err := db.checkTrainer(ctx, tx, s.TrainerID); err != nil {
				return err
			}
		}
		now := db.now()
		row := newSessionRow(s)
		if _, err := tx.NewUpdate().Model((*sessionRow)(nil)).
			Set("starts_at = ?", row.StartsAt).Set("ends_at = ?", row.EndsAt).Set("days = ?", row.Days).
			Set("online = ?", row.Online).Set("host_municipality_id = ?", row.HostMunicipalityID).
			Set("location = ?", row.Location).Set("join_url = ?", row.JoinURL).Set("trainer_id = ?", row.TrainerID).
			Set("trainer_sequence = trainer_sequence + 1").Set("updated_at = ?", now).
			Where("id = ?", s.ID).Exec(ctx); err != nil {
			if isForeignKeyViolation(err) {
				return wachsam.FieldError("trainer", "Die gewählte Trainerin oder der gewählte Trainer oder das Rathaus existiert nicht.")
			}
			return err
		}
		booked := 0
		if change.Reinvites() {
			if booked, err = db.reinviteBookings(ctx, tx, s.ID); err != nil {
				return err
			}
		}
		if change.Trainer {
			if err := db.enqueueTrainerNotice(ctx, tx, s.ID, old.TrainerID); err != nil {
				return err
			}
		}
		if err := db.enqueueTrainerNotice(ctx, tx, s.ID, s.TrainerID); err != nil {
			return err
		}
		if change.Time && r.Status == courses.StatusCollecting {
			// People's unavailable days were weighed against the old days.
			if err := db.discardAllocation(ctx, tx, r.ID); err != nil {
				return err
			}
		}
		return db.audit(ctx, tx, actor, "session.update", "session", s.ID, sessionChangeText(old, s, change, booked))
	})
}

// reinviteBookings raises the SEQUENCE of the session's active bookings and
// queues their updated invitations; it returns how many.
func (db *DB) reinviteBookings(ctx context.Context, tx bun.Tx, sessionID int64) (int, error) {
	var ids []int64
	if err := tx.NewSelect().Table("bookings").Column("id").Where("session_id = ? AND cancelled_at IS NULL", sessionID).
		Scan(ctx, &ids); err != nil {
		return 0, err
	}
	if _, err := tx.NewUpdate().Model((*bookingRow)(nil)).Set("sequence = sequence + 1").
		Where("session_id = ? AND cancelled_at IS NULL", sessionID).Exec(ctx); err != nil {
		return 0, err
	}
	for _, id := range ids {
		if err := db.EnqueueJob(ctx, tx, wachsam.BookingNoticeJob, wachsam.BookingNoticePayload{BookingID: id}, db.now()); err != nil {
			return 0, err
		}
	}
	return len(ids), nil
}

// refuseIfAttended keeps the days of a session whose attendance is
// recorded: moving it would leave presence on days it no longer has.
func (db *DB) refuseIfAttended(ctx context.Context, tx bun.Tx, sessionID int64) error {
	for _, table := range []string{"attendance", "attendance_statuses", "walk_ins"} {
		ok, err := tx.NewSelect().Table(table).Where("session_id = ?", sessionID).Exists(ctx)
		if err != nil {
			return err
		}
		if ok {
			return wachsam.Errorf(wachsam.ECONFLICT, "Für diesen Termin ist bereits Anwesenheit erfasst; Tage und Uhrzeiten können nicht mehr geändert werden.")
		}
	}
	return nil
}

// sessionChangeText says what changed, for the audit log: ids and times,
// no names.
func sessionChangeText(old, s courses.Session, change courses.SessionChange, booked int) string {
	var parts []string
	if change.Time {
		parts = append(parts, fmt.Sprintf("Zeit %s–%s → %s–%s, Tage %v → %v",
			old.StartsAt.UTC().Format("2006-01-02 15:04Z"), old.EndsAt.UTC().Format("15:04Z"),
			s.StartsAt.UTC().Format("2006-01-02 15:04Z"), s.EndsAt.UTC().Format("15:04Z"), old.Days, s.Days))
	}
	if change.Place {
		parts = append(parts, "Ort geändert")
	}
	if change.Trainer {
		parts = append(parts, fmt.Sprintf("Schulungsleitung %d → %d", old.TrainerID, s.TrainerID))
	}
	if booked > 0 {
		parts = append(parts, fmt.Sprintf("%d Buchungen neu eingeladen", booked))
	}
	return strings.Join(parts, "; ")
}
