package auth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"time"

	"github.com/wachsam/wachsam"
)

// AccountStore is what the account service needs from the database;
// *store.DB implements it.
type AccountStore interface {
	User(ctx context.Context, id int64) (*wachsam.User, error)
	UserByEmail(ctx context.Context, email string) (*wachsam.User, error)
	CreateUser(ctx context.Context, actor wachsam.Actor, u *wachsam.User) error
	SetPassword(ctx context.Context, actor wachsam.Actor, userID int64, hash string, keepSession int64) error
	SetPendingTOTP(ctx context.Context, userID int64, secret string) error
	ConfirmTOTP(ctx context.Context, actor wachsam.Actor, userID int64, secret string, step int64, recoveryHashes []string) error
	ClaimTOTPStep(ctx context.Context, userID, step int64) (bool, error)
	ReplaceRecoveryCodes(ctx context.Context, actor wachsam.Actor, userID int64, hashes []string) error
	UseRecoveryCode(ctx context.Context, userID int64, hash string) (bool, error)
	CreateSession(ctx context.Context, s *wachsam.Session) error
	SessionByTokenHash(ctx context.Context, hash string) (*wachsam.Session, error)
	SessionWithUser(ctx context.Context, hash string) (*wachsam.Session, *wachsam.User, error)
	TouchSession(ctx context.Context, id int64, seen time.Time) error
	DeleteSession(ctx context.Context, id int64) error
	DeleteOtherSessions(ctx context.Context, actor wachsam.Actor, userID, keep int64) (int, error)
	ClaimAttempt(ctx context.Context, since time.Time, keys []string, limits []int) ([]int64, []int, bool, error)
	ReleaseAttempt(ctx context.Context, ids []int64) error
	ClearLoginFailures(ctx context.Context, key string) error
	SecondFactorLockedUntil(ctx context.Context, userID int64) (time.Time, error)
	LockSecondFactor(ctx context.Context, actor wachsam.Actor, userID int64, until time.Time, notice *wachsam.Mail) (bool, error)
	Audit(ctx context.Context, actor wachsam.Actor, action, objectType string, objectID any, detail string) error
	CreatePasswordReset(ctx context.Context, userID int64, tokenHash string, expires time.Time, notice *wachsam.Mail) error
	PasswordResetUser(ctx context.Context, tokenHash string) (*wachsam.User, error)
	UsePasswordReset(ctx context.Context, tokenHash, passwordHash string) error
}

// Policy holds the limits of sign-in and sessions.
type Policy struct {
	Issuer             string        // shown in authenticator apps
	SessionIdle        time.Duration // a session ends after this long without a request
	SessionMax         time.Duration // and at the latest this long after sign-in
	ThrottleWindow     time.Duration // failures are counted over this window
	MaxFailuresAccount int           // per account within the window
	MaxFailuresClient  int           // per client address within the window

	// The second step (TOTP or recovery code) counts its own failures, over
	// a longer window, and a correct password does not forget them.
	SecondFactorWindow            time.Duration
	MaxSecondFactorFailures       int           // per account within the window; then the step locks
	MaxSecondFactorFailuresClient int           // per client address, across accounts
	SecondFactorLock              time.Duration // how long the second step stays shut
}

// DefaultPolicy suits a municipal office: a session ends after 30 idle
// minutes; five wrong passwords lock an account for 15 minutes. Five wrong
// second-factor codes within an hour shut the second step for an hour, so
// an attacker who knows the password gets at most 5 guesses an hour at a
// 6-digit code of which 3 are valid at any time (one step of drift either
// way): a chance of 1.5 in 100,000 per hour.
func DefaultPolicy() Policy {
	return Policy{
		Issuer:                        "wachsam",
		SessionIdle:                   30 * time.Minute,
		SessionMax:                    12 * time.Hour,
		ThrottleWindow:                15 * time.Minute,
		MaxFailuresAccount:            5,
		MaxFailuresClient:             20,
		SecondFactorWindow:            time.Hour,
		MaxSecondFactorFailures:       5,
		MaxSecondFactorFailuresClient: 20,
		SecondFactorLock:              time.Hour,
	}
}

