package store

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// JoinWaitlist puts a member of staff on the waiting list of a session they
// cannot book because it or one of their quotas is full.
func (db *DB) JoinWaitlist(ctx context.Context, actor wachsam.Actor, userID, sessionID int64) error {
	return db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		locked, person, err := db.lockForBooking(ctx, tx, userID, sessionID)
		if err != nil {
			return err
		}
		req, _, seats, err := db.bookingRequest(ctx, tx, locked, person)
		if err != nil {
			return err
		}
		if err := locked.round.CanJoinWaitlist(req, seats); err != nil {
			return err
		}
		row := &waitlistRow{
			SessionID: sessionID, RoundID: locked.round.ID, UserID: person.ID,
			MunicipalityID: person.MunicipalityID, DepartmentID: person.DepartmentID, JoinedAt: db.now(),
		}
		if _, err := tx.NewInsert().Model(row).Returning("id").Exec(ctx); err != nil {
			if isUniqueViolation(err) {
				return wachsam.Errorf(wachsam.ECONFLICT, "Sie stehen bereits auf der Warteliste dieses Termins.")
			}
			return err
		}
		return db.audit(ctx, tx, actor, "waitlist.join", "session", sessionID, fmt.Sprintf("Person %d", person.ID))
	})
}

// LeaveWaitlist takes a person off a session's waiting list. An offer they
// held is declined and goes to the next person.
func (db *DB) LeaveWaitlist(ctx context.Context, actor wachsam.Actor, userID, sessionID int64) error {
	return db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		locked, err := db.lockSessionOf(ctx, tx, userID, sessionID)
		if err != nil {
			return err
		}
		entry, err := db.waitingFor(ctx, tx, sessionID, userID)
		if err != nil {
			return err
		}
		if entry == nil {
			return wachsam.Errorf(wachsam.ECONFLICT, "Sie stehen nicht auf der Warteliste dieses Termins.")
		}
		outcome := "left"
		if entry.OfferedAt != nil {
			outcome = "declined"
		}
		if err := db.closeEntry(ctx, tx, entry.ID, outcome); err != nil {
			return err
		}
		if err := db.audit(ctx, tx, actor, "waitlist.leave", "session", sessionID, fmt.Sprintf("Person %d, %s", userID, outcome)); err != nil {
			return err
		}
		return db.offerFreedSeats(ctx, tx, locked)
	})
}

// AcceptOffer turns the open offer of a seat into a booking.
func (db *DB) AcceptOffer(ctx context.Context, actor wachsam.Actor, userID, sessionID int64) (courses.BookingView, error) {
	var booking courses.BookingView
	err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		town, err := db.townOf(ctx, tx, userID)
		if err != nil {
			return err
		}
		locked, err := db.lockWithHeldOffers(ctx, tx, userID, sessionID)
		if err != nil {
			return err
		}
		if err := sessionSharedWith(locked, town); err != nil {
			return err
		}
		entry, err := db.waitingFor(ctx, tx, sessionID, userID)
		if err != nil {
			return err
		}
		if entry == nil || entry.OfferedAt == nil {
			return wachsam.Errorf(wachsam.ECONFLICT, "Für Sie liegt zu diesem Termin kein Platzangebot vor.")
		}
		offer := courses.Offer{SessionID: sessionID, Person: entry.person(), OfferedAt: *entry.OfferedAt, ExpiresAt: *entry.OfferExpiresAt}
		if err := locked.round.CanAcceptOffer(offer, db.now()); err != nil {
			return err
		}
		// The seat is held for this offer; close the entry first so that
		// it no longer counts twice, then book it.
		if err := db.closeEntry(ctx, tx, entry.ID, "accepted"); err != nil {
			return err
		}
		written, err := db.insertBooking(ctx, tx, actor, locked, entry.person(), courses.BookedByOffer, "", true)
		if err != nil {
			return err
		}
		booking, err = db.bookedView(ctx, tx, locked, written)
		return err
	})
	return db.settleBooking(ctx, booking, err)
}

