package courses

import (
	"encoding/binary"
	"hash/maphash"
	"math/big"
	"math/bits"
	"slices"
)

// allocationNetwork is the flow network whose minimum-cost maximum flows are
// exactly the optimal allocations:
//
//	source → group g            capacity: members of g             cost 0
//	group g → (d, s)            for each s g ranks; capacity |g|   cost rank_costs[k]
//	(d, s) → (m, s)             department cap of d                cost 0
//	(m, s) → s                  municipality quota of m            cost 0
//	s → sink                    capacity of s                      cost 0
//
// where d is the group's department, m its municipality and s a session. A
// group gathers the people who are interchangeable for the allocator (same
// municipality, department and preference list), so identical people cost
// one node, not many. A limit node that no demand can fill is left out (see
// networkBuilder.entry).
//
// Why a flow is exact here: a person, its department and its municipality
// form a chain (each department lies inside one municipality), so for every
// session the limits are nested sets and each person's seat passes through
// exactly one arc per limit. Integral capacities give an integral optimal
// flow, so no limit is ever split or rounded. Non-nested limits (say, a cap
// per job title across municipalities) would break this.
type allocationNetwork struct {
	graph        *flowNetwork
	source, sink int32
	groups       applicantGroups
	sessionArc   []arcID                     // s → sink, by session index
	municipality unitSessionTable[limitNode] // by municipalityKey; only limits that can bind
	department   unitSessionTable[limitNode] // by departmentKey; only limits that can bind
	sessions     int64
}

// applicantGroups are the sets of interchangeable people. Their lists lie
// back to back in three shared arrays: at 150,000 people there are nearly
// as many groups, and a small allocation per list would be most of the
// allocator's garbage.
type applicantGroups struct {
	list        []applicantGroup
	preferences []int32 // session indices, best first
	arcs        []arcID // group → (d, s), parallel to preferences
	members     []int32 // person indices, in input order
}

// applicantGroup is a set of interchangeable people: 24 bytes, with its
// lists as ranges of the shared arrays. (Three slices made it 80 bytes,
// 1.2 MB of fresh memory at 15,000 people, a page fault per 50 groups.)
type applicantGroup struct {
	municipality int32
	department   int32
	first, end   int32 // preferences[first:end], arcs[first:end]
	firstMember  int32 // members[firstMember:endMember]
	endMember    int32
}

// size is how many people the group stands for.
func (g *applicantGroup) size() int32 { return g.endMember - g.firstMember }

func (gs *applicantGroups) preferencesOf(g *applicantGroup) []int32 {
	return gs.preferences[g.first:g.end:g.end]
}

func (gs *applicantGroups) arcsOf(g *applicantGroup) []arcID {
	return gs.arcs[g.first:g.end:g.end]
}

func (gs *applicantGroups) membersOf(g *applicantGroup) []int32 {
	return gs.members[g.firstMember:g.endMember:g.endMember]
}

// limitNode is a (department, session) or (municipality, session) node and
// the arc that carries its limit onwards. Its zero value stands for no
// node: node 0 is the source.
type limitNode struct {
	node int32
	out  arcID
}

