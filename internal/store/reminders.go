package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// Reminders (DESIGN.md §4). Several instances may run them at the same
// moment, and each reminder must go out exactly once: every reminder is
// claimed in the transaction that queues its mail, by a conditional UPDATE
// of reminded_at (bookings, completions) or an INSERT into overdue_digests
// whose primary key admits one row per municipality and week. The loser of
// a race updates or inserts no row and queues nothing; a rolled-back mail
// releases its claim.

func reminderActor() wachsam.Actor { return wachsam.SystemActor("Erinnerungen") }

// RemindSessionsBetween queues the reminder for every active booking of a
// session that starts in [from, to) and was not reminded yet: the caller
// passes "tomorrow" in legal time. It returns the number of mails queued;
// one failing booking does not stop the others.
func (db *DB) RemindSessionsBetween(ctx context.Context, from, to time.Time, compose func(courses.BookingNotice) (*wachsam.Mail, error)) (int, error) {
	var ids []int64
	err := db.NewSelect().TableExpr("bookings AS b").Column("b.id").
		Join("JOIN course_sessions AS s ON s.id = b.session_id").
		Where("b.cancelled_at IS NULL AND b.reminded_at IS NULL AND s.cancelled_at IS NULL").
		Where("s.starts_at >= ? AND s.starts_at < ?", from.UTC(), to.UTC()).
		OrderExpr("b.id").Scan(ctx, &ids)
	if err != nil {
		return 0, translate(err)
	}
	sent, errs := 0, []error{}
	for _, id := range ids {
		err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
			res, err := tx.NewUpdate().Model((*bookingRow)(nil)).Set("reminded_at = ?", db.now()).
				Where("id = ? AND reminded_at IS NULL AND cancelled_at IS NULL", id).Exec(ctx)
			if claimed, err := claimedRow(res, err); !claimed {
				return err
			}
			n, err := db.bookingNoticeIn(ctx, tx, id)
			if err != nil {
				return err
			}
			m, err := compose(n)
			if err != nil || m == nil {
				return err
			}
			if err := db.EnqueueMail(ctx, tx, m); err != nil {
				return err
			}
			sent++
			return db.audit(ctx, tx, reminderActor(), "reminder.session", "booking", id, fmt.Sprintf("E-Mail %d", m.ID))
		})
		if err != nil {
			errs = append(errs, fmt.Errorf("booking %d: %w", id, err))
		}
	}
	return sent, errors.Join(errs...)
}

// RemindRefreshers queues the reminder for every completion whose reminder
// window has begun by today (its next due date minus the topic's
// remind_days), that was not reminded yet and is the person's latest
// completion of the topic. Disabled accounts get nothing.
func (db *DB) RemindRefreshers(ctx context.Context, today wachsam.Date, compose func(courses.RefresherNotice) (*wachsam.Mail, error)) (int, error) {
	var topics []topicRow
	if err := db.NewSelect().Model(&topics).Order("id").Scan(ctx); err != nil {
		return 0, translate(err)
	}
	sent, errs := 0, []error{}
	for _, t := range topics {
		topic := t.topic()
		var rows []struct {
			ID          int64        `bun:"id"`
			CompletedOn wachsam.Date `bun:"completed_on"`
		}
		// The bound narrows the scan to the candidates; the rule itself is
		// courses.DueStatus, checked below.
		err := db.NewRaw(`SELECT c.id, c.completed_on FROM completions c JOIN users u ON u.id = c.user_id
			WHERE c.topic_id = ? AND c.reminded_at IS NULL AND c.completed_on <= ? AND NOT u.disabled
			AND NOT EXISTS (SELECT 1 FROM completions l WHERE l.user_id = c.user_id AND l.topic_id = c.topic_id
				AND (l.completed_on > c.completed_on OR (l.completed_on = c.completed_on AND l.id > c.id)))
			ORDER BY c.id`, topic.ID, lastCompletionInWindow(today.AddDays(topic.RemindDays), topic.ValidityMonths)).Scan(ctx, &rows)
		if err != nil {
			return sent, translate(err)
		}
		for _, c := range rows {
			due := courses.NextDue(c.CompletedOn, topic.ValidityMonths)
			if courses.DueStatus(due, today, topic.RemindDays) == courses.DueCurrent {
				continue
			}
			ok, err := db.remindCompletion(ctx, c.ID, topic, c.CompletedOn, due, compose)
			if err != nil {
				errs = append(errs, fmt.Errorf("completion %d: %w", c.ID, err))
			}
			if ok {
				sent++
			}
		}
	}
	return sent, errors.Join(errs...)
}

