package store

import (
	"context"
	"slices"
	"time"

	"github.com/uptrace/bun"
)

// loginFailure is one failed sign-in, keyed by a hash of the account or the
// client address; kept in the database so throttling holds across instances.
type loginFailure struct {
	bun.BaseModel `bun:"table:login_failures"`
	ID            int64     `bun:"id,pk,autoincrement"`
	KeyHash       string    `bun:"key_hash,notnull"`
	FailedAt      time.Time `bun:"failed_at,notnull"`
}

// RecordLoginFailure notes a failure for each key.
func (db *DB) RecordLoginFailure(ctx context.Context, keys ...string) error {
	now := db.now()
	for _, k := range keys {
		if _, err := db.NewInsert().Model(&loginFailure{KeyHash: k, FailedAt: now}).Exec(ctx); err != nil {
			return translate(err)
		}
	}
	return nil
}

// LoginFailuresSince counts the failures of a key since a time.
func (db *DB) LoginFailuresSince(ctx context.Context, key string, since time.Time) (int, error) {
	n, err := db.NewSelect().Model((*loginFailure)(nil)).Where("key_hash = ? AND failed_at > ?", key, since.UTC()).Count(ctx)
	return int(n), translate(err)
}

// ClearLoginFailures forgets the failures of a key after a successful sign-in.
func (db *DB) ClearLoginFailures(ctx context.Context, key string) error {
	_, err := db.NewDelete().Model((*loginFailure)(nil)).Where("key_hash = ?", key).Exec(ctx)
	return translate(err)
}

// PruneLoginFailures removes failures older than the throttling window.
func (db *DB) PruneLoginFailures(ctx context.Context, before time.Time) error {
	_, err := db.NewDelete().Model((*loginFailure)(nil)).Where("failed_at < ?", before.UTC()).Exec(ctx)
	return translate(err)
}

// ClaimAttempt counts an attempt against every key before its outcome is
// known, if every key is still within its limit. Checking and counting
// happen atomically: each key is locked for the transaction (an advisory
// lock on PostgreSQL, in a fixed order so two claims cannot deadlock; the
// single writer on SQLite), so of any number of parallel attempts exactly
// as many pass as the limit leaves room for, and the refused ones write
// nothing and do not prolong the lock. It returns the rows it wrote and,
// per key, the attempts the window now holds including this one; ok is
// false, with nothing written, when a key was at its limit. An attempt
// that turns out right is released again (ReleaseAttempt); a wrong one
// stays as the failure it was counted as.
func (db *DB) ClaimAttempt(ctx context.Context, since time.Time, keys []string, limits []int) (ids []int64, counts []int, ok bool, err error) {
	err = db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		ids, counts, ok = nil, make([]int, len(keys)), true
		if db.Dialect == Postgres {
			sorted := slices.Sorted(slices.Values(keys))
			for _, k := range slices.Compact(sorted) {
				if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", k); err != nil {
					return err
				}
			}
		}
		for i, k := range keys {
			n, err := tx.NewSelect().Model((*loginFailure)(nil)).Where("key_hash = ? AND failed_at > ?", k, since.UTC()).Count(ctx)
			if err != nil {
				return err
			}
			counts[i] = int(n) + 1
			if int(n) >= limits[i] {
				ok = false
			}
		}
		if !ok {
			return nil
		}
		now := db.now()
		for _, k := range keys {
			row := &loginFailure{KeyHash: k, FailedAt: now}
			if _, err := tx.NewInsert().Model(row).Returning("id").Exec(ctx); err != nil {
				return err
			}
			ids = append(ids, row.ID)
		}
		return nil
	})
	return ids, counts, ok, err
}

// ReleaseAttempt removes the rows of a claimed attempt that succeeded.
func (db *DB) ReleaseAttempt(ctx context.Context, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	_, err := db.NewDelete().Model((*loginFailure)(nil)).Where("id IN (?)", bun.In(ids)).Exec(ctx)
	return translate(err)
}
