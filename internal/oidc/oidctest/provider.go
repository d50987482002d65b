// Package oidctest runs a real OpenID provider (internal/oidc/idp, built
// with github.com/zitadel/oidc/v3's op package) on a loopback port for the
// length of a test. wachsam's directory sign-in is tested against it;
// nothing in here imitates the protocol.
package oidctest

import (
	"crypto/rand"
	"crypto/rsa"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/wachsam/wachsam/internal/oidc/idp"
)

// The provider's types, under the names the tests know.
type (
	User   = idp.User
	Client = idp.Client
	Tamper = idp.Tamper
)

// Provider is a running OpenID provider.
type Provider struct {
	*idp.Provider
	server *httptest.Server
}

// Start runs a provider on a loopback port until the test ends.
func Start(t testing.TB) *Provider {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	p := &Provider{}
	p.server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { p.Provider.ServeHTTP(w, r) }))
	t.Cleanup(p.server.Close)
	if p.Provider, err = idp.NewWithKey(p.server.URL, key, t.Name()); err != nil {
		t.Fatal(err)
	}
	return p
}

// Stop takes the provider off the network, as when the town's server is
// down.
func (p *Provider) Stop() { p.server.Close() }

// HTTPClient reaches the provider.
func (p *Provider) HTTPClient() *http.Client { return p.server.Client() }