func (db *DB) remindCompletion(ctx context.Context, id int64, topic courses.Topic, completedOn, due wachsam.Date,
	compose func(courses.RefresherNotice) (*wachsam.Mail, error)) (bool, error) {
	sent := false
	err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		res, err := tx.NewRaw("UPDATE completions SET reminded_at = ? WHERE id = ? AND reminded_at IS NULL", db.now(), id).Exec(ctx)
		if claimed, err := claimedRow(res, err); !claimed {
			return err
		}
		u := new(wachsam.User)
		if err := tx.NewSelect().Model(u).Where("id = (SELECT user_id FROM completions WHERE id = ?)", id).Scan(ctx); err != nil {
			return lookupError(err, "Die Person")
		}
		m, err := compose(courses.RefresherNotice{CompletionID: id, To: courses.Recipient{Name: u.Name, Email: u.Email},
			Topic: topic, CompletedOn: completedOn, Due: due})
		if err != nil || m == nil {
			return err
		}
		if err := db.EnqueueMail(ctx, tx, m); err != nil {
			return err
		}
		sent = true
		return db.audit(ctx, tx, reminderActor(), "reminder.refresher", "completion", id,
			fmt.Sprintf("Thema %d, fällig %s, E-Mail %d", topic.ID, due, m.ID))
	})
	return sent, err
}

// lastCompletionInWindow is the latest completion date whose next due date
// (courses.NextDue) lies on or before by. AddMonths clamps to the end of a
// month, so several dates can share a due date: start from by moved back
// and step forward over them (at most three days).
func lastCompletionInWindow(by wachsam.Date, months int) wachsam.Date {
	d := by.AddMonths(-months)
	for !courses.NextDue(d.AddDays(1), months).After(by) {
		d = d.AddDays(1)
	}
	return d
}

// claimedRow reports whether a conditional UPDATE or INSERT took its row;
// false with a nil error means another instance was first.
func claimedRow(res interface{ RowsAffected() (int64, error) }, err error) (bool, error) {
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return err == nil && n > 0, err
}

