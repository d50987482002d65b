package store

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"time"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// Every person has a private calendar feed (DESIGN.md §4): a subscription
// address with a random, unguessable token in it (§2), because calendar
// programs cannot sign in. Whoever knows the address sees the person's
// sessions, so the person can replace it, and the old one stops working.

type calendarFeedRow struct {
	bun.BaseModel `bun:"table:calendar_feeds"`
	UserID        int64     `bun:"user_id,pk"`
	Token         string    `bun:"token,notnull"`
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

// CalendarFeedToken returns the user's feed token, creating one on first use.
func (db *DB) CalendarFeedToken(ctx context.Context, userID int64) (string, error) {
	var row calendarFeedRow
	err := db.NewSelect().Model(&row).Where("user_id = ?", userID).Scan(ctx)
	if err == nil {
		return row.Token, nil
	}
	if wachsam.ErrorCodeOf(translate(err)) != wachsam.ENOTFOUND {
		return "", translate(err)
	}
	u, err := db.viewer(ctx, userID)
	if err != nil {
		return "", err
	}
	token, err := db.writeFeedToken(ctx, wachsam.UserActor(u), userID, false)
	if wachsam.ErrorCodeOf(err) == wachsam.ECONFLICT {
		// Two first visits at once: the other one's token stands.
		if err := db.NewSelect().Model(&row).Where("user_id = ?", userID).Scan(ctx); err != nil {
			return "", translate(err)
		}
		return row.Token, nil
	}
	return token, err
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
		row := &calendarFeedRow{UserID: userID, Token: token, CreatedAt: db.now()}
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
	if err := db.NewSelect().Model(&row).Where("token = ?", token).Scan(ctx); err != nil {
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
