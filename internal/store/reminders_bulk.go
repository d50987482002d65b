package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// A coordinator's reminders about a round (issue 14 §2): everyone of their
// own staff who has not entered preferences, or not booked, gets one mail.
// Each reminder is claimed by a row of round_reminders, whose key admits
// one per person, round and day: a form sent twice, or two coordinators of
// the town at once, queue one mail per person. The claim, the job that
// writes the mail and the audit entry are written in one transaction.

// PlanReminders says whom reminding the group would reach today, without
// writing anything: the coordinator's preview.
func (db *DB) PlanReminders(ctx context.Context, municipalityID, roundID int64, g courses.ReminderGroup, today wachsam.Date) (courses.ReminderPlan, error) {
	r, people, err := db.BulkStaff(ctx, municipalityID, roundID, today)
	if err != nil {
		return courses.ReminderPlan{}, err
	}
	if err := r.CanRemind(g); err != nil {
		return courses.ReminderPlan{}, err
	}
	return r.PlanReminders(g, people, today), nil
}

// RemindRound queues the reminders of the group for the municipality's
// staff and returns whom they reach; people reminded about the round today
// already (by this or another coordinator) are counted in AlreadyToday.
func (db *DB) RemindRound(ctx context.Context, actor wachsam.Actor, municipalityID, roundID int64, g courses.ReminderGroup, today wachsam.Date) (courses.ReminderPlan, error) {
	var plan courses.ReminderPlan
	err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		r, err := db.roundIn(ctx, tx, roundID)
		if err != nil {
			return err
		}
		if !slices.Contains(r.Municipalities, municipalityID) {
			return notFound("Die Schulungsrunde")
		}
		if err := r.CanRemind(g); err != nil {
			return err
		}
		people, err := db.bulkPeopleIn(ctx, tx, municipalityID, r, today, nil)
		if err != nil {
			return err
		}
		plan = r.PlanReminders(g, people, today)
		queued := plan.Recipients[:0:0]
		for _, p := range plan.Recipients {
			res, err := tx.NewRaw(`INSERT INTO round_reminders (round_id, user_id, day, grp, created_by, created_at)
				VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, roundID, p.ID, today, string(g), actor.UserID, db.now()).Exec(ctx)
			claimed, err := claimedRow(res, err)
			if err != nil {
				return err
			}
			if !claimed {
				plan.AlreadyToday++
				continue
			}
			payload := wachsam.RoundReminderPayload{RoundID: roundID, UserID: p.ID, Day: today}
			if err := db.EnqueueJob(ctx, tx, wachsam.RoundReminderJob, payload, db.now()); err != nil {
				return err
			}
			if err := db.audit(ctx, tx, actor, "reminder.round", "round", roundID,
				fmt.Sprintf("%s (Person %d) erinnert: %s", p.Name, p.ID, g.German())); err != nil {
				return err
			}
			queued = append(queued, p)
		}
		plan.Recipients = queued
		return nil
	})
	return plan, err
}

// MailRoundReminder writes the mail of one reminder with compose and
// queues it, once: the reminder's mailed_at is claimed in the same
// transaction. Someone who acted in the meantime (ranked, booked) or whose
// account was disabled gets nothing.
func (db *DB) MailRoundReminder(ctx context.Context, p wachsam.RoundReminderPayload, compose func(courses.RoundReminderNotice) (*wachsam.Mail, error)) error {
	return db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		var grp string
		err := tx.NewRaw(`UPDATE round_reminders SET mailed_at = ? WHERE round_id = ? AND user_id = ? AND day = ? AND mailed_at IS NULL RETURNING grp`,
			db.now(), p.RoundID, p.UserID, p.Day).Scan(ctx, &grp)
		if errors.Is(err, sql.ErrNoRows) {
			return nil // mailed already, or the round is gone
		}
		if err != nil {
			return err
		}
		g := courses.ReminderGroup(grp)
		r, err := db.roundIn(ctx, tx, p.RoundID)
		if err != nil {
			return err
		}
		u := new(wachsam.User)
		if err := tx.NewSelect().Model(u).Where("id = ?", p.UserID).Scan(ctx); err != nil {
			return lookupError(err, "Die Person")
		}
		acted, err := db.actedOn(ctx, tx, g, r.ID, u.ID)
		if err != nil || acted || u.Disabled || r.CanRemind(g) != nil {
			return err
		}
		n := courses.RoundReminderNotice{To: courses.Recipient{Name: u.Name, Email: u.Email}, Group: g,
			RoundID: r.ID, RoundName: r.Name, Topic: r.Topic, HostNames: map[int64]string{}}
		for _, s := range r.Sessions {
			if !s.Cancelled && db.now().Before(s.StartsAt) {
				n.Sessions = append(n.Sessions, s)
			}
		}
		if err := db.sessionHostNames(ctx, tx, n.Sessions, n.HostNames); err != nil {
			return err
		}
		m, err := compose(n)
		if err != nil || m == nil {
			return err
		}
		if err := db.EnqueueMail(ctx, tx, m); err != nil {
			return err
		}
		return db.audit(ctx, tx, reminderActor(), "mail.round_reminder", "round", r.ID, fmt.Sprintf("Person %d, E-Mail %d", u.ID, m.ID))
	})
}

// hasBookingIn reports whether the person holds an active seat in the round.
func (db *DB) hasBookingIn(ctx context.Context, tx bun.IDB, roundID, userID int64) (bool, error) {
	return tx.NewSelect().Table("bookings").Where("round_id = ? AND user_id = ? AND cancelled_at IS NULL", roundID, userID).Exists(ctx)
}

// actedOn reports whether the person did what the reminder asks.
func (db *DB) actedOn(ctx context.Context, tx bun.IDB, g courses.ReminderGroup, roundID, userID int64) (bool, error) {
	if g == courses.RemindNotBooked {
		return db.hasBookingIn(ctx, tx, roundID, userID)
	}
	return tx.NewSelect().Model((*preferenceRow)(nil)).Where("round_id = ? AND user_id = ?", roundID, userID).Exists(ctx)
}

// sessionHostNames fills in the names of the host town halls of the
// sessions.
func (db *DB) sessionHostNames(ctx context.Context, tx bun.IDB, sessions []courses.Session, into map[int64]string) error {
	var ids []int64
	for _, s := range sessions {
		if s.HostMunicipalityID != 0 {
			ids = append(ids, s.HostMunicipalityID)
		}
	}
	return townNames(ctx, tx, ids, into)
}

// townNames fills in the names of the municipalities by ID.
func townNames(ctx context.Context, idb bun.IDB, ids []int64, into map[int64]string) error {
	if len(ids) == 0 {
		return nil
	}
	var towns []wachsam.Municipality
	if err := idb.NewSelect().Model(&towns).Column("id", "name").Where("id IN (?)", bun.In(ids)).Scan(ctx); err != nil {
		return translate(err)
	}
	for _, t := range towns {
		into[t.ID] = t.Name
	}
	return nil
}
