package courses

import (
	"testing"
	"time"

	"github.com/wachsam/wachsam"
)

// Attendance for a day of a two-day seminar starting 09:00 Berlin opens at
// 08:30 (a lead of 30 minutes) on that day and closes at 24:00 of it; the
// second day keeps the first day's hours; a day that is not the session's
// is refused whatever the time.
func TestCanRecordAttendanceOnlyDuringTheDay(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	d1, d2 := wachsam.MustDate("2027-03-27"), wachsam.MustDate("2027-03-28") // summer time begins on the 28th
	s := Session{StartsAt: time.Date(2027, 3, 27, 9, 0, 0, 0, berlin), Days: []wachsam.Date{d1, d2}}
	at := func(day, hour, min, sec int) time.Time { return time.Date(2027, 3, day, hour, min, sec, 0, berlin) }
	for _, tt := range []struct {
		name string
		day  wachsam.Date
		now  time.Time
		ok   bool
	}{
		{"first day, a second before the opening", d1, at(27, 8, 29, 59), false},
		{"first day, at the opening", d1, at(27, 8, 30, 0), true},
		{"first day, last second", d1, at(27, 23, 59, 59), true},
		{"first day, midnight after", d1, at(28, 0, 0, 0), false},
		{"second day (summer time), a second early", d2, at(28, 8, 29, 59), false},
		{"second day (summer time), at the opening", d2, at(28, 8, 30, 0), true},
		{"second day, during the first", d2, at(27, 12, 0, 0), false},
		{"not a day of the session", wachsam.MustDate("2027-03-29"), at(29, 10, 0, 0), false},
	} {
		err := s.CanRecordAttendance(tt.day, tt.now, DefaultAttendanceLead, berlin)
		if (err == nil) != tt.ok {
			t.Errorf("%s: %v, want allowed %v", tt.name, err, tt.ok)
		}
		if err != nil && wachsam.ErrorMessageOf(err) == "" {
			t.Errorf("%s: no German message", tt.name)
		}
	}
}
