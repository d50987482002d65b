package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"time"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// Every person has a private calendar feed (DESIGN.md §4): a subscription
// address with a random, unguessable token in it (§2), because calendar
// programs cannot sign in. Whoever knows the address sees the person's
// sessions, so the person can replace it, and the old one stops working.
// Only the token's SHA-256 is stored, like session and evidence tokens
// (issue 13 §2), so the address is shown once, when it is made.

type calendarFeedRow struct {
	bun.BaseModel `bun:"table:calendar_feeds"`
	UserID        int64     `bun:"user_id,pk"`
	TokenHash     string    `bun:"token_hash,nullzero"`
	LegacyToken   string    `bun:"legacy_token,nullzero"` // plaintext from before migration 6, hashed at start-up
	CreatedAt     time.Time `bun:"created_at,notnull"`
}

// newFeedToken is 32 random bytes, URL-safe: 43 characters.
func newFeedToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// feedTokenHash is the stored form of a feed token. The token is random, so
// a plain SHA-256 suffices.
func feedTokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// CalendarFeedToken returns a new feed token when the user had none, to be
// shown this once; when a feed exists it returns "" and the time its
// address was made, since only the token's hash is kept.
func (db *DB) CalendarFeedToken(ctx context.Context, userID int64) (string, time.Time, error) {
	var row calendarFeedRow
	err := db.NewSelect().Model(&row).Where("user_id = ?", userID).Scan(ctx)
	if err == nil {
		return "", row.CreatedAt, nil
	}
	if wachsam.ErrorCodeOf(translate(err)) != wachsam.ENOTFOUND {
		return "", time.Time{}, translate(err)
	}
	u, err := db.viewer(ctx, userID)
	if err != nil {
		return "", time.Time{}, err
	}
	token, err := db.writeFeedToken(ctx, wachsam.UserActor(u), userID, false)
	if wachsam.ErrorCodeOf(err) == wachsam.ECONFLICT {
		// Two first visits at once: the other one's token stands.
		if err := db.NewSelect().Model(&row).Where("user_id = ?", userID).Scan(ctx); err != nil {
			return "", time.Time{}, translate(err)
		}
		return "", row.CreatedAt, nil
	}
	return token, db.now(), err
}

// hashLegacyFeedTokens replaces the plaintext tokens that migration 6 kept
// by their hashes, so the addresses people subscribed to before keep
// working and no plaintext stays behind. It runs at every start and has
// nothing to do after the first.
func (db *DB) hashLegacyFeedTokens(ctx context.Context) error {
	var rows []calendarFeedRow
	if err := db.NewSelect().Model(&rows).Where("legacy_token IS NOT NULL").Scan(ctx); err != nil {
		return translate(err)
	}
	for _, row := range rows {
		_, err := db.NewUpdate().Model((*calendarFeedRow)(nil)).
			Set("token_hash = ?", feedTokenHash(row.LegacyToken)).Set("legacy_token = NULL").
			Where("user_id = ? AND legacy_token = ?", row.UserID, row.LegacyToken).Exec(ctx)
		if err != nil {
			return translate(err)
		}
	}
	return nil
}

// RenewCalendarFeedToken replaces the user's feed token; the old address
// stops working at once.
func (db *DB) RenewCalendarFeedToken(ctx context.Context, actor wachsam.Actor, userID int64) (string, error) {
	if _, err := db.viewer(ctx, userID); err != nil {
		return "", err
	}
	return db.writeFeedToken(ctx, actor, userID, true)
}

func (db *DB) writeFeedToken(ctx context.Context, actor wachsam.Actor, userID int64, replace bool) (string, error) {
	token, err := newFeedToken()
	if err != nil {
		return "", err
	}
	err = db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		action := "calendar_feed.create"
		if replace {
			action = "calendar_feed.renew"
			if _, err := tx.NewDelete().Model((*calendarFeedRow)(nil)).Where("user_id = ?", userID).Exec(ctx); err != nil {
				return err
			}
		}
		row := &calendarFeedRow{UserID: userID, TokenHash: feedTokenHash(token), CreatedAt: db.now()}
		if _, err := tx.NewInsert().Model(row).Exec(ctx); err != nil {
			return err
		}
		// The token itself is a secret and stays out of the log.
		return db.audit(ctx, tx, actor, action, "user", userID, "")
	})
	return token, err
}

// CalendarFeedEvents returns the name of the person whose feed token this
// is and their active bookings; an unknown token is not found.
func (db *DB) CalendarFeedEvents(ctx context.Context, token string) (courses.CalendarFeed, error) {
	var row calendarFeedRow
	if token == "" {
		return courses.CalendarFeed{}, notFound("Der Kalender")
	}
	if err := db.NewSelect().Model(&row).Where("token_hash = ?", feedTokenHash(token)).Scan(ctx); err != nil {
		return courses.CalendarFeed{}, lookupError(err, "Der Kalender")
	}
	u, err := db.viewer(ctx, row.UserID)
	if err != nil {
		return courses.CalendarFeed{}, err
	}
	if u.Disabled {
		return courses.CalendarFeed{}, notFound("Der Kalender")
	}
	all, err := db.MyBookings(ctx, u.ID)
	if err != nil {
		return courses.CalendarFeed{}, err
	}
	feed := courses.CalendarFeed{PersonName: u.Name}
	for _, b := range all {
		if b.Active() {
			feed.Bookings = append(feed.Bookings, b)
		}
	}
	return feed, nil
}
