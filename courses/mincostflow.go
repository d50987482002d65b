package courses

import (
	"math"
	"math/bits"
	"slices"
)

// flowNetwork is a directed graph with integer capacities and costs, solved
// for a minimum-cost maximum flow. minCostMaxFlow runs the network simplex
// method (networkSimplex, mincostflow_simplex.go). The primal-dual method
// here (primalDual) was the solver before; it stays as the tests'
// independent cross-check and as the fallback for networks beyond the
// simplex's int32 flows. It works as follows: Dijkstra on reduced costs
// gives the length of the shortest augmenting path, and a blocking flow
// (Dinic) then saturates all shortest paths of that length at once.
// Successive shortest paths with one Dijkstra per augmentation would need
// one Dijkstra per person placed; here one Dijkstra serves every augmenting
// path of the same cost, and in an allocation there are few distinct path
// costs, because rank costs are small integers.
//
// Arcs are added first. The simplex works on them as added; the
// primal-dual method first freezes them into a compressed adjacency layout
// in which the arcs leaving a node are contiguous, in insertion order. Both
// depend on nothing but the order of insertion.
type flowNetwork struct {
	nodes int

	// Arc k as added.
	tail, head []int32
	capacity   []int32
	cost       []int64

	// After freeze (primal-dual only): arcs (forward and reverse) in
	// adjacency order.
	first   []int32   // arcs leaving v are first[v] … first[v+1]-1
	arcs    []flowArc // what the hot loops read, packed together
	reverse []int32   // position of the reverse arc
	// pairCapacity is the residual capacity of an arc and its reverse
	// together, which never changes: the reverse's residual capacity is
	// pairCapacity[a] - arcs[a].residual, read in the same sweep over a
	// node's arcs instead of through a cache miss at reverse[a].
	pairCapacity []int32
	position     []int32 // position of arc k (as added) in adjacency order

	// After minCostMaxFlow: flowOf is the flow on arc k (as added), and
	// potential a dual solution: every arc with residual capacity has a
	// non-negative reduced cost c(u,v) + potential(u) − potential(v) under
	// it, which certifies that no cheaper flow of the same value exists.
	flowOf    []int32
	potential []int64
}

// flowArc is one arc in adjacency order. reduced is its cost minus the
// potential difference of its ends, kept up to date as the potentials
// change, so that the searches never look up a potential.
type flowArc struct {
	to       int32
	residual int32
	reduced  int64
}

// arcID names an arc as returned by addArc.
type arcID int32

func newFlowNetwork() *flowNetwork {
	return &flowNetwork{}
}

// reserveArcs makes room for n more arcs at once, so that a large network
// is not copied again and again while it grows.
func (g *flowNetwork) reserveArcs(n int) {
	g.tail = slices.Grow(g.tail, n)
	g.head = slices.Grow(g.head, n)
	g.capacity = slices.Grow(g.capacity, n)
	g.cost = slices.Grow(g.cost, n)
}

// addNode adds a node and returns its number; nodes are numbered from 0.
func (g *flowNetwork) addNode() int32 {
	g.nodes++
	return int32(g.nodes - 1)
}

// addArc adds an arc u→v with a non-negative cost; it must be called before
// minCostMaxFlow.
func (g *flowNetwork) addArc(u, v int32, capacity int32, cost int64) arcID {
	g.tail = append(g.tail, u)
	g.head = append(g.head, v)
	g.capacity = append(g.capacity, capacity)
	g.cost = append(g.cost, cost)
	return arcID(len(g.tail) - 1)
}

// flow is the flow on arc a after minCostMaxFlow.
func (g *flowNetwork) flow(a arcID) int32 {
	return g.flowOf[a]
}

// saturated reports whether arc a carries as much as its capacity.
func (g *flowNetwork) saturated(a arcID) bool {
	return g.flowOf[a] == g.capacity[a]
}

// freeze lays the arcs out in adjacency order: arc k goes into its tail's
// range, and its reverse (residual capacity 0, negated cost) into its
// head's range, both in insertion order.
func (g *flowNetwork) freeze() {
	n, m := g.nodes, len(g.tail)
	g.first = make([]int32, n+1)
	for k := range m {
		g.first[g.tail[k]+1]++
		g.first[g.head[k]+1]++
	}
	for v := range n {
		g.first[v+1] += g.first[v]
	}
	next := make([]int32, n)
	copy(next, g.first[:n])
	g.arcs = make([]flowArc, 2*m)
	g.reverse = make([]int32, 2*m)
	g.pairCapacity = make([]int32, 2*m)
	g.position = make([]int32, m)
	for k := range m {
		u, v := g.tail[k], g.head[k]
		fwd, back := next[u], next[v]
		next[u]++
		next[v]++
		g.position[k] = fwd
		g.arcs[fwd] = flowArc{to: v, residual: g.capacity[k], reduced: g.cost[k]}
		g.arcs[back] = flowArc{to: u, residual: 0, reduced: -g.cost[k]}
		g.reverse[fwd], g.reverse[back] = back, fwd
		g.pairCapacity[fwd], g.pairCapacity[back] = g.capacity[k], g.capacity[k]
	}
}

