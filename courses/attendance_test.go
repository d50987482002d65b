package courses

import (
	"testing"

	"github.com/wachsam/wachsam"
)

// TestAttendanceComplete: DESIGN.md §4, a multi-day seminar counts only
// when every day is attended; online, only confirmed camera presence counts.
func TestAttendanceComplete(t *testing.T) {
	d1, d2, d3 := wachsam.MustDate("2026-11-10"), wachsam.MustDate("2026-11-11"), wachsam.MustDate("2026-11-12")
	seminar := Session{Days: []wachsam.Date{d1, d2, d3}}
	online := Session{Days: []wachsam.Date{d1}, Online: true}
	day := func(d wachsam.Date, s AttendanceSource) DayAttendance { return DayAttendance{Day: d, Source: s} }
	tests := []struct {
		name    string
		session Session
		records []DayAttendance
		want    bool
	}{
		{"every day", seminar, []DayAttendance{day(d1, AttendanceTrainerList), day(d2, AttendanceCheckIn), day(d3, AttendanceTrainerList)}, true},
		{"records in any order, twice", seminar, []DayAttendance{day(d3, AttendanceCheckIn), day(d1, AttendanceCheckIn), day(d2, AttendanceCheckIn), day(d1, AttendanceTrainerList)}, true},
		{"last day missing", seminar, []DayAttendance{day(d1, AttendanceTrainerList), day(d2, AttendanceTrainerList)}, false},
		{"middle day missing", seminar, []DayAttendance{day(d1, AttendanceTrainerList), day(d3, AttendanceTrainerList)}, false},
		{"a day outside the seminar does not fill a gap", seminar, []DayAttendance{day(d1, AttendanceTrainerList), day(d3, AttendanceTrainerList), day(d3.AddDays(1), AttendanceTrainerList)}, false},
		{"no records", seminar, nil, false},
		{"camera does not count on site", seminar, []DayAttendance{day(d1, AttendanceCamera), day(d2, AttendanceCamera), day(d3, AttendanceCamera)}, false},
		{"online with camera", online, []DayAttendance{day(d1, AttendanceCamera)}, true},
		{"online without camera", online, []DayAttendance{day(d1, AttendanceCheckIn), day(d1, AttendanceTrainerList)}, false},
		{"session without days", Session{}, []DayAttendance{day(d1, AttendanceTrainerList)}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.session.AttendanceComplete(tt.records); got != tt.want {
				t.Errorf("AttendanceComplete = %v, want %v", got, tt.want)
			}
		})
	}
	if got := seminar.CompletedOn(); got != d3 {
		t.Errorf("CompletedOn = %v, want the last day %v", got, d3)
	}
	if got := (Session{}).CompletedOn(); !got.IsZero() {
		t.Errorf("CompletedOn without days = %v", got)
	}
}
