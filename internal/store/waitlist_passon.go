package store

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
)

// A seat offered to the first person in line is held for them (DESIGN.md
// §4). When they stop wanting it without declining — they book another
// session of the round, or their account is disabled — the held seat goes
// to the next person in line as a new offer in the same transaction;
// otherwise it would be freed for anyone, and someone not on the list
// could take it while the next in line is told there is no offer.
//
// Lock order: a transaction that locks more than one session locks them in
// ascending id, so two such transactions on PostgreSQL never wait for each
// other in a circle. lockWithHeldOffers takes the locks below the session
// being booked before it; withdrawEntries takes the ones above after it.

// heldOffers are the person's open offers (entries with a held seat), in
// one round or (roundID 0) all rounds, in ascending session id.
func (db *DB) heldOffers(ctx context.Context, tx bun.IDB, userID, roundID int64) ([]waitlistRow, error) {
	var rows []waitlistRow
	q := tx.NewSelect().Model(&rows).Where("user_id = ? AND left_at IS NULL AND offered_at IS NOT NULL", userID)
	if roundID != 0 {
		q = q.Where("round_id = ?", roundID)
	}
	return rows, q.OrderExpr("session_id, id").Scan(ctx)
}

// lockWithHeldOffers locks the session a person is about to book, after
// first locking every session of the same round with a lower id where the
// person holds an offered seat, which the booking will pass on. The caller
// scopes the session to the person (lockForBooking, AcceptOffer).
func (db *DB) lockWithHeldOffers(ctx context.Context, tx bun.Tx, userID, sessionID int64) (lockedRound, error) {
	var below []int64
	if err := tx.NewSelect().Table("waitlist_entries").Column("session_id").
		Where("user_id = ? AND left_at IS NULL AND offered_at IS NOT NULL AND session_id < ?", userID, sessionID).
		Where("round_id = (SELECT round_id FROM course_sessions WHERE id = ?)", sessionID).
		OrderExpr("session_id").Scan(ctx, &below); err != nil {
		return lockedRound{}, err
	}
	for _, id := range below {
		if _, err := db.lockSession(ctx, tx, id); err != nil {
			return lockedRound{}, err
		}
	}
	return db.lockSession(ctx, tx, sessionID)
}

// withdrawEntries takes a person off every waiting list of a round (or,
// with roundID 0, of all rounds) with outcome, except the list of
// keptSession, and offers each seat they held to the next person in line.
func (db *DB) withdrawEntries(ctx context.Context, tx bun.Tx, actor wachsam.Actor, userID, roundID, keptSession int64, outcome string) error {
	offers, err := db.heldOffers(ctx, tx, userID, roundID)
	if err != nil {
		return err
	}
	var passOn []lockedRound
	for _, e := range offers {
		if e.SessionID == keptSession {
			continue
		}
		locked, err := db.lockSession(ctx, tx, e.SessionID)
		if err != nil {
			return err
		}
		passOn = append(passOn, locked)
	}
	q := tx.NewUpdate().Model((*waitlistRow)(nil)).Set("left_at = ?", db.now()).Set("outcome = ?", outcome).
		Where("user_id = ? AND left_at IS NULL", userID)
	if roundID != 0 {
		q = q.Where("round_id = ?", roundID)
	}
	if _, err := q.Exec(ctx); err != nil {
		return err
	}
	for _, locked := range passOn {
		if err := db.audit(ctx, tx, actor, "waitlist.pass_on", "session", locked.session.ID,
			fmt.Sprintf("Angebot an Person %d erledigt (%s); der Platz geht an die Nächsten auf der Warteliste", userID, outcome)); err != nil {
			return err
		}
		if err := db.offerFreedSeats(ctx, tx, locked); err != nil {
			return err
		}
	}
	return nil
}
