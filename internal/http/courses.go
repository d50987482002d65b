package http

import (
	"html/template"
	"time"

	"github.com/wachsam/wachsam"
)

// Courses is the store of shared awareness sessions (DESIGN.md §4;
// internal/store implements it). Each part of the interface is declared
// next to the pages that use it.
type Courses interface {
	StaffCourses
	TrainerCourses
	TrainerFeeds
	CoordinatorStaff
	CoordinatorAttendance
	RoundCourses
	Evidence
	CoordinatorBehalf
	StaffStatus
	DepartmentHeads
	CoordinatorBulk
	ParticipationCertificates
}

// courseFuncs are the template functions every course page uses: German
// dates and times in legal time.
func courseFuncs(loc *time.Location) template.FuncMap {
	return template.FuncMap{
		// germanDate: 01.12.2026 for a wachsam.Date or an instant.
		"germanDate": func(v any) string {
			switch d := v.(type) {
			case wachsam.Date:
				return d.German()
			case time.Time:
				return d.In(loc).Format("02.01.2006")
			}
			return ""
		},
		// germanWeekday: "Di., 01.12.2026".
		"germanWeekday": func(t time.Time) string {
			days := [...]string{"So.", "Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa."}
			t = t.In(loc)
			return days[t.Weekday()] + " " + t.Format("02.01.2006")
		},
		// clock: "09:00".
		"clock": func(t time.Time) string { return t.In(loc).Format("15:04") },
	}
}
