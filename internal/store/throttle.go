package store

import (
	"context"
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
