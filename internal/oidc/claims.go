package oidc

import (
	"github.com/wachsam/wachsam"
)

// needsUserInfo tells whether the ID token lacks a claim the configuration
// asks for, so the userinfo endpoint has to be asked.
func needsUserInfo(p *wachsam.OIDCProvider, claims map[string]any) bool {
	if _, ok := claims[p.EmailClaim]; !ok {
		return true
	}
	if p.GroupClaim != "" {
		if _, ok := claims[p.GroupClaim]; !ok {
			return true
		}
	}
	return false
}

// identityOf reads the configured claims. email_verified is honoured only
// for the standard email claim: another claim (ADFS's upn) is the
// directory's own login name, which it vouches for by issuing it.
func identityOf(p *wachsam.OIDCProvider, claims map[string]any) *wachsam.DirectoryIdentity {
	id := &wachsam.DirectoryIdentity{Name: stringClaim(claims, "name")}
	id.Email = stringClaim(claims, p.EmailClaim)
	if p.EmailClaim == "email" {
		id.EmailVerified = boolClaim(claims, "email_verified")
	} else {
		id.EmailVerified = id.Email != ""
	}
	if p.GroupClaim != "" {
		id.Groups = stringsClaim(claims, p.GroupClaim)
	}
	id.AMR = stringsClaim(claims, "amr")
	return id
}

func stringClaim(claims map[string]any, name string) string {
	s, _ := claims[name].(string)
	return s
}

// boolClaim accepts true and "true": some providers (older ADFS, AWS
// Cognito) send email_verified as a string.
func boolClaim(claims map[string]any, name string) bool {
	switch v := claims[name].(type) {
	case bool:
		return v
	case string:
		return v == "true"
	}
	return false
}

// stringsClaim reads a list claim; a single string counts as a list of one
// (ADFS sends one group as a plain string).
func stringsClaim(claims map[string]any, name string) []string {
	switch v := claims[name].(type) {
	case string:
		return []string{v}
	case []any:
		out := make([]string, 0, len(v))
		for _, e := range v {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}
