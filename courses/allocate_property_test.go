package courses

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"testing"
)

// allocRandomProblem draws a small problem whose limits all bind now and
// then: few seats, small departments, shares from a short list.
func allocRandomProblem(rng *rand.Rand, maxPeople, maxSessions, maxPrefs int) Problem {
	var p Problem
	sessions := 1 + rng.IntN(maxSessions)
	for s := range sessions {
		p.Sessions = append(p.Sessions, AllocationSession{ID: fmt.Sprintf("S%d", s), Capacity: rng.IntN(4)})
	}
	shares := []*big.Rat{nil, big.NewRat(1, 3), big.NewRat(1, 2), big.NewRat(1, 4), big.NewRat(1, 1), big.NewRat(34, 100)}
	p.Policy.MunicipalityShare = shares[rng.IntN(len(shares))]
	p.Policy.DepartmentShare = shares[rng.IntN(len(shares))]
	if rng.IntN(2) == 0 {
		costs := make([]int64, maxPrefs)
		costs[0] = int64(rng.IntN(3))
		for i := 1; i < maxPrefs; i++ {
			costs[i] = costs[i-1] + int64(rng.IntN(4))
		}
		p.Policy.RankCosts = costs
	}
	people := 1 + rng.IntN(maxPeople)
	for i := range people {
		m := rng.IntN(3)
		a := Applicant{
			ID:           fmt.Sprintf("P%d", i),
			Municipality: fmt.Sprintf("M%d", m),
			Department:   fmt.Sprintf("D%d", rng.IntN(2)),
		}
		for _, s := range rng.Perm(sessions)[:rng.IntN(min(maxPrefs, sessions)+1)] {
			a.Preferences = append(a.Preferences, p.Sessions[s].ID)
		}
		p.People = append(p.People, a)
	}
	return p
}

// allocBruteForce tries every way to place or not place every person and
// returns the best (most placed, then least cost).
func allocBruteForce(p Problem) (placed int, cost int64) {
	limits := allocLimitsOf(p)
	perSession := map[string]int{}
	perMunicipality := map[[2]string]int{}
	perDepartment := map[[3]string]int{}
	bestPlaced, bestCost := -1, int64(0)
	var try func(i, placed int, cost int64)
	try = func(i, placed int, cost int64) {
		if i == len(p.People) {
			if placed > bestPlaced || (placed == bestPlaced && cost < bestCost) {
				bestPlaced, bestCost = placed, cost
			}
			return
		}
		try(i+1, placed, cost)
		a := p.People[i]
		for rank, s := range a.Preferences {
			mk := [2]string{a.Municipality, s}
			dk := [3]string{a.Municipality, a.Department, s}
			if perSession[s] >= limits.capacity[s] ||
				perMunicipality[mk] >= limits.municipalityQuota[a.Municipality] ||
				perDepartment[dk] >= limits.departmentCap[[2]string{a.Municipality, a.Department}] {
				continue
			}
			perSession[s]++
			perMunicipality[mk]++
			perDepartment[dk]++
			try(i+1, placed+1, cost+allocCost(p, rank))
			perSession[s]--
			perMunicipality[mk]--
			perDepartment[dk]--
		}
	}
	try(0, 0, 0)
	return bestPlaced, bestCost
}

// TestSolveMatchesBruteForce compares Solve with exhaustive search on many
// small random problems: the same number placed and the same least cost.
func TestSolveMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 2027))
	for run := range 3000 {
		p := allocRandomProblem(rng, 7, 4, 3)
		got, err := Solve(p)
		if err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
		if err := checkAllocation(p, got); err != nil {
			t.Fatalf("run %d: infeasible: %v\n%+v", run, err, p)
		}
		placed, cost := allocBruteForce(p)
		if got.Placed != placed || got.TotalCost != cost {
			t.Fatalf("run %d: placed %d at cost %d, brute force %d at cost %d\n%+v",
				run, got.Placed, got.TotalCost, placed, cost, p)
		}
	}
}

// allocBellmanFordOptimum is a deliberately plain second solver: one person
// per node, no grouping, one Bellman-Ford search per unit of flow.
func allocBellmanFordOptimum(p Problem) (placed int, cost int64) {
	type arc struct {
		to, capacity int
		cost         int64
	}
	var arcs []arc
	var out [][]int
	node := func() int { out = append(out, nil); return len(out) - 1 }
	addArc := func(u, v, capacity int, cost int64) {
		out[u] = append(out[u], len(arcs))
		arcs = append(arcs, arc{v, capacity, cost})
		out[v] = append(out[v], len(arcs))
		arcs = append(arcs, arc{u, 0, -cost})
	}
	limits := allocLimitsOf(p)
	source, sink := node(), node()
	sessionNode := map[string]int{}
	for _, s := range p.Sessions {
		sessionNode[s.ID] = node()
		addArc(sessionNode[s.ID], sink, s.Capacity, 0)
	}
	mNode := map[[2]string]int{}
	dNode := map[[3]string]int{}
	for _, a := range p.People {
		v := node()
		addArc(source, v, 1, 0)
		for rank, s := range a.Preferences {
			mk := [2]string{a.Municipality, s}
			if _, ok := mNode[mk]; !ok {
				mNode[mk] = node()
				addArc(mNode[mk], sessionNode[s], limits.municipalityQuota[a.Municipality], 0)
			}
			dk := [3]string{a.Municipality, a.Department, s}
			if _, ok := dNode[dk]; !ok {
				dNode[dk] = node()
				addArc(dNode[dk], mNode[mk], limits.departmentCap[[2]string{a.Municipality, a.Department}], 0)
			}
			addArc(v, dNode[dk], 1, allocCost(p, rank))
		}
	}
	const inf = int64(1) << 60
	for {
		dist := make([]int64, len(out))
		via := make([]int, len(out))
		for v := range dist {
			dist[v], via[v] = inf, -1
		}
		dist[source] = 0
		for changed := true; changed; {
			changed = false
			for u := range out {
				if dist[u] == inf {
					continue
				}
				for _, k := range out[u] {
					if arcs[k].capacity > 0 && dist[u]+arcs[k].cost < dist[arcs[k].to] {
						dist[arcs[k].to] = dist[u] + arcs[k].cost
						via[arcs[k].to] = k
						changed = true
					}
				}
			}
		}
		if dist[sink] == inf {
			return placed, cost
		}
		for v := sink; v != source; v = arcs[via[v]^1].to {
			arcs[via[v]].capacity--
			arcs[via[v]^1].capacity++
		}
		placed++
		cost += dist[sink]
	}
}

// TestSolveMatchesBellmanFord checks problems too big for exhaustive search
// against the plain solver: grouping, the Dijkstra potentials and the
// blocking flows must not change the optimum.
func TestSolveMatchesBellmanFord(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 2027))
	for run := range 300 {
		p := allocRandomProblem(rng, 80, 8, 5)
		for s := range p.Sessions {
			p.Sessions[s].Capacity = rng.IntN(15)
		}
		got, err := Solve(p)
		if err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
		if err := checkAllocation(p, got); err != nil {
			t.Fatalf("run %d: infeasible: %v", run, err)
		}
		placed, cost := allocBellmanFordOptimum(p)
		if got.Placed != placed || got.TotalCost != cost {
			t.Fatalf("run %d: placed %d at cost %d, Bellman-Ford %d at cost %d",
				run, got.Placed, got.TotalCost, placed, cost)
		}
	}
}
