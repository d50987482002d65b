package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// serveDemoAt runs `wachsam serve --demo` on a free loopback port whose
// address is also the base URL, as a trial on one's own machine does, and
// returns that address.
func serveDemoAt(t *testing.T) (string, *lockedBuffer) {
	t.Helper()
	base, stdout, _ := serveDemoOn(t, filepath.Join(t.TempDir(), "demo.db"))
	return base, stdout
}

// serveDemoOn is serveDemoAt on a given SQLite file, for tests that look
// into the demo's database or start the demo on it again; stop ends the
// demo before the test does.
func serveDemoOn(t *testing.T, dbPath string) (base string, stdout *lockedBuffer, stop func()) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	base = "http://" + addr
	env := []string{"WACHSAM_DATABASE_URL=sqlite://" + dbPath, "WACHSAM_LISTEN=" + addr, "WACHSAM_BASE_URL=" + base}
	var out, stderr lockedBuffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--demo"}, streams{in: strings.NewReader(""), out: &out, err: &stderr, environ: env})
	}()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			select {
			case <-done:
			case <-time.After(20 * time.Second):
				t.Error("no shutdown within 20 s")
			}
		})
	}
	t.Cleanup(stop)
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if resp, err := http.Get(base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return base, &out, stop
			}
		}
		select {
		case code := <-done:
			t.Fatalf("serve exited with %d: %s", code, stderr.String())
		default:
		}
	}
	t.Fatalf("server did not start: %s", stderr.String())
	return "", nil, nil
}

var providerRequestID = regexp.MustCompile(`name="id" value="([0-9a-f]+)"`)

// TestDemoStaffSignInThroughTheTownsDirectory walks the demo's directory
// sign-in as a person of Gemeinde Eichhausen would: wachsam's login page
// finds the town by the address's domain and sends the browser to the
// town's OpenID provider (the demo's, served below wachsam's address), its
// own page asks for the password, and wachsam signs the person in from
// the provider's tokens. A wrong password stays at the provider.
func TestDemoStaffSignInThroughTheTownsDirectory(t *testing.T) {
	base, stdout := serveDemoAt(t)
	if !strings.Contains(stdout.String(), "Anmeldung mit dem Verzeichnis der Kommune") {
		t.Fatalf("the demo does not name its directory sign-in: %s", stdout.String())
	}
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar}
	const person = "mitarbeiter01@08425102.demo.wachsam.de"
	page := func(resp *http.Response, err error) (string, *http.Response) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return string(body), resp
	}
	page(browser.Get(base + "/anmelden"))
	login, resp := page(browser.PostForm(base+"/anmelden/verzeichnis", url.Values{"directory_email": {person}}))
	if resp.Request.URL.Path != demoDirectoryPath+"/login" || !strings.Contains(login, "Demo: Anmeldung") {
		t.Fatalf("not at the provider's login page: %s %s", resp.Request.URL, login)
	}
	id := providerRequestID.FindStringSubmatch(login)[1]

	refused, resp := page(browser.PostForm(base+demoDirectoryPath+"/login", url.Values{"id": {id}, "username": {person}, "password": {"falsch"}}))
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(refused, "Benutzername oder Kennwort falsch.") {
		t.Fatalf("wrong password: %d %s", resp.StatusCode, refused)
	}
	home, resp := page(browser.PostForm(base+demoDirectoryPath+"/login", url.Values{"id": {id}, "username": {person}, "password": {"wachsam-demo-2026"}}))
	if resp.StatusCode != http.StatusOK || resp.Request.URL.String() != base+"/" || !strings.Contains(home, "Guten Tag,") {
		t.Fatalf("not signed in at wachsam: %d %s %s", resp.StatusCode, resp.Request.URL, home)
	}
	// The staff page needs the session the directory sign-in started.
	if _, resp := page(browser.Get(base + "/schulungen/mein-stand")); resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/schulungen/mein-stand" {
		t.Fatalf("status page after directory sign-in: %d %s", resp.StatusCode, resp.Request.URL)
	}
}
