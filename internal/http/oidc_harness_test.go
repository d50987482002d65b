package http_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/auth"
	wachsamhttp "github.com/wachsam/wachsam/internal/http"
	"github.com/wachsam/wachsam/internal/oidc"
	"github.com/wachsam/wachsam/internal/oidc/oidctest"
	"github.com/wachsam/wachsam/internal/store"
)

// directoryHarness is wachsam with directory sign-in, and the town's real
// OpenID provider (internal/oidc/oidctest) with wachsam registered as
// client "wachsam".
type directoryHarness struct {
	*harness
	idp *oidctest.Provider
}

const directorySecret = "geheimnis-des-rathauses"

func newDirectoryHarness(t testing.TB, db *store.DB) *directoryHarness {
	t.Helper()
	idp := oidctest.Start(t)
	h := newHarnessWith(t, db, func(cfg *wachsamhttp.Config, accounts *auth.Service, base string) {
		idp.AddClient(oidctest.Client{ID: "wachsam", Secret: directorySecret, Aliases: []string{"wachsam-alias"},
			RedirectURIs: []string{base + wachsamhttp.OIDCCallbackPath}, PostLogoutRedirectURIs: []string{base + "/anmelden"}})
		cfg.BaseURL = base
		cfg.DirectorySignIn = &wachsamhttp.DirectorySignIn{
			Client: &oidc.Client{RedirectURL: base + wachsamhttp.OIDCCallbackPath, HTTPClient: idp.HTTPClient()},
			Store:  db, Accounts: accounts,
		}
	})
	return &directoryHarness{harness: h, idp: idp}
}

// newDirectoryTown is the harness's town connected to its directory, with
// Anna Berg, a member of staff, in both.
func newDirectoryTown(t testing.TB, db *store.DB) (*directoryHarness, oidctest.User) {
	t.Helper()
	h := newDirectoryHarness(t, db)
	h.connect(h.town, nil)
	h.user("anna.berg@lindenbach.de", wachsam.RoleStaff)
	return h, h.person("s-anna", "anna.berg@lindenbach.de")
}

// connect configures the town's provider; change adjusts the defaults.
func (h *directoryHarness) connect(town *wachsam.Municipality, change func(p *wachsam.OIDCProvider)) {
	h.t.Helper()
	p := &wachsam.OIDCProvider{MunicipalityID: town.ID, IssuerURL: h.idp.Issuer, ClientID: "wachsam", ClientSecret: directorySecret,
		EmailClaim: "email", RequireEmailVerified: true, LinkSubject: true, GroupClaim: "groups",
		GroupRoles: map[string]wachsam.Role{"GG-Wachsam-Koordination": wachsam.RoleCoordinator, "GG-Wachsam-Schulung": wachsam.RoleTrainer}}
	if change != nil {
		change(p)
	}
	if err := h.db.SaveOIDCProvider(context.Background(), wachsam.SystemActor("test"), p); err != nil {
		h.t.Fatal(err)
	}
}

// person adds someone to the provider's directory; their user name and
// password there are their subject.
func (h *directoryHarness) person(subject, email string, groups ...string) oidctest.User {
	u := oidctest.User{Subject: subject, Username: subject, Password: "pw-" + subject, Email: email, EmailVerified: true,
		Name: "Person " + subject, Groups: groups}
	h.idp.AddUser(u)
	return u
}

// directoryResult is where a directory sign-in ended: wachsam's answer
// after all redirects.
type directoryResult struct {
	status int
	path   string
	body   string
}

// signInWithDirectory goes the whole way as a browser would: it chooses
// the town on wachsam's login page, follows the redirects to the
// provider's login page, signs in there and follows the redirects back.
func (b *browser) signInWithDirectory(h *directoryHarness, town *wachsam.Municipality, u oidctest.User) directoryResult {
	b.h.t.Helper()
	return b.finishAtProvider(h, b.startAtProvider(town), u)
}

// startAtProvider submits the town on the login page and follows to the
// provider's login page; it returns that page's address.
func (b *browser) startAtProvider(town *wachsam.Municipality) *url.URL {
	b.h.t.Helper()
	return b.startAtProviderFrom("/anmelden/verzeichnis", town)
}

// startAtProviderFrom submits the directory form to action, the address
// the login page's form names.
func (b *browser) startAtProviderFrom(action string, town *wachsam.Municipality) *url.URL {
	b.h.t.Helper()
	r := b.post(action, url.Values{"municipality": {strconv.FormatInt(town.ID, 10)}})
	if r.status != http.StatusSeeOther {
		b.h.t.Fatalf("begin directory sign-in: status %d: %s", r.status, r.body)
	}
	resp, err := b.following().Get(r.location)
	if err != nil {
		b.h.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/login" {
		b.h.t.Fatalf("provider login page: status %d at %s", resp.StatusCode, resp.Request.URL)
	}
	return resp.Request.URL
}

// finishAtProvider signs in on the provider's login page and follows the
// redirects back to wachsam.
func (b *browser) finishAtProvider(h *directoryHarness, loginPage *url.URL, u oidctest.User) directoryResult {
	b.h.t.Helper()
	resp, err := b.following().PostForm(h.idp.Issuer+"/login", url.Values{
		"id": {loginPage.Query().Get("id")}, "username": {u.Username}, "password": {u.Password}})
	if err != nil {
		b.h.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return directoryResult{status: resp.StatusCode, path: resp.Request.URL.Path, body: string(body)}
}

// following is the browser's cookie jar with a client that follows
// redirects, as a real browser does.
func (b *browser) following() *http.Client { return &http.Client{Jar: b.client.Jar} }

// sessionCount counts stored sessions, to prove that a refusal signed
// nobody in.
func (h *harness) sessionCount() int {
	h.t.Helper()
	n, err := h.db.NewSelect().Model((*wachsam.Session)(nil)).Count(context.Background())
	if err != nil {
		h.t.Fatal(err)
	}
	return int(n)
}

// callbackURL signs in at the provider but stops before wachsam: it
// returns the redirect back to wachsam (code and state), so a test can
// replay it, tamper with it or take the provider down first.
func (b *browser) callbackURL(h *directoryHarness, town *wachsam.Municipality, u oidctest.User) string {
	b.h.t.Helper()
	loginPage := b.startAtProvider(town)
	noFollow := &http.Client{Jar: b.client.Jar, CheckRedirect: func(req *http.Request, _ []*http.Request) error {
		if strings.HasPrefix(req.URL.String(), b.h.srv.URL) {
			return http.ErrUseLastResponse
		}
		return nil
	}}
	resp, err := noFollow.PostForm(h.idp.Issuer+"/login", url.Values{
		"id": {loginPage.Query().Get("id")}, "username": {u.Username}, "password": {u.Password}})
	if err != nil {
		b.h.t.Fatal(err)
	}
	resp.Body.Close()
	to := resp.Header.Get("Location")
	if !strings.HasPrefix(to, b.h.srv.URL+wachsamhttp.OIDCCallbackPath) {
		b.h.t.Fatalf("provider did not send the browser back to wachsam: %d %q", resp.StatusCode, to)
	}
	return to
}

// getURL fetches an absolute address without following redirects.
func (b *browser) getURL(raw string) response {
	req, _ := http.NewRequest(http.MethodGet, raw, nil)
	return b.do(req)
}