// minCostMaxFlow sends as much flow as possible from s to t and, among all
// maximum flows, one of least total cost. All arc costs must be
// non-negative. It returns the value of the flow. It runs the network
// simplex method (minCostMaxFlowSimplex), and the primal-dual method only
// for a network too large for the simplex's int32 flows and int64 prices.
func (g *flowNetwork) minCostMaxFlow(s, t int32) int64 {
	if total, ok := g.minCostMaxFlowSimplex(s, t); ok {
		return total
	}
	return g.minCostMaxFlowPrimalDual(s, t)
}

// minCostMaxFlowPrimalDual is minCostMaxFlow by the primal-dual method
// (see primalDual). The non-negative costs make the zero potential a
// valid start. It was the allocator's solver before the network simplex
// and is the tests' cross-check of it.
func (g *flowNetwork) minCostMaxFlowPrimalDual(s, t int32) int64 {
	g.freeze()
	pd := primalDual{
		g:         g,
		source:    s,
		sink:      t,
		potential: make([]int64, g.nodes),
		distance:  make([]int64, g.nodes),
		settled:   make([]bool, g.nodes),
		level:     make([]int32, g.nodes),
		current:   make([]int32, g.nodes),
	}
	var total int64
	for pd.shortestPaths() {
		for pd.levelAdmissible() {
			copy(pd.current, g.first[:g.nodes])
			for {
				pushed := pd.push(s, math.MaxInt32)
				if pushed == 0 {
					break
				}
				total += int64(pushed)
			}
		}
	}
	g.potential = pd.potential
	g.flowOf = make([]int32, len(g.position))
	for k, fwd := range g.position {
		g.flowOf[k] = g.arcs[g.reverse[fwd]].residual
	}
	return total
}

// primalDual is the working state of one minCostMaxFlow run.
//
// Invariant: every arc with residual capacity has a non-negative reduced
// cost. Dijkstra keeps it (see shortestPaths), and flow is only ever pushed
// along arcs of reduced cost zero, whose reverses then also have reduced
// cost zero.
type primalDual struct {
	g            *flowNetwork
	source, sink int32
	potential    []int64
	distance     []int64
	settled      []bool
	frontier     distanceQueue
	level        []int32
	current      []int32 // Dinic's next arc to try, per node
	queue        []int32
}

// shortestPaths runs Dijkstra on reduced costs from the source, stopping as
// soon as the sink is settled, and raises each potential by
// min(distance, distance to sink). Afterwards every shortest augmenting path
// consists of arcs of reduced cost zero. It reports false when the sink is
// unreachable, i.e. the flow is maximum.
func (pd *primalDual) shortestPaths() bool {
	g := pd.g
	for v := range pd.distance {
		pd.distance[v] = math.MaxInt64
		pd.settled[v] = false
	}
	pd.distance[pd.source] = 0
	pd.frontier.reset()
	pd.frontier.push(0, pd.source)
	reached := false
	for pd.frontier.len() > 0 {
		d, u := pd.frontier.pop()
		if pd.settled[u] || d > pd.distance[u] {
			continue
		}
		pd.settled[u] = true
		if u == pd.sink {
			reached = true
			break
		}
		// No test for settled heads: reduced costs are non-negative, so a
		// settled head is never improved, and skipping that lookup saves a
		// cache miss per arc.
		for _, arc := range g.arcs[g.first[u]:g.first[u+1]] {
			if arc.residual == 0 {
				continue
			}
			if nd := d + arc.reduced; nd < pd.distance[arc.to] {
				pd.distance[arc.to] = nd
				pd.frontier.push(nd, arc.to)
			}
		}
	}
	if !reached {
		return false
	}
	// Nodes not settled are at least as far as the sink; capping their
	// raise at the sink's distance keeps every reduced cost non-negative
	// (d(w) ≤ d(u) + c̄(u,w) survives taking the minimum with d(t) on both
	// sides).
	dt := pd.distance[pd.sink]
	raise := pd.distance // reused: distance is not needed any more
	for v, done := range pd.settled {
		if !done {
			raise[v] = dt
		}
		pd.potential[v] += raise[v]
	}
	for u := range int32(g.nodes) {
		ru := raise[u]
		arcs := g.arcs[g.first[u]:g.first[u+1]]
		for i := range arcs {
			arcs[i].reduced += ru - raise[arcs[i].to]
		}
	}
	return true
}

