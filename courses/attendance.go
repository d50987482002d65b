package courses

import "github.com/wachsam/wachsam"

// AttendanceSource says how one day's presence was recorded (DESIGN.md §4).
type AttendanceSource string

const (
	// AttendanceTrainerList: the trainer ticked the person on the list.
	AttendanceTrainerList AttendanceSource = "trainer_list"
	// AttendanceCheckIn: the person entered the code shown in the room
	// (VerifyCheckInCode).
	AttendanceCheckIn AttendanceSource = "check_in"
	// AttendanceCamera: the trainer confirmed the person's camera presence
	// in an online session.
	AttendanceCamera AttendanceSource = "camera"
)

// DayAttendance records that a person attended one day of a session.
type DayAttendance struct {
	Day    wachsam.Date
	Source AttendanceSource
}

// counts reports whether a record of source proves presence at s. Online,
// only confirmed camera presence does: a login alone proves nobody listened.
// On site, the list or the room's code does.
func (s Session) counts(source AttendanceSource) bool {
	if s.Online {
		return source == AttendanceCamera
	}
	return source == AttendanceTrainerList || source == AttendanceCheckIn
}

// AttendanceComplete reports whether records prove attendance of every day
// of the session: a multi-day seminar counts only when every day is
// attended (DESIGN.md §4). Records of other days are ignored; a session
// without days is never complete.
func (s Session) AttendanceComplete(records []DayAttendance) bool {
	if len(s.Days) == 0 {
		return false
	}
	attended := make(map[wachsam.Date]bool, len(records))
	for _, a := range records {
		if s.counts(a.Source) {
			attended[a.Day] = true
		}
	}
	for _, d := range s.Days {
		if !attended[d] {
			return false
		}
	}
	return true
}

// CompletedOn is the date a complete attendance of s counts from: its last
// day, since the training is complete only then. The next due date follows
// from it (NextDue).
func (s Session) CompletedOn() wachsam.Date {
	if len(s.Days) == 0 {
		return wachsam.Date{}
	}
	return s.Days[len(s.Days)-1]
}
