// Package oidc signs people in with their town's directory over OpenID
// Connect (github.com/coreos/go-oidc/v3 and golang.org/x/oauth2): the
// authorization code flow with PKCE, state and nonce, validation of the ID
// token (signature, issuer, audience, expiry, nonce), userinfo for claims
// the token leaves out, and the provider's logout (end_session_endpoint).
//
// It holds no state of its own: the caller keeps state, nonce and verifier
// (internal/http stores them single-use) and the provider's settings
// (per municipality, in the database).
package oidc

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"time"

	gooidc "github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/wachsam/wachsam"
)

// Client talks to the municipalities' providers.
type Client struct {
	// RedirectURL is wachsam's callback, registered at every provider.
	RedirectURL string
	// HTTPClient reaches the providers; tests pass one that trusts their
	// certificate. Defaults to a client with a 10 s timeout.
	HTTPClient *http.Client
	// Now checks the token's expiry. The provider's clock, not ours, sets
	// it, so this is real time outside of tests.
	Now func() time.Time
}

// errProviderDown is what people see when the directory does not answer;
// the cause goes to the log.
func errProviderDown(err error) error {
	return &wachsam.Error{Code: wachsam.EINVALID, Err: err,
		Message: "Das Verzeichnis Ihrer Kommune ist gerade nicht erreichbar. Bitte versuchen Sie es später erneut oder melden Sie sich mit Ihrem Passwort an."}
}

// errRefused is every answer of the provider that does not prove who signed
// in: a wrong issuer or audience, an expired token, a nonce that does not
// match, a bad signature.
func errRefused(err error) error {
	return &wachsam.Error{Code: wachsam.EUNAUTHORIZED, Err: err,
		Message: "Die Anmeldung über das Verzeichnis Ihrer Kommune konnte nicht bestätigt werden. Bitte versuchen Sie es erneut."}
}

func (c *Client) context(ctx context.Context) context.Context {
	hc := c.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: 10 * time.Second}
	}
	return gooidc.ClientContext(ctx, hc)
}

// discover reads the provider's metadata; go-oidc checks that it names the
// configured issuer.
func (c *Client) discover(ctx context.Context, p *wachsam.OIDCProvider) (*gooidc.Provider, *oauth2.Config, error) {
	provider, err := gooidc.NewProvider(ctx, p.IssuerURL)
	var mismatch *gooidc.IssuerMismatchError
	if errors.As(err, &mismatch) {
		return nil, nil, &wachsam.Error{Code: wachsam.EUNAUTHORIZED, Err: err,
			Message: "Das Verzeichnis Ihrer Kommune nennt eine andere Aussteller-URL als in wachsam eingerichtet. Bitte wenden Sie sich an die Administration."}
	}
	if err != nil {
		return nil, nil, errProviderDown(err)
	}
	return provider, &oauth2.Config{
		ClientID: p.ClientID, ClientSecret: p.ClientSecret, Endpoint: provider.Endpoint(),
		RedirectURL: c.RedirectURL, Scopes: []string{gooidc.ScopeOpenID, "profile", "email"},
	}, nil
}

// AuthCodeURL is where the browser goes to sign in: the authorization
// request with state, nonce and the S256 challenge of verifier.
func (c *Client) AuthCodeURL(ctx context.Context, p *wachsam.OIDCProvider, state, nonce, verifier string) (string, error) {
	_, cfg, err := c.discover(c.context(ctx), p)
	if err != nil {
		return "", err
	}
	return cfg.AuthCodeURL(state, gooidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)), nil
}

// Exchange redeems the code and validates the ID token it brings: its
// signature against the provider's keys, issuer, audience (our client ID),
// expiry and nonce. It returns who signed in and the raw ID token, kept
// for the provider's logout.
func (c *Client) Exchange(ctx context.Context, p *wachsam.OIDCProvider, code, verifier, nonce string) (*wachsam.DirectoryIdentity, string, error) {
	ctx = c.context(ctx)
	provider, cfg, err := c.discover(ctx, p)
	if err != nil {
		return nil, "", err
	}
	token, err := cfg.Exchange(ctx, code, oauth2.VerifierOption(verifier))
	if err != nil {
		var re *oauth2.RetrieveError
		if errors.As(err, &re) {
			return nil, "", errRefused(err)
		}
		return nil, "", errProviderDown(err)
	}
	raw, ok := token.Extra("id_token").(string)
	if !ok || raw == "" {
		return nil, "", errRefused(errors.New("token response without id_token"))
	}
	now := c.Now
	if now == nil {
		now = time.Now
	}
	idToken, err := provider.Verifier(&gooidc.Config{ClientID: p.ClientID, Now: now}).Verify(ctx, raw)
	if err != nil {
		return nil, "", errRefused(err)
	}
	if idToken.Nonce != nonce {
		return nil, "", errRefused(errors.New("nonce mismatch"))
	}
	claims := map[string]any{}
	if err := idToken.Claims(&claims); err != nil {
		return nil, "", errRefused(err)
	}
	if needsUserInfo(p, claims) && provider.UserInfoEndpoint() != "" {
		if err := mergeUserInfo(ctx, provider, token, idToken.Subject, claims); err != nil {
			return nil, "", err
		}
	}
	id := identityOf(p, claims)
	id.Issuer, id.Subject = idToken.Issuer, idToken.Subject
	return id, raw, nil
}

// mergeUserInfo adds the userinfo claims the ID token left out (Keycloak
// and ADFS leave groups out unless a mapper adds them). OpenID Connect
// Core §5.3.2: the userinfo subject must be the token's.
func mergeUserInfo(ctx context.Context, provider *gooidc.Provider, token *oauth2.Token, subject string, claims map[string]any) error {
	info, err := provider.UserInfo(ctx, oauth2.StaticTokenSource(token))
	if err != nil {
		return errProviderDown(err)
	}
	if info.Subject != subject {
		return errRefused(errors.New("the userinfo subject is not the token's"))
	}
	extra := map[string]any{}
	if err := info.Claims(&extra); err != nil {
		return errRefused(err)
	}
	for k, v := range extra {
		if _, ok := claims[k]; !ok {
			claims[k] = v
		}
	}
	return nil
}

// EndSessionURL is the provider's logout for a session it signed in, with
// the ID token as hint; "" when the provider offers no logout.
func (c *Client) EndSessionURL(ctx context.Context, p *wachsam.OIDCProvider, idToken, afterLogout string) (string, error) {
	provider, err := gooidc.NewProvider(c.context(ctx), p.IssuerURL)
	if err != nil {
		return "", errProviderDown(err)
	}
	var meta struct {
		EndSession string `json:"end_session_endpoint"`
	}
	if err := provider.Claims(&meta); err != nil || meta.EndSession == "" {
		return "", err
	}
	u, err := url.Parse(meta.EndSession)
	if err != nil {
		return "", errProviderDown(err)
	}
	q := u.Query()
	q.Set("id_token_hint", idToken)
	q.Set("client_id", p.ClientID)
	q.Set("post_logout_redirect_uri", afterLogout)
	u.RawQuery = q.Encode()
	return u.String(), nil
}
