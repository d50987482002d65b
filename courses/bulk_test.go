package courses

import (
	"slices"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
)

// TestSeatOrder: preferences first in their rank, then the earliest
// session; nothing the person cannot attend or the quotas refuse.
func TestSeatOrder(t *testing.T) {
	before := roundStart().Add(-time.Hour)
	free := map[int64]Seats{}
	day := func(i int) wachsam.Date { return wachsam.DateOf(roundStart().AddDate(0, 0, 7*i)) }
	tests := []struct {
		name      string
		edit      func(*Round)
		prefs     PreferenceSet
		seats     map[int64]Seats
		now       time.Time
		want      []int64
		fragments []string // of the refusal when want is empty
	}{
		{"no preferences: earliest first", nil, PreferenceSet{}, free, before, []int64{101, 102, 103}, nil},
		{"preferences first, the rest by date", nil, PreferenceSet{Sessions: []int64{103}}, free, before, []int64{103, 101, 102}, nil},
		{"all ranked", nil, PreferenceSet{Sessions: []int64{102, 103, 101}}, free, before, []int64{102, 103, 101}, nil},
		{"unknown preference ignored", nil, PreferenceSet{Sessions: []int64{999, 102}}, free, before, []int64{102, 101, 103}, nil},
		{"unavailable day left out", nil, PreferenceSet{Sessions: []int64{101}, Unavailable: []wachsam.Date{day(0)}}, free, before, []int64{102, 103}, nil},
		{"begun left out", nil, PreferenceSet{}, free, roundStart(), []int64{102, 103}, nil},
		{"cancelled left out", func(r *Round) { r.Sessions[1].Cancelled = true }, PreferenceSet{}, free, before, []int64{101, 103}, nil},
		{"full left out", nil, PreferenceSet{}, map[int64]Seats{101: seatsOf(25, 1, 1, 0, 0)}, before, []int64{102, 103}, nil},
		{"quota left out", nil, PreferenceSet{}, map[int64]Seats{102: seatsOf(10, 1, 1, 10, 0)}, before, []int64{101, 103}, nil},
		{"cap left out", nil, PreferenceSet{}, map[int64]Seats{103: seatsOf(8, 1, 1, 8, 8)}, before, []int64{101, 102}, nil},
		{"all begun", nil, PreferenceSet{}, free, roundStart().AddDate(0, 1, 0), nil, []string{"keinen Termin mehr"}},
		{"unavailable everywhere", nil, PreferenceSet{Unavailable: []wachsam.Date{day(0), day(1), day(2)}}, free, before, nil, []string{"verhindert"}},
		{"all full", nil, PreferenceSet{}, map[int64]Seats{101: seatsOf(25, 1, 1, 0, 0), 102: seatsOf(25, 1, 1, 0, 0), 103: seatsOf(25, 1, 1, 0, 0)}, before, nil, []string{"ausgebucht"}},
		{"quota names the limit before full", nil, PreferenceSet{}, map[int64]Seats{101: seatsOf(25, 1, 1, 0, 0), 102: seatsOf(10, 1, 1, 10, 0), 103: seatsOf(25, 1, 1, 0, 0)}, before, nil, []string{"Kontingent"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := seedRound()
			if tt.edit != nil {
				tt.edit(&r)
			}
			got, err := r.SeatOrder(person(1, 1, 1), tt.prefs, tt.seats, tt.now)
			if len(tt.want) == 0 {
				wantRefusal(t, err, wachsam.ECONFLICT, tt.fragments...)
				return
			}
			if err != nil || !slices.Equal(got, tt.want) {
				t.Fatalf("got %v, %v; want %v", got, err, tt.want)
			}
		})
	}
}

// A person of a town that does not share the round is refused outright.
func TestSeatOrderOtherTown(t *testing.T) {
	_, err := seedRound().SeatOrder(person(1, 4, 1), PreferenceSet{}, nil, roundStart().Add(-time.Hour))
	wantRefusal(t, err, wachsam.EFORBIDDEN)
}

