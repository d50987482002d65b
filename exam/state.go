package exam

import (
	"time"

	"github.com/wachsam/wachsam"
)

// State is a candidate's state as of a day, folded from the file's facts.
// Field names are snake_case English; every sentence for people is German.
type State struct {
	Regulation   string           `json:"regulation"`
	AsOf         wachsam.Date     `json:"as_of"`
	Candidate    CandidateState   `json:"candidate"`
	Admission    AdmissionState   `json:"admission"`
	Components   []ComponentState `json:"components"`
	Overall      OverallState     `json:"overall"`
	Certificate  *CertState       `json:"certificate,omitempty"`
	Decisions    []DecisionState  `json:"decisions"`
	Deadlines    []DeadlineState  `json:"deadlines"`
	CandidateMay []Action         `json:"candidate_may"`
	BoardMay     []Action         `json:"board_may"`
	Refused      []Refusal        `json:"refused"`
	// Warnings: announced exam dates on a Sunday or a public holiday at
	// the seat; allowed, but worth a second look.
	Warnings []Warning `json:"warnings,omitempty"`
	// IgnoredFacts counts facts dated after as_of: they have not happened
	// yet as of that day and are left out.
	IgnoredFacts int `json:"ignored_facts,omitempty"`
}

type CandidateState struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// AdmissionState is the admission of §2(1).
type AdmissionState struct {
	Granted     bool           `json:"granted"`
	MissingDays []wachsam.Date `json:"missing_days,omitempty"`
	Paragraph   string         `json:"paragraph"`
	Reason      string         `json:"reason"`
}

// ComponentStatus is the status of one component.
type ComponentStatus string

const (
	StatusOpen                 ComponentStatus = "open"
	StatusPassed               ComponentStatus = "passed"
	StatusFailedRetakePossible ComponentStatus = "failed_retake_possible"
	StatusFailedFinally        ComponentStatus = "failed_finally"
)

type ComponentState struct {
	ID                string          `json:"id"`
	Name              string          `json:"name"`
	Examiner          string          `json:"examiner,omitempty"`
	Attempts          []AttemptState  `json:"attempts"`
	Grade             string          `json:"grade,omitempty"`
	GradeWord         string          `json:"grade_word,omitempty"`
	Status            ComponentStatus `json:"status"`
	RemainingAttempts int             `json:"remaining_attempts"`
	Paragraph         string          `json:"paragraph,omitempty"`
	Reason            string          `json:"reason,omitempty"`
	// HardshipCutoff is, while a hardship application made in time is
	// undecided, the last day for it and its evidence (§6(3));
	// HardshipComplete says the candidate declared it complete.
	HardshipCutoff   wachsam.Date `json:"hardship_cutoff,omitzero"`
	HardshipComplete bool         `json:"hardship_complete,omitempty"`
}

// AttemptState is one attempt at a component. Number is the attempt it is
// (1 the first, 2 the retake, 3 the hardship retake); an attempt that does
// not count (good reasons accepted) leaves its number to the next one.
type AttemptState struct {
	Number             int          `json:"number"`
	ExamDate           wachsam.Date `json:"exam_date"`
	RegisteredOn       wachsam.Date `json:"registered_on"`
	Status             string       `json:"status"`
	Parts              []PartState  `json:"parts,omitempty"`
	Mean               string       `json:"mean,omitempty"`
	Grade              string       `json:"grade,omitempty"`
	GradeWord          string       `json:"grade_word,omitempty"`
	Counted            bool         `json:"counted"`
	Reason             string       `json:"reason,omitempty"`
	ResultAnnounced    wachsam.Date `json:"result_announced,omitzero"`
	Equivalent         bool         `json:"equivalent,omitempty"`
	RejectionLetterDue bool         `json:"rejection_letter_due,omitempty"`
	InspectionOn       wachsam.Date `json:"inspection_requested,omitzero"`
	ReasonsReceived    wachsam.Date `json:"reasons_received,omitzero"`
	// ReasonsIncompleteUntil: illness was reported without a medical
	// certificate; it must arrive by this day (§9(2)).
	ReasonsIncompleteUntil wachsam.Date `json:"reasons_incomplete_until,omitzero"`
	// ReasonsCutoff is the last day for reasons and evidence (§9(2)) of an
	// absence or withdrawal; ReasonsComplete says the candidate declared
	// the reasons complete.
	ReasonsCutoff   wachsam.Date `json:"reasons_cutoff,omitzero"`
	ReasonsComplete bool         `json:"reasons_complete,omitempty"`
}

