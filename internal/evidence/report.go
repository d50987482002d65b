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

// HeldSessions keeps the sessions that were held by at: begun and not
// cancelled. A session that has begun counts, so a seminar over several
// days shows with the attendance recorded so far.
func HeldSessions(all []Session, at time.Time) []Session {
	var out []Session
	for _, s := range all {
		if !s.Cancelled && !s.StartsAt.After(at) {
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

// ReportMappings are the requirements the report is evidence for, each
// once, in the order the record kinds name them.
func ReportMappings() []Mapping {
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
	add(MappingsFor(KindProgramme, AudienceAll))
	for _, a := range Audiences {
		add(MappingsFor(KindSession, a))
	}
	add(MappingsFor(KindCoverage, AudienceAll))
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
