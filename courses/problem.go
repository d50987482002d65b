package courses

import (
	"fmt"
	"math/big"
	"slices"
	"time"

	"github.com/wachsam/wachsam"
)

// Problem is one batch allocation: the sessions of a round, the people who
// ranked them and the policy that limits how many of one town hall or one
// office may attend the same session (DESIGN.md §4, seeds/003). The
// coordinator's JSON file (../shared/contracts/allocation.md) and the
// service's own allocation run both end up as a Problem.
type Problem struct {
	Policy   AllocationPolicy
	Sessions []AllocationSession
	People   []Applicant
}

// AllocationPolicy holds the per-round limits. A nil share or nil RankCosts
// means the contract's default.
type AllocationPolicy struct {
	// MunicipalityShare caps the people of one municipality in one session
	// at ceil(share × staff of the municipality in the problem). Default
	// 1/len(Sessions): "a third each" for three sessions.
	MunicipalityShare *big.Rat
	// DepartmentShare caps the people of one department (of one
	// municipality) in one session at ceil(share × staff of the department).
	// Default 1/2, so every office stays open.
	DepartmentShare *big.Rat
	// RankCosts[i] is the cost of placing someone in their (i+1)-th choice.
	// Default i·(i+1)/2: 0, 1, 3, 6, 10, …
	RankCosts []int64
}

// AllocationSession is a session as the allocator sees it: a capacity, plus
// the date and host for the people reading the result.
type AllocationSession struct {
	ID       string
	Capacity int
	StartsAt time.Time // zero when the file gives none
	Host     string    // official municipality key (AGS) of the host, or ""
	// Days are all days of a seminar of several days, when known (the
	// service knows them; the problem file gives only the start).
	Days []wachsam.Date
}

// Applicant is a person asking for a seat: where they work and which
// sessions they would attend, best first. Sessions the person cannot attend
// are simply not listed (see RemoveUnavailablePreferences).
type Applicant struct {
	ID           string
	Municipality string
	Department   string
	Preferences  []string // session ids, best first
}

// maxRankCost keeps every sum of costs far inside int64, whatever the number
// of people.
const maxRankCost = 1_000_000_000

// maxCapacity keeps capacities inside the int32 arithmetic of the flow
// network.
const maxCapacity = 1<<31 - 1

// rankCost is the cost of placing someone in their choice number rank
// (0-based).
func (p AllocationPolicy) rankCost(rank int) int64 {
	if p.RankCosts != nil {
		return p.RankCosts[rank]
	}
	r := int64(rank)
	return r * (r + 1) / 2
}

// Validate checks everything the allocator relies on and names the first
// offending input by its JSON path in the contract's file format (e.g.
// people[12].preferences[2]). The error is a *wachsam.Error with code
// EINVALID and that path as Field.
func (p Problem) Validate() error {
	if err := p.Policy.validate(); err != nil {
		return err
	}
	sessionIDs := make(map[string]struct{}, len(p.Sessions))
	for i, s := range p.Sessions {
		if s.ID == "" {
			return wachsam.FieldError(fmt.Sprintf("sessions[%d].id", i), "Die Termin-ID fehlt.")
		}
		if _, dup := sessionIDs[s.ID]; dup {
			return wachsam.FieldError(fmt.Sprintf("sessions[%d].id", i), "Die Termin-ID %q kommt mehrfach vor.", s.ID)
		}
		sessionIDs[s.ID] = struct{}{}
		if s.Capacity < 0 {
			return wachsam.FieldError(fmt.Sprintf("sessions[%d].capacity", i), "Die Kapazität darf nicht negativ sein (%d).", s.Capacity)
		}
		if s.Capacity > maxCapacity {
			return wachsam.FieldError(fmt.Sprintf("sessions[%d].capacity", i), "Die Kapazität %d ist zu groß.", s.Capacity)
		}
	}
	personIDs := make(map[string]struct{}, len(p.People))
	for i, a := range p.People {
		if err := a.validate(i, personIDs, sessionIDs, p.Policy.RankCosts); err != nil {
			return err
		}
	}
	return nil
}

func (p AllocationPolicy) validate() error {
	if err := validateShare("policy.municipality_share", p.MunicipalityShare); err != nil {
		return err
	}
	if err := validateShare("policy.department_share", p.DepartmentShare); err != nil {
		return err
	}
	for i, c := range p.RankCosts {
		path := fmt.Sprintf("policy.rank_costs[%d]", i)
		switch {
		case c < 0:
			return wachsam.FieldError(path, "Kosten dürfen nicht negativ sein (%d).", c)
		case c > maxRankCost:
			return wachsam.FieldError(path, "Kosten über %d sind nicht erlaubt (%d).", maxRankCost, c)
		case i > 0 && c < p.RankCosts[i-1]:
			// A later choice that costs less than an earlier one would
			// contradict "first is best".
			return wachsam.FieldError(path, "Ein späterer Wunsch darf nicht weniger kosten als ein früherer (%d < %d).", c, p.RankCosts[i-1])
		}
	}
	return nil
}

func validateShare(path string, share *big.Rat) error {
	if share == nil {
		return nil
	}
	if share.Sign() <= 0 || share.Cmp(big.NewRat(1, 1)) > 0 {
		return wachsam.FieldError(path, "Der Anteil muss größer als 0 und höchstens 1 sein (%s).", share.RatString())
	}
	return nil
}

func (a Applicant) validate(i int, seen, sessions map[string]struct{}, rankCosts []int64) error {
	if a.ID == "" {
		return wachsam.FieldError(fmt.Sprintf("people[%d].id", i), "Die Personen-ID fehlt.")
	}
	if _, dup := seen[a.ID]; dup {
		return wachsam.FieldError(fmt.Sprintf("people[%d].id", i), "Die Personen-ID %q kommt mehrfach vor.", a.ID)
	}
	seen[a.ID] = struct{}{}
	if a.Municipality == "" {
		return wachsam.FieldError(fmt.Sprintf("people[%d].municipality", i), "Die Kommune fehlt.")
	}
	if a.Department == "" {
		return wachsam.FieldError(fmt.Sprintf("people[%d].department", i), "Die Abteilung fehlt.")
	}
	// A handful of preferences is the rule; a set only pays off for long lists.
	var listed map[string]struct{}
	if len(a.Preferences) > 16 {
		listed = make(map[string]struct{}, len(a.Preferences))
	}
	for k, id := range a.Preferences {
		// The path is built only on failure: this loop runs once per
		// preference of every person in every Solve.
		if _, ok := sessions[id]; !ok {
			return wachsam.FieldError(preferencePath(i, k), "Unbekannter Termin %q.", id)
		}
		if listedBefore(a.Preferences[:k], listed, id) {
			return wachsam.FieldError(preferencePath(i, k), "Der Termin %q ist mehrfach gewünscht.", id)
		}
		if rankCosts != nil && k >= len(rankCosts) {
			return wachsam.FieldError(preferencePath(i, k), "Für den %d. Wunsch gibt policy.rank_costs keine Kosten an (nur %d Einträge).", k+1, len(rankCosts))
		}
	}
	return nil
}

// listedBefore reports whether id occurs in earlier, using the set when
// there is one (and adding id to it).
func listedBefore(earlier []string, set map[string]struct{}, id string) bool {
	if set == nil {
		return slices.Contains(earlier, id)
	}
	if _, ok := set[id]; ok {
		return true
	}
	set[id] = struct{}{}
	return false
}

func preferencePath(person, rank int) string {
	return fmt.Sprintf("people[%d].preferences[%d]", person, rank)
}
