package courses

import (
	"math"
	"math/bits"
)

// networkSimplex solves a flowNetwork for a minimum-cost maximum flow with
// the primal network simplex method: a spanning tree of basic arcs, rooted
// at the sink, whose node potentials make every tree arc's reduced cost
// zero; each pivot brings in one non-tree arc with a reduced cost of the
// wrong sign, pushes flow round the cycle it closes and drops the arc that
// blocks first. It replaced the primal-dual method (primalDual), which is
// kept as the tests' cross-check, because it was 2× slower than LEMON's
// network simplex on the allocation benchmark (docs/performance.md).
//
// A maximum flow of least cost is a flow of fixed value with a bypass: the
// source supplies everything its arcs could carry, and an extra arc
// source → sink, priced above any augmenting path, takes what the network
// cannot. The optimum sends as little as possible over the bypass (the
// flow is maximum) and among those the cheapest.
//
// The first tree is a shortest-path tree into the sink (shortestPathTree),
// with every tree arc empty and pointing at the sink, and
// the source hanging on the bypass. Its potentials are already optimal
// for every arc that does not leave the source, so the pivots start where
// the real work is, not with the artificial phase of a textbook start.
// Nodes that cannot reach the sink hang on an artificial arc, priced so
// high that it never carries flow in an optimum.
//
// The tree is kept strongly feasible (every tree arc can pass more flow
// towards the root: empty tree arcs point at the root, full ones away from
// it), and of several arcs that block alike the one met last on the cycle,
// walking it from its apex in the direction of the flow, leaves. This
// excludes cycling through degenerate pivots (Cunningham 1976).
//
// The entering arc is chosen by block search: the arcs are scanned in
// blocks of simplexBlockFactor·√m, round-robin, and the arc most in
// violation within the first block that has one enters.
type networkSimplex struct {
	// Arcs: the network's m arcs as added, then the bypass, then the
	// artificial arcs.
	source, target []int32
	capacity, flow []int32
	cost           []int64
	state          []int8 // simplexLower, simplexUpper or 0 (tree arc, or one that can never carry flow)

	// The spanning tree, by node. thread is a preorder of the tree
	// (circular, through the root) and revThread its inverse; the subtree
	// of v is the tree[v].succNum nodes of thread from v on.
	tree               []simplexNode
	thread, revThread  []int32
	potential          []int64
	root               int32
	blockSize, nextArc int
	path, links        []int32 // reused by each tree update
}

// simplexNode is a node's place in the tree, in one record because the
// walks up the tree read all of it.
type simplexNode struct {
	parent, pred int32 // parent node, and the tree arc to it
	succNum      int32 // the size of the node's subtree
	up           bool  // pred points from the node to its parent
}

const (
	simplexLower int8 = 1  // non-tree arc without flow
	simplexUpper int8 = -1 // non-tree arc at capacity
	// simplexInfinite is the capacity of the bypass and the artificial
	// arcs; no flow comes near it (the supply is checked).
	simplexInfinite = math.MaxInt32
	// simplexBlockFactor sets the block size of the pivot search. Blocks
	// of √m (LEMON's default) made the scans half the solve on the
	// allocation benchmark; a fifth of that takes about 20 % more pivots
	// but scans far less (at 150,000 people 410,000 pivots of 170 arcs
	// against 327,000 of 864, 30–40 % less CPU in all).
	simplexBlockFactor = 0.2
	// simplexMaxCost bounds the price of the bypass and the artificial
	// arcs, so that potentials and reduced costs cannot overflow int64.
	simplexMaxCost = 1 << 60
)

// minCostMaxFlowSimplex is minCostMaxFlow by the network simplex method.
// It reports false, having changed nothing, for a network outside the
// ranges it can price without overflow (a supply of 2³⁰ or more, or a
// bypass price (nodes + 1) × (largest cost + 1) of 2⁵⁹ or more: potentials
// then stay within ±2⁶⁰ and reduced costs within int64); minCostMaxFlow
// then falls back to the primal-dual method.
func (g *flowNetwork) minCostMaxFlowSimplex(s, t int32) (int64, bool) {
	m, n := len(g.tail), g.nodes
	var supply int64
	var maxCost int64
	for k := range m {
		if g.tail[k] == s && g.head[k] != s {
			supply += int64(g.capacity[k])
		}
		maxCost = max(maxCost, g.cost[k])
	}
	hi, bypassCost := bits.Mul64(uint64(n)+1, uint64(maxCost)+1)
	if supply >= 1<<30 || hi != 0 || bypassCost >= simplexMaxCost/2 {
		return 0, false
	}
	// The bypass costs more than any simple path (at most n-1 arcs of at
	// most maxCost each), and an artificial arc more than the bypass, so
	// that rerouting a unit from an artificial arc to the bypass always
	// pays (paths into a node cost at least 0).
	ns := newNetworkSimplex(g, s, t, int32(supply), int64(bypassCost))
	for ns.pivot() {
	}
	g.flowOf = ns.flow[:m]
	g.potential = ns.potential
	return supply - int64(ns.flow[m]), true
}

