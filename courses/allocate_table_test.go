package courses

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"testing"
)

// TestSolveWithSparseLimitTables: with many small departments and many
// sessions the department limits live in a map, not an array; the
// optimum is still that of the plain solver.
func TestSolveWithSparseLimitTables(t *testing.T) {
	rng := rand.New(rand.NewPCG(18, 2026))
	departmentBinds := false
	for run := range 20 {
		p := Problem{Policy: AllocationPolicy{MunicipalityShare: big.NewRat(1, 2), DepartmentShare: big.NewRat(1, 3)}}
		for s := range 40 {
			p.Sessions = append(p.Sessions, AllocationSession{ID: fmt.Sprintf("S%d", s), Capacity: 60 + rng.IntN(40)})
		}
		for i := range 200 {
			a := Applicant{ID: fmt.Sprintf("P%d", i), Municipality: fmt.Sprintf("M%d", i%3), Department: fmt.Sprintf("D%d", rng.IntN(80))}
			for _, s := range rng.Perm(4)[:1+rng.IntN(2)] {
				a.Preferences = append(a.Preferences, p.Sessions[s].ID) // few popular sessions: caps bind
			}
			p.People = append(p.People, a)
		}
		net := buildAllocationNetwork(p)
		if net.department.sparse == nil || net.municipality.dense == nil {
			t.Fatalf("run %d: want sparse department and dense municipality tables", run)
		}
		got, err := Solve(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := checkAllocation(p, got); err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
		placed, cost := allocBellmanFordOptimum(p)
		if got.Placed != placed || got.TotalCost != cost {
			t.Fatalf("run %d: placed %d at cost %d, Bellman-Ford %d at cost %d", run, got.Placed, got.TotalCost, placed, cost)
		}
		departmentBinds = departmentBinds || allocBlockedPreferences(p, got)[ReasonDepartmentCap] > 0
	}
	if !departmentBinds {
		t.Error("no department cap binds: the sparse table is not exercised")
	}
}