// ExpireOffer withdraws an offer whose time is up and offers the seat on.
// It is the handler of wachsam.OfferExpiryJob and does nothing when the
// offer was accepted, declined or is still open.
func (db *DB) ExpireOffer(ctx context.Context, entryID int64) error {
	return db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		var entry waitlistRow
		if err := tx.NewSelect().Model(&entry).Where("id = ?", entryID).Scan(ctx); err != nil {
			return lookupError(err, "Der Wartelisteneintrag")
		}
		locked, err := db.lockSession(ctx, tx, entry.SessionID)
		if err != nil {
			return err
		}
		res, err := tx.NewUpdate().Model((*waitlistRow)(nil)).Set("left_at = ?", db.now()).Set("outcome = ?", "expired").
			Where("id = ? AND left_at IS NULL AND offer_expires_at IS NOT NULL AND offer_expires_at <= ?", entryID, db.now()).Exec(ctx)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		if err := db.audit(ctx, tx, wachsam.SystemActor("Warteliste"), "waitlist.expire", "session", entry.SessionID,
			fmt.Sprintf("Person %d", entry.UserID)); err != nil {
			return err
		}
		return db.offerFreedSeats(ctx, tx, locked)
	})
}

func (db *DB) closeEntry(ctx context.Context, tx bun.IDB, entryID int64, outcome string) error {
	_, err := tx.NewUpdate().Model((*waitlistRow)(nil)).Set("left_at = ?", db.now()).Set("outcome = ?", outcome).
		Where("id = ?", entryID).Exec(ctx)
	return err
}

// offerFreedSeats offers every free seat of a locked session to the
// waiting list in the order people joined, skipping those whose quotas are
// full (courses.Round.NextOffer); each offer is mailed and expires by a job.
func (db *DB) offerFreedSeats(ctx context.Context, tx bun.Tx, locked lockedRound) error {
	if locked.round.Status != courses.StatusOpen {
		return nil
	}
	for {
		seats, err := db.seatsIn(ctx, tx, locked.session.ID)
		if err != nil {
			return err
		}
		var waiting []waitlistRow
		if err := tx.NewSelect().Model(&waiting).
			Where("session_id = ? AND left_at IS NULL AND offered_at IS NULL", locked.session.ID).
			OrderExpr("joined_at, id").Scan(ctx); err != nil {
			return err
		}
		queue := make([]courses.WaitlistEntry, len(waiting))
		for i, w := range waiting {
			queue[i] = courses.WaitlistEntry{Person: w.person(), JoinedAt: w.JoinedAt}
		}
		offer, ok := locked.round.NextOffer(locked.session.ID, queue, seats, db.now())
		if !ok {
			return nil
		}
		var entryID int64
		for _, w := range waiting {
			if w.UserID == offer.Person.ID {
				entryID = w.ID
			}
		}
		if _, err := tx.NewUpdate().Model((*waitlistRow)(nil)).Set("offered_at = ?", offer.OfferedAt).
			Set("offer_expires_at = ?", offer.ExpiresAt).Where("id = ?", entryID).Exec(ctx); err != nil {
			return err
		}
		payload := wachsam.WaitlistPayload{EntryID: entryID}
		if err := db.EnqueueJob(ctx, tx, wachsam.OfferNoticeJob, payload, offer.OfferedAt); err != nil {
			return err
		}
		if err := db.EnqueueJob(ctx, tx, wachsam.OfferExpiryJob, payload, offer.ExpiresAt); err != nil {
			return err
		}
		if err := db.audit(ctx, tx, wachsam.SystemActor("Warteliste"), "waitlist.offer", "session", locked.session.ID,
			fmt.Sprintf("Person %d bis %s", offer.Person.ID, offer.ExpiresAt.Format("2006-01-02 15:04 MST"))); err != nil {
			return err
		}
	}
}

// WaitlistPosition is a person's place on a session's waiting list,
// counting from 1; 0 when they are not on it.
func (db *DB) WaitlistPosition(ctx context.Context, userID, sessionID int64) (int, error) {
	entry, err := db.waitingFor(ctx, db.DB, sessionID, userID)
	if err != nil || entry == nil {
		return 0, translate(err)
	}
	ahead, err := db.NewSelect().Model((*waitlistRow)(nil)).
		Where("session_id = ? AND left_at IS NULL AND (joined_at < ? OR (joined_at = ? AND id < ?))",
			sessionID, entry.JoinedAt, entry.JoinedAt, entry.ID).Count(ctx)
	return int(ahead) + 1, translate(err)
}
