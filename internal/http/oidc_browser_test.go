package http_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// TestBrowserDirectorySignIn: an administrator connects the town's
// directory on its page; a member of staff then finds the town on the
// login page by her work address, signs in on the provider's own login page and arrives in
// wachsam signed in — in a real Chromium, with axe on wachsam's pages.
func TestBrowserDirectorySignIn(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newDirectoryHarness(t, db)
		admin := h.user("admin@example.de", wachsam.RoleAdmin)
		h.user("anna.berg@lindenbach.de", wachsam.RoleStaff)
		anna := h.person("s-anna", "anna.berg@lindenbach.de")
		b := newBrowser(t, h.harness)

		b.visit("/anmelden")
		b.signInWithPassword(admin)
		b.enrolWithApp()
		b.follow("Weiter")
		page := "/verwaltung/gemeinden/" + strconv.FormatInt(h.town.ID, 10) + "/oidc"
		b.visit("/verwaltung/gemeinden/" + strconv.FormatInt(h.town.ID, 10))
		b.follow("Anmeldung über OpenID Connect")
		b.shows(page, http.StatusOK, "Anmeldung über OpenID Connect")
		b.fill("issuer_url", "ftp://falsch")
		b.fill("client_id", "wachsam")
		b.press("Speichern")
		b.shows(page, http.StatusUnprocessableEntity, "Anmeldung über OpenID Connect")
		if msg := b.text("#issuer_url-fehler"); !strings.Contains(msg, "Aussteller-URL") {
			t.Errorf("issuer error %q", msg)
		}
		b.fill("issuer_url", h.idp.Issuer)
		b.fill("client_secret", directorySecret)
		b.fill("email_domains", "lindenbach.de")
		b.press("Speichern")
		b.shows(page, http.StatusOK, "Anmeldung über OpenID Connect")
		b.signOut()

		// Anna does not pick her town from the list: her work address
		// leads to it.
		b.fill("directory_email", "anna.berg@lindenbach.de")
		b.press("Mit dem Verzeichnis Ihrer Kommune anmelden")
		if got := b.path(); got != "/login" || !strings.Contains(b.text("h1"), "Verzeichnis der Kommune") {
			t.Fatalf("not on the provider's login page: %s\n%s", got, b.pageText())
		}
		b.fill("username", anna.Username)
		b.fill("password", anna.Password)
		b.press("Anmelden")
		b.shows("/", http.StatusOK, "Guten Tag, Test anna.berg")
	})
}
