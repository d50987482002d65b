package courses

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
)

// solvePrimalDual is Solve with the primal-dual solver the network simplex
// replaced: the cross-check of the production path.
func solvePrimalDual(p Problem) (Allocation, error) {
	if err := p.Validate(); err != nil {
		return Allocation{}, err
	}
	net := buildAllocationNetwork(p)
	net.graph.minCostMaxFlowPrimalDual(net.source, net.sink)
	return net.read(p), nil
}

// randomFlowNetwork draws a small network with what trips solvers up:
// parallel arcs, loops, arcs into the source and out of the sink, arcs of
// capacity 0, nodes that cannot reach the sink, and many equal costs.
func randomFlowNetwork(rng *rand.Rand) (g *flowNetwork, s, t int32, costs []int64) {
	g = newFlowNetwork()
	nodes := 2 + rng.IntN(9)
	for range nodes {
		g.addNode()
	}
	s, t = 0, int32(nodes-1)
	maxCost := []int64{0, 1, 3, 20, 1_000_000_000}[rng.IntN(5)]
	for range rng.IntN(4 * nodes) {
		u, v := int32(rng.IntN(nodes)), int32(rng.IntN(nodes))
		capacity := int32(rng.IntN(5))
		if rng.IntN(6) == 0 {
			capacity = 0
		}
		cost := rng.Int64N(maxCost + 1)
		if rng.IntN(3) == 0 {
			cost = 0
		}
		g.addArc(u, v, capacity, cost)
		costs = append(costs, cost)
	}
	return g, s, t, costs
}

// TestSimplexMatchesPrimalDualOnRandomNetworks: on thousands of small
// networks both solvers find a flow of the same value and cost, and the
// simplex's flow carries its own certificate of optimality.
func TestSimplexMatchesPrimalDualOnRandomNetworks(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 2026))
	for run := range 5000 {
		seed := rng.Uint64()
		g, s, sink, costs := randomFlowNetwork(rand.New(rand.NewPCG(seed, 1)))
		original := snapshotArcs(g)
		value, ok := g.minCostMaxFlowSimplex(s, sink)
		if !ok {
			t.Fatalf("run %d: the simplex refused a small network", run)
		}
		if err := flowCertificate(g, original, s, sink); err != nil {
			t.Fatalf("run %d (seed %d): simplex: %v", run, seed, err)
		}
		arcs := make([]arcID, len(costs))
		for k := range arcs {
			arcs[k] = arcID(k)
		}
		cost := flowCost(g, arcs, costs)

		h, _, _, _ := randomFlowNetwork(rand.New(rand.NewPCG(seed, 1)))
		wantValue := h.minCostMaxFlowPrimalDual(s, sink)
		if err := flowCertificate(h, original, s, sink); err != nil {
			t.Fatalf("run %d (seed %d): primal-dual: %v", run, seed, err)
		}
		if wantCost := flowCost(h, arcs, costs); value != wantValue || cost != wantCost {
			t.Fatalf("run %d (seed %d): simplex flow %d at cost %d, primal-dual %d at cost %d",
				run, seed, value, cost, wantValue, wantCost)
		}
	}
}

// TestSolveSimplexMatchesPrimalDual compares the two solvers on random
// allocation problems, including sessions of capacity 0, flat rank costs
// (many ties), and preferences struck for dates people cannot attend.
func TestSolveSimplexMatchesPrimalDual(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 2026))
	loc := time.UTC
	day := time.Date(2026, 3, 2, 9, 0, 0, 0, loc)
	for run := range 1500 {
		p := allocRandomProblem(rng, 60, 8, 5)
		for s := range p.Sessions {
			p.Sessions[s].Capacity = rng.IntN(12)
			if rng.IntN(5) == 0 {
				p.Sessions[s].Capacity = 0
			}
			p.Sessions[s].StartsAt = day.AddDate(0, 0, rng.IntN(4))
		}
		if run%3 == 0 {
			p.Policy.RankCosts = []int64{0, 0, 0, 0, 0}
		}
		if run%4 == 0 {
			unavailable := map[string][]wachsam.Date{}
			for _, a := range p.People {
				if rng.IntN(3) == 0 {
					unavailable[a.ID] = []wachsam.Date{wachsam.DateIn(day.AddDate(0, 0, rng.IntN(4)), loc)}
				}
			}
			p.People = RemoveUnavailablePreferences(p.Sessions, p.People, unavailable, loc)
		}
		got, err := Solve(p)
		if err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
		if err := checkAllocation(p, got); err != nil {
			t.Fatalf("run %d: infeasible: %v", run, err)
		}
		want, err := solvePrimalDual(p)
		if err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
		if got.Placed != want.Placed || got.TotalCost != want.TotalCost {
			t.Fatalf("run %d: simplex placed %d at cost %d, primal-dual %d at cost %d",
				run, got.Placed, got.TotalCost, want.Placed, want.TotalCost)
		}
	}
}

