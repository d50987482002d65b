package auth_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/auth"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

const password = "ein-langes-testpasswort"

func service(t *testing.T, db *store.DB) (*auth.Service, *storetest.FixedClock) {
	t.Helper()
	clock := storetest.NewClock(time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC))
	db.Now = clock.Now
	hasher, err := auth.NewHasher(auth.FastParams())
	if err != nil {
		t.Fatal(err)
	}
	return &auth.Service{Store: db, Hasher: hasher, Policy: auth.DefaultPolicy(), Now: clock.Now}, clock
}

func account(t *testing.T, s *auth.Service, roles ...wachsam.Role) *wachsam.User {
	t.Helper()
	u := &wachsam.User{Email: "person@example.de", Name: "Person", Roles: roles}
	if _, err := s.CreateAccount(context.Background(), wachsam.SystemActor("test"), u, password); err != nil {
		t.Fatal(err)
	}
	return u
}

func TestPasswordPolicy(t *testing.T) {
	for pw, ok := range map[string]bool{"kurz": false, "elf-zeichen": false, "zwölf-zeiche": true, string(make([]byte, 257)): false} {
		if err := auth.CheckPasswordPolicy(pw); (err == nil) != ok {
			t.Errorf("%q: %v", pw, err)
		}
	}
}

func TestSessionEndsAfterItsMaximumLifetimeEvenWhenActive(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		s, clock := service(t, db)
		ctx := context.Background()
		u := account(t, s, wachsam.RoleTrainer)
		token, _, err := s.StartSession(ctx, u, false)
		if err != nil {
			t.Fatal(err)
		}
		for elapsed := time.Duration(0); elapsed < 12*time.Hour-20*time.Minute; elapsed += 20 * time.Minute {
			clock.Advance(20 * time.Minute)
			if _, _, err := s.Authenticate(ctx, token); err != nil {
				t.Fatalf("after %v: %v", elapsed, err)
			}
		}
		clock.Advance(40 * time.Minute)
		if _, _, err := s.Authenticate(ctx, token); err != auth.ErrSessionExpired {
			t.Fatalf("after 12 h: %v", err)
		}
	})
}

func TestDisabledAccountLosesItsSessionsAndCannotSignIn(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		s, _ := service(t, db)
		ctx := context.Background()
		u := account(t, s, wachsam.RoleTrainer)
		token, _, _ := s.StartSession(ctx, u, false)
		u.Disabled = true
		if err := db.UpdateUser(ctx, wachsam.SystemActor("test"), u); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Authenticate(ctx, token); err == nil {
			t.Fatal("session of a disabled account still valid")
		}
		if _, err := s.Login(ctx, u.Email, password, "192.0.2.1"); wachsam.ErrorCodeOf(err) != wachsam.EUNAUTHORIZED {
			t.Fatalf("login of a disabled account: %v", err)
		}
	})
}

func TestChangePasswordChecksAndEndsOtherSessions(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		s, _ := service(t, db)
		ctx := context.Background()
		u := account(t, s, wachsam.RoleTrainer)
		mine, mySession, _ := s.StartSession(ctx, u, false)
		other, _, _ := s.StartSession(ctx, u, false)
		for _, tc := range []struct{ current, next, repeat, field string }{
			{"falsch-falsch-falsch", "neues-langes-passwort", "neues-langes-passwort", "current"},
			{password, "neues-langes-passwort", "anderes-langes-passwort", "repeat"},
			{password, "kurz", "kurz", "password"},
			{password, password, password, "password"},
		} {
			err := s.ChangePassword(ctx, u, mySession, tc.current, tc.next, tc.repeat)
			var de *wachsam.Error
			if err == nil || !asError(err, &de) || de.Field != tc.field {
				t.Fatalf("%+v: %v", tc, err)
			}
		}
		if _, _, err := s.Authenticate(ctx, other); err != nil {
			t.Fatal("a refused change ended a session")
		}
		if err := s.ChangePassword(ctx, u, mySession, password, "neues-langes-passwort", "neues-langes-passwort"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Authenticate(ctx, other); err == nil {
			t.Fatal("the other session survived the password change")
		}
		if _, _, err := s.Authenticate(ctx, mine); err != nil {
			t.Fatal("the changing session was ended")
		}
		if _, err := s.Login(ctx, u.Email, "neues-langes-passwort", "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
	})
}

func TestTOTPAcceptsOneStepOfClockDriftButNotTwo(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		s, clock := service(t, db)
		ctx := context.Background()
		u := account(t, s, wachsam.RoleExaminer)
		secret, err := s.BeginEnrolment(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		u, _ = db.User(ctx, u.ID)
		code, _ := auth.GenerateTOTP(secret, clock.Now())
		oldToken, half, _ := s.StartSession(ctx, u, false)
		_, newToken, err := s.ConfirmEnrolment(ctx, u, half, code)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Authenticate(ctx, oldToken); err == nil {
			t.Fatal("the token from before enrolment still works")
		}
		if _, sess, err := s.Authenticate(ctx, newToken); err != nil || !sess.MFAVerified {
			t.Fatalf("the new session is not fully signed in: %v", err)
		}
		u, _ = db.User(ctx, u.ID)
		for _, tc := range []struct {
			phoneOffset time.Duration
			ok          bool
		}{{-60 * time.Second, false}, {-30 * time.Second, true}, {30 * time.Second, true}, {60 * time.Second, false}} {
			clock.Advance(5 * time.Minute) // a fresh time step each round
			_, sess, _ := s.StartSession(ctx, u, false)
			code, _ := auth.GenerateTOTP(secret, clock.Now().Add(tc.phoneOffset))
			_, _, err := s.VerifyCode(ctx, u, sess, "192.0.2.1", code)
			if (err == nil) != tc.ok {
				t.Errorf("phone clock off by %v: %v", tc.phoneOffset, err)
			}
		}
	})
}

func TestEnrolmentNeedsTheCodeOfThePendingSecret(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		s, clock := service(t, db)
		ctx := context.Background()
		u := account(t, s, wachsam.RoleAdmin)
		first, _ := s.BeginEnrolment(ctx, u)
		if _, err := s.BeginEnrolment(ctx, u); err != nil { // the page was opened again
			t.Fatal(err)
		}
		u, _ = db.User(ctx, u.ID)
		stale, _ := auth.GenerateTOTP(first, clock.Now())
		_, half, _ := s.StartSession(ctx, u, false)
		if _, _, err := s.ConfirmEnrolment(ctx, u, half, stale); err == nil {
			t.Fatal("a code of the replaced secret was accepted")
		}
		if u.HasTOTP() {
			t.Fatal("enrolled without a valid code")
		}
	})
}

func asError(err error, target **wachsam.Error) bool { return errors.As(err, target) }

// An account from a staff import has no password until one is issued: a
// sign-in attempt is refused like a wrong password, not as a server error.
func TestAccountWithoutPasswordCannotSignIn(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, _ := service(t, db)
		u := &wachsam.User{Email: "neu@example.de", Name: "Neu", PasswordHash: "!0123456789abcdef", Roles: []wachsam.Role{wachsam.RoleTrainer}}
		if err := db.CreateUser(ctx, wachsam.SystemActor("test"), u); err != nil {
			t.Fatal(err)
		}
		for _, password := range []string{"", "!0123456789abcdef", "irgendein-langes-passwort"} {
			if _, err := s.Login(ctx, u.Email, password, "192.0.2.1"); wachsam.ErrorCodeOf(err) != wachsam.EUNAUTHORIZED {
				t.Fatalf("password %q: %v, want unauthorized", password, err)
			}
		}
	})
}
