package courses

import (
	"slices"
	"time"

	"github.com/wachsam/wachsam"
)

// RemoveUnavailablePreferences returns a copy of people in which nobody
// ranks a session held on a day they cannot attend. unavailable maps a
// person's id to those days; a session's day is the calendar date of its
// start in loc (Europe/Berlin for the service; loc must not be nil).
//
// The problem file needs no such step — there a person simply does not list
// such a session — but the service builds its problem from stored
// preferences and absences, and uses this to do the same. The order of the
// remaining preferences is kept, so the ranks close up (the second choice
// becomes the first if the first is struck). Sessions without a start date
// and ids that name no session are kept; Validate reports the latter. The
// input is not modified.
func RemoveUnavailablePreferences(sessions []AllocationSession, people []Applicant, unavailable map[string][]wachsam.Date, loc *time.Location) []Applicant {
	dayOf := make(map[string]wachsam.Date, len(sessions))
	for _, s := range sessions {
		if !s.StartsAt.IsZero() {
			dayOf[s.ID] = wachsam.DateIn(s.StartsAt, loc)
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
			day, dated := dayOf[id]
			if dated && slices.Contains(absent, day) {
				continue
			}
			kept = append(kept, id)
		}
		out[i].Preferences = kept
	}
	return out
}
