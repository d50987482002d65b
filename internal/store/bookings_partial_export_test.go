package store

import (
	"context"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam/courses"
)

// RoundAsBookingSeesIt is the round as lockForBooking hands it to the
// booking rules for one person and session (a partial round, issue 16), for
// the comparison with the whole round in package store_test.
func (db *DB) RoundAsBookingSeesIt(ctx context.Context, userID, sessionID int64) (courses.Round, courses.Person, error) {
	var round courses.Round
	var person courses.Person
	err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) (err error) {
		var locked lockedRound
		locked, person, err = db.lockForBooking(ctx, tx, userID, sessionID)
		round = locked.round
		return err
	})
	return round, person, err
}
