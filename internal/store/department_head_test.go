package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// headOf makes the first member of town i's first department ("Bürgerbüro",
// staff 0–2; "Bauamt" is 3–5) its head, as the town's coordinator does.
func headOf(t *testing.T, db *store.DB, w *storetest.Neighbours, i int) (*wachsam.User, courses.OnBehalf) {
	t.Helper()
	m := w.Municipalities[i].ID
	head := w.Staff[m][0]
	if err := db.SetDepartmentHead(context.Background(), wachsam.UserActor(w.Coordinators[m]), m, head.ID, true); err != nil {
		t.Fatal(err)
	}
	return head, courses.OnBehalf{Actor: wachsam.UserActor(head), MunicipalityID: m, DepartmentID: *head.DepartmentID, Reason: "Abteilung meldet an"}
}

func berlin(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// A department head's list holds the active members of their department
// only, each with the town's topic and the session booked for it.
func TestDepartmentStatusShowsOnlyTheOwnDepartment(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, _ := neighbours(t, db, storetest.NeighbourOptions{})
		head, o := headOf(t, db, w, 0)
		dep, err := db.HeadedDepartment(ctx, head.ID)
		if err != nil || dep.ID != *head.DepartmentID || dep.Name != "Bürgerbüro" {
			t.Fatalf("headed department %+v, %v", dep, err)
		}
		if detail, actor := auditDetail(t, db, "user.department_head"); actor == nil || !strings.Contains(detail, "ist Abteilungsleitung") {
			t.Fatalf("audit %q", detail)
		}
		staff := w.Staff[o.MunicipalityID]
		b, err := db.BookOnBehalf(ctx, o, staff[1].ID, w.Round.Sessions[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		today := wachsam.DateIn(db.Now(), berlin(t))
		members, err := db.DepartmentStatus(ctx, dep.MunicipalityID, dep.ID, today, berlin(t))
		if err != nil {
			t.Fatal(err)
		}
		if len(members) != 3 {
			t.Fatalf("%d members, want the 3 of the Bürgerbüro: %+v", len(members), members)
		}
		for _, m := range members {
			if !strings.Contains(m.Name, "Bürgerbüro Lindenbach") || len(m.Topics) != 1 || m.Topics[0].State != courses.DueOverdue {
				t.Fatalf("member %+v", m)
			}
			booked := m.UserID == staff[1].ID
			if (m.Next != nil) != booked || (m.Topics[0].Booked != nil) != booked {
				t.Fatalf("member %s: next %+v, topic booked %+v", m.Name, m.Next, m.Topics[0].Booked)
			}
			if booked && (m.Next.BookingID != b.ID || !strings.Contains(m.Next.Place, "Rathaus Lindenbach")) {
				t.Fatalf("next session %+v", m.Next)
			}
		}
		if overdue, soon := courses.DepartmentCounts(members); overdue != 3 || soon != 0 {
			t.Fatalf("counts %d overdue, %d soon", overdue, soon)
		}
		// The same department ID asked for under another town yields no one.
		other, err := db.DepartmentStatus(ctx, w.Municipalities[1].ID, dep.ID, today, berlin(t))
		if err != nil || len(other) != 0 {
			t.Fatalf("another town's view of the department: %+v, %v", other, err)
		}
	})
}

// A department head books, cancels and moves only for members of their
// own department: another department of the same town, another town and
// their bookings do not exist for them. The coordinator's reach is the
// whole town, as before.
func TestDepartmentHeadActsOnlyForTheOwnDepartment(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, _ := neighbours(t, db, storetest.NeighbourOptions{})
		_, o := headOf(t, db, w, 0)
		town, away := w.Staff[o.MunicipalityID], w.Staff[w.Municipalities[1].ID]
		first, second := w.Round.Sessions[0].ID, w.Round.Sessions[1].ID

		_, err := db.BookOnBehalf(ctx, o, town[3].ID, first) // Bauamt, same town
		wantCode(t, err, wachsam.ENOTFOUND)
		_, err = db.BookOnBehalf(ctx, o, away[0].ID, first) // Bürgerbüro of another town
		wantCode(t, err, wachsam.ENOTFOUND)
		// The department's ID with the other town's municipality is no key either.
		_, err = db.BookOnBehalf(ctx, courses.OnBehalf{Actor: o.Actor, MunicipalityID: w.Municipalities[1].ID, DepartmentID: o.DepartmentID, Reason: "x"}, away[0].ID, first)
		wantCode(t, err, wachsam.ENOTFOUND)

		coordinator := behalfOf(w, 0, "Koordination bucht")
		bauamt, err := db.BookOnBehalf(ctx, coordinator, town[3].ID, first)
		if err != nil {
			t.Fatalf("the coordinator books for the whole town: %v", err)
		}
		wantCode(t, db.CancelOnBehalf(ctx, o, bauamt.ID), wachsam.ENOTFOUND)
		_, err = db.MoveOnBehalf(ctx, o, bauamt.ID, second)
		wantCode(t, err, wachsam.ENOTFOUND)

		own, err := db.BookOnBehalf(ctx, o, town[2].ID, first)
		if err != nil {
			t.Fatal(err)
		}
		moved, err := db.MoveOnBehalf(ctx, o, own.ID, second)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.CancelOnBehalf(ctx, o, moved.ID); err != nil {
			t.Fatal(err)
		}
		if got := countActiveBookings(t, db); got != 1 {
			t.Fatalf("%d active bookings, want the coordinator's one", got)
		}
	})
}

