package auth

import (
	"context"

	"github.com/wachsam/wachsam"
)

// Sign-in through a town's directory (OpenID Connect) shares the sessions,
// the throttle and the audit log of password sign-in; only the proof of
// identity differs.

// CheckDirectoryThrottle refuses a client address that failed too many
// directory sign-ins (state, nonce or token refused) within the window.
func (s *Service) CheckDirectoryThrottle(ctx context.Context, clientIP string) error {
	return s.checkThrottle(ctx, map[string]int{throttleKey("client", clientIP): s.Policy.MaxFailuresClient})
}

// RecordDirectoryFailure counts a failed directory sign-in against the
// client address, like a wrong password.
func (s *Service) RecordDirectoryFailure(ctx context.Context, clientIP string) error {
	return s.Store.RecordLoginFailure(ctx, throttleKey("client", clientIP))
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
