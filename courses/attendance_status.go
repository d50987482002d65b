package courses

import (
	"slices"

	"github.com/wachsam/wachsam"
)

// AttendanceStatus is what a trainer records for one person on one day, as
// attendance tools name it (issue 12 §4). Only AttendancePresent counts towards
// a completion and in the evidence; excused and absent document why not.
type AttendanceStatus string

const (
	// AttendanceUnrecorded: nothing recorded for the day yet.
	AttendanceUnrecorded AttendanceStatus = ""
	AttendancePresent    AttendanceStatus = "present"
	AttendanceExcused    AttendanceStatus = "excused"
	AttendanceAbsent     AttendanceStatus = "absent"
)

// AttendanceStatuses are the statuses a trainer can choose, in the order the
// list offers them.
var AttendanceStatuses = []AttendanceStatus{AttendanceUnrecorded, AttendancePresent, AttendanceExcused, AttendanceAbsent}

// ParseAttendanceStatus reads a status from a form or the API.
func ParseAttendanceStatus(s string) (AttendanceStatus, error) {
	st := AttendanceStatus(s)
	if slices.Contains(AttendanceStatuses, st) {
		return st, nil
	}
	return AttendanceUnrecorded, wachsam.FieldError("status", "Unbekannter Anwesenheitsstatus „%s“; erlaubt sind present, excused, absent oder leer.", s)
}

// German is the status as the list shows it.
func (st AttendanceStatus) German() string {
	switch st {
	case AttendancePresent:
		return "anwesend"
	case AttendanceExcused:
		return "entschuldigt"
	case AttendanceAbsent:
		return "abwesend"
	}
	return "nicht erfasst"
}

// DayStatus is a status other than present on one day (present days are
// DayAttendance, with how presence was recorded).
type DayStatus struct {
	Day    wachsam.Date
	Status AttendanceStatus
}

// Wanted is the status the mark asks for: its Status if set, else present
// or open by Present (the older yes/no form of a mark).
func (m AttendanceMark) Wanted() AttendanceStatus {
	switch {
	case m.Status != AttendanceUnrecorded:
		return m.Status
	case m.Present:
		return AttendancePresent
	}
	return AttendanceUnrecorded
}

// StatusOn is the person's status on day.
func (p Participant) StatusOn(day wachsam.Date) AttendanceStatus {
	if p.Present(day) {
		return AttendancePresent
	}
	for _, s := range p.Statuses {
		if s.Day == day {
			return s.Status
		}
	}
	return AttendanceUnrecorded
}

// With is p after recording status on day (source: how presence was
// recorded, for AttendancePresent). The old record of the day is replaced,
// since a person has one status a day.
func (p Participant) With(day wachsam.Date, status AttendanceStatus, source AttendanceSource) Participant {
	att := slices.DeleteFunc(slices.Clone(p.Attendance), func(a DayAttendance) bool { return a.Day == day })
	st := slices.DeleteFunc(slices.Clone(p.Statuses), func(s DayStatus) bool { return s.Day == day })
	switch status {
	case AttendancePresent:
		att = append(att, DayAttendance{Day: day, Source: source})
	case AttendanceExcused, AttendanceAbsent:
		st = append(st, DayStatus{Day: day, Status: status})
	}
	p.Attendance, p.Statuses = att, st
	return p
}
