package courses

import (
	"time"

	"github.com/wachsam/wachsam"
)

// DefaultAttendanceLead is how long before a day's start attendance may be
// recorded when nothing else is configured: people arrive early and the
// trainer opens the list before the first words are said.
const DefaultAttendanceLead = 30 * time.Minute

// AttendanceOpens is the first instant at which attendance for day may be
// recorded: lead before the day's start (the hours of the first day, in
// legal time loc).
func (s Session) AttendanceOpens(day wachsam.Date, lead time.Duration, loc *time.Location) time.Time {
	first := s.StartsAt.In(loc)
	return time.Date(day.Year, day.Month, day.Day, first.Hour(), first.Minute(), first.Second(), 0, loc).Add(-lead)
}

// AttendanceCloses is the first instant at which attendance for day can no
// longer be recorded: the end of that day (24:00 legal time). A later
// change is a correction, which only a coordinator makes, with a reason.
func AttendanceCloses(day wachsam.Date, loc *time.Location) time.Time {
	return time.Date(day.Year, day.Month, day.Day, 0, 0, 0, 0, loc).AddDate(0, 0, 1)
}

// CanRecordAttendance reports whether attendance for day of s may be
// recorded at now (DESIGN.md §4): only on a day of the session, from lead
// before its start until the end of that day. Before and after, the answer
// says in German when recording is possible.
func (s Session) CanRecordAttendance(day wachsam.Date, now time.Time, lead time.Duration, loc *time.Location) error {
	if !s.Runs(day) {
		return wachsam.FieldError("day", "Der %s ist kein Tag dieses Termins.", day.German())
	}
	opens := s.AttendanceOpens(day, lead, loc)
	switch {
	case now.Before(opens):
		return wachsam.FieldError("day", "Die Anwesenheit für den %s kann erst ab %s Uhr erfasst werden.",
			day.German(), opens.In(loc).Format("15:04"))
	case !now.Before(AttendanceCloses(day, loc)):
		return wachsam.FieldError("day", "Die Anwesenheit für den %s kann nicht mehr erfasst werden; der Tag ist vorbei. Eine Korrektur nimmt die Koordination mit Begründung vor.",
			day.German())
	}
	return nil
}
