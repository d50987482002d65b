package store

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// Release on completion (issue 14 §2): once a person has completed a topic,
// the seats they still hold in later sessions of the same topic (another
// round, typically booked as a fallback) are someone else's chance. They
// are cancelled in the transaction that writes the completion, offered on
// to the waiting lists, and the person is told by mail why; waiting-list
// places of the topic are given up as well.

// releaseOnCompletion runs inside syncCompletion when the completion of
// the completed session is written. A booking whose attendance is recorded
// already (a seminar under way) is left alone: attendance must keep the
// booking that explains it.
func (db *DB) releaseOnCompletion(ctx context.Context, tx bun.Tx, actor wachsam.Actor, topicID int64, completed courses.Session, userID int64) error {
	now := db.now()
	var later []bookingRow
	// Sessions are locked in the order of their IDs, as MoveOnBehalf does.
	err := tx.NewSelect().Model(&later).
		Where("user_id = ? AND cancelled_at IS NULL AND session_id <> ?", userID, completed.ID).
		Where(`session_id IN (SELECT s.id FROM course_sessions AS s JOIN rounds AS r ON r.id = s.round_id
			WHERE r.topic_id = ? AND s.starts_at > ? AND s.cancelled_at IS NULL)`, topicID, now).
		Where("NOT EXISTS (SELECT 1 FROM attendance AS a WHERE a.session_id = booking_row.session_id AND a.user_id = booking_row.user_id)").
		OrderExpr("session_id").Scan(ctx)
	if err != nil {
		return err
	}
	for _, b := range later {
		locked, err := db.lockSession(ctx, tx, b.SessionID)
		if err != nil {
			return err
		}
		res, err := tx.NewUpdate().Model((*bookingRow)(nil)).Set("cancelled_at = ?", now).Set("sequence = sequence + 1").
			Where("id = ? AND cancelled_at IS NULL", b.ID).Exec(ctx)
		if claimed, err := claimedRow(res, err); !claimed {
			if err != nil {
				return err
			}
			continue
		}
		if err := db.audit(ctx, tx, actor, "booking.release", "booking", b.ID,
			fmt.Sprintf("Person %d hat das Thema in Termin %d abgeschlossen; Termin %d freigegeben", userID, completed.ID, b.SessionID)); err != nil {
			return err
		}
		payload := wachsam.BookingNoticePayload{BookingID: b.ID, Completed: true}
		if err := db.EnqueueJob(ctx, tx, wachsam.BookingNoticeJob, payload, now); err != nil {
			return err
		}
		if err := db.offerFreedSeats(ctx, tx, locked); err != nil {
			return err
		}
	}
	var rounds []int64
	if err := tx.NewSelect().Table("waitlist_entries").ColumnExpr("DISTINCT round_id").
		Where("user_id = ? AND left_at IS NULL", userID).
		Where("round_id IN (SELECT id FROM rounds WHERE topic_id = ?)", topicID).
		OrderExpr("round_id").Scan(ctx, &rounds); err != nil {
		return err
	}
	for _, roundID := range rounds {
		if err := db.withdrawEntries(ctx, tx, actor, userID, roundID, 0, "completed"); err != nil {
			return err
		}
	}
	return nil
}
