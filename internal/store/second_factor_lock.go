package store

import (
	"context"
	"errors"
	"time"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
)

// secondFactorLock holds the second sign-in step of an account shut after
// too many wrong codes (issue 13 §1).
type secondFactorLock struct {
	bun.BaseModel `bun:"table:second_factor_locks"`
	UserID        int64     `bun:"user_id,pk"`
	LockedUntil   time.Time `bun:"locked_until,notnull"`
}

// SecondFactorLockedUntil returns the end of the account's lock of the
// second step, or the zero time when there is none.
func (db *DB) SecondFactorLockedUntil(ctx context.Context, userID int64) (time.Time, error) {
	var row secondFactorLock
	err := db.NewSelect().Model(&row).Where("user_id = ?", userID).Scan(ctx)
	if err != nil {
		if wachsam.ErrorCodeOf(translate(err)) == wachsam.ENOTFOUND {
			return time.Time{}, nil
		}
		return time.Time{}, translate(err)
	}
	return row.LockedUntil, nil
}

// errAlreadyLocked rolls back a lock another request started first.
var errAlreadyLocked = errors.New("second step already locked")

// LockSecondFactor shuts the account's second step until the given time,
// writes the audit entry and queues the mail to the owner, in one
// transaction. Only the request that starts a lock does so: when a lock is
// still in force it reports false and writes nothing, so parallel wrong
// codes mail the owner once.
func (db *DB) LockSecondFactor(ctx context.Context, actor wachsam.Actor, userID int64, until time.Time, notice *wachsam.Mail) (bool, error) {
	now := db.now()
	err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		res, err := tx.NewInsert().Model(&secondFactorLock{UserID: userID, LockedUntil: until.UTC()}).
			On("CONFLICT (user_id) DO UPDATE").Set("locked_until = EXCLUDED.locked_until").
			Where("second_factor_lock.locked_until <= ?", now).Exec(ctx)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errAlreadyLocked
		}
		if err := db.audit(ctx, tx, actor, "login.second_factor_locked", "user", userID,
			"Zweiter Anmeldeschritt gesperrt bis "+until.UTC().Format(time.RFC3339)); err != nil {
			return err
		}
		return db.EnqueueMail(ctx, tx, notice)
	})
	if errors.Is(err, errAlreadyLocked) {
		return false, nil
	}
	return err == nil, err
}
