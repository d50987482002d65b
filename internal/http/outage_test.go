package http_test

import (
	"context"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/auth"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// A database that fails while a session is looked up is an outage, not an
// expired session (issue 13 §4): the answer is 503 with Retry-After, the
// cookie stays, /readyz reports the outage, and once the database answers
// again the same cookie is still signed in. The outage is the closed pool
// of the server's own connection; the session is checked through a second
// connection to the same database.
func TestSessionLookupDuringDatabaseOutageAnswers503AndKeepsSession(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			loc := store.Location{Dialect: store.SQLite, DSN: filepath.Join(t.TempDir(), "outage.db")}
			if dialect == "postgres" {
				loc = storetest.PostgresLocation(t)
			}
			failing, err := store.Open(context.Background(), loc)
			if err != nil {
				t.Fatal(err)
			}
			h := newHarness(t, failing)
			u := h.user("person@lindenbach.example", wachsam.RoleStaff)
			b := h.signedIn(u)
			if r := b.get("/api/v1/bookings"); r.status != http.StatusOK {
				t.Fatalf("before the outage: %d %s", r.status, r.body)
			}
			site, _ := url.Parse(h.srv.URL)
			cookie := b.client.Jar.Cookies(site)

			failing.Close() // the outage: every query of the server fails now

			for _, path := range []string{"/api/v1/bookings", "/schulungen"} {
				r := b.get(path)
				if r.status != http.StatusServiceUnavailable || r.header.Get("Retry-After") == "" {
					t.Errorf("%s during the outage: status %d, Retry-After %q", path, r.status, r.header.Get("Retry-After"))
				}
				if strings.Contains(r.body, "abgelaufen") || strings.Contains(strings.Join(r.header.Values("Set-Cookie"), ";"), "Max-Age=0") {
					t.Errorf("%s during the outage signs the person out: %v %s", path, r.header.Values("Set-Cookie"), r.body)
				}
			}
			if r := b.get("/readyz"); r.status != http.StatusServiceUnavailable {
				t.Errorf("/readyz during the outage: %d", r.status)
			}

			again, err := store.Open(context.Background(), loc)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { again.Close() })
			again.Now = h.clock.Now
			accounts := &auth.Service{Store: again, Hasher: h.accounts.Hasher, Policy: h.accounts.Policy, Now: h.clock.Now}
			if len(cookie) != 1 {
				t.Fatalf("cookies before the outage: %v", cookie)
			}
			if got, _, err := accounts.Authenticate(context.Background(), cookie[0].Value); err != nil || got.ID != u.ID {
				t.Fatalf("after the outage the session is gone: %v", err)
			}
		})
	}
}
