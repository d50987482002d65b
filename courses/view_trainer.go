package courses

import (
	"slices"

	"github.com/wachsam/wachsam"
)

// What a trainer sees of their sessions (DESIGN.md §4): the store fills
// these views, the trainer's pages and API show them.

// TrainerSession is one session on a trainer's list, with what the list
// names: the round, the topic, the place and how many seats are booked.
type TrainerSession struct {
	Session  Session
	Round    string
	Topic    Topic
	HostName string // the host municipality; empty for an online session
	Booked   int
	// Sequence is the iCalendar SEQUENCE of the trainer's entry for the
	// session (see TrainerNotice).
	Sequence int
	// Past: the session's last day lies before today.
	Past bool
}

// Place is where the session takes place (PlaceLabel), as the list and the
// attendance sheet print it.
func (t TrainerSession) Place() string {
	return PlaceLabel(t.Session.Online, t.Session.Location, t.HostName)
}

// Runs reports whether day is one of the session's days.
func (s Session) Runs(day wachsam.Date) bool { return slices.Contains(s.Days, day) }

// AcceptsSource refuses a way of recording presence that proves nothing for
// s: online only confirmed camera presence, on site the trainer's list or
// the room's code (see counts).
func (s Session) AcceptsSource(source AttendanceSource) error {
	if s.counts(source) {
		return nil
	}
	if s.Online {
		return wachsam.Errorf(wachsam.EINVALID, "Bei einem Online-Termin zählt nur die bestätigte Kamera-Anwesenheit.")
	}
	return wachsam.Errorf(wachsam.EINVALID, "Bei einem Termin vor Ort wird die Anwesenheit über die Liste oder den Code im Raum erfasst, nicht über die Kamera.")
}

// ListSource is how a trainer's tick on the list is recorded for s:
// camera presence online, the list on site.
func (s Session) ListSource() AttendanceSource {
	if s.Online {
		return AttendanceCamera
	}
	return AttendanceTrainerList
}

// Participant is a person holding an active booking for a session, or a
// walk-in, with the days they were recorded present.
type Participant struct {
	UserID       int64
	Name         string
	Municipality string
	Department   string
	Attendance   []DayAttendance
	// Statuses are the days recorded excused or absent.
	Statuses []DayStatus
	// WalkIn: the person attended without a booking and was added by the
	// trainer; they hold no seat.
	WalkIn bool
	// Complete: every day of the session is attended, so a completion is
	// recorded and the next due date follows from it.
	Complete bool
}

// Present reports whether the person was recorded present on day.
func (p Participant) Present(day wachsam.Date) bool {
	return slices.ContainsFunc(p.Attendance, func(a DayAttendance) bool { return a.Day == day })
}

// SourceOn is how the presence on day was recorded; empty if it was not.
func (p Participant) SourceOn(day wachsam.Date) AttendanceSource {
	for _, a := range p.Attendance {
		if a.Day == day {
			return a.Source
		}
	}
	return ""
}

// Roster is a session with its participants, sorted by name.
type Roster struct {
	Session      TrainerSession
	Participants []Participant
}

// AttendanceMark is one cell of a trainer's attendance list: the person
// was, or was not, present on that day.
type AttendanceMark struct {
	UserID  int64
	Day     wachsam.Date
	Present bool
	// Status, when set, is the status to record instead of Present
	// (Wanted).
	Status AttendanceStatus
	// Source is how presence is recorded; empty means the session's list
	// source (ListSource).
	Source AttendanceSource
}

// CheckedIn is what a person learns after checking in with the room's code.
type CheckedIn struct {
	Session TrainerSession
	Day     wachsam.Date
}

// TrainerFeed is a trainer's private calendar: the sessions they train.
type TrainerFeed struct {
	TrainerName string
	Sessions    []TrainerSession
}
