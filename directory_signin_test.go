package wachsam

import (
	"slices"
	"testing"
)

func TestOIDCProviderRolesFollowMappedGroupsOnly(t *testing.T) {
	p := &OIDCProvider{GroupRoles: map[string]Role{"GG-Koordination": RoleCoordinator, "GG-Schulung": RoleTrainer}}
	cases := []struct {
		name    string
		current []Role
		groups  []string
		want    []Role
	}{
		{"a new account is staff", nil, nil, []Role{RoleStaff}},
		{"a new account gets mapped roles and staff", nil, []string{"GG-Schulung"}, []Role{RoleTrainer, RoleStaff}},
		{"a mapped role leaves with the group", []Role{RoleCoordinator, RoleStaff}, []string{"GG-Kantine"}, []Role{RoleStaff}},
		{"unmapped roles stay", []Role{RoleStaff, RoleCandidate}, []string{"GG-Koordination"}, []Role{RoleCoordinator, RoleStaff, RoleCandidate}},
		{"an account losing its only role stays staff", []Role{RoleTrainer}, nil, []Role{RoleStaff}},
	}
	for _, c := range cases {
		if got := p.RolesAfterSignIn(c.current, c.groups); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestOIDCProviderMFAOnlyForConfiguredMethods(t *testing.T) {
	if (&OIDCProvider{}).SatisfiesMFA([]string{"mfa", "hwk"}) {
		t.Error("amr trusted although no method is configured")
	}
	p := &OIDCProvider{MFAMethods: []string{"mfa"}}
	if !p.SatisfiesMFA([]string{"pwd", "mfa"}) || p.SatisfiesMFA([]string{"pwd", "otp"}) {
		t.Error("configured methods not applied exactly")
	}
}

func TestOIDCProviderValidateIssuer(t *testing.T) {
	for raw, ok := range map[string]bool{
		"https://login.microsoftonline.com/abc/v2.0": true,
		"https://sso.kommune.de/realms/rathaus":      true,
		"http://127.0.0.1:8080":                      true,
		"http://localhost:8080/realms/test":          true,
		"http://sso.kommune.de":                      false,
		"https://user:pw@sso.kommune.de":             false,
		"https://sso.kommune.de/?x=1":                false,
		"sso.kommune.de":                             false,
		"javascript:alert(1)":                        false,
	} {
		p := &OIDCProvider{IssuerURL: raw, ClientID: "wachsam", ClientSecret: "s"}
		if err := p.Validate(false); (err == nil) != ok {
			t.Errorf("%s: %v", raw, err)
		}
	}
}

func TestOIDCProviderEmailDomains(t *testing.T) {
	p := &OIDCProvider{IssuerURL: "https://sso.lindenbach.de", ClientID: "wachsam", ClientSecret: "s",
		EmailDomains: []string{" Lindenbach.de", "@rathaus-lindenbach.de", "lindenbach.de"}}
	if err := p.Validate(false); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(p.EmailDomains, []string{"lindenbach.de", "rathaus-lindenbach.de"}) {
		t.Fatalf("domains not normalised: %v", p.EmailDomains)
	}
	if !p.HasDomain("Anna@LINDENBACH.de") || p.HasDomain("anna@sub.lindenbach.de") || p.HasDomain("lindenbach.de") {
		t.Error("HasDomain does not match the address's domain exactly")
	}
	for _, bad := range []string{"lindenbach", "-x.de", "a b.de", "lindenbach.de/"} {
		q := &OIDCProvider{IssuerURL: "https://sso.lindenbach.de", ClientID: "wachsam", ClientSecret: "s", EmailDomains: []string{bad}}
		if err := q.Validate(false); err == nil {
			t.Errorf("%q accepted as a domain", bad)
		}
	}
}
