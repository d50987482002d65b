package http_test

import (
	"html"
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

var hiddenTarget = regexp.MustCompile(`<input type="hidden" name="weiter" value="([^"]*)">`)

// Issue 13 §1: the page a person wanted before being asked to sign in is
// where they land afterwards: the target survives the login form (a hidden
// field) and the second step (the address, then its form). A target that
// leads off the site is dropped at every step.
func TestLoginReturnTargetSurvivesTheFormAndTheSecondStep(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		admin := h.user("admin@example.de", wachsam.RoleAdmin)
		setup := h.browser()
		setup.post("/anmelden", url.Values{"email": {admin.Email}, "password": {testPassword}})
		secret := setup.enrol()

		b := h.browser()
		asked := b.get("/verwaltung/benutzer?seite=2")
		if asked.status != http.StatusSeeOther || !strings.HasPrefix(asked.location, "/anmelden?weiter=") {
			t.Fatalf("signed out: %d → %s", asked.status, asked.location)
		}
		form := b.get(asked.location)
		m := hiddenTarget.FindStringSubmatch(form.body)
		if m == nil || html.UnescapeString(m[1]) != "/verwaltung/benutzer?seite=2" {
			t.Fatalf("the login form does not carry the target: %v", m)
		}
		r := b.post("/anmelden", url.Values{"email": {admin.Email}, "password": {testPassword}, "weiter": {html.UnescapeString(m[1])}})
		if r.status != http.StatusSeeOther || r.location != "/anmelden/zwei-faktor?weiter=%2Fverwaltung%2Fbenutzer%3Fseite%3D2" {
			t.Fatalf("after the password: %d → %s", r.status, r.location)
		}
		step := b.get(r.location)
		m = hiddenTarget.FindStringSubmatch(step.body)
		if m == nil || html.UnescapeString(m[1]) != "/verwaltung/benutzer?seite=2" {
			t.Fatalf("the second step does not carry the target: %v", m)
		}
		h.clock.Advance(30 * time.Second)
		r = b.post("/anmelden/zwei-faktor", url.Values{"code": {h.code(secret)}, "weiter": {html.UnescapeString(m[1])}})
		if r.status != http.StatusSeeOther || r.location != "/verwaltung/benutzer?seite=2" {
			t.Fatalf("after the code: %d → %s", r.status, r.location)
		}

		// Off-site targets, in the address or the form, end at the start page.
		for _, evil := range []string{"//boese.example/", "/%2f%2fboese.example/", "/\\boese.example/", "/%5cboese.example", "https://boese.example/"} {
			b := h.browser()
			if page := b.get("/anmelden?weiter=" + url.QueryEscape(evil)); hiddenTarget.MatchString(page.body) {
				t.Errorf("%q: the login form carries it", evil)
			}
			r := b.post("/anmelden?weiter="+url.QueryEscape(evil), url.Values{"email": {admin.Email}, "password": {testPassword}, "weiter": {evil}})
			if r.location != "/anmelden/zwei-faktor" {
				t.Errorf("%q: after the password → %s", evil, r.location)
			}
			h.clock.Advance(30 * time.Second)
			if r := b.post("/anmelden/zwei-faktor?weiter="+url.QueryEscape(evil), url.Values{"code": {h.code(secret)}, "weiter": {evil}}); r.location != "/" {
				t.Errorf("%q: after the code → %s", evil, r.location)
			}
		}
	})
}
