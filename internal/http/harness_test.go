package http_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/auth"
	wachsamhttp "github.com/wachsam/wachsam/internal/http"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
	"github.com/wachsam/wachsam/web"
)

// testPassword is the password of every account the harness creates.
const testPassword = "ein-langes-testpasswort"

// harness is a running wachsam web server on a real database with a clock
// the test controls.
type harness struct {
	t        testing.TB
	db       *store.DB
	clock    *storetest.FixedClock
	accounts *auth.Service
	srv      *httptest.Server
	town     *wachsam.Municipality
}

func newHarness(t testing.TB, db *store.DB) *harness {
	t.Helper()
	return newHarnessWith(t, db, nil)
}

// newHarnessWith lets a test add to the server's configuration once the
// server's address (url) is known, e.g. to register it at a provider.
func newHarnessWith(t testing.TB, db *store.DB, configure func(cfg *wachsamhttp.Config, accounts *auth.Service, url string)) *harness {
	t.Helper()
	clock := storetest.NewClock(time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC))
	db.Now = clock.Now
	hasher, err := auth.NewHasher(auth.FastParams())
	if err != nil {
		t.Fatal(err)
	}
	accounts := &auth.Service{Store: db, Hasher: hasher, Policy: auth.DefaultPolicy(), Now: clock.Now}
	assets, err := web.NewAssets()
	if err != nil {
		t.Fatal(err)
	}
	cfg := wachsamhttp.Config{
		BaseURL: "http://127.0.0.1", MaxBodyBytes: 64 << 10, Now: clock.Now,
		Templates: web.Templates(), StaticHandler: assets.Handler(), AssetURL: assets.URL, OpenAPI: web.OpenAPI(),
	}
	var server *wachsamhttp.Server
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { server.ServeHTTP(w, r) }))
	if configure != nil {
		configure(&cfg, accounts, "http://"+srv.Listener.Addr().String())
	}
	server, err = wachsamhttp.New(accounts, db, db, db, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	srv.Start()
	t.Cleanup(srv.Close)
	h := &harness{t: t, db: db, clock: clock, accounts: accounts, srv: srv}
	h.town = &wachsam.Municipality{Name: "Stadt Lindenbach", AGS: "08425101", Population: 11840,
		Departments: []wachsam.Department{{Name: "Hauptamt"}, {Name: "Bürgerbüro"}}}
	if err := db.CreateMunicipality(context.Background(), wachsam.SystemActor("test"), h.town); err != nil {
		t.Fatal(err)
	}
	return h
}

// user creates an account with the given roles in the harness's town.
func (h *harness) user(email string, roles ...wachsam.Role) *wachsam.User {
	h.t.Helper()
	u := &wachsam.User{Email: email, Name: "Test " + email, Roles: roles, MunicipalityID: &h.town.ID}
	if _, err := h.accounts.CreateAccount(context.Background(), wachsam.SystemActor("test"), u, testPassword); err != nil {
		h.t.Fatal(err)
	}
	return u
}

// browser is an HTTP client with its own cookies that does not follow
// redirects, so tests see where the server sends people.
type browser struct {
	h      *harness
	client *http.Client
}

