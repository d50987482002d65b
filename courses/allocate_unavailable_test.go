package courses

import (
	"slices"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
)

func TestRemoveUnavailablePreferences(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no time zone data:", err)
	}
	sessions := []AllocationSession{
		{ID: "Mon", StartsAt: time.Date(2027, 3, 1, 9, 0, 0, 0, berlin)},
		// 23:30 UTC on 2 March is already 3 March in Berlin.
		{ID: "Wed", StartsAt: time.Date(2027, 3, 2, 23, 30, 0, 0, time.UTC)},
		{ID: "Undated"},
	}
	people := []Applicant{
		{ID: "A", Preferences: []string{"Wed", "Mon", "Undated"}},
		{ID: "B", Preferences: []string{"Mon", "Wed"}},
		{ID: "C", Preferences: []string{"Mon", "Ghost"}},
	}
	unavailable := map[string][]wachsam.Date{
		"A": {wachsam.MustDate("2027-03-03")},
		"B": {wachsam.MustDate("2027-03-02")}, // the UTC day of "Wed", not its Berlin day
		"C": {wachsam.MustDate("2027-03-01"), wachsam.MustDate("2027-03-03")},
	}
	got := RemoveUnavailablePreferences(sessions, people, unavailable, berlin)
	want := [][]string{{"Mon", "Undated"}, {"Mon", "Wed"}, {"Ghost"}}
	for i := range want {
		if !slices.Equal(got[i].Preferences, want[i]) {
			t.Errorf("%s: preferences %v, want %v", got[i].ID, got[i].Preferences, want[i])
		}
	}
	if !slices.Equal(people[0].Preferences, []string{"Wed", "Mon", "Undated"}) {
		t.Errorf("input modified: %v", people[0].Preferences)
	}
	got[1].Preferences[0] = "changed"
	if people[1].Preferences[0] != "Mon" {
		t.Error("result shares its preferences with the input")
	}
}

// A seminar of several days is struck for an absence on any of its days,
// not only its first.
func TestRemoveUnavailablePreferencesLooksAtEveryDayOfASeminar(t *testing.T) {
	seminar := AllocationSession{ID: "s", Capacity: 5, StartsAt: time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC),
		Days: []wachsam.Date{wachsam.MustDate("2026-12-01"), wachsam.MustDate("2026-12-02")}}
	day := AllocationSession{ID: "d", Capacity: 5, Days: []wachsam.Date{wachsam.MustDate("2026-12-03")}}
	people := []Applicant{{ID: "p", Preferences: []string{"s", "d"}}, {ID: "q", Preferences: []string{"s", "d"}}}
	unavailable := map[string][]wachsam.Date{"p": {wachsam.MustDate("2026-12-02")}}
	got := RemoveUnavailablePreferences([]AllocationSession{seminar, day}, people, unavailable, nil)
	if !slices.Equal(got[0].Preferences, []string{"d"}) || !slices.Equal(got[1].Preferences, []string{"s", "d"}) {
		t.Fatalf("preferences %v / %v", got[0].Preferences, got[1].Preferences)
	}
}
