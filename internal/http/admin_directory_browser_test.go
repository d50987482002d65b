package http_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/directory/slapdtest"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// TestBrowserDirectoryPreviewSyncAndSignIn walks the directory page in
// Chromium with the accessibility check: a refused setting, the preview
// of a sync, the sync itself, and a member of staff signing in with the
// password of the town's directory.
func TestBrowserDirectoryPreviewSyncAndSignIn(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h, srv := ldapHarness(t, db)
		admin := h.user("admin@example.de", wachsam.RoleAdmin)
		b := newBrowser(t, h)
		b.visit("/anmelden")
		b.signInWithPassword(admin)
		b.enrolWithApp()

		path := "/verwaltung/gemeinden/" + strconv.FormatInt(h.town.ID, 10) + "/verzeichnis"
		b.visit("/verwaltung/gemeinden/" + strconv.FormatInt(h.town.ID, 10))
		b.follow("Verzeichnis (LDAP/Active Directory) anbinden")
		b.shows(path, http.StatusOK, "Verzeichnis von")
		b.fill("url", "http://dc1.gemeinde.local")
		b.press("Anbindung speichern")
		b.shows(path, http.StatusUnprocessableEntity, "Verzeichnis von")
		if msg := b.text("#url-fehler"); !strings.Contains(msg, "ldaps://") {
			t.Errorf("URL error message %q", msg)
		}

		cfg := &wachsam.DirectoryConfig{MunicipalityID: h.town.ID, URL: srv.LDAPSURL, BaseDN: slapdtest.StaffBase,
			BindDN: slapdtest.ServiceDN, BindPassword: slapdtest.ServicePassword, UserFilter: "(&(objectClass=inetOrgPerson)(mail=%s))",
			EmailAttr: "mail", GivenNameAttr: "givenName", SurnameAttr: "sn", CACertPEM: srv.CAPEM}
		if err := db.SaveDirectoryConfig(context.Background(), wachsam.SystemActor("test"), cfg); err != nil {
			t.Fatal(err)
		}
		b.visit(path)
		b.press("Vorschau: Was würde sich ändern?")
		b.shows(path+"/abgleich", http.StatusOK, "Verzeichnis von")
		if text := b.pageText(); !strings.Contains(text, "Neu anzulegen (4)") || !strings.Contains(text, "Jürgen Müßig") {
			t.Fatalf("preview:\n%s", text)
		}
		b.press("Jetzt abgleichen")
		b.shows(path, http.StatusOK, "Verzeichnis von")
		if flash := b.text("[role=status]"); !strings.Contains(flash, "4 neu") {
			t.Errorf("after the sync: %q", flash)
		}
		b.signOut()

		juergen := slapdtest.Town[1]
		b.fill("email", juergen.Mail)
		b.fill("password", juergen.Password)
		b.press("Anmelden")
		b.shows("/", http.StatusOK, "Guten Tag")
	})
}