// Equal starts are ordered by ID, so the order never depends on how the
// store happened to list the sessions.
func TestSeatOrderIsStable(t *testing.T) {
	r := seedRound()
	r.Sessions[2].StartsAt = r.Sessions[0].StartsAt
	r.Sessions[0], r.Sessions[2] = r.Sessions[2], r.Sessions[0]
	got, err := r.SeatOrder(person(1, 1, 1), PreferenceSet{Unavailable: []wachsam.Date{}}, nil, roundStart().Add(-time.Hour))
	if err != nil || !slices.Equal(got, []int64{101, 103, 102}) {
		t.Fatalf("got %v, %v", got, err)
	}
}

func TestCanRemind(t *testing.T) {
	r := seedRound()
	r.Mode, r.Status = ModeAllocation, StatusCollecting
	if err := r.CanRemind(RemindNoPreferences); err != nil {
		t.Fatal(err)
	}
	wantRefusal(t, r.CanRemind(RemindNotBooked), wachsam.ECONFLICT, "nicht geöffnet")
	r.Status = StatusOpen
	if err := r.CanRemind(RemindNotBooked); err != nil {
		t.Fatal(err)
	}
	wantRefusal(t, r.CanRemind(RemindNoPreferences), wachsam.ECONFLICT, "keine Wünsche")
	r.Mode = ModeBooking
	wantRefusal(t, r.CanRemind(RemindNoPreferences), wachsam.ECONFLICT)
	if _, err := ParseReminderGroup("alle"); !containsField(err, "group") {
		t.Fatalf("got %v", err)
	}
}

// Only someone whose training is current and not yet in its reminder
// window is left out.
func TestNeedsTraining(t *testing.T) {
	topic := Topic{ValidityMonths: 12, RemindDays: 30}
	today := wachsam.MustDate("2026-11-10")
	for _, tt := range []struct {
		last string
		want bool
	}{
		{"", true},
		{"2025-11-09", true},  // overdue
		{"2025-12-01", true},  // due in 21 days: reminders run
		{"2025-12-11", false}, // due in 31 days
		{"2026-06-01", false},
	} {
		var last wachsam.Date
		if tt.last != "" {
			last = wachsam.MustDate(tt.last)
		}
		if got := topic.NeedsTraining(last, today); got != tt.want {
			t.Errorf("last %s: got %v, want %v", tt.last, got, tt.want)
		}
	}
}

// Reminders reach who has not acted and still needs the training, once a
// day.
func TestPlanReminders(t *testing.T) {
	r := seedRound()
	today := wachsam.MustDate("2026-11-01")
	people := []BulkPerson{
		{ID: 1, DepartmentID: 11},                                                // nothing done
		{ID: 2, DepartmentID: 11, Preferences: true},                             // ranked
		{ID: 3, DepartmentID: 11, BookedSession: 101},                            // booked
		{ID: 4, DepartmentID: 0},                                                 // no department
		{ID: 5, DepartmentID: 12, RemindedToday: true},                           // reminded today
		{ID: 6, DepartmentID: 12, LastCompleted: wachsam.MustDate("2026-06-01")}, // current
		{ID: 7, DepartmentID: 12, LastCompleted: wachsam.MustDate("2025-11-15")}, // due soon
	}
	ids := func(p ReminderPlan) []int64 {
		var out []int64
		for _, x := range p.Recipients {
			out = append(out, x.ID)
		}
		return out
	}
	prefs := r.PlanReminders(RemindNoPreferences, people, today)
	if got := ids(prefs); !slices.Equal(got, []int64{1, 3, 7}) || prefs.AlreadyToday != 1 {
		t.Fatalf("no preferences: %v, %d already", got, prefs.AlreadyToday)
	}
	booked := r.PlanReminders(RemindNotBooked, people, today)
	if got := ids(booked); !slices.Equal(got, []int64{1, 2, 7}) || booked.AlreadyToday != 1 {
		t.Fatalf("not booked: %v, %d already", got, booked.AlreadyToday)
	}
}