func newNetworkSimplex(g *flowNetwork, s, t int32, supply int32, bypassCost int64) *networkSimplex {
	m, n := len(g.tail), g.nodes
	ns := &networkSimplex{
		// The network's own arrays, extended: with reserveArcs they
		// usually have room for the extra arcs already.
		source:    append(g.tail, s),
		target:    append(g.head, t),
		capacity:  append(g.capacity, simplexInfinite),
		cost:      append(g.cost, bypassCost),
		tree:      make([]simplexNode, n),
		thread:    make([]int32, n),
		revThread: make([]int32, n),
		potential: make([]int64, n),
		root:      t,
	}
	artificialCost := bypassCost + 1
	distance := ns.potential // −potential, until the tree is known
	ns.shortestPathTree(g, s, t)
	for v := range int32(n) {
		if distance[v] != math.MaxInt64 || v == s || v == t {
			continue
		}
		// v cannot reach the sink: an artificial arc v → sink.
		ns.source = append(ns.source, v)
		ns.target = append(ns.target, t)
		ns.capacity = append(ns.capacity, simplexInfinite)
		ns.cost = append(ns.cost, artificialCost)
		ns.tree[v].parent, ns.tree[v].pred, ns.tree[v].up = t, int32(len(ns.source)-1), true
		distance[v] = artificialCost
	}
	bypass := int32(m)
	ns.tree[s].parent, ns.tree[s].pred, ns.tree[s].up = t, bypass, true
	distance[s] = bypassCost
	ns.tree[t].parent, ns.tree[t].pred = -1, -1
	for v := range distance {
		ns.potential[v] = -distance[v]
	}

	arcs := len(ns.source)
	ns.flow = make([]int32, arcs)
	ns.flow[bypass] = supply
	ns.state = make([]int8, arcs)
	for a := range ns.state {
		if ns.capacity[a] > 0 {
			ns.state[a] = simplexLower
		}
	}
	for v := range int32(n) {
		if v != t {
			ns.state[ns.tree[v].pred] = 0
		}
	}
	ns.threadTree()
	ns.blockSize = max(10, int(simplexBlockFactor*math.Sqrt(float64(arcs))))
	return ns
}

// shortestPathTree hangs every node that can reach the sink over arcs
// that can carry flow, leaving the source out, on an arc that starts a
// shortest path into the sink, and stores the distances in ns.potential
// (math.MaxInt64 for the nodes that cannot reach it).
//
// It first relaxes the arcs in insertion order, pass after pass
// (Bellman-Ford), and runs Dijkstra only if that has not settled within
// simplexTreePasses passes. The allocator's network, at most four arcs
// deep, settles in two passes of plain sequential reads (the first
// reaches only the sessions, whose arcs into the sink come last) and a
// third that confirms; Dijkstra needs the arcs into each node laid out
// first and a heap, more than twice the work (docs/performance.md). Only
// strict improvements move a node, so the parent arcs form a tree even
// with cycles of cost zero.
func (ns *networkSimplex) shortestPathTree(g *flowNetwork, s, t int32) {
	if !ns.shortestPathTreeByPasses(g, s, t) {
		ns.shortestPathTreeDijkstra(g, s, t)
	}
}

// simplexTreePasses bounds the Bellman-Ford passes of shortestPathTree.
const simplexTreePasses = 4

