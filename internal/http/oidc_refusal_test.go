package http_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/oidc/oidctest"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// refused checks that a directory sign-in ended on a German error page
// and wrote nothing: no session, no account, no audit entry.
func (h *directoryHarness) refused(t *testing.T, what string, status int, body, want string, before [3]int) {
	t.Helper()
	if status < 400 || !strings.Contains(body, want) {
		t.Fatalf("%s: status %d, want a page saying %q: %s", what, status, want, body)
	}
	if after := h.counts(); after != before {
		t.Fatalf("%s wrote something: sessions, accounts, audit entries %v → %v", what, before, after)
	}
}

func (h *directoryHarness) counts() [3]int {
	return [3]int{h.sessionCount(), h.userCount(), h.auditCount()}
}

// Every way a provider's answer can fail to prove who signed in is refused
// with a German page, and nothing is written.
func TestDirectorySignInRefusesWhatTheProviderCannotProve(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h, anna := newDirectoryTown(t, db)
		const notConfirmed = "konnte nicht bestätigt werden"

		cases := []struct {
			name   string
			tamper oidctest.Tamper
		}{
			{"a nonce that is not the request's", oidctest.Tamper{Nonce: "fremde-nonce"}},
			{"an expired token", oidctest.Tamper{TokenLifetime: -time.Hour}},
		}
		for _, c := range cases {
			h.idp.SetTamper(c.tamper)
			before := h.counts()
			res := h.browser().signInWithDirectory(h, h.town, anna)
			h.refused(t, c.name, res.status, res.body, notConfirmed, before)
		}
		h.idp.SetTamper(oidctest.Tamper{})

		// wachsam configured with a name the provider accepts for the
		// client, while its tokens name the client's ID: the audience is
		// not ours.
		h.connect(h.town, func(p *wachsam.OIDCProvider) { p.ClientID = "wachsam-alias" })
		before := h.counts()
		res := h.browser().signInWithDirectory(h, h.town, anna)
		h.refused(t, "a token for another audience", res.status, res.body, notConfirmed, before)
		h.connect(h.town, nil)

		// A replayed callback: the same code and state, even with the
		// state cookie put back, finds its sign-in taken.
		b := h.browser()
		callback := b.callbackURL(h, h.town, anna)
		state, _ := url.Parse(callback)
		if r := b.getURL(callback); r.status != http.StatusSeeOther || r.location != "/" {
			t.Fatalf("first callback: %d → %s", r.status, r.location)
		}
		before = h.counts()
		thief := h.browser()
		site, _ := url.Parse(h.srv.URL)
		thief.client.Jar.SetCookies(site, []*http.Cookie{{Name: "wachsam_verzeichnis", Value: state.Query().Get("state")}})
		r := thief.getURL(callback)
		h.refused(t, "a replayed callback", r.status, r.body, "schon verwendet", before)

		// A state that is not this browser's (login CSRF): the provider's
		// redirect of someone else's sign-in, opened in another browser.
		other := h.browser()
		foreign := other.callbackURL(h, h.town, anna)
		before = h.counts()
		r = h.browser().getURL(foreign)
		h.refused(t, "a state of another browser", r.status, r.body, "anderen Browser", before)

		// The person cancels at the provider, which answers with an error
		// instead of a code (RFC 6749 §4.1.2.1).
		cancel := h.browser()
		cancel.startAtProvider(h.town)
		var cancelState string
		for _, c := range cancel.client.Jar.Cookies(site) {
			if c.Name == "wachsam_verzeichnis" {
				cancelState = c.Value
			}
		}
		before = h.counts()
		r = cancel.get("/anmelden/verzeichnis/rueckkehr?error=access_denied&state=" + url.QueryEscape(cancelState))
		h.refused(t, "a sign-in cancelled at the provider", r.status, r.body, "abgebrochen oder abgelehnt", before)

		// PKCE: a code redeemed without the right verifier (as by someone
		// who intercepted the redirect) is refused by the provider.
		pkce := h.browser()
		callback = pkce.callbackURL(h, h.town, anna)
		if _, err := h.db.NewUpdate().Model((*wachsam.OIDCLogin)(nil)).Set("verifier = ?", "ein-anderer-verifier-der-lang-genug-ist-1234567").
			Where("1 = 1").Exec(t.Context()); err != nil {
			t.Fatal(err)
		}
		before = h.counts()
		r = pkce.getURL(callback)
		h.refused(t, "a code without its PKCE verifier", r.status, r.body, notConfirmed, before)

		// The provider goes down between sign-in and callback.
		late := h.browser()
		callback = late.callbackURL(h, h.town, anna)
		h.idp.Stop()
		before = h.counts()
		r = late.getURL(callback)
		h.refused(t, "a provider that is down", r.status, r.body, "nicht erreichbar", before)
	})
}

