package courses

import (
	"io"
	"time"
)

// Allocation is the result of Solve, in the JSON of
// ../shared/contracts/allocation.md. Placements and Unplaced both follow the
// order of the people in the problem.
type Allocation struct {
	Placed      int              `json:"placed"`
	TotalCost   int64            `json:"total_cost"`
	Assignments []Placement      `json:"assignments"`
	Unplaced    []UnplacedPerson `json:"unplaced"`
}

// Placement puts one person into one session; Rank is the position of that
// session in the person's preferences, 1 for the first choice.
type Placement struct {
	Person  string `json:"person"`
	Session string `json:"session"`
	Rank    int    `json:"rank"`
}

// UnplacedPerson is someone no optimal allocation can seat, with the reason
// in English (the contract's field) and in German for the interface.
type UnplacedPerson struct {
	Person   string         `json:"person"`
	Reason   UnplacedReason `json:"reason"`
	ReasonDE string         `json:"reason_de"`
}

// Solve computes an optimal allocation: as many people placed as the
// capacities, municipality quotas and department caps allow, and among all
// such allocations one with the least total rank cost. The answer is exact
// (a minimum-cost maximum flow, see allocationNetwork) and deterministic: the
// same problem, in the same order, always gives the same allocation. People
// with identical municipality, department and preferences are placed in
// input order, the earlier one getting the better choice.
//
// Solve validates the problem first and returns the error of Validate for
// an invalid one.
func Solve(p Problem) (Allocation, error) {
	if err := p.Validate(); err != nil {
		return Allocation{}, err
	}
	return solveValid(p), nil
}

// ParseAndSolve is ParseProblem followed by Solve, validating the problem
// once instead of twice (at 15,000 people a validation costs about 3 ms, a
// tenth of the solve). parsed, if not nil, is called in between; if it
// returns an error, ParseAndSolve returns that error without solving. The
// command uses it to stop when it is interrupted and to collect the
// parser's garbage before the network is built.
func ParseAndSolve(r io.Reader, parsed func() error) (Allocation, error) {
	a, _, err := ParseAndSolveTimed(r, parsed, nil)
	return a, err
}

// SolveTiming is where the time of one ParseAndSolveTimed went, by the
// clock it was given. Simplex alone is what a reference solver's clock
// around its run covers (bench/lemon times LEMON's NetworkSimplex on a
// network its driver has already built); Build+Simplex+Read is the solve
// of an already valid problem.
type SolveTiming struct {
	Parse   time.Duration // reading and validating the problem, and parsed
	Build   time.Duration // the grouped, pruned flow network
	Simplex time.Duration // minimum-cost maximum flow: first tree and pivots
	Read    time.Duration // the allocation read off the flow
}

// ParseAndSolveTimed is ParseAndSolve that also reports, if clock is not
// nil, where the time went. clock is any monotonic reading (the command
// passes the process's CPU time, which a shared machine disturbs less than
// the wall clock); a nil clock times nothing.
func ParseAndSolveTimed(r io.Reader, parsed func() error, clock func() time.Duration) (Allocation, SolveTiming, error) {
	var timing SolveTiming
	lap := func(into *time.Duration) {}
	if clock != nil {
		last := clock()
		lap = func(into *time.Duration) {
			now := clock()
			*into, last = now-last, now
		}
	}
	p, err := ParseProblem(r)
	if err != nil {
		return Allocation{}, timing, err
	}
	if parsed != nil {
		if err := parsed(); err != nil {
			return Allocation{}, timing, err
		}
	}
	lap(&timing.Parse)
	net := buildAllocationNetwork(p)
	lap(&timing.Build)
	net.graph.minCostMaxFlow(net.source, net.sink)
	lap(&timing.Simplex)
	result := net.read(p)
	lap(&timing.Read)
	return result, timing, nil
}

// solveValid is Solve for a problem that passed Validate.
func solveValid(p Problem) Allocation {
	net := buildAllocationNetwork(p)
	net.graph.minCostMaxFlow(net.source, net.sink)
	return net.read(p)
}

// read turns the flow into placements. A group's flow on the arc of its
// k-th preference is the number of its members placed there; members are
// handed the better choices first, in input order.
func (net *allocationNetwork) read(p Problem) Allocation {
	const unplaced = -1
	sessionOf := make([]int32, len(p.People)) // session index, or unplaced
	rankOf := make([]int32, len(p.People))
	reasonOf := make([]UnplacedReason, len(p.People))
	groups := &net.groups
	for gi := range groups.list {
		g := &groups.list[gi]
		members, preferences := groups.membersOf(g), groups.preferencesOf(g)
		next := 0
		for k, arc := range groups.arcsOf(g) {
			for range net.graph.flow(arc) {
				person := members[next]
				sessionOf[person], rankOf[person] = preferences[k], int32(k)
				next++
			}
		}
		if next == len(members) {
			continue
		}
		reason := net.unplacedReason(g)
		for _, person := range members[next:] {
			sessionOf[person], reasonOf[person] = unplaced, reason
		}
	}

	result := Allocation{
		Assignments: make([]Placement, 0, len(p.People)),
		Unplaced:    []UnplacedPerson{},
	}
	for i, person := range p.People {
		if sessionOf[i] == unplaced {
			result.Unplaced = append(result.Unplaced, UnplacedPerson{
				Person:   person.ID,
				Reason:   reasonOf[i],
				ReasonDE: reasonOf[i].German(),
			})
			continue
		}
		rank := int(rankOf[i])
		result.Assignments = append(result.Assignments, Placement{
			Person:  person.ID,
			Session: p.Sessions[sessionOf[i]].ID,
			Rank:    rank + 1,
		})
		result.TotalCost += p.Policy.rankCost(rank)
	}
	result.Placed = len(result.Assignments)
	return result
}
