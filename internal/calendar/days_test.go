package calendar

import (
	"testing"
	"time"

	"github.com/emersion/go-ical"
)

// Consecutive days at the same time, across the end of summer time: one
// VEVENT, one UID, a daily RRULE that yields exactly the three starts, and
// no RDATE (which Outlook rejects).
func TestSeminarDaysAsDailyRule(t *testing.T) {
	loc := berlinLoc(t)
	e := seminar(t)
	e.Start = time.Date(2026, time.October, 24, 9, 0, 0, 0, loc) // Saturday, CEST
	e.End = time.Date(2026, time.October, 24, 16, 0, 0, 0, loc)
	e.ExtraStarts = []time.Time{
		time.Date(2026, time.October, 26, 9, 0, 0, 0, loc), // Monday, CET
		time.Date(2026, time.October, 25, 9, 0, 0, 0, loc), // Sunday, switch day
	}
	ev := onlyEvent(t, decode(t, ok(t)(Invitation(e, Request, loc))))
	if rd := ev.Props.Values(ical.PropRecurrenceDates); len(rd) != 0 {
		t.Errorf("RDATE written: %+v", rd)
	}
	if got := ev.Props.Get(ical.PropRecurrenceRule); got == nil || got.Value != "FREQ=DAILY;COUNT=3" {
		t.Fatalf("RRULE = %+v, want FREQ=DAILY;COUNT=3", got)
	}
	want := []time.Time{e.Start, e.ExtraStarts[1], e.ExtraStarts[0]}
	if got := occurrences(t, ev); !equalTimes(got, want) {
		t.Errorf("occurrences %v, want %v", got, want)
	}
}

// Every other day: INTERVAL; gaps of different length: every day from the
// first to the last with EXDATE for the days left out.
func TestSeminarDaysWithGaps(t *testing.T) {
	loc := berlinLoc(t)
	day := func(d int) time.Time { return time.Date(2026, time.June, d, 9, 0, 0, 0, loc) }
	for _, tc := range []struct {
		name  string
		extra []time.Time
		rule  string
		exdts int
	}{
		{"every other day", []time.Time{day(24), day(26)}, "FREQ=DAILY;COUNT=3;INTERVAL=2", 0},
		{"irregular", []time.Time{day(23), day(26)}, "FREQ=DAILY;COUNT=5", 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := seminar(t)
			e.ExtraStarts = tc.extra
			ev := onlyEvent(t, decode(t, ok(t)(Invitation(e, Cancel, loc))))
			if got := ev.Props.Get(ical.PropRecurrenceRule); got == nil || got.Value != tc.rule {
				t.Fatalf("RRULE = %+v, want %s", got, tc.rule)
			}
			if got := len(ev.Props.Values(ical.PropExceptionDates)); got != tc.exdts {
				t.Errorf("%d EXDATE, want %d", got, tc.exdts)
			}
			want := append([]time.Time{e.Start}, tc.extra...)
			if got := occurrences(t, ev); !equalTimes(got, want) {
				t.Errorf("occurrences %v, want %v", got, want)
			}
		})
	}
}

// Days at different times cannot share a rule: one VEVENT per day, each
// with its own UID, the first keeping the booking's UID.
func TestSeminarDaysAtDifferentTimesAreSeparateEvents(t *testing.T) {
	loc := berlinLoc(t)
	e := seminar(t)
	e.ExtraStarts = []time.Time{time.Date(2026, time.June, 23, 13, 0, 0, 0, loc)}
	cal := decode(t, ok(t)(Invitation(e, Cancel, loc)))
	evs := cal.Events()
	if len(evs) != 2 {
		t.Fatalf("%d VEVENT, want 2", len(evs))
	}
	wantUID := []string{"booking-43@wachsam.example.de", "booking-43-tag2@wachsam.example.de"}
	wantStart := []time.Time{e.Start, e.ExtraStarts[0]}
	for i, ev := range evs {
		if uid := ev.Props.Get(ical.PropUID).Value; uid != wantUID[i] {
			t.Errorf("event %d UID %s, want %s", i, uid, wantUID[i])
		}
		if start, err := ev.DateTimeStart(nil); err != nil || !start.Equal(wantStart[i]) {
			t.Errorf("event %d starts %v (%v), want %v", i, start, err, wantStart[i])
		}
		if ev.Props.Get(ical.PropRecurrenceRule) != nil || len(ev.Props.Values(ical.PropRecurrenceDates)) > 0 {
			t.Errorf("event %d recurs", i)
		}
		if s := ev.Props.Get(ical.PropStatus).Value; s != "CANCELLED" {
			t.Errorf("event %d STATUS %s", i, s)
		}
	}
}

func TestDayUID(t *testing.T) {
	for _, tc := range []struct {
		uid  string
		n    int
		want string
	}{
		{"booking-7@wachsam.example.de", 1, "booking-7@wachsam.example.de"},
		{"booking-7@wachsam.example.de", 3, "booking-7-tag3@wachsam.example.de"},
		{"booking-7", 2, "booking-7-tag2"},
	} {
		if got := DayUID(tc.uid, tc.n); got != tc.want {
			t.Errorf("DayUID(%q, %d) = %q, want %q", tc.uid, tc.n, got, tc.want)
		}
	}
}

// occurrences expands the event's rule with go-ical's RRULE support
// (teambition/rrule-go), minus its EXDATEs.
func occurrences(t *testing.T, ev ical.Event) []time.Time {
	t.Helper()
	set, err := ev.RecurrenceSet(nil)
	if err != nil || set == nil {
		t.Fatalf("recurrence set: %v (%v)", set, err)
	}
	return set.All()
}

func equalTimes(a, b []time.Time) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !a[i].Equal(b[i]) {
			return false
		}
	}
	return true
}
