package store

import (
	"context"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
)

// SetPendingTOTP stores a secret offered during enrolment; it becomes active
// only once the user proves, with a code, that their app has it.
func (db *DB) SetPendingTOTP(ctx context.Context, userID int64, secret string) error {
	_, err := db.NewUpdate().Model((*wachsam.User)(nil)).
		Set("totp_pending_secret = ?", secret).Set("updated_at = ?", db.now()).
		Where("id = ?", userID).Exec(ctx)
	return translate(err)
}

// ConfirmTOTP activates the pending secret, records the time step of the
// code that proved it (so that code cannot be used again) and replaces the
// recovery codes, all in one transaction.
func (db *DB) ConfirmTOTP(ctx context.Context, actor wachsam.Actor, userID int64, secret string, step int64, recoveryHashes []string) error {
	return db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		now := db.now()
		res, err := tx.NewUpdate().Model((*wachsam.User)(nil)).
			Set("totp_secret = ?", secret).Set("totp_pending_secret = NULL").
			Set("totp_confirmed_at = ?", now).Set("totp_last_step = ?", step).Set("updated_at = ?", now).
			Where("id = ? AND totp_pending_secret = ?", userID, secret).Exec(ctx)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return wachsam.Errorf(wachsam.ECONFLICT, "Die Einrichtung wurde inzwischen neu begonnen. Bitte scannen Sie den aktuellen QR-Code.")
		}
		if err := db.replaceRecoveryCodes(ctx, tx, userID, recoveryHashes); err != nil {
			return err
		}
		return db.audit(ctx, tx, actor, "user.totp.enrol", "user", userID, "Zwei-Faktor-Anmeldung eingerichtet")
	})
}

// ClaimTOTPStep records that the code of the given time step was used. It
// succeeds only if no code of this or a later step was used before: the
// conditional update makes a replayed code fail even when two requests race.
func (db *DB) ClaimTOTPStep(ctx context.Context, userID, step int64) (bool, error) {
	res, err := db.NewUpdate().Model((*wachsam.User)(nil)).
		Set("totp_last_step = ?", step).
		Where("id = ? AND totp_last_step < ?", userID, step).Exec(ctx)
	if err != nil {
		return false, translate(err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// ResetTOTP removes the second factor (an administrator's action when a
// phone is lost); the account must enrol again at its next sign-in.
func (db *DB) ResetTOTP(ctx context.Context, actor wachsam.Actor, userID int64) error {
	return db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		res, err := tx.NewUpdate().Model((*wachsam.User)(nil)).
			Set("totp_secret = NULL").Set("totp_pending_secret = NULL").Set("totp_confirmed_at = NULL").
			Set("updated_at = ?", db.now()).Where("id = ?", userID).Exec(ctx)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("Das Konto")
		}
		if err := db.replaceRecoveryCodes(ctx, tx, userID, nil); err != nil {
			return err
		}
		if _, err := tx.NewDelete().Model((*wachsam.Session)(nil)).Where("user_id = ?", userID).Exec(ctx); err != nil {
			return err
		}
		return db.audit(ctx, tx, actor, "user.totp.reset", "user", userID, "Zwei-Faktor-Anmeldung zurückgesetzt")
	})
}
