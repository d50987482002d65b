package store_test

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// staffCountsDrift compares staff_counts, kept by triggers (migration
// 00019), with the staff counted afresh from users and user_roles: the
// quota bases must be exactly what counting would give.
func staffCountsDrift(t *testing.T, db *store.DB) []string {
	t.Helper()
	var drift []string
	err := db.NewRaw(`
		SELECT coalesce(k.municipality_id, l.municipality_id) || '/' || coalesce(k.department_id, l.department_id)
		    || ': kept ' || coalesce(k.staff, 0) || ', counted ' || coalesce(l.n, 0)
		FROM (SELECT municipality_id, department_id, staff FROM staff_counts WHERE staff <> 0) k
		FULL OUTER JOIN (SELECT u.municipality_id, coalesce(u.department_id, 0) AS department_id, count(*) AS n
		    FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'staff'
		    WHERE u.municipality_id IS NOT NULL AND NOT u.disabled
		    GROUP BY u.municipality_id, coalesce(u.department_id, 0)) l
		  ON l.municipality_id = k.municipality_id AND l.department_id = k.department_id
		WHERE coalesce(k.staff, 0) <> coalesce(l.n, 0)`).Scan(context.Background(), &drift)
	if err != nil {
		t.Fatal(err)
	}
	return drift
}

// Every way staff change (new accounts, roles granted and taken, moves
// between towns and departments, disabling, deleting departments and
// accounts) keeps the quota bases exact.
func TestStaffCountsFollowEveryChange(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		actor := wachsam.SystemActor("test")
		w := storetest.NewNeighbours(t, db, storetest.NeighbourOptions{StaffPerDepartment: 4})
		if d := staffCountsDrift(t, db); len(d) != 0 {
			t.Fatalf("after setup: %v", d)
		}
		rng := rand.New(rand.NewPCG(16, 19))
		var everyone []*wachsam.User
		for _, staff := range w.Staff {
			everyone = append(everyone, staff...)
		}
		for step := range 60 {
			u := everyone[rng.IntN(len(everyone))]
			fresh, err := db.User(ctx, u.ID)
			if err != nil {
				t.Fatal(err)
			}
			m := w.Municipalities[rng.IntN(len(w.Municipalities))]
			switch step % 4 {
			case 0: // move to another town and department, or out of any
				fresh.MunicipalityID, fresh.DepartmentID = &m.ID, &m.Departments[rng.IntN(2)].ID
				if rng.IntN(3) == 0 {
					fresh.DepartmentID = nil
				}
				err = db.UpdateUser(ctx, actor, fresh)
			case 1:
				fresh.Disabled = !fresh.Disabled
				err = db.UpdateUser(ctx, actor, fresh)
			case 2:
				roles := []wachsam.Role{wachsam.RoleCoordinator}
				if !fresh.Has(wachsam.RoleStaff) {
					roles = []wachsam.Role{wachsam.RoleStaff}
				}
				err = db.SetRoles(ctx, actor, fresh.ID, roles)
			case 3:
				_, err = db.NewRaw("UPDATE users SET department_id = NULL, disabled = ? WHERE id = ?", rng.IntN(2) == 0, fresh.ID).Exec(ctx)
			}
			if err != nil {
				t.Fatalf("step %d: %v", step, err)
			}
			if d := staffCountsDrift(t, db); len(d) != 0 {
				t.Fatalf("after step %d: %v", step, d)
			}
		}
		extra := &wachsam.Department{MunicipalityID: w.Municipalities[0].ID, Name: "Kämmerei"}
		if err := db.AddDepartment(ctx, actor, extra); err != nil {
			t.Fatal(err)
		}
		moved := everyone[0]
		if _, err := db.NewRaw("UPDATE users SET municipality_id = ?, department_id = ? WHERE id = ?", extra.MunicipalityID, extra.ID, moved.ID).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := db.NewRaw("UPDATE users SET department_id = NULL WHERE department_id = ?", extra.ID).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteDepartment(ctx, actor, extra.MunicipalityID, extra.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.NewRaw("DELETE FROM users WHERE id = ?", everyone[1].ID).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		if d := staffCountsDrift(t, db); len(d) != 0 {
			t.Fatalf("after deleting: %v", d)
		}
		// The comparison itself notices a wrong count.
		if _, err := db.NewRaw("UPDATE staff_counts SET staff = staff + 1 WHERE municipality_id = ?", w.Municipalities[2].ID).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		if d := staffCountsDrift(t, db); len(d) == 0 {
			t.Fatal("a wrong count went unnoticed")
		}
	})
}
