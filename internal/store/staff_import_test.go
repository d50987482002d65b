package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

func countTableRows(t *testing.T, db *store.DB, table string) int {
	t.Helper()
	n, err := db.NewSelect().Table(table).Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

func TestImportStaffCountsNewUpdatedUnchanged(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, _ := neighbours(t, db, storetest.NeighbourOptions{StaffPerDepartment: 2})
		town := w.Municipalities[0]
		coord := wachsam.UserActor(w.Coordinators[town.ID])
		known := w.Staff[town.ID]
		rows := []courses.StaffRow{
			{Line: 2, Name: known[0].Name, Email: known[0].Email, Department: "BÜRGERBÜRO"}, // same, department by another case
			{Line: 3, Name: "Neuer Name", Email: known[1].Email, Department: "Bürgerbüro"},  // renamed
			{Line: 4, Name: known[2].Name, Email: known[2].Email, Department: "Bürgerbüro"}, // moved from Bauamt
			{Line: 5, Name: "Karla Kämmerer", Email: "karla@lindenbach.example", Department: "Kämmerei", StaffNumber: "4711"},
			{Line: 6, Name: "Kurt Kämmerer", Email: "kurt@lindenbach.example", Department: "kämmerei"},
		}
		users, audits := countTableRows(t, db, "users"), countTableRows(t, db, "audit_entries")
		sum, err := db.ImportStaff(ctx, coord, town.ID, rows)
		if err != nil {
			t.Fatal(err)
		}
		want := courses.ImportSummary{Created: 2, Updated: 2, Unchanged: 1, NewDepartments: []string{"Kämmerei"}}
		if !summaryEqual(sum, want) {
			t.Fatalf("summary %+v, want %+v", sum, want)
		}
		if got := countTableRows(t, db, "users"); got != users+2 {
			t.Errorf("users %d, want %d", got, users+2)
		}
		if got := countTableRows(t, db, "audit_entries"); got != audits+1 {
			t.Errorf("audit entries %d, want one more than %d", got, audits)
		}
		karla, err := db.UserByEmail(ctx, "karla@lindenbach.example")
		if err != nil {
			t.Fatal(err)
		}
		if !karla.Has(wachsam.RoleStaff) || *karla.MunicipalityID != town.ID || karla.StaffNumber != "4711" {
			t.Errorf("new account %+v", karla)
		}
		if strings.HasPrefix(karla.PasswordHash, "$argon2id$") || karla.PasswordHash == "" {
			t.Errorf("imported account has a usable password hash %q", karla.PasswordHash)
		}
		kurt, _ := db.UserByEmail(ctx, "kurt@lindenbach.example")
		if *kurt.DepartmentID != *karla.DepartmentID {
			t.Error("the same department in another case became two departments")
		}

		// The same list again changes nothing and duplicates nothing.
		users = countTableRows(t, db, "users")
		sum, err = db.ImportStaff(ctx, coord, town.ID, rows)
		if err != nil {
			t.Fatal(err)
		}
		if !summaryEqual(sum, courses.ImportSummary{Unchanged: 5}) {
			t.Errorf("re-import: %+v, want 5 unchanged", sum)
		}
		if got := countTableRows(t, db, "users"); got != users {
			t.Errorf("re-import: users %d, want %d", got, users)
		}
		staff, err := db.StaffOf(ctx, town.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(staff) != len(known)+2 {
			t.Errorf("StaffOf: %d people, want %d", len(staff), len(known)+2)
		}
		for _, s := range staff {
			if s.Email == known[1].Email && s.Name != "Neuer Name" {
				t.Errorf("renamed person shows as %q", s.Name)
			}
		}
	})
}

func summaryEqual(a, b courses.ImportSummary) bool {
	return a.Created == b.Created && a.Updated == b.Updated && a.Unchanged == b.Unchanged &&
		slices.Equal(a.NewDepartments, b.NewDepartments)
}

