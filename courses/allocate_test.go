package courses

import (
	"encoding/json"
	"fmt"
	"math/big"
	"reflect"
	"strings"
	"testing"
)

func allocSessions(capacities ...int) []AllocationSession {
	var sessions []AllocationSession
	for i, c := range capacities {
		sessions = append(sessions, AllocationSession{ID: fmt.Sprintf("S%d", i+1), Capacity: c})
	}
	return sessions
}

func allocPeople(n int, municipality, department string, preferences ...string) []Applicant {
	var people []Applicant
	for i := range n {
		people = append(people, Applicant{
			ID:           fmt.Sprintf("%s-%s-%d", municipality, department, i),
			Municipality: municipality,
			Department:   department,
			Preferences:  preferences,
		})
	}
	return people
}

func allocSolve(t *testing.T, p Problem) Allocation {
	t.Helper()
	a, err := Solve(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := checkAllocation(p, a); err != nil {
		t.Fatal(err)
	}
	return a
}

// TestSolveSeedThreeTownHalls is seeds/003: three neighbouring town halls
// each send a third of their staff to each of three sessions, so that no
// town hall ever empties — even though everyone would rather go to the
// session in their own town hall.
func TestSolveSeedThreeTownHalls(t *testing.T) {
	p := Problem{Sessions: allocSessions(100, 100, 100)}
	staff := map[string]int{"Stadt A": 30, "Gemeinde B": 21, "Gemeinde C": 12}
	own := map[string][]string{"Stadt A": {"S1", "S2", "S3"}, "Gemeinde B": {"S2", "S3", "S1"}, "Gemeinde C": {"S3", "S1", "S2"}}
	for _, town := range []string{"Stadt A", "Gemeinde B", "Gemeinde C"} {
		half := staff[town] / 2
		p.People = append(p.People, allocPeople(half, town, "Bürgerbüro", own[town]...)...)
		p.People = append(p.People, allocPeople(staff[town]-half, town, "Bauamt", own[town]...)...)
	}
	a := allocSolve(t, p)
	if a.Placed != len(p.People) {
		t.Fatalf("placed %d of %d", a.Placed, len(p.People))
	}
	perTownSession := map[[2]string]int{}
	municipalityOf := map[string]string{}
	for _, person := range p.People {
		municipalityOf[person.ID] = person.Municipality
	}
	for _, pl := range a.Assignments {
		perTownSession[[2]string{municipalityOf[pl.Person], pl.Session}]++
	}
	for town, n := range staff {
		for _, s := range []string{"S1", "S2", "S3"} {
			if got := perTownSession[[2]string{town, s}]; got != n/3 {
				t.Errorf("%s sends %d to %s, want a third: %d", town, got, s, n/3)
			}
		}
	}
}

// TestSolveShareIsExact: 0.34 × 50 is 17, but in floating point it is
// 17.000000000000004, whose ceiling would wrongly allow 18.
func TestSolveShareIsExact(t *testing.T) {
	p := Problem{
		Policy:   AllocationPolicy{MunicipalityShare: big.NewRat(34, 100), DepartmentShare: big.NewRat(1, 1)},
		Sessions: allocSessions(100),
		People:   allocPeople(50, "M", "D", "S1"),
	}
	if a := allocSolve(t, p); a.Placed != 17 {
		t.Errorf("placed %d, want ceil(0.34 × 50) = 17", a.Placed)
	}
}

// TestSolveDefaultQuota: with no share given, a municipality may send
// ceil(n / sessions) to one session; departments at most half, rounded up.
func TestSolveDefaultQuota(t *testing.T) {
	for _, tc := range []struct {
		name     string
		sessions int
		d1, d2   int // people in the two departments
		want     int // placed in S1, the only session anyone ranks
	}{
		{"10 people, 3 sessions: 4", 3, 5, 5, 4},
		{"9 people, 3 sessions: 3", 3, 4, 5, 3},
		{"a department of 1 may go", 1, 1, 1, 2},
		{"half of 3 is 2 per department", 1, 3, 3, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			capacities := make([]int, tc.sessions)
			for i := range capacities {
				capacities[i] = 100
			}
			p := Problem{Sessions: allocSessions(capacities...)}
			p.People = append(allocPeople(tc.d1, "M", "D1", "S1"), allocPeople(tc.d2, "M", "D2", "S1")...)
			if a := allocSolve(t, p); a.Placed != tc.want {
				t.Errorf("placed %d, want %d", a.Placed, tc.want)
			}
		})
	}
}

// TestSolvePrefersMorePlacedOverCheaper: placing everyone beats giving one
// person their first choice.
func TestSolvePrefersMorePlacedOverCheaper(t *testing.T) {
	p := Problem{
		Policy:   AllocationPolicy{MunicipalityShare: big.NewRat(1, 1), DepartmentShare: big.NewRat(1, 1), RankCosts: []int64{0, 1000}},
		Sessions: allocSessions(1, 1),
		People: []Applicant{
			{ID: "A", Municipality: "M", Department: "D", Preferences: []string{"S1", "S2"}},
			{ID: "B", Municipality: "M", Department: "D", Preferences: []string{"S1"}},
		},
	}
	a := allocSolve(t, p)
	want := []Placement{{"A", "S2", 2}, {"B", "S1", 1}}
	if !reflect.DeepEqual(a.Assignments, want) || a.TotalCost != 1000 {
		t.Errorf("got %+v cost %d, want %+v cost 1000", a.Assignments, a.TotalCost, want)
	}
}

