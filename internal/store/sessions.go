package store

import (
	"context"
	"time"

	"github.com/wachsam/wachsam"
)

// CreateSession stores a new session.
func (db *DB) CreateSession(ctx context.Context, s *wachsam.Session) error {
	now := db.now()
	s.CreatedAt, s.LastSeenAt = now, now
	_, err := db.NewInsert().Model(s).Returning("id").Exec(ctx)
	return translate(err)
}

// SessionByTokenHash finds a session that has not expired.
func (db *DB) SessionByTokenHash(ctx context.Context, hash string) (*wachsam.Session, error) {
	s := new(wachsam.Session)
	err := db.NewSelect().Model(s).Where("token_hash = ? AND expires_at > ?", hash, db.now()).Scan(ctx)
	if err != nil {
		return nil, lookupError(err, "Die Sitzung")
	}
	return s, nil
}

// TouchSession records activity, which extends an idle timeout.
func (db *DB) TouchSession(ctx context.Context, id int64, seen time.Time) error {
	_, err := db.NewUpdate().Model((*wachsam.Session)(nil)).Set("last_seen_at = ?", seen.UTC()).Where("id = ?", id).Exec(ctx)
	return translate(err)
}

// DeleteSession ends one session.
func (db *DB) DeleteSession(ctx context.Context, id int64) error {
	_, err := db.NewDelete().Model((*wachsam.Session)(nil)).Where("id = ?", id).Exec(ctx)
	return translate(err)
}

// DeleteOtherSessions ends every session of the user except keep.
func (db *DB) DeleteOtherSessions(ctx context.Context, actor wachsam.Actor, userID, keep int64) (int, error) {
	res, err := db.NewDelete().Model((*wachsam.Session)(nil)).Where("user_id = ? AND id <> ?", userID, keep).Exec(ctx)
	if err != nil {
		return 0, translate(err)
	}
	n, _ := res.RowsAffected()
	return int(n), db.Audit(ctx, actor, "user.sessions.end_others", "user", userID, "")
}

// Sessions lists the active sessions of a user, newest first.
func (db *DB) Sessions(ctx context.Context, userID int64) ([]wachsam.Session, error) {
	var out []wachsam.Session
	err := db.NewSelect().Model(&out).Where("user_id = ? AND expires_at > ?", userID, db.now()).OrderExpr("last_seen_at DESC").Scan(ctx)
	return out, translate(err)
}

// DeleteExpiredSessions removes sessions past their end; run periodically.
func (db *DB) DeleteExpiredSessions(ctx context.Context) (int, error) {
	res, err := db.NewDelete().Model((*wachsam.Session)(nil)).Where("expires_at <= ?", db.now()).Exec(ctx)
	if err != nil {
		return 0, translate(err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}
