package store

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
)

// passwordReset is one "Passwort vergessen" link (issue 13 §1): single use,
// short-lived, only its token's hash stored.
type passwordReset struct {
	bun.BaseModel `bun:"table:password_resets"`
	ID            int64      `bun:"id,pk,autoincrement"`
	UserID        int64      `bun:"user_id,notnull"`
	TokenHash     string     `bun:"token_hash,notnull"`
	CreatedAt     time.Time  `bun:"created_at,notnull"`
	ExpiresAt     time.Time  `bun:"expires_at,notnull"`
	UsedAt        *time.Time `bun:"used_at"`
}

var errResetLinkInvalid = &wachsam.Error{Code: wachsam.ENOTFOUND,
	Message: "Dieser Link zum Zurücksetzen des Passworts ist ungültig, abgelaufen oder wurde schon benutzt. Bitte fordern Sie einen neuen an."}

// CreatePasswordReset stores a reset link and queues the mail that carries
// it, in one transaction: the link exists if and only if the mail goes out.
// Older links of the account stop working, so only the newest mail counts.
func (db *DB) CreatePasswordReset(ctx context.Context, userID int64, tokenHash string, expires time.Time, notice *wachsam.Mail) error {
	return db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		now := db.now()
		if _, err := tx.NewUpdate().Model((*passwordReset)(nil)).Set("used_at = ?", now).
			Where("user_id = ? AND used_at IS NULL", userID).Exec(ctx); err != nil {
			return err
		}
		row := &passwordReset{UserID: userID, TokenHash: tokenHash, CreatedAt: now, ExpiresAt: expires.UTC()}
		if _, err := tx.NewInsert().Model(row).Exec(ctx); err != nil {
			return err
		}
		if err := db.EnqueueMail(ctx, tx, notice); err != nil {
			return err
		}
		return db.audit(ctx, tx, wachsam.SystemActor("Passwort vergessen"), "user.password_reset.request", "user", userID, "")
	})
}

// PasswordResetUser returns the account a reset link is for, if the link is
// unused and not expired.
func (db *DB) PasswordResetUser(ctx context.Context, tokenHash string) (*wachsam.User, error) {
	var row passwordReset
	err := db.NewSelect().Model(&row).
		Where("token_hash = ? AND used_at IS NULL AND expires_at > ?", tokenHash, db.now()).Scan(ctx)
	if err != nil {
		if wachsam.ErrorCodeOf(translate(err)) == wachsam.ENOTFOUND {
			return nil, errResetLinkInvalid
		}
		return nil, translate(err)
	}
	return db.User(ctx, row.UserID)
}

// UsePasswordReset sets the new password through a reset link and uses the
// link up, in one transaction: the conditional update lets exactly one of
// two racing requests through. Every session of the account ends, since
// whoever knew the old password may be signed in.
func (db *DB) UsePasswordReset(ctx context.Context, tokenHash, passwordHash string) error {
	return db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		now := db.now()
		var row passwordReset
		err := tx.NewUpdate().Model(&row).Set("used_at = ?", now).
			Where("token_hash = ? AND used_at IS NULL AND expires_at > ?", tokenHash, now).
			Returning("user_id").Scan(ctx)
		if err != nil {
			if wachsam.ErrorCodeOf(translate(err)) == wachsam.ENOTFOUND {
				return errResetLinkInvalid
			}
			return err
		}
		return db.setPassword(ctx, tx, wachsam.SystemActor("Passwort vergessen"), row.UserID, passwordHash, 0)
	})
}