// TestSolveIdenticalPeopleInInputOrder: among interchangeable people the
// earlier one gets the better choice, and the last one waits.
func TestSolveIdenticalPeopleInInputOrder(t *testing.T) {
	p := Problem{
		Policy:   AllocationPolicy{MunicipalityShare: big.NewRat(1, 1), DepartmentShare: big.NewRat(1, 1)},
		Sessions: allocSessions(1, 1),
		People:   allocPeople(3, "M", "D", "S1", "S2"),
	}
	a := allocSolve(t, p)
	want := Allocation{
		Placed:      2,
		TotalCost:   1,
		Assignments: []Placement{{"M-D-0", "S1", 1}, {"M-D-1", "S2", 2}},
		Unplaced:    []UnplacedPerson{{"M-D-2", ReasonSessionsFull, ReasonSessionsFull.German()}},
	}
	if !reflect.DeepEqual(a, want) {
		t.Errorf("got %+v\nwant %+v", a, want)
	}
}

func TestSolveUnplacedReasons(t *testing.T) {
	one := big.NewRat(1, 1)
	for _, tc := range []struct {
		name   string
		p      Problem
		person string
		want   UnplacedReason
	}{
		{
			name: "no preferences",
			p: Problem{Sessions: allocSessions(5), People: []Applicant{
				{ID: "X", Municipality: "M", Department: "D"},
			}},
			person: "X", want: ReasonNoPreferences,
		},
		{
			name: "session full",
			p: Problem{Policy: AllocationPolicy{MunicipalityShare: one, DepartmentShare: one},
				Sessions: allocSessions(1), People: allocPeople(2, "M", "D", "S1")},
			person: "M-D-1", want: ReasonSessionsFull,
		},
		{
			name: "department cap: half of two is one",
			p: Problem{Policy: AllocationPolicy{MunicipalityShare: one},
				Sessions: allocSessions(10), People: allocPeople(2, "M", "D", "S1")},
			person: "M-D-1", want: ReasonDepartmentCap,
		},
		{
			name: "municipality quota: a quarter of four is one",
			p: Problem{Policy: AllocationPolicy{MunicipalityShare: big.NewRat(1, 4), DepartmentShare: one},
				Sessions: allocSessions(10), People: append(allocPeople(2, "M", "D1", "S1"), allocPeople(2, "M", "D2", "S1")...)},
			person: "M-D2-1", want: ReasonMunicipalityQuota,
		},
		{
			// S1 takes one, the department cap (half of four) two more in S2.
			name: "one full, one at the department cap",
			p: Problem{Policy: AllocationPolicy{MunicipalityShare: one},
				Sessions: allocSessions(1, 10), People: allocPeople(4, "M", "D", "S1", "S2")},
			person: "M-D-3", want: ReasonFullOrAtQuota,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := allocSolve(t, tc.p)
			for _, u := range a.Unplaced {
				if u.Person == tc.person {
					if u.Reason != tc.want {
						t.Errorf("reason %q, want %q", u.Reason, tc.want)
					}
					return
				}
			}
			t.Errorf("%s was placed: %+v", tc.person, a)
		})
	}
}

// TestSolveIsDeterministic: the same problem gives the same allocation,
// however often it is solved.
func TestSolveIsDeterministic(t *testing.T) {
	p := allocBenchProblem(7, 2000, 40, 2, 6)
	first := allocSolve(t, p)
	for range 3 {
		if again := allocSolve(t, p); !reflect.DeepEqual(again, first) {
			t.Fatal("a second run gave a different allocation")
		}
	}
}

// TestAllocationJSON keeps the output in the contract's shape: its field
// names, and empty lists as [] rather than null.
func TestAllocationJSON(t *testing.T) {
	a := allocSolve(t, Problem{Sessions: allocSessions(1), People: []Applicant{}})
	out, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"placed":0,"total_cost":0,"assignments":[],"unplaced":[]}`; string(out) != want {
		t.Errorf("got %s, want %s", out, want)
	}
	a = allocSolve(t, Problem{Sessions: allocSessions(1), People: []Applicant{
		{ID: "P1", Municipality: "M", Department: "D", Preferences: []string{"S1"}},
		{ID: "P2", Municipality: "M", Department: "D"},
	}})
	out, _ = json.Marshal(a)
	for _, want := range []string{
		`"assignments":[{"person":"P1","session":"S1","rank":1}]`,
		`"unplaced":[{"person":"P2","reason":"no preferences","reason_de":"keine Wunschtermine angegeben"}]`,
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("%s lacks %s", out, want)
		}
	}
}
