package http_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

var resetLinkPattern = regexp.MustCompile(`http://127\.0\.0\.1(/anmelden/passwort-neu/[A-Za-z0-9_-]{43})`)

// resetMails returns the bodies of the reset mails sent to address.
func (h *harness) resetMails(address string) []string {
	h.t.Helper()
	var bodies []string
	err := h.db.NewSelect().Table("mails").Column("body").
		Where("to_address = ? AND subject = ?", address, "wachsam: Passwort zurücksetzen").OrderExpr("id").Scan(context.Background(), &bodies)
	if err != nil {
		h.t.Fatal(err)
	}
	return bodies
}

// resetLinkOf reads the path of the reset link out of a mail.
func resetLinkOf(t *testing.T, body string) string {
	t.Helper()
	m := resetLinkPattern.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("mail without a reset link:\n%s", body)
	}
	return m[1]
}

// Issue 13 §1 "Passwort vergessen": the same answer for every address,
// a mail only to accounts that sign in with a password, a link that is
// stored hashed, works once and for 30 minutes, and ends every session.
func TestPasswordResetByMail(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		ctx := context.Background()
		u := h.user("vergesslich@example.de", wachsam.RoleStaff)
		imported := &wachsam.User{Email: "importiert@example.de", Name: "Importiert", PasswordHash: "!0123456789abcdef", Roles: []wachsam.Role{wachsam.RoleTrainer}}
		if err := db.CreateUser(ctx, wachsam.SystemActor("test"), imported); err != nil {
			t.Fatal(err)
		}
		disabled := h.user("gesperrt@example.de", wachsam.RoleTrainer)
		disabled.Disabled = true
		if err := db.UpdateUser(ctx, wachsam.SystemActor("test"), disabled); err != nil {
			t.Fatal(err)
		}
		elsewhere := h.browser()
		elsewhere.login(u)

		ask := func(email string) response {
			return h.browser().post("/anmelden/passwort-vergessen", url.Values{"email": {email}})
		}
		known := ask(u.Email)
		if known.status != http.StatusOK || !strings.Contains(known.body, "Wenn zu dieser Adresse ein Konto gehört") {
			t.Fatalf("request: status %d", known.status)
		}
		for _, other := range []string{"niemand@example.de", imported.Email, disabled.Email} {
			if r := ask(other); r.status != known.status || r.body != known.body {
				t.Errorf("%s: answered differently (status %d)", other, r.status)
			}
			if n := len(h.resetMails(other)); n != 0 {
				t.Errorf("%s got %d reset mails", other, n)
			}
		}
		mails := h.resetMails(u.Email)
		if len(mails) != 1 {
			t.Fatalf("%d reset mails, want 1", len(mails))
		}
		link := resetLinkOf(t, mails[0])
		token := strings.TrimPrefix(link, "/anmelden/passwort-neu/")
		var stored []string
		if err := db.NewSelect().Table("password_resets").Column("token_hash").Scan(ctx, &stored); err != nil {
			t.Fatal(err)
		}
		if len(stored) != 1 || stored[0] == token || len(stored[0]) != 64 {
			t.Fatalf("stored %q: want only the SHA-256 of the token", stored)
		}

		b := h.browser()
		if r := b.get(link); r.status != http.StatusOK || !strings.Contains(r.body, "Neues Passwort festlegen") || !strings.Contains(r.body, u.Email) {
			t.Fatalf("link: status %d", r.status)
		}
		const fresh = "ein-ganz-neues-passwort"
		if r := b.post(link, url.Values{"password": {fresh}, "repeat": {"etwas-anderes-passwort"}}); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "stimmen nicht überein") {
			t.Fatalf("mismatched repeat: status %d", r.status)
		}
		if r := b.post(link, url.Values{"password": {"kurz"}, "repeat": {"kurz"}}); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "mindestens 12 Zeichen") {
			t.Fatalf("short password: status %d", r.status)
		}
		if r := b.post(link, url.Values{"password": {fresh}, "repeat": {fresh}}); r.status != http.StatusSeeOther || r.location != "/anmelden" {
			t.Fatalf("reset: %d → %s", r.status, r.location)
		}
		if r := elsewhere.get("/konto"); r.status != http.StatusSeeOther {
			t.Fatalf("the session from before the reset still works: %d", r.status)
		}
		if r := h.browser().post("/anmelden", url.Values{"email": {u.Email}, "password": {testPassword}}); r.status != http.StatusUnauthorized {
			t.Fatalf("old password after the reset: %d", r.status)
		}
		if r := h.browser().post("/anmelden", url.Values{"email": {u.Email}, "password": {fresh}}); r.status != http.StatusSeeOther {
			t.Fatalf("new password: %d", r.status)
		}
		// Single use.
		for _, r := range []response{b.get(link), b.post(link, url.Values{"password": {"noch-ein-neues-passwort"}, "repeat": {"noch-ein-neues-passwort"}})} {
			if r.status != http.StatusNotFound || !strings.Contains(r.body, "ungültig, abgelaufen oder wurde schon benutzt") {
				t.Fatalf("used link: status %d", r.status)
			}
		}

		// Short-lived: 30 minutes.
		ask(u.Email)
		mails = h.resetMails(u.Email)
		late := resetLinkOf(t, mails[len(mails)-1])
		h.clock.Advance(30*time.Minute + time.Second)
		if r := h.browser().get(late); r.status != http.StatusNotFound {
			t.Fatalf("link after 30 minutes: status %d", r.status)
		}
	})
}

// Requests are throttled per address and per client, with the same answer
// for known and unknown addresses.
func TestPasswordResetRequestsAreThrottled(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		u := h.user("vergesslich@example.de", wachsam.RoleStaff)
		for _, email := range []string{u.Email, "niemand@example.de"} {
			b := h.browser()
			for i := 1; i <= 4; i++ {
				r := b.post("/anmelden/passwort-vergessen", url.Values{"email": {email}})
				want := http.StatusOK
				if i == 4 {
					want = http.StatusTooManyRequests
				}
				if r.status != want {
					t.Fatalf("%s, request %d: status %d, want %d", email, i, r.status, want)
				}
			}
		}
		if n := len(h.resetMails(u.Email)); n != 3 {
			t.Fatalf("%d mails, want 3", n)
		}
	})
}
