package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

var testActor = wachsam.SystemActor("test")

func town(t *testing.T, db *store.DB, ags string) *wachsam.Municipality {
	t.Helper()
	m := &wachsam.Municipality{Name: "Gemeinde " + ags, AGS: ags, Population: 1000, Departments: []wachsam.Department{{Name: "Hauptamt"}}}
	if err := db.CreateMunicipality(context.Background(), testActor, m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestAuditLogIsAppendOnly(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		town(t, db, "08425101")
		if _, err := db.NewUpdate().Model((*wachsam.AuditEntry)(nil)).Set("actor = 'fälscher'").Where("1 = 1").Exec(ctx); err == nil {
			t.Fatal("the database allowed an audit entry to be changed")
		}
		if _, err := db.NewDelete().Model((*wachsam.AuditEntry)(nil)).Where("1 = 1").Exec(ctx); err == nil {
			t.Fatal("the database allowed an audit entry to be deleted")
		}
		entries, err := db.RecentAudit(ctx, 10)
		if err != nil || len(entries) != 1 || entries[0].Actor != "test" || entries[0].Action != "municipality.create" {
			t.Fatalf("entries %+v, %v", entries, err)
		}
	})
}

func TestDuplicatesBecomeConflictsAndWriteNothing(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		town(t, db, "08425101")
		dup := &wachsam.Municipality{Name: "Doppelt", AGS: "08425101", Population: 1}
		err := db.CreateMunicipality(ctx, testActor, dup)
		var de *wachsam.Error
		if !asError(err, &de) || de.Code != wachsam.EINVALID || de.Field != "ags" {
			t.Fatalf("duplicate AGS: %v", err)
		}
		u := &wachsam.User{Email: "A@Example.de", Name: "A", PasswordHash: "x", Roles: []wachsam.Role{wachsam.RoleTrainer}}
		if err := db.CreateUser(ctx, testActor, u); err != nil {
			t.Fatal(err)
		}
		again := &wachsam.User{Email: " a@example.de ", Name: "B", PasswordHash: "x", Roles: []wachsam.Role{wachsam.RoleTrainer}}
		if err := db.CreateUser(ctx, testActor, again); wachsam.ErrorCodeOf(err) != wachsam.EINVALID {
			t.Fatalf("duplicate e-mail in other spelling: %v", err)
		}
		if n, _ := db.CountUsers(ctx); n != 1 {
			t.Fatalf("%d users", n)
		}
		entries, _ := db.RecentAudit(ctx, 10)
		if len(entries) != 2 {
			t.Fatalf("%d audit entries, want 2 (no entry for refused writes)", len(entries))
		}
	})
}

func TestAccountCannotJoinAnotherTownsDepartment(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a, b := town(t, db, "08425101"), town(t, db, "08425102")
		u := &wachsam.User{Email: "x@example.de", Name: "X", PasswordHash: "x", Roles: []wachsam.Role{wachsam.RoleStaff},
			MunicipalityID: &a.ID, DepartmentID: &b.Departments[0].ID}
		if err := db.CreateUser(ctx, testActor, u); wachsam.ErrorCodeOf(err) != wachsam.EINVALID {
			t.Fatalf("department of another town: %v", err)
		}
		u.DepartmentID, u.MunicipalityID = nil, nil
		if err := db.CreateUser(ctx, testActor, u); wachsam.ErrorCodeOf(err) != wachsam.EINVALID {
			t.Fatalf("staff without municipality: %v", err)
		}
		users, _ := db.Users(ctx, wachsam.UserFilter{})
		if len(users) != 0 {
			t.Fatalf("%d users written", len(users))
		}
	})
}

func TestUsersAreScopedToTheirMunicipality(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a, b := town(t, db, "08425101"), town(t, db, "08425102")
		for i, m := range []*wachsam.Municipality{a, b} {
			u := &wachsam.User{Email: string(rune('a'+i)) + "@example.de", Name: "P", PasswordHash: "x",
				Roles: []wachsam.Role{wachsam.RoleStaff}, MunicipalityID: &m.ID}
			if err := db.CreateUser(ctx, testActor, u); err != nil {
				t.Fatal(err)
			}
		}
		users, err := db.Users(ctx, wachsam.UserFilter{MunicipalityID: &a.ID})
		if err != nil || len(users) != 1 || *users[0].MunicipalityID != a.ID {
			t.Fatalf("scoped list: %+v %v", users, err)
		}
	})
}

