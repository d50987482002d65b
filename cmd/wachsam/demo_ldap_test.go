package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/auth"
	"github.com/wachsam/wachsam/internal/store"
)

// demoLDAPSignIn posts the login form as a browser would and returns the
// page it ends on.
func demoLDAPSignIn(t *testing.T, base, email, password string) (string, *http.Response) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar}
	resp, err := browser.PostForm(base+"/anmelden", url.Values{"email": {email}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return string(body), resp
}

// TestDemoStaffSignInAgainstTheTownsLDAP signs in a person of Gemeinde
// Buchenried through wachsam's own login form: wachsam binds as them
// against the demo's LDAPS directory. The leaver still has the demo
// password in wachsam's database and is refused all the same, which shows
// that the directory, not the stored password, decides.
func TestDemoStaffSignInAgainstTheTownsLDAP(t *testing.T) {
	base, stdout := serveDemoAt(t)
	if out := stdout.String(); !strings.Contains(out, "Anmeldung über das LDAP-Verzeichnis der Kommune: Gemeinde Buchenried") ||
		!strings.Contains(out, "ldaps://127.0.0.1:") {
		t.Fatalf("the demo does not name its LDAP directory: %s", out)
	}
	home, resp := demoLDAPSignIn(t, base, "mitarbeiter01@08425103.demo.wachsam.de", "wachsam-demo-2026")
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/" || !strings.Contains(home, "Guten Tag,") {
		t.Fatalf("not signed in: %d %s %s", resp.StatusCode, resp.Request.URL, home)
	}
	for _, c := range []struct{ email, password string }{
		{"mitarbeiter01@08425103.demo.wachsam.de", "falsch"},
		{demoLDAPLeaver, "wachsam-demo-2026"},
	} {
		page, resp := demoLDAPSignIn(t, base, c.email, c.password)
		if resp.Request.URL.Path == "/" || !strings.Contains(page, "E-Mail-Adresse oder Passwort ist falsch.") {
			t.Fatalf("%s with %q: %d %s %s", c.email, c.password, resp.StatusCode, resp.Request.URL, page)
		}
	}
}

// TestDemoLDAPSyncPreview runs the administrator's dry run of Buchenried's
// sync while the demo runs: it shows the newcomer, the move and the
// leaver, and writes nothing. The real run applies them; started again on
// that database, the demo finds directory and wachsam agreeing.
func TestDemoLDAPSyncPreview(t *testing.T) {
	path := filepath.Join(t.TempDir(), "demo.db")
	_, _, stop := serveDemoOn(t, path)
	env := []string{"WACHSAM_DATABASE_URL=sqlite://" + path, "WACHSAM_LOG_LEVEL=error"}
	dirSync := func(args ...string) wachsam.DirectorySyncPlan {
		t.Helper()
		code, out, stderr := runCmd(t, env, "", append([]string{"directory", "sync", "--municipality", demoLDAPAGS}, args...)...)
		var plan wachsam.DirectorySyncPlan
		if code != 0 || json.Unmarshal([]byte(out), &plan) != nil {
			t.Fatalf("directory sync %v: exit %d, %q, %q", args, code, out, stderr)
		}
		return plan
	}
	audits := demoAuditCount(t, path)
	for range 2 {
		plan := dirSync("--dry-run")
		if len(plan.Create) != 1 || plan.Create[0].Email != demoLDAPNewcomer.Email || plan.Create[0].Department != "Bürgerbüro" ||
			!strings.HasPrefix(plan.Create[0].DN, "uid=mitarbeiter22,ou=Bürgerbüro,ou=Mitarbeitende,dc=buchenried,dc=demo") {
			t.Fatalf("newcomer: %+v", plan.Create)
		}
		if len(plan.Update) != 1 || plan.Update[0].Account.Email != demoLDAPMover ||
			plan.Update[0].Account.Department != "Bürgerbüro" || plan.Update[0].Person.Department != demoLDAPMoveTo {
			t.Fatalf("move: %+v", plan.Update)
		}
		if len(plan.Disable) != 1 || plan.Disable[0].Email != demoLDAPLeaver {
			t.Fatalf("leaver: %+v", plan.Disable)
		}
		if plan.Unchanged != 19 || len(plan.Skipped) != 0 {
			t.Fatalf("the rest: %+v", plan)
		}
	}
	if n := demoAuditCount(t, path); n != audits {
		t.Fatalf("the dry run wrote %d audit entries", n-audits)
	}
	if plan := dirSync(); len(plan.Create)+len(plan.Update)+len(plan.Disable) != 3 {
		t.Fatalf("the real run: %+v", plan)
	}
	if n := demoAuditCount(t, path); n != audits+4 {
		t.Fatalf("the real run wrote %d audit entries, want 3 changes and the sync", n-audits)
	}
	stop()
	serveDemoOn(t, path)
	if plan := dirSync("--dry-run"); len(plan.Create)+len(plan.Update)+len(plan.Disable) != 0 || plan.Unchanged != 21 {
		t.Fatalf("after the run and a new start: %+v", plan)
	}
}

