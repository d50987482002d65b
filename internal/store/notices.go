package store

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// The mails about bookings and offers. The caller (internal/jobs) writes the
// text; the store loads the state and puts the mail into the outbox in one
// transaction, so the mail always reports the state that was committed
// when it was written.
//
// A compose function returns the mail to queue, or nil to queue nothing
// (an offer that was closed meanwhile). Its error aborts the transaction.

// noticeActor is the audit log's name for mails the system writes itself.
func noticeActor() wachsam.Actor { return wachsam.SystemActor("Benachrichtigungen") }

// MailBookingNotice queues the invitation or cancellation for one booking,
// as its state is now. It is the store side of wachsam.BookingNoticeJob.
//
// The job may run twice (internal/jobs runs at least once), and then the
// person gets the same mail twice; the schema has no column recording which
// SEQUENCE was mailed, so this is accepted: calendar programs treat a second
// copy with the same UID and SEQUENCE as the same event.
func (db *DB) MailBookingNotice(ctx context.Context, bookingID int64, compose func(courses.BookingNotice) (*wachsam.Mail, error)) error {
	return db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		n, err := db.bookingNoticeIn(ctx, tx, bookingID)
		if err != nil {
			return err
		}
		m, err := compose(n)
		if err != nil || m == nil {
			return err
		}
		return db.queueNoticeMail(ctx, tx, m, n.Cancelled(), "mail.booking_notice", "booking", bookingID,
			fmt.Sprintf(", Sequenz %d", n.Sequence))
	})
}

// queueNoticeMail queues a composed calendar mail and audits it as an
// invitation or a cancellation; about says to whom and which SEQUENCE.
func (db *DB) queueNoticeMail(ctx context.Context, tx bun.Tx, m *wachsam.Mail, cancelled bool, action, objectType string, objectID int64, about string) error {
	if err := db.EnqueueMail(ctx, tx, m); err != nil {
		return err
	}
	what := "Einladung"
	if cancelled {
		what = "Absage"
	}
	return db.audit(ctx, tx, noticeActor(), action, objectType, objectID, fmt.Sprintf("%s%s, E-Mail %d", what, about, m.ID))
}

// MailOfferNotice queues the mail offering a freed seat to the person on
// the waiting list; nothing when compose declines (the entry was closed).
func (db *DB) MailOfferNotice(ctx context.Context, entryID int64, compose func(courses.OfferNotice) (*wachsam.Mail, error)) error {
	return db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		var e waitlistRow
		if err := tx.NewSelect().Model(&e).Where("id = ?", entryID).Scan(ctx); err != nil {
			return lookupError(err, "Der Wartelisteneintrag")
		}
		sn, err := db.sessionNoticeIn(ctx, tx, e.SessionID, e.UserID)
		if err != nil {
			return err
		}
		n := courses.OfferNotice{SessionNotice: sn, EntryID: e.ID,
			Open: e.LeftAt == nil && e.OfferedAt != nil && e.OfferExpiresAt != nil && !sn.Session.Cancelled}
		if e.OfferExpiresAt != nil {
			n.ExpiresAt = *e.OfferExpiresAt
		}
		m, err := compose(n)
		if err != nil || m == nil {
			return err
		}
		if err := db.EnqueueMail(ctx, tx, m); err != nil {
			return err
		}
		return db.audit(ctx, tx, noticeActor(), "mail.offer_notice", "session", e.SessionID,
			fmt.Sprintf("Person %d, Eintrag %d, E-Mail %d", e.UserID, e.ID, m.ID))
	})
}

func (db *DB) bookingNoticeIn(ctx context.Context, tx bun.IDB, bookingID int64) (courses.BookingNotice, error) {
	var b bookingRow
	if err := tx.NewSelect().Model(&b).Where("id = ?", bookingID).Scan(ctx); err != nil {
		return courses.BookingNotice{}, lookupError(err, "Die Buchung")
	}
	sn, err := db.sessionNoticeIn(ctx, tx, b.SessionID, b.UserID)
	if err != nil {
		return courses.BookingNotice{}, err
	}
	return courses.BookingNotice{SessionNotice: sn, BookingID: b.ID, Sequence: b.Sequence,
		BookingCancelled: b.CancelledAt != nil, SessionCancelled: sn.Session.Cancelled}, nil
}

// sessionNoticeIn loads what a mail tells one person about a session.
func (db *DB) sessionNoticeIn(ctx context.Context, tx bun.IDB, sessionID, userID int64) (courses.SessionNotice, error) {
	var s sessionRow
	if err := tx.NewSelect().Model(&s).Where("id = ?", sessionID).Scan(ctx); err != nil {
		return courses.SessionNotice{}, lookupError(err, "Der Termin")
	}
	var r roundRow
	if err := tx.NewSelect().Model(&r).Where("id = ?", s.RoundID).Scan(ctx); err != nil {
		return courses.SessionNotice{}, lookupError(err, "Die Schulungsrunde")
	}
	topic, err := db.topicIn(ctx, tx, r.TopicID)
	if err != nil {
		return courses.SessionNotice{}, err
	}
	u := new(wachsam.User)
	if err := tx.NewSelect().Model(u).Where("id = ?", userID).Scan(ctx); err != nil {
		return courses.SessionNotice{}, lookupError(err, "Die Person")
	}
	session := s.session()
	round := r.round(topic)
	n := courses.SessionNotice{
		To: courses.Recipient{Name: u.Name, Email: u.Email}, Topic: topic, RoundName: round.Name,
		Session: session, CancellationDeadline: round.CancellationDeadline(session),
	}
	if s.HostMunicipalityID != nil {
		if err := tx.NewSelect().Table("municipalities").Column("name").
			Where("id = ?", *s.HostMunicipalityID).Scan(ctx, &n.HostName); err != nil {
			return n, lookupError(err, "Die gastgebende Kommune")
		}
	}
	if s.TrainerID != nil {
		if err := tx.NewSelect().Table("users").Column("name").
			Where("id = ?", *s.TrainerID).Scan(ctx, &n.TrainerName); err != nil {
			return n, lookupError(err, "Die Schulungsleitung")
		}
	}
	return n, nil
}
