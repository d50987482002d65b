package http_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// These tests drive the real pages in headless Chromium: what a person
// with a keyboard sees and can do, and that every page passes axe-core's
// WCAG 2.1 A/AA rules (BITV 2.0). Requests made by a real browser also
// carry its Origin and Sec-Fetch-* headers, which the HTTP tests only fake.

// TestBrowserLoginWithTwoFactorAndAccessibility walks an administrator
// through enrolment and a second sign-in with the app code, visits every
// page on the way, and checks a staff account's limits.
func TestBrowserLoginWithTwoFactorAndAccessibility(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		admin := h.user("admin@example.de", wachsam.RoleAdmin)
		staff := h.user("mitarbeiterin@example.de", wachsam.RoleStaff)
		b := newBrowser(t, h)

		// An administrator without TOTP is sent to enrolment first.
		b.visit("/anmelden")
		b.shows("/anmelden", http.StatusOK, "Anmelden")
		b.signInWithPassword(admin)
		b.shows("/konto/zwei-faktor/einrichten", http.StatusOK, "einrichten")
		secret, _ := b.enrolWithApp()
		b.follow("Weiter")
		b.shows("/", http.StatusOK, "Guten Tag")

		b.visitsAdminPages(admin)

		// A form re-rendered with a validation error keeps its markup
		// accessible: error message tied to the field, alert on top.
		b.visit("/verwaltung/gemeinden")
		b.fill("name", "Gemeinde Testdorf")
		b.fill("ags", "123")
		b.fill("population", "500")
		b.press("Speichern")
		b.shows("/verwaltung/gemeinden", http.StatusUnprocessableEntity, "Gemeinden")
		if msg := b.text("#ags-fehler"); !strings.Contains(msg, "acht Ziffern") {
			t.Errorf("AGS error message %q, want it to mention acht Ziffern", msg)
		}

		b.visit("/gibt-es-nicht")
		b.shows("/gibt-es-nicht", http.StatusNotFound, "Seite nicht gefunden")

		b.signOut()

		// The second sign-in asks for the app code, with a way out to the
		// recovery codes.
		b.signInWithPassword(admin)
		b.shows("/anmelden/zwei-faktor", http.StatusOK, "Bestätigungscode")
		b.follow("Wiederherstellungscode")
		b.shows("/anmelden/wiederherstellung", http.StatusOK, "Wiederherstellungscode")
		b.follow("Zurück zur Eingabe des App-Codes")
		h.clock.Advance(30 * time.Second) // a fresh time step: the enrolment code is spent
		b.fill("code", h.code(secret))
		b.press("Bestätigen")
		b.shows("/", http.StatusOK, "Guten Tag")
		b.signOut()

		// Staff need no second factor, and administration is closed to them.
		b.signInWithPassword(staff)
		b.shows("/", http.StatusOK, "Guten Tag")
		b.visit("/verwaltung/benutzer")
		b.shows("/verwaltung/benutzer", http.StatusForbidden, "Keine Berechtigung")
	})
}

// TestBrowserRecoveryCodeSignIn signs in with a recovery code from
// enrolment instead of the app, and shows that the code works only once.
func TestBrowserRecoveryCodeSignIn(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		admin := h.user("admin@example.de", wachsam.RoleAdmin)
		b := newBrowser(t, h)

		b.visit("/anmelden")
		b.signInWithPassword(admin)
		_, codes := b.enrolWithApp()
		b.follow("Weiter")
		b.signOut()

		b.signInWithRecoveryCode(admin, codes[0])
		b.shows("/", http.StatusOK, "Guten Tag")
		b.signOut()

		b.signInWithRecoveryCode(admin, codes[0])
		b.shows("/anmelden/wiederherstellung", http.StatusUnprocessableEntity, "Wiederherstellungscode")
		if msg := b.text("#code-fehler"); !strings.Contains(msg, "bereits verwendet") {
			t.Errorf("reused recovery code: message %q, want the German refusal", msg)
		}
	})
}

// signInWithPassword fills in the login form, which must be on screen.
func (b *chromiumTab) signInWithPassword(u *wachsam.User) {
	b.t.Helper()
	b.fill("email", u.Email)
	b.fill("password", testPassword)
	b.press("Anmelden")
}

// enrolWithApp completes the enrolment page on screen the way a person
// with an authenticator app would: read the key, type the app's code. It
// returns the secret and the recovery codes shown afterwards.
func (b *chromiumTab) enrolWithApp() (secret string, recoveryCodes []string) {
	b.t.Helper()
	secret = b.text("#totp-secret")
	b.fill("code", b.h.code(secret))
	b.press("Einrichtung abschließen")
	b.shows("/konto/zwei-faktor/einrichten", http.StatusOK, "Wiederherstellungscodes")
	recoveryCodes = b.texts("#recovery-codes li")
	if len(recoveryCodes) == 0 {
		b.t.Fatal("enrolment showed no recovery codes")
	}
	return secret, recoveryCodes
}

func (b *chromiumTab) signInWithRecoveryCode(u *wachsam.User, code string) {
	b.t.Helper()
	b.signInWithPassword(u)
	b.shows("/anmelden/zwei-faktor", http.StatusOK, "Bestätigungscode")
	b.follow("Wiederherstellungscode")
	b.fill("code", code)
	b.press("Anmelden")
}

func (b *chromiumTab) signOut() {
	b.t.Helper()
	b.press("Abmelden")
	b.shows("/anmelden", http.StatusOK, "Anmelden")
	if flash := b.text("[role=status]"); !strings.Contains(flash, "abgemeldet") {
		b.t.Errorf("after sign-out: message %q", flash)
	}
}

// visitsAdminPages opens the account page and every administration page.
func (b *chromiumTab) visitsAdminPages(admin *wachsam.User) {
	b.t.Helper()
	pages := []struct{ path, heading string }{
		{"/konto", "Mein Konto"},
		{"/verwaltung/benutzer", "Konten"},
		{"/verwaltung/benutzer/neu", "Neues Konto"},
		{fmt.Sprintf("/verwaltung/benutzer/%d", admin.ID), "Konto bearbeiten"},
		{"/verwaltung/gemeinden", "Gemeinden"},
		{fmt.Sprintf("/verwaltung/gemeinden/%d", b.h.town.ID), b.h.town.Name},
		{"/verwaltung/protokoll", "Protokoll"},
	}
	for _, p := range pages {
		b.visit(p.path)
		b.shows(p.path, http.StatusOK, p.heading)
	}
}