func TestImportStaffRefusesAccountsOfOthers(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, _ := neighbours(t, db, storetest.NeighbourOptions{StaffPerDepartment: 1})
		town, other := w.Municipalities[0], w.Municipalities[1]
		coord := wachsam.UserActor(w.Coordinators[town.ID])
		foreign := w.Staff[other.ID][0]
		rows := []courses.StaffRow{
			{Line: 2, Name: "Neu", Email: "neu@lindenbach.example", Department: "Neue Abteilung"},
			{Line: 3, Name: "Übernahme", Email: foreign.Email, Department: "Bauamt"},
			{Line: 4, Name: "Trainerin", Email: w.Trainer.Email, Department: "Bauamt"},
			{Line: 5, Name: "Koordination", Email: w.Coordinators[town.ID].Email, Department: "Bauamt"},
		}
		users, audits, deps := countTableRows(t, db, "users"), countTableRows(t, db, "audit_entries"), countTableRows(t, db, "departments")
		_, err := db.ImportStaff(ctx, coord, town.ID, rows)
		wantCode(t, err, wachsam.EINVALID)
		var problems courses.ImportProblems
		if !errors.As(err, &problems) {
			t.Fatalf("error %v carries no row problems", err)
		}
		var lines []int
		for _, p := range problems {
			lines = append(lines, p.Line)
			if strings.Contains(p.Message, other.Name) {
				t.Errorf("problem reveals the other town: %s", p)
			}
		}
		if !slices.Equal(lines, []int{3, 4, 5}) {
			t.Errorf("problem lines %v, want [3 4 5]: %v", lines, problems)
		}
		// Issue 13 §2: another town's account (line 3), an account of no
		// town (4) and one of this town without the staff role (5) read
		// alike, so the import does not reveal whose an address is.
		for i, p := range problems {
			if generic := strings.Replace(p.Message, rows[i+1].Email, "…", 1); generic != strings.Replace(problems[0].Message, rows[1].Email, "…", 1) ||
				!strings.Contains(p.Message, "das der Import nicht ändern kann") {
				t.Errorf("line %d: message %q differs from line 3's %q", p.Line, p.Message, problems[0].Message)
			}
		}
		if countTableRows(t, db, "users") != users || countTableRows(t, db, "audit_entries") != audits || countTableRows(t, db, "departments") != deps {
			t.Error("a refused import wrote something")
		}
		after, _ := db.User(ctx, foreign.ID)
		if after.Name != foreign.Name || *after.MunicipalityID != other.ID {
			t.Errorf("the other town's account changed: %+v", after)
		}
	})
}

func TestImportStaffCreatesMissingDepartments(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, _ := neighbours(t, db, storetest.NeighbourOptions{StaffPerDepartment: 1})
		town, other := w.Municipalities[0], w.Municipalities[1]
		rows := []courses.StaffRow{
			{Line: 2, Name: "Anna Amt", Email: "anna@lindenbach.example", Department: "Ordnungsamt"},
			{Line: 3, Name: "Bert Amt", Email: "bert@lindenbach.example", Department: "Standesamt"},
			{Line: 4, Name: "Cleo Amt", Email: "cleo@lindenbach.example", Department: "Bauamt"},
		}
		sum, err := db.ImportStaff(ctx, wachsam.UserActor(w.Coordinators[town.ID]), town.ID, rows)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(sum.NewDepartments, []string{"Ordnungsamt", "Standesamt"}) {
			t.Errorf("new departments %v", sum.NewDepartments)
		}
		if !strings.Contains(sum.German(), "Neu angelegte Abteilungen: Ordnungsamt, Standesamt") {
			t.Errorf("summary text %q", sum.German())
		}
		mine, _ := db.Departments(ctx, town.ID)
		theirs, _ := db.Departments(ctx, other.ID)
		if len(mine) != 4 || len(theirs) != 2 {
			t.Errorf("departments: %d here, %d in the other town; want 4 and 2", len(mine), len(theirs))
		}
		_, err = db.ImportStaff(ctx, wachsam.UserActor(w.Coordinators[town.ID]), town.ID, nil)
		wantCode(t, err, wachsam.EINVALID)
	})
}

// TestImportStaffManyPeople crosses the chunk size of the queries, so the
// chunking neither loses nor doubles anyone.
func TestImportStaffManyPeople(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, _ := neighbours(t, db, storetest.NeighbourOptions{StaffPerDepartment: 1})
		town := w.Municipalities[0]
		var rows []courses.StaffRow
		for i := range 1201 {
			rows = append(rows, courses.StaffRow{Line: i + 2, Name: fmt.Sprintf("Person %04d", i),
				Email: fmt.Sprintf("p%04d@lindenbach.example", i), Department: fmt.Sprintf("Amt %d", i%3)})
		}
		users := countTableRows(t, db, "users")
		sum, err := db.ImportStaff(ctx, wachsam.UserActor(w.Coordinators[town.ID]), town.ID, rows)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Created != 1201 || len(sum.NewDepartments) != 3 {
			t.Fatalf("summary %+v", sum)
		}
		if got := countTableRows(t, db, "users"); got != users+1201 {
			t.Errorf("users %d, want %d", got, users+1201)
		}
		staff, err := db.StaffOf(ctx, town.ID)
		if err != nil || len(staff) != 1201+len(w.Staff[town.ID]) {
			t.Fatalf("StaffOf: %d, %v", len(staff), err)
		}
		sum, err = db.ImportStaff(ctx, wachsam.UserActor(w.Coordinators[town.ID]), town.ID, rows)
		if err != nil || sum.Unchanged != 1201 || sum.Created != 0 {
			t.Fatalf("re-import: %+v %v", sum, err)
		}
	})
}
