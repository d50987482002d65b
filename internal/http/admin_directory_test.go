package http_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/directory"
	"github.com/wachsam/wachsam/internal/directory/slapdtest"
	wachsamhttp "github.com/wachsam/wachsam/internal/http"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
	"github.com/wachsam/wachsam/web"
)

// directoryHarness is the harness with the town's directory wired in as
// cmd/wachsam does: directory sign-in and the sync from pages and API.
func ldapHarness(t *testing.T, db *store.DB) (*harness, *slapdtest.Server) {
	t.Helper()
	srv := slapdtest.Start(t)
	h := newHarness(t, db)
	h.accounts.Directory = directory.Passwords{Store: db, Connector: directory.Connector{}}
	assets, err := web.NewAssets()
	if err != nil {
		t.Fatal(err)
	}
	server, err := wachsamhttp.New(h.accounts, db, db, db, wachsamhttp.Config{
		BaseURL: "http://127.0.0.1", MaxBodyBytes: 64 << 10, Now: h.clock.Now,
		Templates: web.Templates(), StaticHandler: assets.Handler(), AssetURL: assets.URL, OpenAPI: web.OpenAPI(),
		DirectorySync: directory.Syncer{Store: db, Connector: directory.Connector{}},
	}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	h.srv.Close()
	h.srv = httptest.NewServer(server)
	t.Cleanup(h.srv.Close)
	return h, srv
}

func directoryForm(srv *slapdtest.Server) url.Values {
	return url.Values{"url": {srv.LDAPSURL}, "base_dn": {slapdtest.StaffBase}, "bind_dn": {slapdtest.ServiceDN},
		"bind_password": {slapdtest.ServicePassword}, "user_filter": {"(&(objectClass=inetOrgPerson)(mail=%s))"},
		"email_attr": {"mail"}, "given_name_attr": {"givenName"}, "surname_attr": {"sn"}, "department_attr": {""},
		"ca_cert_pem": {srv.CAPEM}, "sync_interval_minutes": {"1440"}}
}

func countRows(t *testing.T, db *store.DB, table string) int {
	t.Helper()
	n, err := db.NewSelect().Table(table).Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

func TestAdminConnectsTheDirectoryPreviewsAndSyncs(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h, srv := ldapHarness(t, db)
		admin := h.enrolledAdmin()
		path := "/verwaltung/gemeinden/" + strconv.FormatInt(h.town.ID, 10) + "/verzeichnis"
		if r := admin.get(path); r.status != http.StatusOK || !strings.Contains(r.body, "Anbindung speichern") {
			t.Fatalf("page: %d", r.status)
		}

		// Bad settings: a German message beside the field, nothing stored.
		audits := h.auditCount()
		for field, value := range map[string]string{"url": "http://dc1", "user_filter": "mail=%s", "ca_cert_pem": "kein Zertifikat",
			"sync_interval_minutes": "5", "email_attr": "mail;x"} {
			bad := directoryForm(srv)
			bad.Set(field, value)
			r := admin.post(path, bad)
			if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `id="`+field+`-fehler"`) || strings.Contains(r.body, slapdtest.ServicePassword) {
				t.Fatalf("%s=%q: status %d", field, value, r.status)
			}
		}
		if countRows(t, db, "directory_configs") != 0 || h.auditCount() != audits {
			t.Fatal("bad settings were stored")
		}

		if r := admin.post(path, directoryForm(srv)); r.status != http.StatusSeeOther {
			t.Fatalf("save: %d", r.status)
		}
		// Saved again without the password: the stored one is kept, never shown.
		again := directoryForm(srv)
		again.Del("bind_password")
		if r := admin.post(path, again); r.status != http.StatusSeeOther {
			t.Fatalf("save without password: %d", r.status)
		}
		if r := admin.get(path); strings.Contains(r.body, slapdtest.ServicePassword) {
			t.Fatal("the bind password is shown")
		}

		users := countRows(t, db, "users")
		r := admin.post(path+"/abgleich", url.Values{"probelauf": {"ja"}})
		if r.status != http.StatusOK || !strings.Contains(r.body, "Jürgen Müßig") || !strings.Contains(r.body, "Neu anzulegen (4)") {
			t.Fatalf("preview: %d", r.status)
		}
		if countRows(t, db, "users") != users {
			t.Fatal("the preview wrote")
		}
		if r := admin.post(path+"/abgleich", nil); r.status != http.StatusSeeOther {
			t.Fatalf("sync: %d", r.status)
		}
		if countRows(t, db, "users") != users+4 {
			t.Fatal("the sync created nobody")
		}

		// Jürgen signs in on the login page with his directory password.
		juergen := slapdtest.Town[1]
		b := h.browser()
		if r := b.post("/anmelden", url.Values{"email": {juergen.Mail}, "password": {"falsch"}}); r.status != http.StatusUnauthorized ||
			!strings.Contains(r.body, "E-Mail-Adresse oder Passwort ist falsch.") {
			t.Fatalf("wrong directory password: %d", r.status)
		}
		if r := b.post("/anmelden", url.Values{"email": {juergen.Mail}, "password": {juergen.Password}}); r.status != http.StatusSeeOther || r.location != "/" {
			t.Fatalf("directory sign-in: %d → %s", r.status, r.location)
		}
		if r := b.get("/"); r.status != http.StatusOK || !strings.Contains(r.body, "Jürgen Müßig") {
			t.Fatalf("home after directory sign-in: %d", r.status)
		}

		// The directory goes down: the login page says so, and nothing is
		// counted against Jürgen.
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		down := directoryForm(srv)
		down.Set("url", "ldaps://"+l.Addr().String())
		l.Close()
		if r := admin.post(path, down); r.status != http.StatusSeeOther {
			t.Fatalf("save: %d", r.status)
		}
		failures := countRows(t, db, "login_failures")
		if r := h.browser().post("/anmelden", url.Values{"email": {juergen.Mail}, "password": {juergen.Password}}); r.status != http.StatusServiceUnavailable ||
			!strings.Contains(r.body, "nicht erreichbar") || !strings.Contains(r.body, juergen.Mail) {
			t.Fatalf("directory down: %d", r.status)
		}
		if countRows(t, db, "login_failures") != failures {
			t.Fatal("an unreachable directory counted as a wrong password")
		}
	})
}

