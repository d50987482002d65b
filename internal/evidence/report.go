package evidence

import (
	"cmp"
	"slices"
	"time"

	"github.com/wachsam/wachsam"
)

// Report is what the auditor's PDF says about one municipality's
// awareness training on one day (CISIS12 step 2): the concept, the
// sessions held, how many of each department are trained, and who is
// overdue.
type Report struct {
	Municipality string
	AGS          string
	// GeneratedAt is when the figures were taken, in legal time; Today is
	// its day, the day coverage and overdue are counted on.
	GeneratedAt time.Time
	Today       wachsam.Date
	// Settings hold the training concept; ShowNames tells whether Overdue
	// names people or gives their pseudonyms.
	Settings Settings
	// Sessions are those held: begun before GeneratedAt and not cancelled,
	// oldest first, with the municipality's own figures.
	Sessions []Session
	// Coverage is the running month's figures per department and topic,
	// by department, then topic.
	Coverage []Coverage
	// Overdue are the people whose training is due and not done, by
	// department, person, then topic.
	Overdue []OverduePerson
}

// OverduePerson is one person owing one topic.
type OverduePerson struct {
	Person     string // a pseudonym unless the municipality shows names
	Department string
	Topic      string
	// Last is the day they last completed the topic (zero: never), DueSince
	// the day it was due (zero: owed from the start).
	Last     wachsam.Date
	DueSince wachsam.Date
}

// Held reports whether the session took place by at: it is not cancelled,
// and it has begun or someone's attendance is recorded already (attendance
// opens shortly before the start, DESIGN.md §4). The report, the export and
// the records' mappings all use this one test, so none of them can say
// "no training held" beside a person trained.
func (s Session) Held(at time.Time) bool {
	return !s.Cancelled && (!s.StartsAt.After(at) || s.Attended > 0)
}

// HeldSessions keeps the sessions that were held by at (Session.Held),
// oldest first. A seminar over several days shows with the attendance
// recorded so far.
func HeldSessions(all []Session, at time.Time) []Session {
	var out []Session
	for _, s := range all {
		if s.Held(at) {
			out = append(out, s)
		}
	}
	slices.SortStableFunc(out, func(a, b Session) int { return a.StartsAt.Compare(b.StartsAt) })
	return out
}

// SortCoverage puts coverage in the report's order: by department, then
// topic, as Tally does.
func SortCoverage(cs []Coverage) {
	slices.SortStableFunc(cs, func(a, b Coverage) int {
		return cmp.Or(cmp.Compare(a.Unit, b.Unit), cmp.Compare(a.Topic, b.Topic))
	})
}

// SortOverdue puts overdue people in the report's order.
func SortOverdue(people []OverduePerson) {
	slices.SortStableFunc(people, func(a, b OverduePerson) int {
		return cmp.Or(cmp.Compare(a.Department, b.Department), cmp.Compare(a.Person, b.Person), cmp.Compare(a.Topic, b.Topic))
	})
}

// TopicTotals sums the coverage of each topic over all departments, in
// the order topics first appear; Unit is empty.
func (r Report) TopicTotals() []Coverage {
	var topics []string
	lines := map[string][]CoverageLine{}
	for _, c := range r.Coverage {
		if _, ok := lines[c.Topic]; !ok {
			topics = append(topics, c.Topic)
		}
		lines[c.Topic] = append(lines[c.Topic], CoverageLine{Coverage: c})
	}
	out := make([]Coverage, len(topics))
	for i, t := range topics {
		out[i] = Total(lines[t])
		out[i].Topic, out[i].Period = t, lines[t][0].Period
	}
	return out
}

// Mappings are the requirements the report is evidence for, each once:
// those its own content proves, by the rules of MappingsFor — the concept
// (A1 only if approved), the audiences of the sessions held, coverage.
func (r Report) Mappings() []Mapping {
	var out []Mapping
	seen := map[string]bool{}
	add := func(ms []Mapping) {
		for _, m := range ms {
			if !seen[m.Control] {
				seen[m.Control] = true
				out = append(out, m)
			}
		}
	}
	add(MappingsFor(KindProgramme, Basis{Approved: !r.Settings.ApprovedOn.IsZero()}))
	audience := map[string]Audience{}
	for _, a := range r.Settings.Audiences {
		audience[a.Topic] = a.Audience
	}
	for _, s := range r.Sessions {
		a, ok := audience[s.Topic]
		if !ok {
			a = AudienceAll
		}
		add(MappingsFor(KindSession, Basis{Audience: a, Held: s.Held(r.GeneratedAt)}))
	}
	add(MappingsFor(KindCoverage, Basis{}))
	// The framework's step and the ISO control first, ORP.3 in order.
	slices.SortStableFunc(out, func(a, b Mapping) int {
		return cmp.Or(cmp.Compare(frameworkRank(a.Framework), frameworkRank(b.Framework)), cmp.Compare(a.Control, b.Control))
	})
	return out
}

func frameworkRank(framework string) int {
	switch framework {
	case mapCISIS12.Framework:
		return 0
	case mapORP3A1.Framework:
		return 1
	}
	return 2
}
