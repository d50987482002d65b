package exam

import (
	"time"

	"github.com/wachsam/wachsam"
)

// The examiner's views (Prüfende): the components an examiner grades, the
// candidates registered for each exam date and one attempt with what may be
// done with it. Every status, grade and refusal in them comes from State;
// nothing here decides what the regulation allows.

// GradingComponent is a component an examiner grades (§3(2)): as the
// teacher of the course, or for single candidates as the substitute the
// board named.
type GradingComponent struct {
	SeminarID    int64         `json:"seminar_id"`
	SeminarTitle string        `json:"seminar_title"`
	ComponentID  int64         `json:"component_id"`
	Code         string        `json:"code"`
	Name         string        `json:"name"`
	Parts        []GradingPart `json:"parts"`
	// Substitute: the examiner is not the teacher of the course but was
	// named by the board for the candidates listed (§3(2)).
	Substitute bool          `json:"substitute"`
	Dates      []GradingDate `json:"dates"`
}

// GradingPart is a part of a component with its share (§5(4)).
type GradingPart struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Weight int64  `json:"weight"`
}

// GradingDate is an exam date of the component with the candidates
// registered for it whom this examiner grades.
type GradingDate struct {
	ID         int64              `json:"id"`
	ExamDay    wachsam.Date       `json:"exam_day"`
	Place      string             `json:"place"`
	Candidates []GradingCandidate `json:"candidates"`
	// ToAnnounce counts the results package exam says may be announced now.
	ToAnnounce int `json:"to_announce"`
}

// GradingCandidate is one candidate's attempt on an exam date.
type GradingCandidate struct {
	CandidateID int64        `json:"candidate_id"`
	Number      string       `json:"number"`
	Name        string       `json:"name"`
	Attempt     AttemptState `json:"attempt"`
	Substitute  bool         `json:"substitute"` // graded by this examiner as the board's substitute (§3(2))
}

// GradingAttempt is one candidate's attempt at a component on an exam
// date, as its examiner sees it.
type GradingAttempt struct {
	DateID        int64           `json:"date_id"`
	CandidateID   int64           `json:"candidate_id"`
	Number        string          `json:"number"`
	Name          string          `json:"name"`
	SeminarTitle  string          `json:"seminar_title"`
	ComponentCode string          `json:"component_code"`
	ComponentName string          `json:"component_name"`
	Parts         []GradingPart   `json:"parts"`
	ExamDay       wachsam.Date    `json:"exam_day"`
	Place         string          `json:"place"`
	Examiner      string          `json:"examiner"` // the examiner in effect, with the board's substitution (§3(2))
	Substitute    bool            `json:"substitute"`
	Attempt       AttemptState    `json:"attempt"`
	Component     ComponentStatus `json:"component_status"`
	ComponentNote string          `json:"component_reason,omitempty"`
	// GradeRefusal is why package exam would refuse a grade now (with its
	// §), or empty when the attempt can be graded.
	GradeRefusal string `json:"grade_refusal,omitempty"`
	// DisorderRefusal is why a breach of order (§8(2)) cannot be recorded
	// now, or empty when it can.
	DisorderRefusal string `json:"disorder_refusal,omitempty"`
	// Deadlines are the periods running for this attempt (§6(1), §6(3), §12(2)).
	Deadlines []DeadlineState `json:"deadlines"`
	Papers    []GradingPaper  `json:"papers"`
}

// Graded reports whether grades were recorded for the attempt: only then
// can they be corrected.
func (a GradingAttempt) Graded() bool { return a.Attempt.Mean != "" }

// Announced reports whether the result was announced; a correction after
// that needs a reason and the candidate is told.
func (a GradingAttempt) Announced() bool { return !a.Attempt.ResultAnnounced.IsZero() }

// PartGrade is the recorded grade of a part ("" if none), for forms that
// show the grades before a correction.
func (a GradingAttempt) PartGrade(code string) string {
	for _, p := range a.Attempt.Parts {
		if p.Part == code {
			return p.Grade
		}
	}
	if code == "" && len(a.Parts) == 0 && a.Graded() {
		return a.Attempt.Mean
	}
	return ""
}

// GradingPaper is a written paper of an attempt (§12(1)). A deleted paper
// keeps its entry without content.
type GradingPaper struct {
	ID          int64      `json:"id"`
	Filename    string     `json:"filename"`
	ContentType string     `json:"content_type"`
	SizeBytes   int64      `json:"size_bytes"`
	SHA256      string     `json:"sha256"`
	UploadedAt  time.Time  `json:"uploaded_at"`
	DeletedAt   *time.Time `json:"deleted_at,omitempty"`
}

// GradeInput is one grade as the examiner entered it: Part is empty for a
// component graded as a whole, Grade is the German form "1,7".
type GradeInput struct {
	Part  string `json:"part,omitempty"`
	Grade string `json:"grade"`
}

// PaperUpload is a written paper as uploaded.
type PaperUpload struct {
	Filename string
	Content  []byte
}

// GradingAnnouncement is what announcing the results of an exam date did.
type GradingAnnouncement struct {
	DateID    int64              `json:"date_id"`
	ExamDay   wachsam.Date       `json:"exam_day"`
	Component string             `json:"component"`
	On        wachsam.Date       `json:"announced_on"`
	Announced []GradingCandidate `json:"announced"`
}
