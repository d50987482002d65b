package http_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// The "Passwort vergessen" journey in Chromium, every page checked by axe:
// the link on the login page, the request, the link from the mail, the new
// password, and signing in with it.
func TestBrowserPasswordResetJourney(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		u := h.user("vergesslich@example.de", wachsam.RoleStaff)
		b := newBrowser(t, h)

		b.visit("/anmelden")
		b.shows("/anmelden", http.StatusOK, "Anmelden")
		b.follow("Passwort vergessen?")
		b.shows("/anmelden/passwort-vergessen", http.StatusOK, "Passwort vergessen")
		b.fill("email", u.Email)
		b.press("Link anfordern")
		b.shows("/anmelden/passwort-vergessen", http.StatusOK, "Passwort vergessen")
		if msg := b.text("[role=status]"); !strings.Contains(msg, "E-Mail") {
			t.Fatalf("after the request: %q", msg)
		}

		mails := h.resetMails(u.Email)
		if len(mails) != 1 {
			t.Fatalf("%d reset mails", len(mails))
		}
		link := resetLinkOf(t, mails[0])
		b.visit(link)
		b.shows(link, http.StatusOK, "Neues Passwort festlegen")
		b.fill("password", "kurz")
		b.fill("repeat", "kurz")
		b.press("Passwort speichern")
		b.shows(link, http.StatusUnprocessableEntity, "Neues Passwort festlegen")
		if msg := b.text("#password-fehler"); !strings.Contains(msg, "mindestens 12 Zeichen") {
			t.Fatalf("short password: %q", msg)
		}
		const fresh = "mein-neues-langes-passwort"
		b.fill("password", fresh)
		b.fill("repeat", fresh)
		b.press("Passwort speichern")
		b.shows("/anmelden", http.StatusOK, "Anmelden")
		if msg := b.text("[role=status]"); !strings.Contains(msg, "Passwort wurde geändert") {
			t.Fatalf("after the reset: %q", msg)
		}
		b.fill("email", u.Email)
		b.fill("password", fresh)
		b.press("Anmelden")
		b.shows("/", http.StatusOK, "Guten Tag")

		b.visit(link) // used up
		b.shows(link, http.StatusNotFound, "Neues Passwort festlegen")
	})
}