// Withdrawing the role closes the department at once; the administration
// cannot give the role without a department of the account's own town; a
// department with a head cannot be deleted; another town's coordinator
// cannot assign anyone of this town.
func TestDepartmentHeadAssignmentRules(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, _ := neighbours(t, db, storetest.NeighbourOptions{})
		head, o := headOf(t, db, w, 0)
		m0, m1 := w.Municipalities[0], w.Municipalities[1]

		wantCode(t, db.DeleteDepartment(ctx, wachsam.SystemActor("test"), m0.ID, o.DepartmentID), wachsam.ECONFLICT)
		wantCode(t, db.SetDepartmentHead(ctx, wachsam.UserActor(w.Coordinators[m1.ID]), m1.ID, w.Staff[m0.ID][1].ID, true), wachsam.ENOTFOUND)

		u, err := db.User(ctx, head.ID)
		if err != nil || !u.Has(wachsam.RoleDepartmentHead) || u.HeadOfDepartmentID == nil || *u.HeadOfDepartmentID != o.DepartmentID || !u.Privileged() {
			t.Fatalf("head %+v, %v", u, err)
		}
		admin := wachsam.SystemActor("test")
		u.HeadOfDepartmentID = nil
		wantCode(t, db.UpdateUser(ctx, admin, u), wachsam.EINVALID)
		u.HeadOfDepartmentID = &m1.Departments[0].ID
		wantCode(t, db.UpdateUser(ctx, admin, u), wachsam.EINVALID)
		if _, err := db.HeadedDepartment(ctx, head.ID); err != nil {
			t.Fatalf("a refused change changed the head: %v", err)
		}
		// The administration may assign another department of the town.
		u.HeadOfDepartmentID = &m0.Departments[1].ID
		if err := db.UpdateUser(ctx, admin, u); err != nil {
			t.Fatal(err)
		}
		if dep, err := db.HeadedDepartment(ctx, head.ID); err != nil || dep.Name != "Bauamt" {
			t.Fatalf("after the change: %+v, %v", dep, err)
		}

		if err := db.SetDepartmentHead(ctx, wachsam.UserActor(w.Coordinators[m0.ID]), m0.ID, head.ID, false); err != nil {
			t.Fatal(err)
		}
		_, err = db.HeadedDepartment(ctx, head.ID)
		wantCode(t, err, wachsam.ENOTFOUND)
		if u, err = db.User(ctx, head.ID); err != nil || u.Has(wachsam.RoleDepartmentHead) || u.HeadOfDepartmentID != nil || !u.Has(wachsam.RoleStaff) {
			t.Fatalf("after withdrawal %+v, %v", u, err)
		}
		if detail, _ := auditDetail(t, db, "user.department_head"); !strings.Contains(detail, "nicht mehr") {
			t.Fatalf("audit %q", detail)
		}
		if err := db.DeleteDepartment(ctx, admin, m0.ID, m0.Departments[1].ID); wachsam.ErrorCodeOf(err) != wachsam.ECONFLICT {
			t.Fatalf("the Bauamt still has staff: %v", err)
		}
	})
}