func TestDirectoryAPI(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h, srv := ldapHarness(t, db)
		admin := h.enrolledAdmin()
		path := "/api/v1/municipalities/" + strconv.FormatInt(h.town.ID, 10) + "/directory"
		if r := admin.get(path); r.status != http.StatusNotFound || !strings.Contains(r.header.Get("Content-Type"), "problem+json") {
			t.Fatalf("before: %d", r.status)
		}
		in := map[string]any{"url": srv.LDAPURL, "base_dn": slapdtest.StaffBase, "bind_dn": slapdtest.ServiceDN,
			"bind_password": slapdtest.ServicePassword, "user_filter": "(&(objectClass=inetOrgPerson)(mail=%s))",
			"email_attribute": "mail", "given_name_attribute": "givenName", "surname_attribute": "sn",
			"department_attribute": "departmentNumber", "ca_certificate_pem": srv.CAPEM, "sync_interval_minutes": 0}
		bad := map[string]any{}
		for k, v := range in {
			bad[k] = v
		}
		bad["base_dn"] = ""
		if r := admin.sendJSON(http.MethodPut, path, bad); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "Basis-DN") {
			t.Fatalf("bad: %d %s", r.status, r.body)
		}
		if r := admin.sendJSON(http.MethodPut, path, in); r.status != http.StatusOK || strings.Contains(r.body, slapdtest.ServicePassword) {
			t.Fatalf("put: %d %s", r.status, r.body)
		}
		r := admin.get(path)
		var got map[string]any
		if r.status != http.StatusOK || json.Unmarshal([]byte(r.body), &got) != nil || got["has_bind_password"] != true || got["bind_password"] != nil {
			t.Fatalf("get: %d %s", r.status, r.body)
		}
		r = admin.sendJSON(http.MethodPost, path+"/sync?dry_run=true", nil)
		var plan wachsam.DirectorySyncPlan
		if r.status != http.StatusOK || json.Unmarshal([]byte(r.body), &plan) != nil || len(plan.Create) != 4 || plan.Create[0].Department == "" {
			t.Fatalf("dry run: %d %s", r.status, r.body)
		}
		if countRows(t, db, "directory_accounts") != 0 {
			t.Fatal("the dry run wrote")
		}

		// Staff may not see or change the settings.
		staff := h.user("person@lindenbach.example", wachsam.RoleStaff)
		if r := h.signedIn(staff).get(path); r.status != http.StatusForbidden {
			t.Fatalf("staff: %d", r.status)
		}

		// The directory cannot be reached: 503 with a German problem, nothing synced.
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		in["url"] = "ldaps://" + l.Addr().String()
		l.Close()
		delete(in, "bind_password")
		if r := admin.sendJSON(http.MethodPut, path, in); r.status != http.StatusOK {
			t.Fatalf("put without password: %d %s", r.status, r.body)
		}
		if r := admin.sendJSON(http.MethodPost, path+"/sync", nil); r.status != http.StatusServiceUnavailable ||
			!strings.Contains(r.body, "nicht erreichbar") {
			t.Fatalf("unreachable: %d %s", r.status, r.body)
		}
		if countRows(t, db, "directory_accounts") != 0 {
			t.Fatal("an unreachable directory synced")
		}
	})
}
