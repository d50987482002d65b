package exam

import (
	"time"

	"github.com/wachsam/wachsam"
)

// The exam office's records: what the academy keeps about a seminar, its
// canon of components, exam dates and candidates. The regulation's own
// vocabulary (File, Component, Fact) is what these records become when a
// candidate's file is assembled; these types carry the IDs and names the
// pages need besides.

// OfficeSeminar is a seminar whose attendance admits to the exam (§2(1)),
// with its fees (§2(2)) and its canon of components (§3(1)).
type OfficeSeminar struct {
	ID             int64
	Title          string
	LeaderName     string // the seminar leader who signs the certificate (§10(2))
	ExamFeeCents   int64  // §2(2): covers every first attempt
	RetakeFeeCents int64  // §2(2): each retake of a component
	Days           []SeminarDay
	Components     []OfficeComponent
}

// OfficeComponent is one examination component of the canon.
type OfficeComponent struct {
	ID           int64
	Code         string // the ID package exam knows it by, e.g. "ISM"
	Name         string
	ExaminerID   *int64 // §3(2): the teacher of the course
	ExaminerName string
	Parts        []OfficePart // §5(4); empty: graded as a whole
}

// OfficePart is a part of a component with its share (§5(4)).
type OfficePart struct {
	Code   string
	Name   string
	Weight int64
}

// ExamDate is an exam date the board set for a component (§3(3)).
type ExamDate struct {
	ID            int64
	ComponentID   int64
	ComponentCode string
	ComponentName string
	ExamDay       wachsam.Date
	// AnnouncedOn is the day of the announcement (§3(3)). Announced in the
	// app, it is the server's today; an earlier day is an announcement made
	// outside the app and entered later, which needs EnteredReason.
	AnnouncedOn   wachsam.Date
	Place         string
	EnteredReason string    // why an earlier announcement is entered later; "" when announced in the app
	RecordedBy    string    // who entered it
	RecordedAt    time.Time // when it was entered
}

// EnteredLater reports an announcement made outside the app and entered
// later ("nachgetragen"): its §3(3) check was made against a typed date.
func (d ExamDate) EnteredLater() bool { return d.EnteredReason != "" }

// CandidateRecord is a candidate of a seminar: an account with the
// candidate role, and the number the academy files them under.
type CandidateRecord struct {
	ID        int64
	SeminarID int64
	UserID    int64
	Number    string // e.g. "P-2026-0007"
	Name      string
	Email     string
}
