package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/auth"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// Tests of the production shape (issue 13 §4) run the real binary: several
// `wachsam serve` processes on one database, killed and restarted, behind
// real network faults. These are their helpers.

var built struct {
	once sync.Once
	path string
	err  error
}

// wachsamBinary builds the binary once per test run.
func wachsamBinary(t *testing.T) string {
	t.Helper()
	built.once.Do(func() {
		dir, err := os.MkdirTemp("", "wachsam-bin-")
		if err != nil {
			built.err = err
			return
		}
		built.path = filepath.Join(dir, "wachsam")
		out, err := exec.Command("go", "build", "-o", built.path, ".").CombinedOutput()
		if err != nil {
			built.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.path
}

// instance is one running `wachsam serve`.
type instance struct {
	URL string
	cmd *exec.Cmd
	log *lockedBuffer
}

// freeAddress is a loopback address with a port nobody listens on.
func freeAddress(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// serve starts `wachsam serve` on databaseURL and waits until /readyz
// answers. The process is stopped (SIGTERM) when the test ends; its log is
// printed if the test failed.
func serve(t *testing.T, databaseURL string) *instance {
	t.Helper()
	addr := freeAddress(t)
	in := &instance{URL: "http://" + addr, log: &lockedBuffer{}}
	in.cmd = exec.Command(wachsamBinary(t), "serve")
	in.cmd.Env = append(os.Environ(), "WACHSAM_DATABASE_URL="+databaseURL, "WACHSAM_LISTEN="+addr,
		// A real installation on loopback, as a test installation without a
		// public name is allowed to be.
		"WACHSAM_BASE_URL="+in.URL, "WACHSAM_ALLOW_LOCALHOST_BASE_URL=true", "WACHSAM_LOG_LEVEL=warn")
	in.cmd.Stdout, in.cmd.Stderr = in.log, in.log
	if err := in.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		in.stop()
		if t.Failed() {
			t.Logf("log of %s:\n%s", in.URL, in.log)
		}
	})
	in.waitReady(t, 60*time.Second)
	return in
}

func (in *instance) stop() {
	if in.cmd.ProcessState != nil || in.cmd.Process == nil {
		return
	}
	in.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { in.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		in.cmd.Process.Kill()
		<-done
	}
}

// kill ends the process at once, as a power cut would (SIGKILL).
func (in *instance) kill() {
	in.cmd.Process.Kill()
	in.cmd.Wait()
}

func (in *instance) waitReady(t *testing.T, limit time.Duration) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		if in.cmd.ProcessState != nil {
			t.Fatalf("wachsam serve ended: %s", in.log)
		}
		if status(in.URL+"/readyz") == http.StatusOK {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%s not ready after %v: %s", in.URL, limit, in.log)
}

// status is the status of a GET, 0 when there is no answer.
func status(u string) int {
	c := http.Client{Timeout: 2 * time.Second}
	resp, err := c.Get(u)
	if err != nil {
		return 0
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// person is a member of staff with their own cookie jar, so a session
// made on one instance can be used on another.
type person struct {
	user   *wachsam.User
	jar    http.CookieJar
	client *http.Client
}

// withPasswords gives every user the password "instanz-passwort" (hashed
// cheaply: the parameters travel inside the hash).
func withPasswords(t *testing.T, db *store.DB, users []*wachsam.User) []*person {
	t.Helper()
	h, err := auth.NewHasher(auth.FastParams())
	if err != nil {
		t.Fatal(err)
	}
	hash, err := h.Hash(context.Background(), "instanz-passwort")
	if err != nil {
		t.Fatal(err)
	}
	out := make([]*person, len(users))
	for i, u := range users {
		if err := db.SetPassword(context.Background(), wachsam.SystemActor("test"), u.ID, hash, 0); err != nil {
			t.Fatal(err)
		}
		jar, _ := cookiejar.New(nil)
		out[i] = &person{user: u, jar: jar, client: &http.Client{Jar: jar, Timeout: 30 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	}
	return out
}

// signIn signs in on an instance and answers the status (303 on success);
// any other status comes with the page's message as the error.
func (p *person) signIn(base, password string) (int, error) {
	resp, err := p.client.PostForm(base+"/anmelden", url.Values{"email": {p.user.Email}, "password": {password}})
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusSeeOther {
		return resp.StatusCode, fmt.Errorf("%s: %s", p.user.Email, alertOf(string(body)))
	}
	return resp.StatusCode, nil
}

// alertOf is the text of the page's error message, or the page's start.
func alertOf(page string) string {
	if i := strings.Index(page, `role="alert"`); i >= 0 {
		page = page[i:]
	}
	return page[:min(len(page), 300)]
}

// carryCookies makes the session cookie set by one instance count for
// another (in production both sit behind one address).
func (p *person) carryCookies(from, to string) {
	fu, _ := url.Parse(from)
	tu, _ := url.Parse(to)
	p.jar.SetCookies(tu, p.jar.Cookies(fu))
}

// send makes an API call and answers status and body.
func (p *person) send(method, u string) (int, string, error) {
	req, _ := http.NewRequest(method, u, nil)
	req.Header.Set("Accept", "application/json")
	resp, err := p.client.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body), nil
}

func bookPath(base string, sessionID int64) string {
	return fmt.Sprintf("%s/api/v1/sessions/%d/booking", base, sessionID)
}

func counted(t *testing.T, db *store.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.NewRaw(query, args...).Scan(context.Background(), &n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// staffWorld builds three neighbouring towns whose round starts three
// weeks from now (the serve processes use the real clock) and gives every
// member of staff a password. It answers the world, its staff as people,
// and the round's sessions.
func staffWorld(t *testing.T, db *store.DB, staffPerDepartment, capacity int) (*storetest.Neighbours, []*person, []int64) {
	t.Helper()
	w := storetest.NewNeighbours(t, db, storetest.NeighbourOptions{StaffPerDepartment: staffPerDepartment, Capacity: capacity,
		Start: time.Now().AddDate(0, 0, 21)})
	var users []*wachsam.User
	for _, m := range w.Municipalities {
		users = append(users, w.Staff[m.ID]...)
	}
	var sessions []int64
	for _, s := range w.Round.Sessions {
		sessions = append(sessions, s.ID)
	}
	return w, withPasswords(t, db, users), sessions
}

// openPostgres opens the test's own PostgreSQL schema (skipped without a
// server, failed under CI) for the test to inspect what the processes did.
func openPostgres(t *testing.T) (store.Location, *store.DB) {
	t.Helper()
	loc := storetest.PostgresLocation(t)
	db, err := store.Open(context.Background(), loc)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return loc, db
}
