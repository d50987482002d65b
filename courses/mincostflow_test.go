package courses

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// allocCertifyOptimal solves p's network and checks the optimality
// certificate of the flow itself, independent of how it was found: no
// augmenting path is left (the flow is maximum), and no residual arc has a
// negative reduced cost under the final potentials (so there is no negative
// cycle: the flow is the cheapest of its value).
func allocCertifyOptimal(p Problem) error {
	net := buildAllocationNetwork(p)
	g := net.graph
	original := snapshotArcs(g)
	g.minCostMaxFlow(net.source, net.sink)
	return flowCertificate(g, original, net.source, net.sink)
}

// originalArcs are the arcs as added, kept by the test: the certificate
// must not trust what the solver keeps.
type originalArcs struct {
	tail, head []int32
	capacity   []int32
	cost       []int64
}

func snapshotArcs(g *flowNetwork) originalArcs {
	return originalArcs{slices.Clone(g.tail), slices.Clone(g.head), slices.Clone(g.capacity), slices.Clone(g.cost)}
}

// flowCertificate checks the flow on the original arcs, whichever solver
// found it: within the capacities, conserved at every node but source and
// sink, no augmenting path left, and no residual arc with a negative
// reduced cost under the solver's potentials.
func flowCertificate(g *flowNetwork, original originalArcs, source, sink int32) error {
	if len(g.flowOf) != len(original.tail) {
		return fmt.Errorf("flow on %d arcs, want %d", len(g.flowOf), len(original.tail))
	}
	balance := make([]int64, g.nodes)
	residual := make([][]int32, g.nodes) // heads of residual arcs, by tail
	for k, cost := range original.cost {
		u, v, f, c := original.tail[k], original.head[k], g.flowOf[k], original.capacity[k]
		if f < 0 || f > c {
			return fmt.Errorf("arc %d→%d carries %d of capacity %d", u, v, f, c)
		}
		balance[u] -= int64(f)
		balance[v] += int64(f)
		// Recomputed from the original cost, not the maintained one.
		rc := cost + g.potential[u] - g.potential[v]
		if f < c {
			if rc < 0 {
				return fmt.Errorf("arc %d→%d has residual capacity and reduced cost %d", u, v, rc)
			}
			residual[u] = append(residual[u], v)
		}
		if f > 0 {
			if rc > 0 {
				return fmt.Errorf("reverse of arc %d→%d has residual capacity and reduced cost %d", u, v, -rc)
			}
			residual[v] = append(residual[v], u)
		}
	}
	for v, b := range balance {
		if b != 0 && int32(v) != source && int32(v) != sink {
			return fmt.Errorf("node %d: flow in minus out is %d", v, b)
		}
	}
	seen := make([]bool, g.nodes)
	seen[source] = true
	queue := []int32{source}
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		for _, w := range residual[u] {
			if !seen[w] {
				seen[w] = true
				queue = append(queue, w)
			}
		}
	}
	if seen[sink] {
		return fmt.Errorf("an augmenting path is left: the flow is not maximum")
	}
	return nil
}

func flowCost(g *flowNetwork, arcs []arcID, costs []int64) int64 {
	var total int64
	for i, a := range arcs {
		total += int64(g.flow(a)) * costs[i]
	}
	return total
}

// TestMinCostMaxFlowReroutes needs the reverse of a used arc: the cheap
// first path blocks the second unit unless the first unit is moved.
func TestMinCostMaxFlowReroutes(t *testing.T) {
	g := newFlowNetwork()
	s, a, b, sink := g.addNode(), g.addNode(), g.addNode(), g.addNode()
	costs := []int64{0, 0, 1, 0, 5, 0}
	arcs := []arcID{
		g.addArc(s, a, 1, costs[0]),
		g.addArc(s, b, 1, costs[1]),
		g.addArc(a, sink, 1, costs[2]), // a's only cheap way out…
		g.addArc(b, a, 1, costs[3]),    // …is also b's cheapest
		g.addArc(b, sink, 1, costs[4]),
		g.addArc(a, b, 1, costs[5]),
	}
	original := snapshotArcs(g)
	if flow := g.minCostMaxFlow(s, sink); flow != 2 {
		t.Fatalf("flow %d, want 2", flow)
	}
	if got := flowCost(g, arcs, costs); got != 6 {
		t.Errorf("cost %d, want 6", got)
	}
	if err := flowCertificate(g, original, s, sink); err != nil {
		t.Error(err)
	}
}

// TestMinCostMaxFlowPrefersMoreFlow: the maximum flow comes first even
// when a smaller flow would be much cheaper.
func TestMinCostMaxFlowPrefersMoreFlow(t *testing.T) {
	g := newFlowNetwork()
	s, a, b, sink := g.addNode(), g.addNode(), g.addNode(), g.addNode()
	costs := []int64{0, 100, 0, 0}
	arcs := []arcID{
		g.addArc(s, a, 3, costs[0]),
		g.addArc(s, b, 2, costs[1]),
		g.addArc(a, sink, 3, costs[2]),
		g.addArc(b, sink, 5, costs[3]),
	}
	if flow := g.minCostMaxFlow(s, sink); flow != 5 {
		t.Fatalf("flow %d, want 5", flow)
	}
	if got := flowCost(g, arcs, costs); got != 200 {
		t.Errorf("cost %d, want 200", got)
	}
}

func TestMinCostMaxFlowNoPath(t *testing.T) {
	g := newFlowNetwork()
	s, a, sink := g.addNode(), g.addNode(), g.addNode()
	arc := g.addArc(s, a, 4, 1)
	g.addArc(a, sink, 0, 0)
	if flow := g.minCostMaxFlow(s, sink); flow != 0 {
		t.Fatalf("flow %d, want 0", flow)
	}
	if g.flow(arc) != 0 || g.saturated(arc) {
		t.Errorf("flow on s→a = %d", g.flow(arc))
	}
}

// TestDistanceQueuePopsSmallestFirst drives the radix heap as Dijkstra
// does (every key pushed is at least the last popped), with small and huge
// steps, and checks each pop against a plain scan for the minimum.
func TestDistanceQueuePopsSmallestFirst(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 7))
	var q distanceQueue
	for round := range 200 {
		q.reset()
		var pending []int64 // the reference: keys not yet popped
		last, pushes := int64(0), 0
		push := func() {
			if pushes++; pushes > 500 {
				return
			}
			step := rng.Int64N(4)
			if rng.IntN(5) == 0 {
				step = rng.Int64N(1 << 40)
			}
			key := last + step
			q.push(key, int32(len(pending)))
			pending = append(pending, key)
		}
		for range 1 + rng.IntN(5) {
			push()
		}
		for q.len() > 0 {
			key, _ := q.pop()
			i := slices.Index(pending, slices.Min(pending))
			if key != pending[i] {
				t.Fatalf("round %d: popped %d, smallest is %d", round, key, pending[i])
			}
			pending = slices.Delete(pending, i, i+1)
			last = key
			for range rng.IntN(3) {
				push()
			}
		}
		if len(pending) != 0 {
			t.Fatalf("round %d: queue empty with %d keys left", round, len(pending))
		}
	}
}
