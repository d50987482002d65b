package oidc

import (
	"slices"
	"testing"

	"github.com/wachsam/wachsam"
)

// The claims as Entra ID, ADFS and Keycloak send them.
func TestIdentityOfReadsProviderClaims(t *testing.T) {
	keycloak := &wachsam.OIDCProvider{EmailClaim: "email", GroupClaim: "groups"}
	id := identityOf(keycloak, map[string]any{"email": "a@b.de", "email_verified": true, "name": "A B",
		"groups": []any{"GG-1", "GG-2"}, "amr": []any{"pwd", "otp"}})
	if id.Email != "a@b.de" || !id.EmailVerified || id.Name != "A B" || !slices.Equal(id.Groups, []string{"GG-1", "GG-2"}) || !slices.Equal(id.AMR, []string{"pwd", "otp"}) {
		t.Errorf("keycloak claims: %+v", id)
	}
	if id := identityOf(keycloak, map[string]any{"email": "a@b.de", "email_verified": "true"}); !id.EmailVerified {
		t.Error(`email_verified "true" as a string not read`)
	}
	if id := identityOf(keycloak, map[string]any{"email": "a@b.de"}); id.EmailVerified {
		t.Error("an address without email_verified counted as verified")
	}
	adfs := &wachsam.OIDCProvider{EmailClaim: "upn", GroupClaim: "group"}
	id = identityOf(adfs, map[string]any{"upn": "a@rathaus.de", "group": "GG-Einzeln"})
	if id.Email != "a@rathaus.de" || !id.EmailVerified || !slices.Equal(id.Groups, []string{"GG-Einzeln"}) {
		t.Errorf("adfs claims: %+v", id)
	}
	if !needsUserInfo(keycloak, map[string]any{"email": "a@b.de"}) || needsUserInfo(keycloak, map[string]any{"email": "a@b.de", "groups": []any{}}) {
		t.Error("userinfo not asked exactly when a configured claim is missing")
	}
}
