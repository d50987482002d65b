package store

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
)

// recoveryCode is a one-time code that replaces a TOTP code when the phone
// is lost. Only its hash is stored.
type recoveryCode struct {
	bun.BaseModel `bun:"table:recovery_codes"`
	ID            int64      `bun:"id,pk,autoincrement"`
	UserID        int64      `bun:"user_id,notnull"`
	CodeHash      string     `bun:"code_hash,notnull"`
	UsedAt        *time.Time `bun:"used_at"`
	CreatedAt     time.Time  `bun:"created_at,notnull"`
}

func (db *DB) replaceRecoveryCodes(ctx context.Context, tx bun.IDB, userID int64, hashes []string) error {
	if _, err := tx.NewDelete().Model((*recoveryCode)(nil)).Where("user_id = ?", userID).Exec(ctx); err != nil {
		return err
	}
	now := db.now()
	for _, h := range hashes {
		if _, err := tx.NewInsert().Model(&recoveryCode{UserID: userID, CodeHash: h, CreatedAt: now}).Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

// ReplaceRecoveryCodes issues a new set, invalidating the old one.
func (db *DB) ReplaceRecoveryCodes(ctx context.Context, actor wachsam.Actor, userID int64, hashes []string) error {
	return db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if err := db.replaceRecoveryCodes(ctx, tx, userID, hashes); err != nil {
			return err
		}
		return db.audit(ctx, tx, actor, "user.recovery.renew", "user", userID, "Wiederherstellungscodes neu erzeugt")
	})
}

// UseRecoveryCode marks the code with this hash used; it succeeds once only.
func (db *DB) UseRecoveryCode(ctx context.Context, userID int64, hash string) (bool, error) {
	res, err := db.NewUpdate().Model((*recoveryCode)(nil)).
		Set("used_at = ?", db.now()).
		Where("user_id = ? AND code_hash = ? AND used_at IS NULL", userID, hash).Exec(ctx)
	if err != nil {
		return false, translate(err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// UnusedRecoveryCodes counts the codes an account has left.
func (db *DB) UnusedRecoveryCodes(ctx context.Context, userID int64) (int, error) {
	n, err := db.NewSelect().Model((*recoveryCode)(nil)).Where("user_id = ? AND used_at IS NULL", userID).Count(ctx)
	return int(n), translate(err)
}