func buildAllocationNetwork(p Problem) *allocationNetwork {
	sessionIndex := make(map[string]int32, len(p.Sessions))
	for i, s := range p.Sessions {
		sessionIndex[s.ID] = int32(i)
	}
	units := indexUnits(p.People)
	municipalityQuota := make([]int32, len(units.municipalitySize))
	for m, n := range units.municipalitySize {
		municipalityQuota[m] = municipalityQuotaOf(p.Policy.MunicipalityShare, n, len(p.Sessions))
	}
	departmentCap := make([]int32, len(units.departmentSize))
	for d, n := range units.departmentSize {
		departmentCap[d] = ceilShare(p.Policy.DepartmentShare, 1, 2, n)
	}

	preferences := 0
	for _, a := range p.People {
		preferences += len(a.Preferences)
	}
	municipalities, departments := len(units.municipalitySize), len(units.departmentSize)
	net := &allocationNetwork{
		graph:        newFlowNetwork(),
		groups:       groupApplicants(p.People, units, sessionIndex, preferences),
		sessionArc:   make([]arcID, len(p.Sessions)),
		municipality: newUnitSessionTable[limitNode](municipalities, len(p.Sessions), preferences),
		department:   newUnitSessionTable[limitNode](departments, len(p.Sessions), preferences),
		sessions:     int64(len(p.Sessions)),
	}
	b := networkBuilder{
		net:                net,
		municipalityQuota:  municipalityQuota,
		departmentCap:      departmentCap,
		municipalityDemand: newUnitSessionTable[int32](municipalities, len(p.Sessions), preferences),
		departmentDemand:   newUnitSessionTable[int32](departments, len(p.Sessions), preferences),
		sessionNode:        make([]int32, len(p.Sessions)),
	}
	// Arcs: one from the source and one per preference for each group, one
	// per session to the sink, one per limit that can bind, and the
	// solver's bypass: reserved exactly, so that the arrays are neither
	// copied while they grow nor larger than needed.
	arcs := len(p.Sessions) + 1
	groups := &net.groups
	for gi := range groups.list {
		group := &groups.list[gi]
		preferences := groups.preferencesOf(group)
		if len(preferences) > 0 {
			arcs += 1 + len(preferences)
		}
		for _, s := range preferences {
			mKey, dKey := net.municipalityKey(group, s), net.departmentKey(group, s)
			b.municipalityDemand.set(mKey, b.municipalityDemand.get(mKey)+group.size())
			b.departmentDemand.set(dKey, b.departmentDemand.get(dKey)+group.size())
		}
	}
	g := net.graph
	b.municipalityDemand.each(func(key int64, demand int32) {
		if demand > municipalityQuota[key/net.sessions] {
			arcs++
		}
	})
	b.departmentDemand.each(func(key int64, demand int32) {
		if demand > departmentCap[key/net.sessions] {
			arcs++
		}
	})
	g.reserveArcs(arcs)
	groups.arcs = make([]arcID, len(groups.preferences))
	net.source, net.sink = g.addNode(), g.addNode()
	for s := range p.Sessions {
		b.sessionNode[s] = g.addNode()
	}
	for gi := range groups.list {
		group := &groups.list[gi]
		if group.end == group.first {
			continue
		}
		node := g.addNode()
		g.addArc(net.source, node, group.size(), 0)
		arcs := groups.arcsOf(group)
		for k, s := range groups.preferencesOf(group) {
			arcs[k] = g.addArc(node, b.entry(group, s), group.size(), p.Policy.rankCost(k))
		}
	}
	for s, session := range p.Sessions {
		net.sessionArc[s] = g.addArc(b.sessionNode[s], net.sink, int32(session.Capacity), 0)
	}
	return net
}

// networkBuilder holds what is needed only while the network is built.
type networkBuilder struct {
	net                                  *allocationNetwork
	municipalityQuota, departmentCap     []int32
	municipalityDemand, departmentDemand unitSessionTable[int32] // people who rank the session
	sessionNode                          []int32
}

// entry returns the node through which group g enters session s: its
// (d, s) node, which leads to the (m, s) node, which leads to s. A limit that
// is at least the number of people who rank s at all can never bind, so its
// node is left out and the path goes straight on. That leaves the optimum
// unchanged and keeps the augmenting paths short (less work per search).
func (b *networkBuilder) entry(g *applicantGroup, s int32) int32 {
	net := b.net
	next := b.sessionNode[s]
	mKey := net.municipalityKey(g, s)
	if b.municipalityDemand.get(mKey) > b.municipalityQuota[g.municipality] {
		next = b.limit(&net.municipality, mKey, b.municipalityQuota[g.municipality], next)
	}
	dKey := net.departmentKey(g, s)
	if b.departmentDemand.get(dKey) > b.departmentCap[g.department] {
		next = b.limit(&net.department, dKey, b.departmentCap[g.department], next)
	}
	return next
}

// limit returns the node of the limit with the given key, creating it (with
// its one arc of capacity bound towards next) on first use.
func (b *networkBuilder) limit(limits *unitSessionTable[limitNode], key int64, bound int32, next int32) int32 {
	node := limits.get(key)
	if node.node == 0 {
		node.node = b.net.graph.addNode()
		node.out = b.net.graph.addArc(node.node, next, bound, 0)
		limits.set(key, node)
	}
	return node.node
}

func (net *allocationNetwork) municipalityKey(g *applicantGroup, s int32) int64 {
	return int64(g.municipality)*net.sessions + int64(s)
}

func (net *allocationNetwork) departmentKey(g *applicantGroup, s int32) int64 {
	return int64(g.department)*net.sessions + int64(s)
}

// organisationalUnits numbers municipalities and departments in order of
// first appearance and counts their people. A department is identified by
// its municipality and its name: "Bürgerbüro" of one town is not that of
// the next.
type organisationalUnits struct {
	municipalityOf   []int32 // by person
	departmentOf     []int32 // by person
	municipalitySize []int
	departmentSize   []int
}