type PartState struct {
	Part   string `json:"part"`
	Weight int64  `json:"weight"`
	Grade  string `json:"grade"`
}

// OverallStatus is the status of the exam as a whole.
type OverallStatus string

const (
	OverallInProgress    OverallStatus = "in_progress"
	OverallPassed        OverallStatus = "passed"
	OverallLapsed        OverallStatus = "lapsed"
	OverallFailedFinally OverallStatus = "failed_finally"
)

type OverallState struct {
	Status             OverallStatus `json:"status"`
	Grade              string        `json:"grade,omitempty"`
	GradeWord          string        `json:"grade_word,omitempty"`
	Mean               string        `json:"mean,omitempty"`
	EntitlementLastDay wachsam.Date  `json:"entitlement_last_day"`
	Paragraph          string        `json:"paragraph,omitempty"`
	Reason             string        `json:"reason"`
}

type CertState struct {
	IssuedOn      wachsam.Date `json:"issued_on"`
	Status        string       `json:"status"` // valid | invalidated
	InvalidatedOn wachsam.Date `json:"invalidated_on,omitzero"`
	Ground        string       `json:"ground,omitempty"`
}

// DecisionState is a board decision with its outcome, computed here from
// the votes (never taken from the file).
type DecisionState struct {
	Fact      int          `json:"fact"`
	Date      wachsam.Date `json:"date"`
	Motion    Motion       `json:"motion"`
	Component string       `json:"component,omitempty"`
	ExamDate  wachsam.Date `json:"exam_date,omitzero"`
	DecidedBy Decider      `json:"decided_by"`
	Tally     Tally        `json:"tally"`
	Effective bool         `json:"effective"`
}

// DeadlineState is a running period with its last day.
type DeadlineState struct {
	Kind      DeadlineKind `json:"kind"`
	Paragraph string       `json:"paragraph"`
	About     string       `json:"about"`
	Component string       `json:"component,omitempty"`
	ExamDate  wachsam.Date `json:"exam_date,omitzero"`
	Event     wachsam.Date `json:"event"`
	LastDay   wachsam.Date `json:"last_day"`
	// ShiftedFrom is the day the period would have ended without §193 BGB.
	ShiftedFrom wachsam.Date `json:"shifted_from,omitzero"`
	EndsAt      time.Time    `json:"ends_at"`
}

// Action is something the candidate or the board may do next.
type Action struct {
	Action    string         `json:"action"`
	Paragraph string         `json:"paragraph"`
	Component string         `json:"component,omitempty"`
	ExamDate  wachsam.Date   `json:"exam_date,omitzero"`
	Attempt   int            `json:"attempt,omitempty"`
	Fee       string         `json:"fee,omitempty"`
	Until     wachsam.Date   `json:"until,omitzero"`
	ExamDates []wachsam.Date `json:"exam_dates,omitempty"`
	Note      string         `json:"note,omitempty"`
}

// Refusal is a fact of the file the regulation does not allow: it is
// recorded here and has no other effect.
type Refusal struct {
	Fact      int          `json:"fact"`
	Date      wachsam.Date `json:"date"`
	Action    string       `json:"action"`
	Component string       `json:"component,omitempty"`
	Paragraph string       `json:"paragraph"`
	Reason    string       `json:"reason"`
}