func TestDepartmentInUseCannotBeDeleted(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := town(t, db, "08425101")
		dep := a.Departments[0].ID
		u := &wachsam.User{Email: "x@example.de", Name: "X", PasswordHash: "x", Roles: []wachsam.Role{wachsam.RoleStaff},
			MunicipalityID: &a.ID, DepartmentID: &dep}
		if err := db.CreateUser(ctx, testActor, u); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteDepartment(ctx, testActor, a.ID, dep); wachsam.ErrorCodeOf(err) != wachsam.ECONFLICT {
			t.Fatalf("delete used department: %v", err)
		}
		other := town(t, db, "08425102")
		if err := db.DeleteDepartment(ctx, testActor, other.ID, dep); wachsam.ErrorCodeOf(err) != wachsam.ECONFLICT &&
			wachsam.ErrorCodeOf(err) != wachsam.ENOTFOUND {
			t.Fatalf("delete through another town: %v", err)
		}
		if deps, _ := db.Departments(ctx, a.ID); len(deps) != 1 {
			t.Fatal("department gone")
		}
	})
}

func TestTOTPStepIsClaimedOnce(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		u := &wachsam.User{Email: "x@example.de", Name: "X", PasswordHash: "x", Roles: []wachsam.Role{wachsam.RoleTrainer}}
		if err := db.CreateUser(ctx, testActor, u); err != nil {
			t.Fatal(err)
		}
		for i, want := range []bool{true, false} {
			ok, err := db.ClaimTOTPStep(ctx, u.ID, 1000)
			if err != nil || ok != want {
				t.Fatalf("claim %d: %v %v", i, ok, err)
			}
		}
		if ok, _ := db.ClaimTOTPStep(ctx, u.ID, 999); ok {
			t.Fatal("an older step was accepted after a newer one")
		}
	})
}

func TestNotFoundIsADomainError(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := db.User(ctx, 4711); wachsam.ErrorCodeOf(err) != wachsam.ENOTFOUND {
			t.Fatalf("user: %v", err)
		}
		if _, err := db.Municipality(ctx, 4711); wachsam.ErrorCodeOf(err) != wachsam.ENOTFOUND {
			t.Fatalf("municipality: %v", err)
		}
		if _, err := db.SessionByTokenHash(ctx, "nope"); wachsam.ErrorCodeOf(err) != wachsam.ENOTFOUND {
			t.Fatalf("session: %v", err)
		}
	})
}

func asError(err error, target **wachsam.Error) bool { return errors.As(err, target) }

func TestListsCarryEachAccountsRolesAndEachTownsDepartments(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a, b := town(t, db, "08425101"), town(t, db, "08425102")
		if err := db.AddDepartment(ctx, testActor, &wachsam.Department{MunicipalityID: b.ID, Name: "Bauamt"}); err != nil {
			t.Fatal(err)
		}
		for email, roles := range map[string][]wachsam.Role{
			"a@example.de": {wachsam.RoleExaminer, wachsam.RoleAdmin},
			"b@example.de": {wachsam.RoleTrainer},
		} {
			u := &wachsam.User{Email: email, Name: email, PasswordHash: "x", Roles: roles}
			if err := db.CreateUser(ctx, testActor, u); err != nil {
				t.Fatal(err)
			}
		}
		users, err := db.Users(ctx, wachsam.UserFilter{})
		if err != nil || len(users) != 2 {
			t.Fatalf("%v %v", users, err)
		}
		if got := users[0].Roles; len(got) != 2 || got[0] != wachsam.RoleAdmin || got[1] != wachsam.RoleExaminer {
			t.Fatalf("roles of a: %v (want admin, examiner in that order)", got)
		}
		if got := users[1].Roles; len(got) != 1 || got[0] != wachsam.RoleTrainer {
			t.Fatalf("roles of b: %v", got)
		}
		ms, err := db.MunicipalitiesWithDepartments(ctx)
		if err != nil || len(ms) != 2 {
			t.Fatalf("%v %v", ms, err)
		}
		for _, m := range ms {
			want := map[int64]int{a.ID: 1, b.ID: 2}[m.ID]
			if len(m.Departments) != want {
				t.Fatalf("%s has %d departments, want %d", m.Name, len(m.Departments), want)
			}
			for _, d := range m.Departments {
				if d.MunicipalityID != m.ID {
					t.Fatalf("department %s attached to the wrong town", d.Name)
				}
			}
		}
	})
}