// A provider that names another issuer than the one configured is refused
// before anyone is sent to it.
func TestDirectorySignInRefusesAWrongIssuer(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newDirectoryHarness(t, db)
		h.connect(h.town, func(p *wachsam.OIDCProvider) { p.IssuerURL = h.idp.Issuer + "/" })
		before := h.counts()
		r := h.browser().post("/anmelden/verzeichnis", url.Values{"municipality": {strconv.FormatInt(h.town.ID, 10)}})
		h.refused(t, "a wrong issuer", r.status, r.body, "andere Aussteller-URL", before)
	})
}

// A disabled account, an unknown person (without just-in-time
// provisioning) and an address the directory has not verified are
// refused; with provisioning, an unknown person becomes staff of the town.
func TestDirectorySignInMatchesOnlyKnownEnabledAccounts(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newDirectoryHarness(t, db)
		h.connect(h.town, nil)
		gone := h.user("ex@lindenbach.de", wachsam.RoleStaff)
		gone.Disabled = true
		if err := h.db.UpdateUser(t.Context(), wachsam.SystemActor("test"), gone); err != nil {
			t.Fatal(err)
		}
		h.user("pruefer@lindenbach.de", wachsam.RoleStaff, wachsam.RoleExaminer)
		before := h.counts()
		res := h.browser().signInWithDirectory(h, h.town, h.person("s-ex", "ex@lindenbach.de"))
		h.refused(t, "a disabled account", res.status, res.body, "gesperrt", before)

		// An account with rights beyond the town (here: an examiner) signs
		// in with its password and second factor only.
		res = h.browser().signInWithDirectory(h, h.town, h.person("s-pruefer", "pruefer@lindenbach.de"))
		h.refused(t, "an examiner's account", res.status, res.body, "Rechte über Ihre Kommune hinaus", before)

		newcomer := h.person("s-neu", "neu@lindenbach.de")
		res = h.browser().signInWithDirectory(h, h.town, newcomer)
		h.refused(t, "an unknown person", res.status, res.body, "kein Konto in wachsam", before)

		unverified := h.person("s-offen", "offen@lindenbach.de")
		unverified.EmailVerified = false
		h.idp.AddUser(unverified)
		h.connect(h.town, func(p *wachsam.OIDCProvider) { p.Provision = true })
		before = h.counts()
		res = h.browser().signInWithDirectory(h, h.town, unverified)
		h.refused(t, "an unverified address", res.status, res.body, "keine bestätigte E-Mail-Adresse", before)

		b := h.browser()
		if res := b.signInWithDirectory(h, h.town, newcomer); res.path != "/" {
			t.Fatalf("provisioning: ended at %s (%d): %s", res.path, res.status, res.body)
		}
		u, err := h.db.UserByEmail(t.Context(), "neu@lindenbach.de")
		if err != nil {
			t.Fatal(err)
		}
		if u.MunicipalityID == nil || *u.MunicipalityID != h.town.ID || len(u.Roles) != 1 || u.Roles[0] != wachsam.RoleStaff || u.Name != "Person s-neu" {
			t.Fatalf("provisioned account: %+v", u)
		}
	})
}

