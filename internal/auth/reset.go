package auth

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/wachsam/wachsam"
)

// "Passwort vergessen" (issue 13 §1, ASVS 5.0 V6.4): a link by mail that
// works once, for ResetLinkLifetime, and whose token is stored only as its
// hash. Every request gets the same answer, whether the address has an
// account or not; requests are throttled per address and per client.

// ResetLinkLifetime is how long a reset link works.
const ResetLinkLifetime = 30 * time.Minute

const (
	resetWindow         = time.Hour
	maxResetsPerAddress = 3  // per hour: a person who lost the mail asks again
	maxResetsPerClient  = 10 // per hour, across addresses
)

// signsInWithPassword tells the accounts a reset link is for: enabled, with
// a password of their own. An imported account still waiting for its first
// password gets it from its coordinator, not by mail.
func signsInWithPassword(u *wachsam.User) bool {
	return !u.Disabled && strings.HasPrefix(u.PasswordHash, "$argon2id$")
}

// RequestPasswordReset mails a reset link to the address if it belongs to
// an account that signs in with a password; link turns a token into the
// address to open. It returns nothing that tells whether it did.
func (s *Service) RequestPasswordReset(ctx context.Context, email, clientIP string, link func(token string) string) error {
	email = wachsam.NormalizeEmail(email)
	if email == "" || len(email) > 254 {
		return wachsam.FieldError("email", "Bitte geben Sie Ihre E-Mail-Adresse an.")
	}
	if _, _, err := s.claimAttempt(ctx, resetWindow,
		limit{throttleKey("reset-account", email), maxResetsPerAddress},
		limit{throttleKey("reset-client", clientIP), maxResetsPerClient}); err != nil {
		return err
	}
	u, err := s.Store.UserByEmail(ctx, email)
	if wachsam.ErrorCodeOf(err) == wachsam.ENOTFOUND {
		return nil
	}
	if err != nil {
		return err
	}
	if !signsInWithPassword(u) {
		return nil
	}
	token := NewToken()
	notice := mailTo(u, "wachsam: Passwort zurücksetzen",
		fmt.Sprintf("Guten Tag %s,\n\n"+
			"für Ihr Konto bei wachsam wurde ein neues Passwort angefordert. Über diesen Link können Sie es festlegen:\n\n%s\n\n"+
			"Der Link gilt %d Minuten und nur einmal. Haben Sie kein neues Passwort angefordert, können Sie diese E-Mail "+
			"ignorieren; Ihr bisheriges Passwort bleibt gültig.\n",
			u.Name, link(token), int(ResetLinkLifetime.Minutes())))
	return s.Store.CreatePasswordReset(ctx, u.ID, HashToken(token), s.Now().Add(ResetLinkLifetime), notice)
}

// PasswordResetAccount returns the account a reset link is for, or the
// German refusal when the link is unknown, used or expired.
func (s *Service) PasswordResetAccount(ctx context.Context, token string) (*wachsam.User, error) {
	return s.Store.PasswordResetUser(ctx, HashToken(token))
}

// CompletePasswordReset sets the new password through a reset link. The
// link is used up, and every session of the account ends.
func (s *Service) CompletePasswordReset(ctx context.Context, token, password, repeat string) error {
	if _, err := s.Store.PasswordResetUser(ctx, HashToken(token)); err != nil {
		return err
	}
	if password != repeat {
		return wachsam.FieldError("repeat", "Die beiden Passwörter stimmen nicht überein.")
	}
	hash, err := s.Hasher.Hash(ctx, password)
	if err != nil {
		return err
	}
	return s.Store.UsePasswordReset(ctx, HashToken(token), hash)
}