// TestSimplexFallsBackOutsideItsRange: a supply beyond the simplex's int32
// flows is left to the primal-dual method, with the same answer.
func TestSimplexFallsBackOutsideItsRange(t *testing.T) {
	g := newFlowNetwork()
	s, a, b, sink := g.addNode(), g.addNode(), g.addNode(), g.addNode()
	g.addArc(s, a, math.MaxInt32, 0)
	g.addArc(s, b, math.MaxInt32, 0)
	g.addArc(a, sink, 5, 2)
	g.addArc(b, sink, 7, 1)
	if _, ok := g.minCostMaxFlowSimplex(s, sink); ok {
		t.Fatal("the simplex took a supply of 2³² − 2")
	}
	if flow := g.minCostMaxFlow(s, sink); flow != 12 {
		t.Fatalf("flow %d, want 12", flow)
	}
	if g.flow(2) != 5 || g.flow(3) != 7 {
		t.Errorf("flows %d and %d, want 5 and 7", g.flow(2), g.flow(3))
	}
}

// TestShortestPathTreeByPassesMatchesDijkstra: on random networks the
// first tree by passes over the arcs, where they settle, has Dijkstra's
// distances, and every node's parent arc lies on a shortest path and
// leads to the sink without a cycle. Both ways must occur.
func TestShortestPathTreeByPassesMatchesDijkstra(t *testing.T) {
	rng := rand.New(rand.NewPCG(18, 2026))
	settled, unsettled := 0, 0
	for run := range 5000 {
		seed := rng.Uint64()
		g, s, sink, _ := randomFlowNetwork(rand.New(rand.NewPCG(seed, 1)))
		n := g.nodes
		passes := &networkSimplex{tree: make([]simplexNode, n), potential: make([]int64, n)}
		dijkstra := &networkSimplex{tree: make([]simplexNode, n), potential: make([]int64, n)}
		dijkstra.shortestPathTreeDijkstra(g, s, sink)
		if !passes.shortestPathTreeByPasses(g, s, sink) {
			unsettled++
			continue
		}
		settled++
		for v := range int32(n) {
			d := passes.potential[v]
			if d != dijkstra.potential[v] {
				t.Fatalf("run %d (seed %d): node %d at distance %d by passes, %d by Dijkstra", run, seed, v, d, dijkstra.potential[v])
			}
			if v == sink || d == math.MaxInt64 {
				continue
			}
			node := passes.tree[v]
			if a := node.pred; g.tail[a] != v || g.head[a] != node.parent || g.capacity[a] <= 0 || d != g.cost[a]+passes.potential[node.parent] {
				t.Fatalf("run %d (seed %d): node %d hangs on arc %d, not on a shortest path", run, seed, v, a)
			}
			u := v
			for range n {
				if u == sink {
					break
				}
				u = passes.tree[u].parent
			}
			if u != sink {
				t.Fatalf("run %d (seed %d): the parents of node %d do not lead to the sink", run, seed, v)
			}
		}
	}
	if settled == 0 || unsettled == 0 {
		t.Fatalf("%d networks settled by passes, %d left to Dijkstra: want both", settled, unsettled)
	}
}
