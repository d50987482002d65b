package store

import (
	"context"

	"github.com/uptrace/bun"
)

// lockSessionOf locks a session for something a person does on it (leave
// its waiting list, take or turn down an offered seat). A session of a
// round the person's municipality does not share does not exist for them:
// it is refused exactly like a missing one, before anything about the
// person's standing on it is looked at (issue 13 §2), so the answer never
// tells another town's sessions from IDs that were never used.
func (db *DB) lockSessionOf(ctx context.Context, tx bun.Tx, userID, sessionID int64) (lockedRound, error) {
	var town *int64
	if err := tx.NewSelect().Table("users").Column("municipality_id").Where("id = ?", userID).Scan(ctx, &town); err != nil {
		return lockedRound{}, lookupError(err, "Die Person")
	}
	locked, err := db.lockSession(ctx, tx, sessionID)
	if err != nil {
		return lockedRound{}, err
	}
	if town == nil || !locked.round.Shares(*town) {
		return lockedRound{}, notFound("Der Termin")
	}
	return locked, nil
}