// shortestPathTreeByPasses is shortestPathTree by passes over the arcs in
// insertion order; it reports false if they did not settle.
func (ns *networkSimplex) shortestPathTreeByPasses(g *flowNetwork, s, t int32) bool {
	distance, tree := ns.potential, ns.tree
	for v := range distance {
		distance[v] = math.MaxInt64
	}
	distance[t] = 0
	tail := g.tail
	head := g.head[:len(tail)]
	capacity := g.capacity[:len(tail)]
	cost := g.cost[:len(tail)]
	for range simplexTreePasses {
		changed := false
		for k, u := range tail {
			v := head[k]
			if u == s || capacity[k] <= 0 || distance[v] == math.MaxInt64 {
				continue
			}
			if nd := distance[v] + cost[k]; nd < distance[u] {
				distance[u] = nd
				tree[u].parent, tree[u].pred, tree[u].up = v, int32(k), true
				changed = true
			}
		}
		if !changed {
			return true
		}
	}
	return false
}

// shortestPathTreeDijkstra is shortestPathTree by Dijkstra from the sink
// over the reversed arcs.
func (ns *networkSimplex) shortestPathTreeDijkstra(g *flowNetwork, s, t int32) {
	m, n := len(g.tail), g.nodes
	// The arcs into each node, in insertion order.
	firstIn := make([]int32, n+1)
	for k := range m {
		firstIn[g.head[k]+1]++
	}
	for v := range n {
		firstIn[v+1] += firstIn[v]
	}
	in := make([]int32, m)
	next := make([]int32, n)
	copy(next, firstIn[:n])
	for k := range m {
		in[next[g.head[k]]] = int32(k)
		next[g.head[k]]++
	}

	distance := ns.potential
	for v := range distance {
		distance[v] = math.MaxInt64
	}
	settled := make([]bool, n)
	var queue distanceQueue
	distance[t] = 0
	queue.push(0, t)
	for queue.len() > 0 {
		d, v := queue.pop()
		if settled[v] || d > distance[v] {
			continue
		}
		settled[v] = true
		for _, k := range in[firstIn[v]:firstIn[v+1]] {
			u := g.tail[k]
			if u == s || g.capacity[k] <= 0 || settled[u] {
				continue
			}
			if nd := d + g.cost[k]; nd < distance[u] {
				distance[u] = nd
				ns.tree[u].parent, ns.tree[u].pred, ns.tree[u].up = v, k, true
				queue.push(nd, u)
			}
		}
	}
}

// threadTree computes thread, revThread and succNum of the first tree from
// its parent pointers.
func (ns *networkSimplex) threadTree() {
	n := len(ns.tree)
	firstChild := make([]int32, n+1)
	for v, node := range ns.tree {
		if int32(v) != ns.root {
			firstChild[node.parent+1]++
		}
	}
	for v := range n {
		firstChild[v+1] += firstChild[v]
	}
	children := make([]int32, n)
	next := make([]int32, n)
	copy(next, firstChild[:n])
	for v, node := range ns.tree {
		if int32(v) != ns.root {
			children[next[node.parent]] = int32(v)
			next[node.parent]++
		}
	}
	// Preorder by an explicit stack; next[v] is v's next child to visit.
	copy(next, firstChild[:n])
	order := make([]int32, 0, n)
	stack := []int32{ns.root}
	order = append(order, ns.root)
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		if next[v] == firstChild[v+1] {
			stack = stack[:len(stack)-1]
			continue
		}
		c := children[next[v]]
		next[v]++
		order = append(order, c)
		stack = append(stack, c)
	}
	for i, v := range order {
		w := order[(i+1)%len(order)]
		ns.thread[v], ns.revThread[w] = w, v
	}
	for i := len(order) - 1; i >= 0; i-- {
		v := order[i]
		ns.tree[v].succNum++
		if v != ns.root {
			ns.tree[ns.tree[v].parent].succNum += ns.tree[v].succNum
		}
	}
}

// entering finds an arc to enter the tree by block search, or -1 if none
// violates its optimality condition (the flow is optimal).
func (ns *networkSimplex) entering() int32 {
	arcs := len(ns.state)
	start := ns.nextArc
	for scanned := 0; scanned < arcs; {
		end := min(start+ns.blockSize, arcs)
		best, at := bestInBlock(ns.source[start:end], ns.target[start:end], ns.cost[start:end], ns.state[start:end], ns.potential)
		scanned += end - start
		bestArc := int32(start + at)
		if start = end; start == arcs {
			start = 0
		}
		if best < 0 {
			ns.nextArc = start
			return bestArc
		}
	}
	return -1
}

