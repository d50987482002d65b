package courses

import (
	"testing"

	"github.com/wachsam/wachsam"
)

// Issue 12 §4: only present counts; a multi-day session is complete only
// when every day is present, whatever else is recorded; a day has one
// status, the last one recorded.
func TestAttendanceStatusOnlyPresentEveryDayCompletes(t *testing.T) {
	d1, d2 := wachsam.MustDate("2026-12-15"), wachsam.MustDate("2026-12-16")
	for _, online := range []bool{false, true} {
		s := Session{Days: []wachsam.Date{d1, d2}, Online: online}
		src := s.ListSource()
		p := Participant{}.With(d1, AttendancePresent, src).With(d2, AttendanceExcused, src)
		if p.StatusOn(d1) != AttendancePresent || p.StatusOn(d2) != AttendanceExcused || s.AttendanceComplete(p.Attendance) {
			t.Fatalf("online %v: excused second day: %+v", online, p)
		}
		p = p.With(d2, AttendanceAbsent, src)
		if len(p.Statuses) != 1 || p.StatusOn(d2) != AttendanceAbsent || s.AttendanceComplete(p.Attendance) {
			t.Fatalf("online %v: absent second day: %+v", online, p)
		}
		p = p.With(d2, AttendancePresent, src)
		if len(p.Statuses) != 0 || !s.AttendanceComplete(p.Attendance) {
			t.Fatalf("online %v: every day present is not complete: %+v", online, p)
		}
		p = p.With(d1, AttendanceUnrecorded, src)
		if p.StatusOn(d1) != AttendanceUnrecorded || s.AttendanceComplete(p.Attendance) {
			t.Fatalf("online %v: a day taken back still completes: %+v", online, p)
		}
	}
	// Online, a presence recorded by the list rather than the camera is no proof.
	online := Session{Days: []wachsam.Date{d1}, Online: true}
	if online.AttendanceComplete(Participant{}.With(d1, AttendancePresent, AttendanceTrainerList).Attendance) {
		t.Fatal("online without camera presence counted")
	}
}

func TestAttendanceStatusParseAndWanted(t *testing.T) {
	for _, ok := range []string{"", "present", "excused", "absent"} {
		if _, err := ParseAttendanceStatus(ok); err != nil {
			t.Errorf("%q refused: %v", ok, err)
		}
	}
	for _, bad := range []string{"Present", "krank", " present"} {
		if _, err := ParseAttendanceStatus(bad); wachsam.ErrorCodeOf(err) != wachsam.EINVALID {
			t.Errorf("%q accepted", bad)
		}
	}
	if (AttendanceMark{Present: true}).Wanted() != AttendancePresent || (AttendanceMark{}).Wanted() != AttendanceUnrecorded ||
		(AttendanceMark{Present: true, Status: AttendanceAbsent}).Wanted() != AttendanceAbsent {
		t.Fatal("Wanted does not let the status win over present")
	}
}
