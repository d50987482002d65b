package courses

import (
	"slices"
	"time"

	"github.com/wachsam/wachsam"
)

// RemoveUnavailablePreferences returns a copy of people in which nobody
// ranks a session held on a day they cannot attend. unavailable maps a
// person's id to those days. A session's days are its Days, every one of
// them, so a seminar is struck for an absence on any of its days; without
// Days, the calendar date of its start in loc (legal time; loc may be nil
// only when every dated session carries its Days).
//
// The problem file needs no such step — there a person simply does not list
// such a session — but the service builds its problem from stored
// preferences and absences, and uses this to do the same. The order of the
// remaining preferences is kept, so the ranks close up (the second choice
// becomes the first if the first is struck). Sessions without a start date
// and ids that name no session are kept; Validate reports the latter. The
// input is not modified.
func RemoveUnavailablePreferences(sessions []AllocationSession, people []Applicant, unavailable map[string][]wachsam.Date, loc *time.Location) []Applicant {
	daysOf := make(map[string][]wachsam.Date, len(sessions))
	for _, s := range sessions {
		switch {
		case len(s.Days) > 0:
			daysOf[s.ID] = s.Days
		case !s.StartsAt.IsZero():
			daysOf[s.ID] = []wachsam.Date{wachsam.DateIn(s.StartsAt, loc)}
		}
	}
	out := make([]Applicant, len(people))
	for i, a := range people {
		out[i] = a
		absent := unavailable[a.ID]
		if len(absent) == 0 {
			out[i].Preferences = append([]string(nil), a.Preferences...)
			continue
		}
		kept := make([]string, 0, len(a.Preferences))
		for _, id := range a.Preferences {
			if slices.ContainsFunc(daysOf[id], func(d wachsam.Date) bool { return slices.Contains(absent, d) }) {
				continue
			}
			kept = append(kept, id)
		}
		out[i].Preferences = kept
	}
	return out
}