// bestInBlock returns the least state × reduced cost among the arcs of
// one block, and where in the block it is; the least is negative exactly
// if an arc in the block violates its optimality condition (an empty arc
// with negative reduced cost or a full one with positive). The search is
// most of the simplex's instructions; on its own the loop keeps its
// values in registers (within entering the compiler kept the index and
// three of the arrays on the stack, 27 instructions per arc).
//
//go:noinline
func bestInBlock(source, target []int32, cost []int64, state []int8, potential []int64) (best int64, at int) {
	// Windows of equal length, so that the loop needs no bounds checks
	// but those of the potentials.
	target = target[:len(source)]
	cost = cost[:len(source)]
	state = state[:len(source)]
	for i, u := range source {
		c := int64(state[i]) * (cost[i] + potential[u] - potential[target[i]])
		if c < best {
			best, at = c, i
		}
	}
	return best, at
}

// pivot performs one pivot and reports false when the flow is optimal.
func (ns *networkSimplex) pivot() bool {
	e := ns.entering()
	if e < 0 {
		return false
	}
	ns.pivotOn(e)
	return true
}

// pivotOn brings the eligible arc e into the tree.
func (ns *networkSimplex) pivotOn(e int32) {
	// Flow goes round the cycle first → second over e, then up the tree
	// from second to the apex join, and down from join to first.
	first, second := ns.source[e], ns.target[e]
	if ns.state[e] == simplexUpper {
		first, second = second, first
	}
	join, delta, out, outFirstSide := ns.cycle(first, second, ns.capacity[e])

	if delta > 0 {
		ns.flow[e] += int32(ns.state[e]) * delta
		for u := first; u != join; u = ns.tree[u].parent {
			if ns.tree[u].up {
				ns.flow[ns.tree[u].pred] -= delta
			} else {
				ns.flow[ns.tree[u].pred] += delta
			}
		}
		for u := second; u != join; u = ns.tree[u].parent {
			if ns.tree[u].up {
				ns.flow[ns.tree[u].pred] += delta
			} else {
				ns.flow[ns.tree[u].pred] -= delta
			}
		}
	}
	if out < 0 {
		// e itself blocks: it goes from empty to full or back.
		ns.state[e] = -ns.state[e]
		return
	}
	leaving := ns.tree[out].pred
	ns.state[leaving] = simplexUpper
	if ns.flow[leaving] == 0 {
		ns.state[leaving] = simplexLower
	}
	ns.state[e] = 0
	uIn, vIn := second, first
	if outFirstSide {
		uIn, vIn = first, second
	}
	ns.rehang(e, uIn, vIn, out, join)
}

// cycle walks the tree paths from first and second up to their nearest
// common ancestor, the apex join, and finds on the way the arc that
// leaves: the blocking arc met last from the apex in the flow's direction.
// Flow goes down from join to first, over the entering arc (which can take
// limit more) and up from second to join. On first's side that is the
// arc nearest first among those that block alike (walking up, only a
// strictly smaller residual wins); on second's side the one nearest join
// (a residual equal to the least so far wins), and second's side beats
// first's side and the entering arc on a tie. out is the node below the
// leaving arc, or −1 if the entering arc blocks itself.
//
// One walk serves both: a node's subtree is larger than each of its
// descendants', so the side whose node has the smaller subtree cannot be
// at the ancestor yet and moves up (each side visits exactly its path to
// join, in order).
func (ns *networkSimplex) cycle(first, second, limit int32) (join, delta, out int32, outFirstSide bool) {
	tree, capacity, flow := ns.tree, ns.capacity, ns.flow
	firstMin, firstOut := limit, int32(-1)
	secondMin, secondOut := int32(math.MaxInt32), int32(-1)
	u, v := first, second
	for u != v {
		if tree[u].succNum < tree[v].succNum {
			// Down from join to first: the arc must carry more towards
			// first, which for an arc pointing up means less flow.
			a := tree[u].pred
			d := capacity[a] - flow[a]
			if tree[u].up {
				d = flow[a]
			}
			if d < firstMin {
				firstMin, firstOut = d, u
			}
			u = tree[u].parent
		} else {
			a := tree[v].pred
			d := flow[a]
			if tree[v].up {
				d = capacity[a] - flow[a]
			}
			if d <= secondMin {
				secondMin, secondOut = d, v
			}
			v = tree[v].parent
		}
	}
	delta, out, outFirstSide = firstMin, firstOut, firstOut >= 0
	if secondOut >= 0 && secondMin <= delta {
		delta, out, outFirstSide = secondMin, secondOut, false
	}
	return u, delta, out, outFirstSide
}

