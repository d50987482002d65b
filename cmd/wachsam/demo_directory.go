package main

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/demo"
	wachsamhttp "github.com/wachsam/wachsam/internal/http"
	"github.com/wachsam/wachsam/internal/oidc/idp"
)

// demoDirectoryPath is where `serve --demo` serves the OpenID provider
// that stands in for Gemeinde Eichhausen's directory.
const demoDirectoryPath = "/demo-verzeichnis"

// The demo town whose staff sign in with their directory, and the groups
// of that directory that give wachsam's roles.
const (
	demoDirectoryAGS    = "08425102"
	demoDirectoryDomain = demoDirectoryAGS + ".demo.wachsam.de"
)

func demoDirectoryGroups() map[string]wachsam.Role {
	return map[string]wachsam.Role{
		"GG-Beschaeftigte":         wachsam.RoleStaff,
		"GG-Schulungsleitung":      wachsam.RoleTrainer,
		"GG-Schulungskoordination": wachsam.RoleCoordinator,
	}
}

// demoDirectory starts an OpenID provider below the demo's own address,
// with Gemeinde Eichhausen's staff as its people, and connects the town to
// it, so the demo shows sign-in with a town's directory from end to end:
// the login page finds the town by the address's domain, the provider's
// own page asks for the password, and wachsam checks the tokens as it
// would Entra ID's. The provider lives in memory; its client secret and
// keys are new at every start, so the town's settings are written again.
// A base URL the provider cannot be reached under from outside the
// machine (not http://localhost…) leaves the demo without it.
func demoDirectory(ctx context.Context, a *app) (*wachsamhttp.Mount, string, error) {
	issuer := strings.TrimSuffix(a.cfg.BaseURL, "/") + demoDirectoryPath
	town, err := demoTown(ctx, a)
	if err != nil || town == nil {
		return nil, "", err
	}
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, "", err
	}
	var cryptoKey [32]byte
	rand.Read(cryptoKey[:])
	provider, err := idp.New(issuer, key, cryptoKey)
	if err != nil {
		return nil, "", err
	}
	secret := make([]byte, 24)
	rand.Read(secret)
	client := idp.Client{ID: "wachsam-demo", Secret: hex.EncodeToString(secret),
		RedirectURIs:           []string{a.cfg.BaseURL + wachsamhttp.OIDCCallbackPath},
		PostLogoutRedirectURIs: []string{a.cfg.BaseURL + "/anmelden"}}
	provider.AddClient(client)
	staff, err := a.db.Users(ctx, wachsam.UserFilter{MunicipalityID: &town.ID})
	if err != nil {
		return nil, "", err
	}
	example := ""
	for _, u := range staff {
		if u.Disabled || !strings.HasSuffix(u.Email, "@"+demoDirectoryDomain) {
			continue
		}
		if example == "" || u.Email < example {
			example = u.Email
		}
		// The provider reports a second factor (amr "otp"), as a town's
		// Entra ID with MFA would, so trainers and coordinators of the
		// town need no wachsam TOTP.
		provider.AddUser(idp.User{Subject: "eichhausen-" + fmt.Sprint(u.ID), Username: u.Email, Password: demo.Password,
			Email: u.Email, EmailVerified: true, Name: u.Name, Groups: demoGroupsOf(u.Roles), AMR: []string{"pwd", "otp"}})
	}
	provider.SetHint(fmt.Sprintf("Demo: Anmeldung mit der Adresse einer oder eines Beschäftigten der %s (z. B. %s) und dem Demo-Passwort.", town.Name, example))
	p := &wachsam.OIDCProvider{MunicipalityID: town.ID, IssuerURL: issuer, ClientID: client.ID, ClientSecret: client.Secret,
		EmailClaim: "email", RequireEmailVerified: true, LinkSubject: true, GroupClaim: "groups",
		GroupRoles: demoDirectoryGroups(), MFAMethods: []string{"otp", "mfa"}, EmailDomains: []string{demoDirectoryDomain}}
	if err := a.db.SaveOIDCProvider(ctx, wachsam.SystemActor("demo"), p); err != nil {
		if wachsam.ErrorCodeOf(err) == wachsam.EINVALID {
			a.logger.Warn("Demo-Verzeichnis nicht eingerichtet: die Basisadresse ist nicht http://localhost", "base_url", a.cfg.BaseURL)
			return nil, "", nil
		}
		return nil, "", err
	}
	note := fmt.Sprintf("Anmeldung mit dem Verzeichnis der Kommune (OpenID Connect): %s, z. B. %s mit dem Demo-Passwort;\nder Demo-Anbieter läuft unter %s.", town.Name, example, issuer)
	return &wachsamhttp.Mount{Prefix: demoDirectoryPath, Handler: provider}, note, nil
}

func demoTown(ctx context.Context, a *app) (*wachsam.Municipality, error) {
	towns, err := a.db.Municipalities(ctx)
	if err != nil {
		return nil, err
	}
	for i := range towns {
		if towns[i].AGS == demoDirectoryAGS {
			return &towns[i], nil
		}
	}
	return nil, nil
}

// demoGroupsOf puts a person into the directory groups of the roles they
// hold, so a sign-in through the directory keeps their roles.
func demoGroupsOf(roles []wachsam.Role) []string {
	var out []string
	for group, role := range demoDirectoryGroups() {
		for _, r := range roles {
			if r == role {
				out = append(out, group)
			}
		}
	}
	return out
}
