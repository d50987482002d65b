package courses

import "github.com/wachsam/wachsam"

// AttendanceCorrection is a coordinator's correction of one person's
// attendance on one day, after the trainer's list has closed (DESIGN.md
// §4): a forgotten tick, or the wrong person ticked. The reason is
// required; it is audited and told to the person.
type AttendanceCorrection struct {
	SessionID int64        `json:"session_id"`
	UserID    int64        `json:"user_id"`
	Day       wachsam.Date `json:"day"`
	Present   bool         `json:"present"`
	Reason    string       `json:"reason"`
}

// CorrectableDay is one day of a session that has begun, for one member of
// a coordinator's staff on its list, with the status recorded: a line of
// the coordinator's correction page.
type CorrectableDay struct {
	SessionID int64
	Topic     string
	UserID    int64
	Name      string
	Day       wachsam.Date
	Status    AttendanceStatus
}