// SendOverdueDigests queues the weekly overview of overdue staff for every
// municipality that has any, one mail per coordinator of that municipality,
// at most once per municipality and week (the ISO week key, "2026-W48").
// A municipality with nothing overdue or without a coordinator keeps no
// claim, so a coordinator appointed later that day still gets the overview.
func (db *DB) SendOverdueDigests(ctx context.Context, today wachsam.Date, week string, compose func(courses.OverdueDigest) (*wachsam.Mail, error)) (int, error) {
	var towns []wachsam.Municipality
	if err := db.NewSelect().Model(&towns).Order("id").Scan(ctx); err != nil {
		return 0, translate(err)
	}
	nothing := errors.New("nothing to send")
	sent, errs := 0, []error{}
	for _, town := range towns {
		queued := 0
		err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
			res, err := tx.NewRaw("INSERT INTO overdue_digests (municipality_id, week, sent_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
				town.ID, week, db.now()).Exec(ctx)
			if claimed, err := claimedRow(res, err); !claimed {
				return err
			}
			overdue, err := db.overdueStaffIn(ctx, tx, town.ID, today)
			if err != nil {
				return err
			}
			var coordinators []wachsam.User
			if err := tx.NewSelect().Model(&coordinators).
				Where("municipality_id = ? AND NOT disabled", town.ID).
				Where("id IN (SELECT user_id FROM user_roles WHERE role = ?)", string(wachsam.RoleCoordinator)).
				Order("id").Scan(ctx); err != nil {
				return err
			}
			if len(overdue) == 0 || len(coordinators) == 0 {
				return nothing
			}
			for _, c := range coordinators {
				m, err := compose(courses.OverdueDigest{To: courses.Recipient{Name: c.Name, Email: c.Email},
					MunicipalityName: town.Name, Week: week, Today: today, Overdue: overdue})
				if err != nil {
					return err
				}
				if m == nil {
					continue
				}
				if err := db.EnqueueMail(ctx, tx, m); err != nil {
					return err
				}
				queued++
			}
			return db.audit(ctx, tx, reminderActor(), "reminder.overdue_digest", "municipality", town.ID,
				fmt.Sprintf("Woche %s, %d Einträge, %d E-Mails", week, len(overdue), queued))
		})
		switch {
		case errors.Is(err, nothing):
		case err != nil:
			errs = append(errs, fmt.Errorf("municipality %d: %w", town.ID, err))
		default:
			sent += queued
		}
	}
	return sent, errors.Join(errs...)
}

// overdueStaffIn lists, for the staff of one municipality, every topic of
// the rounds the municipality takes part in (drafts aside) that is overdue
// on today: never attended, or the next due date has passed.
func (db *DB) overdueStaffIn(ctx context.Context, tx bun.IDB, municipalityID int64, today wachsam.Date) ([]courses.OverdueStaff, error) {
	var topics []topicRow
	if err := tx.NewSelect().Model(&topics).
		Where("id IN (SELECT r.topic_id FROM rounds r JOIN round_municipalities rm ON rm.round_id = r.id WHERE rm.municipality_id = ? AND r.status <> ?)",
			municipalityID, string(courses.StatusDraft)).
		Order("name").Scan(ctx); err != nil || len(topics) == 0 {
		return nil, err
	}
	var staff []struct {
		ID         int64  `bun:"id"`
		Name       string `bun:"name"`
		Department string `bun:"department"`
	}
	if err := tx.NewRaw(`SELECT u.id, u.name, COALESCE(d.name, '') AS department FROM users u
		LEFT JOIN departments d ON d.id = u.department_id
		WHERE u.municipality_id = ? AND NOT u.disabled
		AND u.id IN (SELECT user_id FROM user_roles WHERE role = ?)
		ORDER BY u.name, u.id`, municipalityID, string(wachsam.RoleStaff)).Scan(ctx, &staff); err != nil {
		return nil, err
	}
	var last []struct {
		UserID  int64        `bun:"user_id"`
		TopicID int64        `bun:"topic_id"`
		Last    wachsam.Date `bun:"last"`
	}
	if err := tx.NewRaw(`SELECT c.user_id, c.topic_id, MAX(c.completed_on) AS last FROM completions c
		JOIN users u ON u.id = c.user_id WHERE u.municipality_id = ?
		GROUP BY c.user_id, c.topic_id`, municipalityID).Scan(ctx, &last); err != nil {
		return nil, err
	}
	type key struct{ user, topic int64 }
	lastOf := make(map[key]wachsam.Date, len(last))
	for _, l := range last {
		lastOf[key{l.UserID, l.TopicID}] = l.Last
	}
	var out []courses.OverdueStaff
	for _, s := range staff {
		for _, t := range topics {
			due := courses.NextDue(lastOf[key{s.ID, t.ID}], t.ValidityMonths)
			if courses.DueStatus(due, today, t.RemindDays) == courses.DueOverdue {
				out = append(out, courses.OverdueStaff{Name: s.Name, Department: s.Department, Topic: t.Name, Due: due})
			}
		}
	}
	return out, nil
}
