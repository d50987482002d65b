package evidence

import (
	"encoding/json"
	"time"
)

// Contract names the version of the feed. Minor versions only add fields,
// so an importer written for training-evidence/1 keeps working.
const Contract = "training-evidence/1"

// Kind is the kind of a record.
type Kind string

const (
	KindProgramme  Kind = "programme"  // the training concept
	KindSession    Kind = "session"    // one session a municipality's staff could attend
	KindAttendance Kind = "attendance" // one person at one session
	KindCoverage   Kind = "coverage"   // eligible against trained, per department, topic and month
)

// Kinds are the record kinds in the order exports list them.
var Kinds = [...]Kind{KindProgramme, KindSession, KindAttendance, KindCoverage}

// German names the kind on pages and in the report.
func (k Kind) German() string {
	switch k {
	case KindProgramme:
		return "Schulungskonzept"
	case KindSession:
		return "Termine"
	case KindAttendance:
		return "Teilnahmen"
	case KindCoverage:
		return "Abdeckung"
	}
	return string(k)
}

// Record is one record of the feed. A tombstone (Deleted) has no Data; an
// importer that upserts by RecordID and keeps the highest Revision ends
// with the server's set.
type Record struct {
	RecordID    string          `json:"record_id"`
	Kind        Kind            `json:"kind"`
	Tenant      string          `json:"tenant"`
	Revision    int64           `json:"revision"`
	OccurredAt  time.Time       `json:"occurred_at"`
	UpdatedAt   time.Time       `json:"updated_at"`
	Deleted     bool            `json:"deleted"`
	ContentHash string          `json:"content_hash"`
	Mappings    []Mapping       `json:"mappings"`
	Data        json.RawMessage `json:"data,omitempty"`
}

// Page is one answer of the pull API.
type Page struct {
	Contract   string   `json:"contract"`
	Tenant     string   `json:"tenant"`
	Records    []Record `json:"records"`
	NextCursor string   `json:"next_cursor"`
	HasMore    bool     `json:"has_more"`
}

// Programme is the training concept of a municipality.
type Programme struct {
	Municipality string           `json:"municipality"`
	Title        string           `json:"title"`
	Topics       []ProgrammeTopic `json:"topics"`
	ApprovedBy   string           `json:"approved_by,omitempty"`
	ApprovedOn   string           `json:"approved_on,omitempty"` // YYYY-MM-DD
	ReviewOn     string           `json:"review_on,omitempty"`   // YYYY-MM-DD
	Notes        string           `json:"notes,omitempty"`
}

// ProgrammeTopic is one topic of the concept: who it is for and how often
// it is repeated.
type ProgrammeTopic struct {
	Topic            string   `json:"topic"`
	Audience         Audience `json:"audience"`
	FrequencyMonths  int      `json:"frequency_months"`
	RemindDaysBefore int      `json:"remind_days_before"`
}

// Session is one session of a round the municipality shares, with the
// municipality's own figures.
type Session struct {
	Topic     string    `json:"topic"`
	Round     string    `json:"round"`
	StartsAt  time.Time `json:"starts_at"`
	EndsAt    time.Time `json:"ends_at"`
	Days      []string  `json:"days"`
	Online    bool      `json:"online"`
	Location  string    `json:"location,omitempty"`
	Host      string    `json:"host,omitempty"` // AGS of the host town hall
	Cancelled bool      `json:"cancelled"`
	Booked    int       `json:"booked"`    // the municipality's active bookings
	Attended  int       `json:"attended"`  // the municipality's people with at least one day
	Completed int       `json:"completed"` // the municipality's people with every day
}

// Attendance is one person's attendance at one session.
type Attendance struct {
	Session      string   `json:"session"` // record_id of the session record
	Topic        string   `json:"topic"`
	Person       string   `json:"person"`       // a pseudonym unless the municipality shows names
	Pseudonymous bool     `json:"pseudonymous"` // Person is a pseudonym
	Department   string   `json:"department,omitempty"`
	DaysAttended []string `json:"days_attended"`
	DaysRequired int      `json:"days_required"`
	Complete     bool     `json:"complete"`
	CompletedOn  string   `json:"completed_on,omitempty"`
	ValidUntil   string   `json:"valid_until,omitempty"`
	Online       bool     `json:"online"`
}

// Coverage is how many of a department's staff are trained in a topic,
// as it stood at the end of the month (or today, for the running month).
type Coverage struct {
	Unit         string `json:"unit"`
	Topic        string `json:"topic"`
	Period       string `json:"period"` // YYYY-MM
	Eligible     int    `json:"eligible"`
	Trained      int    `json:"trained"`       // valid on the day of the figures
	DueSoon      int    `json:"due_soon"`      // valid, but reminders go out
	Overdue      int    `json:"overdue"`       // past due or never trained
	NeverTrained int    `json:"never_trained"` // part of Overdue
}

// RatePercent is the trained share in whole per cent, rounded down so a
// report never claims more than was reached.
func (c Coverage) RatePercent() int {
	if c.Eligible == 0 {
		return 0
	}
	return c.Trained * 100 / c.Eligible
}

// Token is a read-only API token as its municipality's coordinator sees
// it; the secret itself is never stored.
type Token struct {
	ID         int64
	Name       string
	CreatedAt  time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
}

// Active tells whether the token is still accepted.
func (t Token) Active() bool { return t.RevokedAt == nil }
