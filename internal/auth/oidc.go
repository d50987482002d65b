package auth

import (
	"context"

	"github.com/wachsam/wachsam"
)

// Sign-in through a town's directory (OpenID Connect) shares the sessions,
// the throttle and the audit log of password sign-in; only the proof of
// identity differs.

// ClaimDirectoryAttempt counts a directory sign-in against the client
// address before the callback is checked, atomically like a password
// attempt (claimAttempt), so parallel forged callbacks get no more answers
// than the limit allows. The caller releases the claim when the sign-in
// succeeded or failed for a reason of ours; a refused callback stays
// counted as the failure it was.
func (s *Service) ClaimDirectoryAttempt(ctx context.Context, clientIP string) (release func(context.Context) error, err error) {
	ids, _, err := s.claimAttempt(ctx, s.Policy.ThrottleWindow, limit{throttleKey("client", clientIP), s.Policy.MaxFailuresClient})
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context) error { return s.Store.ReleaseAttempt(ctx, ids) }, nil
}

// StartDirectorySession signs in an account the directory vouched for.
// mfaVerified is true when the provider asserted a second factor the town
// accepts; otherwise an account with TOTP still enters its code.
func (s *Service) StartDirectorySession(ctx context.Context, u *wachsam.User, mfaVerified bool, issuer string) (string, *wachsam.Session, error) {
	detail := issuer
	if mfaVerified {
		detail += " (zweiter Faktor durch das Verzeichnis)"
	}
	return s.startSession(ctx, u, mfaVerified, "login.directory", detail)
}
