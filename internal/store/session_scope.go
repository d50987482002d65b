package store

import (
	"context"

	"github.com/uptrace/bun"
)

// A session of a round the person's municipality does not share does not
// exist for them: it is refused exactly like a missing one, before anything
// about the person's standing on it is looked at (issue 13 §2), so the
// answer never tells another town's sessions from IDs that were never used.
// Booking checks the same through the person it loads (lockForBooking).

// lockSessionOf locks a session for something a person does on it (leave
// its waiting list, turn down an offered seat), scoped to the person's
// municipality.
func (db *DB) lockSessionOf(ctx context.Context, tx bun.Tx, userID, sessionID int64) (lockedRound, error) {
	town, err := db.townOf(ctx, tx, userID)
	if err != nil {
		return lockedRound{}, err
	}
	locked, err := db.lockSession(ctx, tx, sessionID)
	if err != nil {
		return lockedRound{}, err
	}
	return locked, sessionSharedWith(locked, town)
}

// townOf is the person's municipality, read before any lock is taken.
func (db *DB) townOf(ctx context.Context, tx bun.Tx, userID int64) (*int64, error) {
	var town *int64
	if err := tx.NewSelect().Table("users").Column("municipality_id").Where("id = ?", userID).Scan(ctx, &town); err != nil {
		return nil, lookupError(err, "Die Person")
	}
	return town, nil
}

// sessionSharedWith refuses a locked session whose round the town does not
// share, worded like a missing session.
func sessionSharedWith(locked lockedRound, town *int64) error {
	if town == nil || !locked.round.Shares(*town) {
		return notFound("Der Termin")
	}
	return nil
}
