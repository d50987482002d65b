package http_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// Directory groups give the roles the town mapped, and take them away when
// the person leaves the group; a role the mapping does not name (staff)
// stays as the administrator set it.
func TestDirectorySignInMapsGroupsToRoles(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newDirectoryHarness(t, db)
		h.connect(h.town, nil)
		u := h.user("tim.trainer@lindenbach.de", wachsam.RoleStaff)
		tim := h.person("s-tim", u.Email, "GG-Wachsam-Schulung", "GG-Kantine")
		rolesNow := func() []wachsam.Role {
			fresh, err := h.db.User(t.Context(), u.ID)
			if err != nil {
				t.Fatal(err)
			}
			return fresh.Roles
		}
		if res := h.browser().signInWithDirectory(h, h.town, tim); res.path != "/" {
			t.Fatalf("ended at %s (%d)", res.path, res.status)
		}
		if got, want := rolesNow(), []wachsam.Role{wachsam.RoleTrainer, wachsam.RoleStaff}; !slices.Equal(got, want) {
			t.Fatalf("roles after sign-in with the training group: %v, want %v", got, want)
		}
		tim.Groups = []string{"GG-Kantine"}
		h.idp.AddUser(tim)
		if res := h.browser().signInWithDirectory(h, h.town, tim); res.path != "/" {
			t.Fatalf("ended at %s (%d)", res.path, res.status)
		}
		if got, want := rolesNow(), []wachsam.Role{wachsam.RoleStaff}; !slices.Equal(got, want) {
			t.Fatalf("roles after leaving the group: %v, want %v", got, want)
		}
	})
}

// A coordinator (a privileged role) signed in by the directory still needs
// wachsam's second factor — unless the town accepts the provider's amr and
// the provider reports one of the accepted methods.
func TestDirectorySignInAMRSatisfiesSecondFactorOnlyWhenConfigured(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newDirectoryHarness(t, db)
		h.connect(h.town, nil)
		h.user("kora.koordination@lindenbach.de", wachsam.RoleStaff)
		kora := h.person("s-kora", "kora.koordination@lindenbach.de", "GG-Wachsam-Koordination")
		kora.AMR = []string{"pwd", "mfa"}
		h.idp.AddUser(kora)

		// Default: amr is not trusted; the coordinator must enrol TOTP first.
		b := h.browser()
		if res := b.signInWithDirectory(h, h.town, kora); res.path != "/konto/zwei-faktor/einrichten" {
			t.Fatalf("without trusting amr: ended at %s, want the TOTP enrolment", res.path)
		}
		if r := b.get("/api/v1/me"); r.status != http.StatusUnauthorized {
			t.Fatalf("coordinator without second factor reached the API: %d", r.status)
		}

		// Trusted, and reported: signed in completely.
		h.connect(h.town, func(p *wachsam.OIDCProvider) { p.MFAMethods = []string{"mfa", "hwk"} })
		b = h.browser()
		if res := b.signInWithDirectory(h, h.town, kora); res.path != "/" {
			t.Fatalf("with amr mfa trusted: ended at %s (%d)", res.path, res.status)
		}
		if r := b.get("/api/v1/me"); r.status != http.StatusOK {
			t.Fatalf("coordinator with the provider's mfa: /api/v1/me %d", r.status)
		}

		// Trusted, but this sign-in used a password only.
		kora.AMR = []string{"pwd"}
		h.idp.AddUser(kora)
		b = h.browser()
		if res := b.signInWithDirectory(h, h.town, kora); res.path != "/konto/zwei-faktor/einrichten" {
			t.Fatalf("password-only amr: ended at %s, want the TOTP enrolment", res.path)
		}
	})
}