// levelAdmissible numbers the nodes by their breadth-first distance to the
// sink over admissible arcs — residual capacity left and reduced cost zero,
// i.e. on a shortest augmenting path — and reports whether the source
// reaches the sink. This is Dinic's level graph, built backwards from the
// sink: late in a run only few nodes still lead to the sink while many are
// reachable from the source, so the backward search touches far less. The
// levels also keep the search out of zero-cost cycles.
func (pd *primalDual) levelAdmissible() bool {
	g := pd.g
	for v := range pd.level {
		pd.level[v] = -1
	}
	pd.level[pd.sink] = 0
	pd.queue = append(pd.queue[:0], pd.sink)
	sourceLevel := int32(math.MaxInt32)
	for i := 0; i < len(pd.queue); i++ {
		v := pd.queue[i]
		next := pd.level[v] + 1
		if next > sourceLevel {
			break
		}
		// The arcs stored at v are the reverses of the arcs into v. An arc
		// and its reverse have opposite reduced costs and complementary
		// residual capacities, so the arc into v is judged without being
		// fetched.
		for a := g.first[v]; a < g.first[v+1]; a++ {
			back := &g.arcs[a]
			if back.reduced != 0 || pd.level[back.to] >= 0 {
				continue
			}
			u := back.to
			if g.pairCapacity[a] > back.residual {
				pd.level[u] = next
				pd.queue = append(pd.queue, u)
				if u == pd.source {
					sourceLevel = next
				}
			}
		}
	}
	return pd.level[pd.source] >= 0
}

// push sends up to limit units from u towards the sink along level-graph
// arcs (each one step closer to the sink) and returns how much it sent.
func (pd *primalDual) push(u int32, limit int32) int32 {
	if u == pd.sink {
		return limit
	}
	g := pd.g
	var sent int32
	for end := g.first[u+1]; pd.current[u] < end; pd.current[u]++ {
		a := pd.current[u]
		arc := &g.arcs[a]
		if arc.residual == 0 || arc.reduced != 0 || pd.level[arc.to] != pd.level[u]-1 {
			continue
		}
		d := pd.push(arc.to, min(limit-sent, arc.residual))
		if d == 0 {
			continue
		}
		arc.residual -= d
		g.arcs[g.reverse[a]].residual += d
		sent += d
		if sent == limit {
			// The arc may have capacity left: try it again next time.
			return sent
		}
	}
	// Nothing more gets through u in this level graph.
	pd.level[u] = -1
	return sent
}

// distanceQueue is a radix heap of (distance, node): a bucket queue for
// integer keys that never fall below the last key popped, which Dijkstra's
// keys never do (reduced costs are non-negative). Bucket 0 holds keys equal
// to the last popped; bucket i > 0 keys whose highest bit differing from it
// is bit i-1. Popping empties the lowest non-empty bucket into lower ones,
// so every entry moves at most 64 times, and in an allocation, where most
// distances are 0 or a few small rank costs apart, hardly at all. It
// replaced a binary heap whose pops were a fifth of each Dijkstra run.
// Stale entries are skipped by the caller.
type distanceQueue struct {
	last    int64
	size    int
	buckets [65][]queueEntry
}

type queueEntry struct {
	key  int64
	node int32
}

func (q *distanceQueue) reset() {
	q.last, q.size = 0, 0
	for i := range q.buckets {
		q.buckets[i] = q.buckets[i][:0]
	}
}

func (q *distanceQueue) len() int { return q.size }

func (q *distanceQueue) bucket(key int64) int {
	return bits.Len64(uint64(key ^ q.last))
}

// push adds a key no smaller than the last one popped.
func (q *distanceQueue) push(key int64, node int32) {
	b := q.bucket(key)
	q.buckets[b] = append(q.buckets[b], queueEntry{key, node})
	q.size++
}

// pop removes an entry of the smallest key; the queue must not be empty.
func (q *distanceQueue) pop() (int64, int32) {
	if len(q.buckets[0]) == 0 {
		i := 1
		for len(q.buckets[i]) == 0 {
			i++
		}
		entries := q.buckets[i]
		q.last = entries[0].key
		for _, e := range entries[1:] {
			q.last = min(q.last, e.key)
		}
		for _, e := range entries {
			b := q.bucket(e.key) // < i: e shares the bits above i-1 with last
			q.buckets[b] = append(q.buckets[b], e)
		}
		q.buckets[i] = entries[:0]
	}
	top := q.buckets[0]
	e := top[len(top)-1]
	q.buckets[0] = top[:len(top)-1]
	q.size--
	return e.key, e.node
}