// shiftThread adds sigma to the potentials of count > 0 nodes of the
// thread from x on, and returns the last of them.
// The walks through moved subtrees are the simplex's largest cost; on
// their own the loops keep their few values in registers (within rehang
// the compiler kept the counter and the arrays on the stack).
//
//go:noinline
func shiftThread(potential []int64, thread []int32, x, count int32, sigma int64) (last int32) {
	for ; count > 0; count-- {
		potential[x] += sigma
		last, x = x, thread[x]
	}
	return last
}

// shiftThreadUntil adds sigma to the potentials of the nodes of the thread
// from x (included) to stop (excluded, and met after x), and returns the
// last of them and how many there were.
//
//go:noinline
func shiftThreadUntil(potential []int64, thread []int32, x, stop int32, sigma int64) (last, count int32) {
	for ; x != stop; x = thread[x] {
		potential[x] += sigma
		last = x
		count++
	}
	return last, count
}

// rehang moves the subtree of out (which contains uIn) to hang from vIn by
// the arc e, re-rooted at uIn: the tree path uIn → … → out is reversed.
//
// With w₀ = uIn, …, w_k = out on that path and S_i the old subtree of w_i
// (S₀ ⊂ S₁ ⊂ … ⊂ S_k, each a contiguous stretch of the old thread), a
// preorder of the moved subtree is S₀, S₁∖S₀, …, S_k∖S_{k−1}, each in its
// old order: w_{i+1} becomes the last child of w_i. S_i∖S_{i−1} is the
// stretch of S_i before S_{i−1} and the one after it, so the new thread
// differs from the old one in only a few links per node of the path. The
// one walk through the moved subtree finds them, and shifts its
// potentials on the way.
func (ns *networkSimplex) rehang(e, uIn, vIn, out, join int32) {
	tree, thread, potential := ns.tree, ns.thread, ns.potential
	ns.path = ns.path[:0]
	for w := uIn; ; w = tree[w].parent {
		ns.path = append(ns.path, w)
		if w == out {
			break
		}
	}
	size := tree[out].succNum
	up := ns.source[e] == uIn
	want := potential[vIn] + ns.cost[e]
	if up {
		want = potential[vIn] - ns.cost[e]
	}
	sigma := want - potential[uIn]

	// Walk the new preorder over the old thread. links collects the new
	// thread's links from one stretch to the next, as (from, to) pairs,
	// set only after the walk, which still needs the old ones.
	links := ns.links[:0]
	// last: the old last node of S_i so far; end: the end of the stretch
	// walked last.
	last := shiftThread(potential, thread, uIn, tree[uIn].succNum, sigma)
	end := last
	for i := 1; i < len(ns.path); i++ {
		w, inner := ns.path[i], ns.path[i-1]
		links = append(links, end, w)
		// The stretch of S_i before S_{i−1} (it starts with w, so it is
		// not empty), then the one after it, if any.
		var before int32
		end, before = shiftThreadUntil(potential, thread, w, inner, sigma)
		if rest := tree[w].succNum - tree[inner].succNum - before; rest > 0 {
			x := thread[last] // last is still S_{i−1}'s last node
			links = append(links, end, x)
			last = shiftThread(potential, thread, x, rest, sigma)
			end = last
		}
	}
	ns.links = links
	before, after := ns.revThread[out], thread[last]

	// Cut the old stretch out, and splice the new one in after vIn.
	thread[before], ns.revThread[after] = after, before
	nx := thread[vIn]
	thread[vIn], ns.revThread[uIn] = uIn, vIn
	for i := 0; i < len(links); i += 2 {
		thread[links[i]], ns.revThread[links[i+1]] = links[i+1], links[i]
	}
	thread[end], ns.revThread[nx] = nx, end

	// Subtree sizes: the stretch from out's old parent up to join loses
	// the subtree, the one from vIn up to join gains it.
	for v := tree[out].parent; v != join; v = tree[v].parent {
		tree[v].succNum -= size
	}
	for v := vIn; v != join; v = tree[v].parent {
		tree[v].succNum += size
	}
	// Reverse the path, reading each node's old values before they change.
	for i := len(ns.path) - 1; i >= 1; i-- {
		w, inner := ns.path[i], ns.path[i-1]
		tree[w] = simplexNode{parent: inner, pred: tree[inner].pred, succNum: size - tree[inner].succNum, up: !tree[inner].up}
	}
	tree[uIn] = simplexNode{parent: vIn, pred: e, succNum: size, up: up}
}