// Service signs people in and keeps their sessions and second factor.
type Service struct {
	Store  AccountStore
	Hasher *Hasher
	Policy Policy
	Now    func() time.Time
	// Directory checks the passwords of directory-managed accounts; nil
	// where no town connects a directory.
	Directory PasswordDirectory
}

var errBadCredentials = &wachsam.Error{Code: wachsam.EUNAUTHORIZED, Message: "E-Mail-Adresse oder Passwort ist falsch."}

// ErrSessionExpired is returned for a session that ended; pages answer it
// by asking the person to sign in again.
var ErrSessionExpired = &wachsam.Error{Code: wachsam.EUNAUTHORIZED, Message: "Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an."}

func throttleKey(kind, value string) string {
	sum := sha256.Sum256([]byte(kind + ":" + value))
	return hex.EncodeToString(sum[:])
}

// errTooMany is the answer once a key has failed too often: guessing gets
// no further answers, right or wrong.
func errTooMany(wait time.Duration) error {
	return wachsam.Errorf(wachsam.ETOOMANY,
		"Zu viele fehlgeschlagene Anmeldeversuche. Bitte warten Sie %d Minuten und versuchen Sie es dann erneut.",
		int(wait.Minutes()))
}

// limit is a throttling key and the most attempts it may fail per window.
type limit struct {
	key string
	max int
}

// claimAttempt counts an attempt against every key before it is tried
// (store.ClaimAttempt checks and counts atomically), so parallel guesses
// cannot all slip past a check that reads the count first. A key at its
// limit refuses the attempt untried. The counts returned include this
// attempt.
func (s *Service) claimAttempt(ctx context.Context, window time.Duration, limits ...limit) ([]int64, []int, error) {
	keys, maxima := make([]string, len(limits)), make([]int, len(limits))
	for i, l := range limits {
		keys[i], maxima[i] = l.key, l.max
	}
	ids, counts, ok, err := s.Store.ClaimAttempt(ctx, s.Now().Add(-window), keys, maxima)
	if err != nil {
		return nil, nil, err
	}
	if !ok {
		return nil, nil, errTooMany(window)
	}
	return ids, counts, nil
}

// Login checks an address and password. It does not yet create a session.
// A known and an unknown address take the same path: the attempt is
// claimed, one argon2id comparison runs (against a dummy hash when there
// is no account) and one audit entry is written, so neither the answer,
// its time nor the writes tell whether the address has an account.
func (s *Service) Login(ctx context.Context, email, password, clientIP string) (*wachsam.User, error) {
	acctKey, ipKey := throttleKey("account", wachsam.NormalizeEmail(email)), throttleKey("client", clientIP)
	claim, _, err := s.claimAttempt(ctx, s.Policy.ThrottleWindow,
		limit{acctKey, s.Policy.MaxFailuresAccount}, limit{ipKey, s.Policy.MaxFailuresClient})
	if err != nil {
		return nil, err
	}
	u, err := s.Store.UserByEmail(ctx, email)
	hash := ""
	if err == nil {
		hash = u.PasswordHash
	} else if wachsam.ErrorCodeOf(err) != wachsam.ENOTFOUND {
		return nil, err
	}
	ok, err := s.checkPassword(ctx, u, password, hash)
	if err != nil {
		// Not a guess (a town's directory cannot be reached): the claim is
		// released and nothing is recorded.
		if rerr := s.Store.ReleaseAttempt(ctx, claim); rerr != nil {
			return nil, rerr
		}
		return nil, err
	}
	if !ok || u == nil || u.Disabled {
		// The claim stays: it is the failure. The audit entry of an unknown
		// address names no one (what was typed may be a password).
		actor, objectID := wachsam.SystemActor("Anmeldung"), any("")
		if u != nil {
			actor, objectID = wachsam.UserActor(u), u.ID
		}
		if err := s.Store.Audit(ctx, actor, "login.failed", "user", objectID, ""); err != nil {
			return nil, err
		}
		return nil, errBadCredentials
	}
	if err := s.Store.ReleaseAttempt(ctx, claim); err != nil {
		return nil, err
	}
	if err := s.Store.ClearLoginFailures(ctx, acctKey); err != nil {
		return nil, err
	}
	return u, nil
}