func (h *harness) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{h: h, client: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

type response struct {
	status   int
	location string
	body     string
	header   http.Header
}

func (b *browser) do(req *http.Request) response {
	b.h.t.Helper()
	resp, err := b.client.Do(req)
	if err != nil {
		b.h.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return response{status: resp.StatusCode, location: resp.Header.Get("Location"), body: string(body), header: resp.Header}
}

func (b *browser) get(path string) response {
	req, _ := http.NewRequest(http.MethodGet, b.h.srv.URL+path, nil)
	return b.do(req)
}

func (b *browser) post(path string, form url.Values) response {
	req, _ := http.NewRequest(http.MethodPost, b.h.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

// login signs in with the password and, for an account with TOTP, the
// current code; it fails the test if the sign-in does not complete.
func (b *browser) login(u *wachsam.User) {
	b.h.t.Helper()
	r := b.post("/anmelden", url.Values{"email": {u.Email}, "password": {testPassword}})
	if r.status != http.StatusSeeOther {
		b.h.t.Fatalf("login %s: status %d", u.Email, r.status)
	}
	if r.location == "/anmelden/zwei-faktor" {
		fresh, err := b.h.db.User(context.Background(), u.ID)
		if err != nil {
			b.h.t.Fatal(err)
		}
		b.h.clock.Advance(30 * time.Second) // a new time step: codes are single-use
		r = b.post("/anmelden/zwei-faktor", url.Values{"code": {b.h.code(*fresh.TOTPSecret)}})
		if r.status != http.StatusSeeOther || r.location != "/" {
			b.h.t.Fatalf("second factor: status %d → %s", r.status, r.location)
		}
	}
}

var secretPattern = regexp.MustCompile(`id="totp-secret">([A-Z2-7]+)<`)

// enrol completes TOTP enrolment in a session that was just signed in with
// a password and returns the secret.
func (b *browser) enrol() string {
	b.h.t.Helper()
	page := b.get("/konto/zwei-faktor/einrichten")
	m := secretPattern.FindStringSubmatch(page.body)
	if m == nil {
		b.h.t.Fatalf("enrolment page shows no secret (status %d)", page.status)
	}
	r := b.post("/konto/zwei-faktor/einrichten", url.Values{"code": {b.h.code(m[1])}})
	if r.status != http.StatusOK || !strings.Contains(r.body, "recovery-codes") {
		b.h.t.Fatalf("enrolment: status %d", r.status)
	}
	return m[1]
}

func (h *harness) code(secret string) string {
	h.t.Helper()
	c, err := auth.GenerateTOTP(secret, h.clock.Now())
	if err != nil {
		h.t.Fatal(err)
	}
	return c
}

// auditCount counts the audit entries, to prove that refused input wrote
// nothing.
func (h *harness) auditCount() int {
	h.t.Helper()
	n, err := h.db.NewSelect().Model((*wachsam.AuditEntry)(nil)).Count(context.Background())
	if err != nil {
		h.t.Fatal(err)
	}
	return int(n)
}

var recoveryCodePattern = regexp.MustCompile(`<li>([A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4})</li>`)

// enrolledAdmin signs in a new administrator and completes TOTP enrolment.
func (h *harness) enrolledAdmin() *browser {
	h.t.Helper()
	admin := h.user("admin@example.de", wachsam.RoleAdmin)
	b := h.browser()
	b.post("/anmelden", url.Values{"email": {admin.Email}, "password": {testPassword}})
	b.enrol()
	return b
}

// neighbours builds the world of seeds/003 (three towns sharing a round,
// see storetest.NewNeighbours) and gives every account in it the test
// password, so that tests can sign in as any of them.
func (h *harness) neighbours(opt storetest.NeighbourOptions) *storetest.Neighbours {
	h.t.Helper()
	if opt.Start.IsZero() {
		// A week after the harness clock's start.
		opt.Start = time.Date(2026, 12, 1, 9, 0, 0, 0, h.location())
	}
	w := storetest.NewNeighbours(h.t, h.db, opt)
	hash, err := h.accounts.Hasher.Hash(context.Background(), testPassword)
	if err != nil {
		h.t.Fatal(err)
	}
	users := []*wachsam.User{w.Trainer}
	for _, m := range w.Municipalities {
		users = append(users, w.Coordinators[m.ID])
		users = append(users, w.Staff[m.ID]...)
	}
	for _, u := range users {
		if err := h.db.SetPassword(context.Background(), wachsam.SystemActor("test"), u.ID, hash, 0); err != nil {
			h.t.Fatal(err)
		}
	}
	return w
}

func (h *harness) location() *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		h.t.Fatal(err)
	}
	return loc
}

// signedIn signs u in with a fresh browser; a privileged account (a
// coordinator) enrols TOTP on the way, as the product demands.
func (h *harness) signedIn(u *wachsam.User) *browser {
	h.t.Helper()
	b := h.browser()
	r := b.post("/anmelden", url.Values{"email": {u.Email}, "password": {testPassword}})
	if r.status != http.StatusSeeOther {
		h.t.Fatalf("login %s: status %d", u.Email, r.status)
	}
	if r.location == "/konto/zwei-faktor/einrichten" {
		b.enrol()
	}
	return b
}