// One town's provider never signs anyone into another town's account,
// neither by address nor by a subject linked through the other town; and
// a linked account is never reached by another person's subject.
func TestDirectorySignInStaysInsideItsMunicipality(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newDirectoryHarness(t, db)
		h.connect(h.town, nil)
		other := &wachsam.Municipality{Name: "Gemeinde Eschental", AGS: "08425102", Population: 3100}
		if err := h.db.CreateMunicipality(t.Context(), wachsam.SystemActor("test"), other); err != nil {
			t.Fatal(err)
		}
		h.connect(other, func(p *wachsam.OIDCProvider) { p.Provision = true })
		h.user("anna.berg@lindenbach.de", wachsam.RoleStaff)
		anna := h.person("s-anna", "anna.berg@lindenbach.de")

		before := h.counts()
		res := h.browser().signInWithDirectory(h, other, anna)
		h.refused(t, "another town's provider by address", res.status, res.body, "kein Konto in wachsam", before)

		if res := h.browser().signInWithDirectory(h, h.town, anna); res.path != "/" {
			t.Fatalf("own town: ended at %s (%d)", res.path, res.status)
		}
		// The address handed on to a new colleague (another subject) does
		// not hand on the account linked to Anna.
		successor := h.person("s-nachfolgerin", "anna.berg@lindenbach.de")
		before = h.counts()
		res = h.browser().signInWithDirectory(h, h.town, successor)
		h.refused(t, "another subject with a linked account's address", res.status, res.body, "anderen Person", before)

		anna.Email = "anna@eschental.de" // the subject is linked now; the address would be new
		h.idp.AddUser(anna)
		before = h.counts()
		res = h.browser().signInWithDirectory(h, other, anna)
		h.refused(t, "another town's provider by linked subject", res.status, res.body, "kein Konto in wachsam", before)
	})
}

// Failed callbacks count against the client address like wrong
// passwords; after the limit even a good sign-in waits.
func TestDirectorySignInThrottlesFailedCallbacks(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h, anna := newDirectoryTown(t, db)
		b := h.browser()
		callback := b.callbackURL(h, h.town, anna)
		attacker := h.browser()
		for i := range 20 { // auth.DefaultPolicy().MaxFailuresClient
			if r := attacker.get("/anmelden/verzeichnis/rueckkehr?code=x&state=geraten"); r.status != http.StatusUnauthorized {
				t.Fatalf("guess %d: status %d", i+1, r.status)
			}
		}
		r := b.getURL(callback)
		if r.status != http.StatusTooManyRequests || !strings.Contains(r.body, "Zu viele fehlgeschlagene Anmeldeversuche") {
			t.Fatalf("after 20 failures from this address: %d", r.status)
		}
		h.clock.Advance(16 * time.Minute)
		if r := h.browser().signInWithDirectory(h, h.town, anna); r.path != "/" {
			t.Fatalf("after the window: ended at %s (%d)", r.path, r.status)
		}
	})
}

// A town that is missing or has no directory is refused beside the field
// on the login page, and nothing is stored.
func TestDirectorySignInRefusesATownWithoutDirectory(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h, _ := newDirectoryTown(t, db)
		other := &wachsam.Municipality{Name: "Gemeinde Eschental", AGS: "08425102", Population: 3100}
		if err := h.db.CreateMunicipality(t.Context(), wachsam.SystemActor("test"), other); err != nil {
			t.Fatal(err)
		}
		for _, value := range []string{"", "abc", "-1", strconv.FormatInt(other.ID, 10), "99999999999999999999"} {
			before := h.counts()
			r := h.browser().post("/anmelden/verzeichnis", url.Values{"municipality": {value}})
			if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `id="municipality-fehler"`) {
				t.Fatalf("municipality %q: status %d", value, r.status)
			}
			if after := h.counts(); after != before || len(r.header.Values("Set-Cookie")) != 0 {
				t.Fatalf("municipality %q: something was written", value)
			}
		}
	})
}