// StartSession creates a session and returns its token, which only the
// browser's cookie holds.
func (s *Service) StartSession(ctx context.Context, u *wachsam.User, mfaVerified bool) (string, *wachsam.Session, error) {
	action := "login.password"
	if mfaVerified {
		action = "login.complete"
	}
	return s.startSession(ctx, u, mfaVerified, action, "")
}

func (s *Service) startSession(ctx context.Context, u *wachsam.User, mfaVerified bool, action, detail string) (string, *wachsam.Session, error) {
	token := NewToken()
	sess := &wachsam.Session{
		TokenHash:   HashToken(token),
		UserID:      u.ID,
		MFAVerified: mfaVerified,
		ExpiresAt:   s.Now().Add(s.Policy.SessionMax).UTC(),
	}
	if err := s.Store.CreateSession(ctx, sess); err != nil {
		return "", nil, err
	}
	return token, sess, s.Store.Audit(ctx, wachsam.UserActor(u), action, "user", u.ID, detail)
}

// Authenticate resolves a session token to its session and account. An idle
// or ended session, or a disabled account, is refused.
func (s *Service) Authenticate(ctx context.Context, token string) (*wachsam.User, *wachsam.Session, error) {
	if token == "" {
		return nil, nil, ErrSessionExpired
	}
	// One query for the session and its account, on every request.
	sess, u, err := s.Store.SessionWithUser(ctx, HashToken(token))
	if err != nil {
		if wachsam.ErrorCodeOf(err) == wachsam.ENOTFOUND {
			return nil, nil, ErrSessionExpired
		}
		// A database fault is not an expired session: the caller keeps
		// the cookie and asks again later.
		return nil, nil, err
	}
	now := s.Now()
	if now.Sub(sess.LastSeenAt) > s.Policy.SessionIdle || !now.Before(sess.ExpiresAt) {
		s.Store.DeleteSession(ctx, sess.ID)
		return nil, nil, ErrSessionExpired
	}
	if u.Disabled {
		return nil, nil, ErrSessionExpired
	}
	// Recording every request would turn reads into writes; a minute's
	// precision is plenty for an idle timeout of many minutes.
	if now.Sub(sess.LastSeenAt) > time.Minute {
		if err := s.Store.TouchSession(ctx, sess.ID, now); err != nil {
			return nil, nil, err
		}
	}
	return u, sess, nil
}

// Logout ends a session.
func (s *Service) Logout(ctx context.Context, u *wachsam.User, sess *wachsam.Session) error {
	if err := s.Store.DeleteSession(ctx, sess.ID); err != nil {
		return err
	}
	return s.Store.Audit(ctx, wachsam.UserActor(u), "logout", "user", u.ID, "")
}

// EndOtherSessions signs the account out everywhere but here.
func (s *Service) EndOtherSessions(ctx context.Context, u *wachsam.User, keep *wachsam.Session) (int, error) {
	return s.Store.DeleteOtherSessions(ctx, wachsam.UserActor(u), u.ID, keep.ID)
}

// ChangePassword checks the current password and sets a new one; the
// account's other sessions end.
func (s *Service) ChangePassword(ctx context.Context, u *wachsam.User, sess *wachsam.Session, current, next, repeat string) error {
	ok, err := s.Hasher.Matches(ctx, current, u.PasswordHash)
	if err != nil {
		return err
	}
	if !ok {
		return wachsam.FieldError("current", "Das bisherige Passwort ist nicht richtig.")
	}
	if next != repeat {
		return wachsam.FieldError("repeat", "Die beiden neuen Passwörter stimmen nicht überein.")
	}
	if next == current {
		return wachsam.FieldError("password", "Das neue Passwort muss sich vom bisherigen unterscheiden.")
	}
	hash, err := s.Hasher.Hash(ctx, next)
	if err != nil {
		return err
	}
	return s.Store.SetPassword(ctx, wachsam.UserActor(u), u.ID, hash, sess.ID)
}
