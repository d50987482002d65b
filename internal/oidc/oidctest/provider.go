// Package oidctest runs a real OpenID provider inside a test process, built
// with github.com/zitadel/oidc/v3's op package: discovery, keys, the
// authorization endpoint with PKCE, a small login page, the token and
// userinfo endpoints and the end-session endpoint. wachsam's directory
// sign-in is tested against it; nothing in here imitates the protocol.
package oidctest

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/zitadel/oidc/v3/pkg/op"
	"golang.org/x/text/language"
)

// User is a person in the provider's directory.
type User struct {
	Subject       string
	Username      string // typed on the login page
	Password      string
	Email         string
	EmailVerified bool
	Name          string
	Groups        []string
	AMR           []string // the methods the provider reports (amr)
}

// Client is a relying party registered at the provider.
type Client struct {
	ID, Secret string
	// Aliases are further names the provider accepts for the client (as
	// Entra ID accepts an application ID URI beside the GUID); tokens name
	// the client by its ID, so a relying party configured with an alias
	// receives tokens for another audience.
	Aliases                []string
	RedirectURIs           []string
	PostLogoutRedirectURIs []string
}

// Tamper makes the provider misbehave in one way, to prove that wachsam
// refuses what a broken or hostile provider sends.
type Tamper struct {
	Nonce         string        // sent instead of the nonce of the request
	TokenLifetime time.Duration // a negative lifetime issues expired tokens
	// ClaimsOnlyInUserinfo leaves the profile and e-mail claims out of
	// the ID token, as Keycloak and ADFS may: the relying party must ask
	// the userinfo endpoint.
	ClaimsOnlyInUserinfo bool
}

// Provider is a running OpenID provider.
type Provider struct {
	// Issuer is the provider's issuer URL (its base address).
	Issuer  string
	server  *httptest.Server
	storage *storage
	handler http.Handler
}

// Start runs a provider on a loopback port until the test ends.
func Start(t testing.TB) *Provider {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	p := &Provider{storage: newStorage(key)}
	p.server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { p.handler.ServeHTTP(w, r) }))
	t.Cleanup(p.server.Close)
	p.Issuer = p.server.URL
	provider, err := op.NewProvider(&op.Config{
		CryptoKey:                sha256.Sum256([]byte(t.Name())),
		DefaultLogoutRedirectURI: "/abgemeldet",
		CodeMethodS256:           true,
		SupportedUILocales:       []language.Tag{language.German},
	}, p.storage, op.StaticIssuer(p.Issuer), op.WithAllowInsecure())
	if err != nil {
		t.Fatal(err)
	}
	router := chi.NewRouter()
	login := &loginPage{storage: p.storage, callback: op.AuthCallbackURL(provider)}
	router.Get("/login", login.show)
	router.Post("/login", login.check)
	router.Get("/abgemeldet", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("abgemeldet")) })
	router.Mount("/", provider)
	// The login page needs the issuer in the context to build the callback
	// URL, as the op package's own endpoints have it.
	p.handler = op.NewIssuerInterceptor(provider.IssuerFromRequest).Handler(router)
	return p
}

// AddClient registers a relying party.
func (p *Provider) AddClient(c Client) { p.storage.addClient(c) }

// AddUser adds a person to the directory.
func (p *Provider) AddUser(u User) { p.storage.addUser(u) }

// SetTamper changes how the provider misbehaves from now on.
func (p *Provider) SetTamper(t Tamper) { p.storage.setTamper(t) }

// Stop takes the provider off the network, as when the town's server is
// down.
func (p *Provider) Stop() { p.server.Close() }

// Logouts counts the sessions the end-session endpoint ended.
func (p *Provider) Logouts() int { return p.storage.logoutCount() }

// HTTPClient reaches the provider.
func (p *Provider) HTTPClient() *http.Client { return p.server.Client() }
