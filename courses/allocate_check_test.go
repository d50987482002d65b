package courses

import (
	"fmt"
	"math/big"
	"slices"
)

// allocLimits are the limits of a problem computed independently of the
// allocator, straight from the contract's wording.
type allocLimits struct {
	capacity          map[string]int    // by session id
	municipalityQuota map[string]int    // by municipality
	departmentCap     map[[2]string]int // by municipality, department
}

// allocCeil is the smallest q with q ≥ share·n, by counting up: slow and
// obviously right.
func allocCeil(share *big.Rat, n int) int {
	target := new(big.Rat).Mul(share, big.NewRat(int64(n), 1))
	q := 0
	for new(big.Rat).SetInt64(int64(q)).Cmp(target) < 0 {
		q++
	}
	return q
}

func allocLimitsOf(p Problem) allocLimits {
	l := allocLimits{
		capacity:          map[string]int{},
		municipalityQuota: map[string]int{},
		departmentCap:     map[[2]string]int{},
	}
	for _, s := range p.Sessions {
		l.capacity[s.ID] = s.Capacity
	}
	staff := map[string]int{}
	office := map[[2]string]int{}
	for _, a := range p.People {
		staff[a.Municipality]++
		office[[2]string{a.Municipality, a.Department}]++
	}
	mShare := p.Policy.MunicipalityShare
	if mShare == nil && len(p.Sessions) > 0 {
		mShare = big.NewRat(1, int64(len(p.Sessions)))
	}
	dShare := p.Policy.DepartmentShare
	if dShare == nil {
		dShare = big.NewRat(1, 2)
	}
	for m, n := range staff {
		if mShare != nil {
			l.municipalityQuota[m] = allocCeil(mShare, n)
		}
	}
	for d, n := range office {
		l.departmentCap[d] = allocCeil(dShare, n)
	}
	return l
}

func allocCost(p Problem, rank int) int64 {
	if p.Policy.RankCosts != nil {
		return p.Policy.RankCosts[rank]
	}
	return int64(rank * (rank + 1) / 2)
}

// checkAllocation verifies that a is a feasible, self-consistent answer to
// p: everyone appears exactly once, in input order, only in a session they
// ranked, at the right rank; no limit is exceeded; the totals add up; every
// reason is true of the allocation.
func checkAllocation(p Problem, a Allocation) error {
	limits := allocLimitsOf(p)
	perSession := map[string]int{}
	perMunicipality := map[[2]string]int{}
	perDepartment := map[[3]string]int{}
	placedIdx, unplacedIdx := 0, 0
	var cost int64
	for _, person := range p.People {
		switch {
		case placedIdx < len(a.Assignments) && a.Assignments[placedIdx].Person == person.ID:
			pl := a.Assignments[placedIdx]
			placedIdx++
			rank := slices.Index(person.Preferences, pl.Session)
			if rank < 0 {
				return fmt.Errorf("%s placed in %s, which they did not rank", person.ID, pl.Session)
			}
			if pl.Rank != rank+1 {
				return fmt.Errorf("%s: rank %d, want %d", person.ID, pl.Rank, rank+1)
			}
			cost += allocCost(p, rank)
			perSession[pl.Session]++
			perMunicipality[[2]string{person.Municipality, pl.Session}]++
			perDepartment[[3]string{person.Municipality, person.Department, pl.Session}]++
		case unplacedIdx < len(a.Unplaced) && a.Unplaced[unplacedIdx].Person == person.ID:
			unplacedIdx++
		default:
			return fmt.Errorf("%s missing or out of order", person.ID)
		}
	}
	if placedIdx != len(a.Assignments) || unplacedIdx != len(a.Unplaced) {
		return fmt.Errorf("extra entries in the result")
	}
	if a.Placed != len(a.Assignments) {
		return fmt.Errorf("placed = %d, but %d assignments", a.Placed, len(a.Assignments))
	}
	if a.TotalCost != cost {
		return fmt.Errorf("total_cost = %d, assignments add up to %d", a.TotalCost, cost)
	}
	for s, n := range perSession {
		if n > limits.capacity[s] {
			return fmt.Errorf("session %s: %d people, capacity %d", s, n, limits.capacity[s])
		}
	}
	for k, n := range perMunicipality {
		if q := limits.municipalityQuota[k[0]]; n > q {
			return fmt.Errorf("municipality %s in %s: %d people, quota %d", k[0], k[1], n, q)
		}
	}
	for k, n := range perDepartment {
		if c := limits.departmentCap[[2]string{k[0], k[1]}]; n > c {
			return fmt.Errorf("department %s/%s in %s: %d people, cap %d", k[0], k[1], k[2], n, c)
		}
	}
	byID := map[string]Applicant{}
	for _, person := range p.People {
		byID[person.ID] = person
	}
	for _, u := range a.Unplaced {
		person := byID[u.Person]
		if u.ReasonDE != u.Reason.German() || u.ReasonDE == string(u.Reason) {
			return fmt.Errorf("%s: German reason %q for %q", u.Person, u.ReasonDE, u.Reason)
		}
		if len(person.Preferences) == 0 {
			if u.Reason != ReasonNoPreferences {
				return fmt.Errorf("%s ranked nothing, reason %q", u.Person, u.Reason)
			}
			continue
		}
		for _, s := range person.Preferences {
			full := perSession[s] >= limits.capacity[s]
			atQuota := perMunicipality[[2]string{person.Municipality, s}] >= limits.municipalityQuota[person.Municipality]
			atCap := perDepartment[[3]string{person.Municipality, person.Department, s}] >= limits.departmentCap[[2]string{person.Municipality, person.Department}]
			ok := false
			switch u.Reason {
			case ReasonSessionsFull:
				ok = full
			case ReasonMunicipalityQuota:
				ok = atQuota
			case ReasonDepartmentCap:
				ok = atCap
			case ReasonFullOrAtQuota:
				ok = full || atQuota || atCap
			}
			if !ok {
				return fmt.Errorf("%s: reason %q is not true of session %s", u.Person, u.Reason, s)
			}
		}
	}
	return nil
}

// allocBlockedPreferences counts, over the preferences of the unplaced
// people, what blocks each preferred session in allocation a: capacity if
// the session is full, else the municipality quota if reached, else the
// department cap.
func allocBlockedPreferences(p Problem, a Allocation) map[UnplacedReason]int {
	limits := allocLimitsOf(p)
	perSession := map[string]int{}
	perMunicipality := map[[2]string]int{}
	perDepartment := map[[3]string]int{}
	byID := map[string]Applicant{}
	for _, person := range p.People {
		byID[person.ID] = person
	}
	for _, pl := range a.Assignments {
		person := byID[pl.Person]
		perSession[pl.Session]++
		perMunicipality[[2]string{person.Municipality, pl.Session}]++
		perDepartment[[3]string{person.Municipality, person.Department, pl.Session}]++
	}
	blocked := map[UnplacedReason]int{}
	for _, u := range a.Unplaced {
		person := byID[u.Person]
		for _, s := range person.Preferences {
			switch {
			case perSession[s] >= limits.capacity[s]:
				blocked[ReasonSessionsFull]++
			case perMunicipality[[2]string{person.Municipality, s}] >= limits.municipalityQuota[person.Municipality]:
				blocked[ReasonMunicipalityQuota]++
			case perDepartment[[3]string{person.Municipality, person.Department, s}] >= limits.departmentCap[[2]string{person.Municipality, person.Department}]:
				blocked[ReasonDepartmentCap]++
			}
		}
	}
	return blocked
}
