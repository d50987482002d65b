package http_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/oidc/oidctest"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// The whole authorization code flow with PKCE, state and nonce against a
// real provider: a known member of staff chooses the town, signs in at the
// provider and is back on wachsam's start page, signed in.
func TestDirectorySignInCodeFlowWithPKCE(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newDirectoryHarness(t, db)
		h.connect(h.town, nil)
		staff := h.user("anna.berg@lindenbach.de", wachsam.RoleStaff)
		person := h.person("s-anna", "Anna.Berg@lindenbach.de")

		b := h.browser()
		if page := b.get("/anmelden"); !strings.Contains(page.body, "Mit dem Verzeichnis Ihrer Kommune anmelden") || !strings.Contains(page.body, "Stadt Lindenbach") {
			t.Fatalf("login page offers no directory sign-in: %s", page.body)
		}
		res := b.signInWithDirectory(h, h.town, person)
		if res.status != http.StatusOK || res.path != "/" {
			t.Fatalf("directory sign-in ended at %s with %d: %s", res.path, res.status, res.body)
		}
		me := b.get("/api/v1/me")
		if me.status != http.StatusOK || !strings.Contains(me.body, staff.Email) {
			t.Fatalf("/api/v1/me after directory sign-in: %d %s", me.status, me.body)
		}
		var actions []string
		h.db.NewSelect().Model((*wachsam.AuditEntry)(nil)).Column("action").Where("action = 'login.directory'").Scan(context.Background(), &actions)
		if len(actions) != 1 {
			t.Fatalf("audit has %d login.directory entries, want 1", len(actions))
		}
		// The subject is now linked: a new address in the directory still
		// reaches the same account.
		person.Email = "a.berg@lindenbach.de"
		h.idp.AddUser(person)
		again := h.browser()
		if res := again.signInWithDirectory(h, h.town, person); res.path != "/" {
			t.Fatalf("second sign-in by subject ended at %s (%d): %s", res.path, res.status, res.body)
		}
		if me := again.get("/api/v1/me"); !strings.Contains(me.body, staff.Email) {
			t.Fatalf("second sign-in reached another account: %s", me.body)
		}

		// Logging out ends wachsam's session and sends the browser to the
		// provider's end-session endpoint, which sends it back.
		out := b.post("/abmelden", nil)
		if out.status != http.StatusSeeOther || !strings.HasPrefix(out.location, h.idp.Issuer) || !strings.Contains(out.location, "id_token_hint=") {
			t.Fatalf("logout went to %q, want the provider's end_session_endpoint", out.location)
		}
		resp, err := b.following().Get(out.location)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.Request.URL.Path != "/anmelden" || h.idp.Logouts() != 1 {
			t.Fatalf("after the provider's logout: at %s, %d logouts", resp.Request.URL, h.idp.Logouts())
		}
		if me := b.get("/api/v1/me"); me.status != http.StatusUnauthorized {
			t.Fatalf("still signed in after logout: %d", me.status)
		}
	})
}

// The page a person wanted before signing in survives the trip to the
// provider; only paths on this site are accepted.
func TestDirectorySignInReturnsToTheRequestedPage(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h, anna := newDirectoryTown(t, db)
		b := h.browser()
		page := b.get("/anmelden?weiter=%2Fkonto")
		action := `action="/anmelden/verzeichnis?weiter=%2fkonto"`
		if !strings.Contains(page.body, action) {
			t.Fatalf("login page has no directory form with the return target")
		}
		res := b.finishAtProvider(h, b.startAtProviderFrom("/anmelden/verzeichnis?weiter=%2fkonto", h.town), anna)
		if res.path != "/konto" || res.status != http.StatusOK {
			t.Fatalf("ended at %s (%d), want /konto", res.path, res.status)
		}
		other := h.browser()
		res = other.finishAtProvider(h, other.startAtProviderFrom("/anmelden/verzeichnis?weiter=%2F%2Fboese.example", h.town), anna)
		if res.path != "/" {
			t.Fatalf("a foreign return target was followed: ended at %s", res.path)
		}
	})
}

// A provider that keeps the address out of the ID token (Keycloak, ADFS
// without the claim in the token) is asked at its userinfo endpoint.
func TestDirectorySignInReadsUserinfoWhenTheTokenLacksClaims(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h, anna := newDirectoryTown(t, db)
		h.idp.SetTamper(oidctest.Tamper{ClaimsOnlyInUserinfo: true})
		b := h.browser()
		if res := b.signInWithDirectory(h, h.town, anna); res.path != "/" {
			t.Fatalf("ended at %s (%d): %s", res.path, res.status, res.body)
		}
		if me := b.get("/api/v1/me"); !strings.Contains(me.body, "anna.berg@lindenbach.de") {
			t.Fatalf("signed in as someone else: %s", me.body)
		}
	})
}

// People who do not know which town's list to pick give their work
// address; its domain leads to their town's directory.
func TestDirectorySignInFindsTheTownByEmailDomain(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h, anna := newDirectoryTown(t, db)
		h.connect(h.town, func(p *wachsam.OIDCProvider) { p.EmailDomains = []string{"lindenbach.de"} })
		b := h.browser()
		if page := b.get("/anmelden"); !strings.Contains(page.body, `id="directory_email"`) {
			t.Fatal("login page offers no address field although a town has domains")
		}
		before := h.auditCount()
		r := b.post("/anmelden/verzeichnis", url.Values{"municipality": {""}, "directory_email": {"jemand@eschental.de"}})
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `id="directory_email-fehler"`) || !strings.Contains(r.body, "jemand@eschental.de") {
			t.Fatalf("unknown domain: status %d", r.status)
		}
		if h.auditCount() != before {
			t.Fatal("a refused choice wrote something")
		}
		r = b.post("/anmelden/verzeichnis", url.Values{"municipality": {""}, "directory_email": {"Anna.Berg@Lindenbach.DE"}})
		if r.status != http.StatusSeeOther || !strings.HasPrefix(r.location, h.idp.Issuer) {
			t.Fatalf("known domain: status %d → %s", r.status, r.location)
		}
		login, err := b.following().Get(r.location)
		if err != nil {
			t.Fatal(err)
		}
		login.Body.Close()
		if res := b.finishAtProvider(h, login.Request.URL, anna); res.path != "/" {
			t.Fatalf("ended at %s (%d)", res.path, res.status)
		}
	})
}

// BenchmarkDirectorySignIn measures one whole sign-in through the
// directory, in process: wachsam's form, discovery, the provider's login
// page, the callback with token exchange, key set and userinfo.
func BenchmarkDirectorySignIn(b *testing.B) {
	h, anna := newDirectoryTown(b, storetest.OpenSQLite(b))
	for b.Loop() {
		if res := h.browser().signInWithDirectory(h, h.town, anna); res.path != "/" {
			b.Fatalf("ended at %s (%d)", res.path, res.status)
		}
	}
}
