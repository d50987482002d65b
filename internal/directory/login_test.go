package directory

import (
	"context"
	"fmt"
	"net"
	"testing"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/auth"
	"github.com/wachsam/wachsam/internal/directory/slapdtest"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// TestDirectorySignInSharesThrottlingAndAudit signs in through the account
// service, as the login page does: a synced account's password is checked
// by a bind, a refused bind counts like a wrong password, and an
// unreachable directory is reported without recording anything.
func TestDirectorySignInSharesThrottlingAndAudit(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, srv, clock := town(t, db)
		m := w.Municipalities[0]
		connect(t, db, srv, m.ID)
		if _, err := (Syncer{Store: db, Connector: Connector{}}).Sync(ctx, admin, m.ID, false); err != nil {
			t.Fatal(err)
		}
		hasher, err := auth.NewHasher(auth.FastParams())
		must(t, err)
		accounts := &auth.Service{Store: db, Hasher: hasher, Policy: auth.DefaultPolicy(), Now: clock.Now,
			Directory: Passwords{Store: db, Connector: Connector{}}}
		juergen := slapdtest.Town[1]

		u, err := accounts.Login(ctx, juergen.Mail, juergen.Password, "192.0.2.1")
		if err != nil || u.Name != "Jürgen Müßig" {
			t.Fatalf("right password: %v, %v", u, err)
		}
		if _, _, err := accounts.StartSession(ctx, u, false); err != nil {
			t.Fatal(err)
		}
		if count(t, db, "audit_entries", "action = ? AND object_id = ?", "login.password", fmt.Sprint(u.ID)) != 1 {
			t.Fatal("directory sign-in is not audited")
		}
		// The account's own (unusable) password column is never consulted,
		// and another person's directory password does not open it.
		_, err = accounts.Login(ctx, juergen.Mail, slapdtest.Town[0].Password, "192.0.2.1")
		if wachsam.ErrorCodeOf(err) != wachsam.EUNAUTHORIZED {
			t.Fatalf("wrong password: %v", err)
		}
		if count(t, db, "login_failures", "1 = 1") != 2 || count(t, db, "audit_entries", "action = ?", "login.failed") != 1 {
			t.Fatal("a refused bind is not counted like a wrong password")
		}

		// The directory goes away: a German message, nothing written.
		l, err := net.Listen("tcp", "127.0.0.1:0")
		must(t, err)
		gone := townConfig(srv, "ldaps://"+l.Addr().String())
		l.Close()
		gone.MunicipalityID = m.ID
		must(t, db.SaveDirectoryConfig(ctx, admin, gone))
		failures, audits := count(t, db, "login_failures", "1 = 1"), count(t, db, "audit_entries", "1 = 1")
		_, err = accounts.Login(ctx, juergen.Mail, juergen.Password, "192.0.2.1")
		if wachsam.ErrorCodeOf(err) != wachsam.EUNAVAILABLE || wachsam.ErrorMessageOf(err) != ErrUnavailable.Message {
			t.Fatalf("unreachable directory: %v", err)
		}
		if count(t, db, "login_failures", "1 = 1") != failures || count(t, db, "audit_entries", "1 = 1") != audits {
			t.Fatal("an unreachable directory wrote something")
		}

		// Back again: five wrong passwords lock the account like any other.
		connect(t, db, srv, m.ID)
		for range auth.DefaultPolicy().MaxFailuresAccount - 1 {
			if _, err := accounts.Login(ctx, juergen.Mail, "falsch", "192.0.2.1"); wachsam.ErrorCodeOf(err) != wachsam.EUNAUTHORIZED {
				t.Fatal(err)
			}
		}
		if _, err := accounts.Login(ctx, juergen.Mail, juergen.Password, "192.0.2.1"); wachsam.ErrorCodeOf(err) != wachsam.ETOOMANY {
			t.Fatalf("after five failures: %v, want throttled", err)
		}
	})
}
