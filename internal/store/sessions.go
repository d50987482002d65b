package store

import (
	"context"
	"slices"
	"strings"
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

// SessionWithUser finds a session that has not expired together with its
// account and the account's roles: what every signed-in request needs, in
// one prepared statement (it was three). Nothing is cached, so a session
// ended or an account disabled is refused from the next request on.
func (db *DB) SessionWithUser(ctx context.Context, hash string) (*wachsam.Session, *wachsam.User, error) {
	agg := "string_agg(role, ',')"
	if db.Dialect == SQLite {
		agg = "group_concat(role, ',')"
	}
	var row struct {
		Session wachsam.Session `bun:"embed:s_"`
		User    wachsam.User    `bun:"embed:u_"`
		Roles   *string         `bun:"roles"`
	}
	query := db.statement("sessionWithUser", func() string {
		return "SELECT " + db.columnsOf((*wachsam.Session)(nil), "s", "s_") + ", " +
			db.columnsOf((*wachsam.User)(nil), "u", "u_") +
			", (SELECT " + agg + " FROM user_roles WHERE user_id = u.id) AS roles" +
			" FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ?"
	})
	err := db.hotScan(ctx, db.DB, []any{&row}, query, hash, db.now())
	if err != nil {
		return nil, nil, lookupError(err, "Die Sitzung")
	}
	if row.Roles != nil {
		order := wachsam.Roles()
		for _, r := range strings.Split(*row.Roles, ",") {
			row.User.Roles = append(row.User.Roles, wachsam.Role(r))
		}
		slices.SortFunc(row.User.Roles, func(a, b wachsam.Role) int { return slices.Index(order, a) - slices.Index(order, b) })
	}
	return &row.Session, &row.User, nil
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
