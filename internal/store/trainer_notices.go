package store

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// The trainer's invitations (issue 14 §3). Every change a trainer must
// hear of — a session made with them, a new trainer, a new time or place,
// the cancellation — queues a wachsam.TrainerNoticeJob in the transaction
// of the change; the job reads the session as it is then and mails the
// invitation or the cancellation through the outbox, audited.

// enqueueTrainerNotice queues the mail telling trainerID about the session;
// no trainer, no mail.
func (db *DB) enqueueTrainerNotice(ctx context.Context, tx bun.IDB, sessionID, trainerID int64) error {
	if trainerID == 0 {
		return nil
	}
	return db.EnqueueJob(ctx, tx, wachsam.TrainerNoticeJob,
		wachsam.TrainerNoticePayload{SessionID: sessionID, TrainerID: trainerID}, db.now())
}

// MailTrainerNotice queues the mail for a TrainerNoticeJob: the invitation
// while trainerID trains the session, the cancellation once they do not
// or it was called off, with the session's trainer SEQUENCE. Like booking
// notices, a job run twice mails twice with the same SEQUENCE, which
// calendar programs take as the same event.
func (db *DB) MailTrainerNotice(ctx context.Context, sessionID, trainerID int64, compose func(courses.TrainerNotice) (*wachsam.Mail, error)) error {
	return db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		sn, err := db.sessionNoticeIn(ctx, tx, sessionID, trainerID)
		if err != nil {
			return err
		}
		var s sessionRow
		if err := tx.NewSelect().Model(&s).Column("trainer_sequence").Where("id = ?", sessionID).Scan(ctx); err != nil {
			return lookupError(err, "Der Termin")
		}
		booked, err := tx.NewSelect().Table("bookings").Where("session_id = ? AND cancelled_at IS NULL", sessionID).Count(ctx)
		if err != nil {
			return err
		}
		n := courses.TrainerNotice{SessionNotice: sn, Sequence: s.TrainerSequence, Booked: int(booked),
			Withdrawn: sn.Session.TrainerID != trainerID, SessionCancelled: sn.Session.Cancelled}
		m, err := compose(n)
		if err != nil || m == nil {
			return err
		}
		return db.queueNoticeMail(ctx, tx, m, n.Cancelled(), "mail.trainer_notice", "session", sessionID,
			fmt.Sprintf(" an Schulungsleitung %d, Sequenz %d", trainerID, n.Sequence))
	})
}
