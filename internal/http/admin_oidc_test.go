package http_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// The administrator connects a town's directory on a page: bad settings
// come back with a German message beside the field and change nothing;
// the client secret is stored but never shown again, and an empty field
// keeps it.
func TestAdminConnectsATownsDirectory(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newDirectoryHarness(t, db)
		admin := h.enrolledAdmin()
		page := "/verwaltung/gemeinden/" + strconv.FormatInt(h.town.ID, 10) + "/oidc"
		if r := admin.get(page); r.status != http.StatusOK || !strings.Contains(r.body, h.srv.URL+"/anmelden/verzeichnis/rueckkehr") {
			t.Fatalf("directory page: %d, no redirect URI shown", r.status)
		}
		good := url.Values{"issuer_url": {h.idp.Issuer}, "client_id": {"wachsam"}, "client_secret": {directorySecret},
			"email_claim": {"email"}, "require_email_verified": {"on"}, "group_claim": {"groups"},
			"group_roles": {"GG-Wachsam-Koordination = coordinator"}, "mfa_methods": {"mfa hwk"}}
		neighbour := &wachsam.Municipality{Name: "Gemeinde Eschental", AGS: "08425102", Population: 3100}
		if err := h.db.CreateMunicipality(t.Context(), wachsam.SystemActor("test"), neighbour); err != nil {
			t.Fatal(err)
		}
		h.connect(neighbour, func(p *wachsam.OIDCProvider) { p.EmailDomains = []string{"eschental.de"} })
		bad := []struct {
			field, value, message string
		}{
			{"issuer_url", "ftp://sso.lindenbach.de", "Aussteller-URL"},
			{"issuer_url", "http://sso.lindenbach.de", "muss mit https:// beginnen"},
			{"client_id", "", "Client-ID"},
			{"email_claim", "e mail", "Claims für die E-Mail-Adresse"},
			{"group_roles", "GG-Admins = admin", "kann nicht aus dem Verzeichnis vergeben werden"},
			{"group_roles", "nur ein Gruppenname", "Zeile 1"},
			{"mfa_methods", "mfa <script>", "Anmeldeverfahren"},
			{"email_domains", "lindenbach", "keine Domain"},
			{"email_domains", "eschental.de", "anderen Gemeinde"},
		}
		for _, c := range bad {
			before := h.auditCount()
			form := url.Values{}
			for k, v := range good {
				form[k] = v
			}
			form.Set(c.field, c.value)
			r := admin.post(page, form)
			if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `id="`+c.field+`-fehler"`) || !strings.Contains(r.body, c.message) {
				t.Fatalf("%s=%q: status %d, want 422 with %q beside the field", c.field, c.value, r.status, c.message)
			}
			if strings.Contains(r.body, directorySecret) {
				t.Fatalf("%s: the refused form shows the secret again", c.field)
			}
			if _, err := h.db.OIDCProvider(t.Context(), h.town.ID); wachsam.ErrorCodeOf(err) != wachsam.ENOTFOUND || h.auditCount() != before {
				t.Fatalf("%s: a refused form was stored (%v)", c.field, err)
			}
		}
		if r := admin.post(page, good); r.status != http.StatusSeeOther {
			t.Fatalf("save: %d", r.status)
		}
		if r := admin.get(page); strings.Contains(r.body, directorySecret) || !strings.Contains(r.body, "wird nicht wieder angezeigt") {
			t.Fatal("the saved secret is shown on the page")
		}
		good.Set("client_secret", "")
		good.Set("client_id", "wachsam-2")
		if r := admin.post(page, good); r.status != http.StatusSeeOther {
			t.Fatalf("save without secret: %d: %s", r.status, r.body)
		}
		p, err := h.db.OIDCProvider(t.Context(), h.town.ID)
		if err != nil || p.ClientSecret != directorySecret || p.ClientID != "wachsam-2" || p.GroupRoles["GG-Wachsam-Koordination"] != wachsam.RoleCoordinator {
			t.Fatalf("stored provider: %+v, %v", p, err)
		}

		// A coordinator cannot reach the settings at all.
		coord := h.user("koordination@lindenbach.de", wachsam.RoleCoordinator)
		cb := h.browser()
		cb.post("/anmelden", url.Values{"email": {coord.Email}, "password": {testPassword}})
		cb.enrol()
		if r := cb.get(page); r.status != http.StatusForbidden {
			t.Fatalf("coordinator on the directory settings: %d", r.status)
		}
	})
}

// The same through the API: the secret is write-only, bad input is a
// problem document and changes nothing.
func TestAdminDirectoryAPI(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newDirectoryHarness(t, db)
		admin := h.enrolledAdmin()
		path := "/api/v1/municipalities/" + strconv.FormatInt(h.town.ID, 10) + "/oidc"
		if r := admin.get(path); r.status != http.StatusNotFound {
			t.Fatalf("unconfigured: %d", r.status)
		}
		in := map[string]any{"issuer_url": h.idp.Issuer, "client_id": "wachsam", "client_secret": directorySecret,
			"email_claim": "upn", "require_email_verified": false, "link_subject": true, "provision": false,
			"group_claim": "groups", "group_roles": map[string]string{"GG-Schulung": "trainer"}, "mfa_methods": []string{}}
		r := admin.sendJSON(http.MethodPut, path, in)
		if r.status != http.StatusOK || strings.Contains(r.body, directorySecret) || !strings.Contains(r.body, `"has_client_secret":true`) {
			t.Fatalf("put: %d %s", r.status, r.body)
		}
		if r := admin.get(path); r.status != http.StatusOK || strings.Contains(r.body, directorySecret) || !strings.Contains(r.body, `"email_claim":"upn"`) {
			t.Fatalf("get: %d %s", r.status, r.body)
		}
		before := h.auditCount()
		in["group_roles"] = map[string]string{"GG-Pruefung": "examiner"}
		if r := admin.sendJSON(http.MethodPut, path, in); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `"field":"group_roles"`) {
			t.Fatalf("examiner role from a directory: %d %s", r.status, r.body)
		}
		if r := admin.sendJSON(http.MethodPut, path, map[string]any{"issuer_url": 7}); r.status != http.StatusBadRequest {
			t.Fatalf("wrong type: %d", r.status)
		}
		if h.auditCount() != before {
			t.Fatal("a refused change was written")
		}
		if r := admin.sendJSON(http.MethodDelete, path, nil); r.status != http.StatusNoContent {
			t.Fatalf("delete: %d", r.status)
		}
		if r := h.browser().sendJSON(http.MethodPut, path, in); r.status != http.StatusUnauthorized {
			t.Fatalf("anonymous put: %d", r.status)
		}
	})
}
