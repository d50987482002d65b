package wachsam

import (
	"slices"
	"testing"
)

// A department head is privileged (second factor) and belongs to a town;
// a town's directory accepts the role at sign-in but cannot hand it out,
// since a group names no department.
func TestDepartmentHeadRole(t *testing.T) {
	r, err := ParseRole("department_head")
	if err != nil || r != RoleDepartmentHead || r.Label() != "Abteilungsleitung" || !r.Privileged() || !r.NeedsMunicipality() {
		t.Fatalf("role %q: %v", r, err)
	}
	if slices.Contains(DirectoryRoles(), r) || !slices.Contains(TownRoles(), r) {
		t.Fatalf("directory roles %v, town roles %v", DirectoryRoles(), TownRoles())
	}
	p := &OIDCProvider{IssuerURL: "https://sso.lindenbach.de", ClientID: "wachsam", ClientSecret: "s",
		GroupClaim: "groups", GroupRoles: map[string]Role{"GG-Leitung": RoleDepartmentHead}}
	if err := p.Validate(false); err == nil {
		t.Fatal("a group mapped to the department head was accepted")
	}
	p.GroupRoles = map[string]Role{"GG-Koordination": RoleCoordinator}
	if got := p.RolesAfterSignIn([]Role{RoleStaff, RoleDepartmentHead}, nil); !slices.Contains(got, RoleDepartmentHead) {
		t.Fatalf("sign-in dropped the head: %v", got)
	}
}