// demoAuditCount counts the directory's audit entries.
func demoAuditCount(t *testing.T, path string) int {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, store.Location{Dialect: store.SQLite, DSN: path})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// The demo's background jobs write entries of their own meanwhile.
	n, err := db.NewSelect().Table("audit_entries").Where("action LIKE 'directory.%'").Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

var (
	enrolSecret  = regexp.MustCompile(`id="totp-secret">([^<]+)<`)
	demoLDAPPage = regexp.MustCompile(`(/verwaltung/gemeinden/(\d+)/verzeichnis)`)
)

// TestDemoAdminPreviewsBuchenriedsSync is the administrator's way to the
// preview: sign in (with the second factor set up on the way), press
// „Vorschau“ on the directory page, or ask the API for a dry run. Both
// show the newcomer, the move and the leaver, and neither writes.
func TestDemoAdminPreviewsBuchenriedsSync(t *testing.T) {
	path := filepath.Join(t.TempDir(), "demo.db")
	base, stdout, _ := serveDemoOn(t, path)
	found := demoLDAPPage.FindStringSubmatch(stdout.String())
	if found == nil {
		t.Fatalf("no directory page printed: %s", stdout.String())
	}
	jar, _ := cookiejar.New(nil)
	admin := &http.Client{Jar: jar}
	page := func(resp *http.Response, err error) (string, *http.Response) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return string(body), resp
	}
	enrol, _ := page(admin.PostForm(base+"/anmelden", url.Values{"email": {"admin@demo.wachsam.de"}, "password": {"wachsam-demo-2026"}}))
	secret := enrolSecret.FindStringSubmatch(enrol)
	if secret == nil {
		t.Fatalf("no enrolment page: %s", enrol)
	}
	code, err := auth.GenerateTOTP(strings.ReplaceAll(secret[1], " ", ""), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, resp := page(admin.PostForm(base+"/konto/zwei-faktor/einrichten", url.Values{"code": {code}})); resp.StatusCode != http.StatusOK {
		t.Fatalf("enrolment: %d", resp.StatusCode)
	}
	audits := demoAuditCount(t, path)

	preview, resp := page(admin.PostForm(base+found[1]+"/abgleich", url.Values{"probelauf": {"ja"}}))
	if resp.StatusCode != http.StatusOK || !strings.Contains(preview, "Vorschau des Abgleichs (nichts wurde geändert)") {
		t.Fatalf("preview page: %d %s", resp.StatusCode, preview)
	}
	for _, want := range []string{"Nele Lindner", demoLDAPNewcomer.Email, "Bürgerbüro</td></tr>", "IT und Organisation", demoLDAPLeaver} {
		if !strings.Contains(preview, want) {
			t.Errorf("the preview does not show %q", want)
		}
	}

	body, resp := page(admin.Post(base+"/api/v1/municipalities/"+found[2]+"/directory/sync?dry_run=true", "application/json", nil))
	var plan wachsam.DirectorySyncPlan
	if resp.StatusCode != http.StatusOK || json.Unmarshal([]byte(body), &plan) != nil {
		t.Fatalf("API dry run: %d %s", resp.StatusCode, body)
	}
	if len(plan.Create) != 1 || len(plan.Update) != 1 || plan.Update[0].Person.Department != demoLDAPMoveTo ||
		len(plan.Disable) != 1 || plan.Disable[0].Email != demoLDAPLeaver {
		t.Fatalf("API plan: %+v", plan)
	}
	if n := demoAuditCount(t, path); n != audits {
		t.Fatalf("the previews wrote %d audit entries", n-audits)
	}
}
