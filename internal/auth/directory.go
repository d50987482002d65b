package auth

import (
	"context"

	"github.com/wachsam/wachsam"
)

// PasswordDirectory checks the passwords of accounts that sign in with
// their town's directory (LDAP / Active Directory); internal/directory
// implements it.
type PasswordDirectory interface {
	// VerifyPassword reports handled=false for an account the directory
	// does not manage. An error (the directory cannot be reached) is not a
	// wrong password: it is passed on and nothing is recorded.
	VerifyPassword(ctx context.Context, u *wachsam.User, password string) (handled, ok bool, err error)
}

// checkPassword asks the account's directory where one manages the
// account, and compares the stored hash otherwise, so both kinds of
// sign-in share the throttling, the failure records and the audit of Login.
// A directory account also pays for one argon2id comparison (against the
// dummy), so its sign-in is never quicker than an unknown address's: the
// local work is the same on every path, and only the directory's own
// answer time is added.
func (s *Service) checkPassword(ctx context.Context, u *wachsam.User, password, hash string) (bool, error) {
	if u != nil && s.Directory != nil {
		handled, ok, err := s.Directory.VerifyPassword(ctx, u, password)
		if handled || err != nil {
			if _, herr := s.Hasher.Matches(ctx, password, ""); herr != nil {
				return false, herr
			}
			return ok, err
		}
	}
	return s.Hasher.Matches(ctx, password, hash)
}