func indexUnits(people []Applicant) organisationalUnits {
	u := organisationalUnits{
		municipalityOf: make([]int32, len(people)),
		departmentOf:   make([]int32, len(people)),
	}
	// Departments by name within their municipality: string keys hash
	// faster than pairs of strings.
	municipalities := make(map[string]int32)
	var departments []map[string]int32 // by municipality
	for i, a := range people {
		m, ok := municipalities[a.Municipality]
		if !ok {
			m = int32(len(u.municipalitySize))
			municipalities[a.Municipality] = m
			u.municipalitySize = append(u.municipalitySize, 0)
			departments = append(departments, make(map[string]int32))
		}
		d, ok := departments[m][a.Department]
		if !ok {
			d = int32(len(u.departmentSize))
			departments[m][a.Department] = d
			u.departmentSize = append(u.departmentSize, 0)
		}
		u.municipalityOf[i], u.departmentOf[i] = m, d
		u.municipalitySize[m]++
		u.departmentSize[d]++
	}
	return u
}

// groupApplicants gathers people with the same department (hence
// municipality) and the same preference list, in order of first appearance.
//
// The groups are found through a hash table of their numbers, which
// compares a person's list with the group's own range: a map keyed by
// the encoded list cost a string per group and most of the grouping's
// time. The hash is seeded at random (maphash), so that no file can make
// many lists collide; the groups' order does not depend on it.
func groupApplicants(people []Applicant, units organisationalUnits, sessionIndex map[string]int32, total int) applicantGroups {
	// At most one group per person and total preferences in all: reserved
	// up front, the arrays are not copied again and again while they grow
	// (at 150,000 people that was two thirds of the allocator's
	// allocations).
	gs := applicantGroups{
		list:        make([]applicantGroup, 0, len(people)),
		preferences: make([]int32, 0, total),
		members:     make([]int32, len(people)),
	}
	groupOf := make([]int32, len(people))
	// Open addressing, at most half full: group number + 1, 0 for none.
	slots := make([]int32, max(16, 1<<bits.Len(uint(2*len(people)))))
	mask := uint64(len(slots) - 1)
	seed := maphash.MakeSeed()
	key := make([]byte, 0, 64)
	for i, a := range people {
		d := units.departmentOf[i]
		key = binary.AppendUvarint(key[:0], uint64(d))
		start := int32(len(gs.preferences))
		for _, id := range a.Preferences {
			s := sessionIndex[id]
			gs.preferences = append(gs.preferences, s)
			key = binary.AppendUvarint(key, uint64(s))
		}
		list := gs.preferences[start:]
		// Probe from the key's slot to this group's slot or a free one.
		slot := maphash.Bytes(seed, key) & mask
		for slots[slot] != 0 {
			if g := &gs.list[slots[slot]-1]; g.department == d && slices.Equal(gs.preferencesOf(g), list) {
				break
			}
			slot = (slot + 1) & mask
		}
		if slots[slot] == 0 {
			slots[slot] = int32(len(gs.list)) + 1
			gs.list = append(gs.list, applicantGroup{
				municipality: units.municipalityOf[i],
				department:   d,
				first:        start,
				end:          start + int32(len(list)),
			})
		} else {
			gs.preferences = gs.preferences[:start] // the group has them
		}
		groupOf[i] = slots[slot] - 1
	}
	// Lay out the members group after group: count them, then place each
	// person at the end of their group's range.
	for _, gi := range groupOf {
		gs.list[gi].endMember++
	}
	next := int32(0)
	for gi := range gs.list {
		g := &gs.list[gi]
		g.firstMember, g.endMember, next = next, next, next+g.endMember
	}
	for i, gi := range groupOf {
		g := &gs.list[gi]
		gs.members[g.endMember] = int32(i)
		g.endMember++
	}
	return gs
}

// municipalityQuotaOf is ceil(share × n), with the contract's default share
// 1/sessions computed in integers so that "a third each" is exact.
func municipalityQuotaOf(share *big.Rat, n, sessions int) int32 {
	if sessions == 0 {
		return 0 // nobody can prefer a session that does not exist
	}
	return ceilShare(share, 1, int64(sessions), n)
}

// ceilShare is ceil(share × n), exactly; a nil share means
// defaultNum/defaultDen.
func ceilShare(share *big.Rat, defaultNum, defaultDen int64, n int) int32 {
	num, den := big.NewInt(defaultNum), big.NewInt(defaultDen)
	if share != nil {
		num, den = share.Num(), share.Denom()
	}
	product := new(big.Int).Mul(num, big.NewInt(int64(n)))
	product.Add(product, den)
	product.Sub(product, big.NewInt(1))
	product.Quo(product, den)
	// share ≤ 1 (validated), so the result is at most n and fits.
	return int32(product.Int64())
}
