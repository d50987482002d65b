// Package idp is a small OpenID provider built with github.com/zitadel/oidc/v3's
// op package: discovery, keys, the authorization endpoint with PKCE, a
// login page, the token and userinfo endpoints and the end-session
// endpoint. It keeps its clients and people in memory. The tests run it as
// a town's directory (internal/oidc/oidctest), and `wachsam serve --demo`
// serves one below its own address, so the demo shows directory sign-in
// without a town's real provider. It is not meant for production: a town
// brings its own provider (Entra ID, ADFS, Keycloak, …).
package idp

import (
	"crypto/rsa"
	"crypto/sha256"
	"net/http"
	"net/url"
	"strings"
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

// Tamper makes the provider misbehave in one way, so tests can prove that
// wachsam refuses what a broken or hostile provider sends.
type Tamper struct {
	Nonce         string        // sent instead of the nonce of the request
	TokenLifetime time.Duration // a negative lifetime issues expired tokens
	// ClaimsOnlyInUserinfo leaves the profile and e-mail claims out of
	// the ID token, as Keycloak and ADFS may: the relying party must ask
	// the userinfo endpoint.
	ClaimsOnlyInUserinfo bool
}

// Provider is an OpenID provider; it serves its endpoints below its
// issuer's path.
type Provider struct {
	// Issuer is the provider's issuer URL.
	Issuer  string
	storage *storage
	handler http.Handler
}

// New builds a provider for the issuer URL (http is allowed: the tests
// and the demo run on loopback). key signs the ID tokens; cryptoKey
// encrypts the provider's opaque tokens and codes.
func New(issuer string, key *rsa.PrivateKey, cryptoKey [32]byte) (*Provider, error) {
	u, err := url.Parse(issuer)
	if err != nil {
		return nil, err
	}
	base := strings.TrimSuffix(u.Path, "/")
	p := &Provider{Issuer: issuer, storage: newStorage(key, base+"/login")}
	provider, err := op.NewProvider(&op.Config{
		CryptoKey:                cryptoKey,
		DefaultLogoutRedirectURI: base + "/abgemeldet",
		CodeMethodS256:           true,
		SupportedUILocales:       []language.Tag{language.German},
	}, p.storage, op.StaticIssuer(issuer), op.WithAllowInsecure())
	if err != nil {
		return nil, err
	}
	router := chi.NewRouter()
	login := &loginPage{storage: p.storage, callback: op.AuthCallbackURL(provider)}
	router.Get("/login", login.show)
	router.Post("/login", login.check)
	router.Get("/abgemeldet", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("Sie sind beim Verzeichnis abgemeldet."))
	})
	router.Mount("/", provider)
	// The login page needs the issuer in the context to build the callback
	// URL, as the op package's own endpoints have it.
	var h http.Handler = op.NewIssuerInterceptor(provider.IssuerFromRequest).Handler(router)
	if base != "" {
		h = http.StripPrefix(base, h)
	}
	p.handler = h
	return p, nil
}

// NewWithKey is New with a fresh signing key and a crypto key derived
// from seed.
func NewWithKey(issuer string, key *rsa.PrivateKey, seed string) (*Provider, error) {
	return New(issuer, key, sha256.Sum256([]byte(seed)))
}

// ServeHTTP serves the provider's endpoints.
func (p *Provider) ServeHTTP(w http.ResponseWriter, r *http.Request) { p.handler.ServeHTTP(w, r) }

// AddClient registers a relying party.
func (p *Provider) AddClient(c Client) { p.storage.addClient(c) }

// AddUser adds a person to the directory.
func (p *Provider) AddUser(u User) { p.storage.addUser(u) }

// SetTamper changes how the provider misbehaves from now on.
func (p *Provider) SetTamper(t Tamper) { p.storage.setTamper(t) }

// SetHint shows a line above the login form (the demo names its
// accounts there).
func (p *Provider) SetHint(h string) { p.storage.setHint(h) }

// Logouts counts the sessions the end-session endpoint ended.
func (p *Provider) Logouts() int { return p.storage.logoutCount() }
