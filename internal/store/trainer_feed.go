package store

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// A trainer's private calendar feed of the sessions they train (issue 14
// §3): its own address, apart from the staff feed (calendar_feeds), since
// it shows more (participant counts, join links) and may be revoked alone.
// The token is made like the staff feed's and only its SHA-256 is stored,
// so the address is shown once, when it is made. Nothing is made on a
// visit: the trainer asks for an address.

type trainerFeedRow struct {
	bun.BaseModel `bun:"table:trainer_calendar_feeds"`
	UserID        int64     `bun:"user_id,pk"`
	TokenHash     string    `bun:"token_hash,notnull"`
	CreatedAt     time.Time `bun:"created_at,notnull"`
}

// TrainerFeedSince is when the trainer's current feed address was made;
// zero when they have none.
func (db *DB) TrainerFeedSince(ctx context.Context, trainerID int64) (time.Time, error) {
	var rows []trainerFeedRow
	if err := db.NewSelect().Model(&rows).Where("user_id = ?", trainerID).Scan(ctx); err != nil {
		return time.Time{}, translate(err)
	}
	if len(rows) == 0 {
		return time.Time{}, nil
	}
	return rows[0].CreatedAt, nil
}

// RenewTrainerFeedToken makes a new feed address for the trainer and
// returns its token, to be shown this once; an address made before stops
// working at once.
func (db *DB) RenewTrainerFeedToken(ctx context.Context, actor wachsam.Actor, trainerID int64) (string, error) {
	token, err := newFeedToken()
	if err != nil {
		return "", err
	}
	err = db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if err := db.requireTrainer(ctx, tx, trainerID); err != nil {
			return err
		}
		res, err := tx.NewDelete().Model((*trainerFeedRow)(nil)).Where("user_id = ?", trainerID).Exec(ctx)
		if err != nil {
			return err
		}
		action := "trainer_feed.create"
		if n, _ := res.RowsAffected(); n > 0 {
			action = "trainer_feed.renew"
		}
		row := &trainerFeedRow{UserID: trainerID, TokenHash: feedTokenHash(token), CreatedAt: db.now()}
		if _, err := tx.NewInsert().Model(row).Exec(ctx); err != nil {
			return err
		}
		// The token is a secret: neither it nor its hash goes into the log.
		return db.audit(ctx, tx, actor, action, "user", trainerID, "")
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// RevokeTrainerFeedToken ends the trainer's feed address; having none is
// not an error (a second click changes nothing and logs nothing).
func (db *DB) RevokeTrainerFeedToken(ctx context.Context, actor wachsam.Actor, trainerID int64) error {
	return db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		res, err := tx.NewDelete().Model((*trainerFeedRow)(nil)).Where("user_id = ?", trainerID).Exec(ctx)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		return db.audit(ctx, tx, actor, "trainer_feed.revoke", "user", trainerID, "")
	})
}

// TrainerFeed returns the trainer whose feed token this is and the
// sessions they train, past ones included; cancelled ones are left out, so
// subscribed calendars drop them, as the staff feed drops cancelled
// bookings. An unknown token, or one of an account that is disabled or no
// longer a trainer, is not found.
func (db *DB) TrainerFeed(ctx context.Context, token string, loc *time.Location) (courses.TrainerFeed, error) {
	if token == "" {
		return courses.TrainerFeed{}, notFound("Der Kalender")
	}
	var row trainerFeedRow
	if err := db.NewSelect().Model(&row).Where("token_hash = ?", feedTokenHash(token)).Scan(ctx); err != nil {
		return courses.TrainerFeed{}, lookupError(err, "Der Kalender")
	}
	if err := db.requireTrainer(ctx, db.DB, row.UserID); err != nil {
		return courses.TrainerFeed{}, notFound("Der Kalender")
	}
	u, err := db.viewer(ctx, row.UserID)
	if err != nil {
		return courses.TrainerFeed{}, err
	}
	sessions, err := db.TrainerSessions(ctx, u.ID, loc)
	if err != nil {
		return courses.TrainerFeed{}, err
	}
	feed := courses.TrainerFeed{TrainerName: u.Name}
	for _, s := range sessions {
		if !s.Session.Cancelled {
			feed.Sessions = append(feed.Sessions, s)
		}
	}
	return feed, nil
}

// requireTrainer finds an active account with the trainer role; any other
// is not found.
func (db *DB) requireTrainer(ctx context.Context, tx bun.IDB, userID int64) error {
	ok, err := tx.NewSelect().Model((*wachsam.User)(nil)).
		Where("id = ? AND NOT disabled", userID).
		Where("id IN (SELECT user_id FROM user_roles WHERE role = ?)", wachsam.RoleTrainer).Exists(ctx)
	if err != nil {
		return translate(err)
	}
	if !ok {
		return notFound("Die Schulungsleitung")
	}
	return nil
}
