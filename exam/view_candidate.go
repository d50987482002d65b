package exam

import (
	"slices"
	"time"

	"github.com/wachsam/wachsam"
)

// The candidate's own view of their file (/pruefung). It is built from the
// State package exam folds and from the office's records (seminar, exam
// dates, board cases, uploaded documents); nothing here decides anything
// the regulation decides. Results not yet announced are withheld
// (WithholdUnannounced): the announcement is what starts the candidate's
// periods (§6(1),(3), §12(2)), so the candidate learns a result from it.

// CandidateView is one of the candidate's files as the candidate reads it.
type CandidateView struct {
	Record   CandidateRecord
	Seminar  OfficeSeminar
	Reg      string     // the regulation's title
	Dates    []ExamDate // every exam date of the seminar, with its place
	State    State      // withheld: see WithholdUnannounced
	Withheld bool       // at least one result is not announced yet

	Components   []CandidateComponent
	Deadlines    []CandidateDeadline
	Registration []CandidateRegistration
	Fees         []CandidateFee
	Actions      []CandidateAction
	Cases        []CandidateCase
	Documents    []CandidateDocument
	// Rejected are applications recorded and rejected as out of time.
	Rejected []CandidateRejected
	// EnteredLater are the facts the exam office entered after their day
	// ("nachgetragen"), with the reason it gave.
	EnteredLater []CandidateEnteredLater
}

// CandidateEnteredLater is a fact of the file the office entered later
// than the day it happened on.
type CandidateEnteredLater struct {
	Date      wachsam.Date `json:"date"`
	Label     string       `json:"label"` // German
	Component string       `json:"component,omitempty"`
	EnteredOn wachsam.Date `json:"entered_on"`
	EnteredBy string       `json:"entered_by,omitempty"`
	Reason    string       `json:"reason"`
}

// CandidateRejected is an application of the file the regulation refused.
type CandidateRejected struct {
	Refusal
	Label         string
	ComponentName string
}

// CandidateComponent is a component with its attempts, as shown.
type CandidateComponent struct {
	ComponentState
	Attempts []CandidateAttempt
	Withheld bool // its result is not announced yet
}

// CandidateAttempt is one attempt with the names of its parts.
type CandidateAttempt struct {
	AttemptState
	StatusText string // German
	GradeWord  string
	Parts      []CandidatePart
	Withheld   bool
}

// CandidatePart is a part grade with the part's name and share (§5(4)).
type CandidatePart struct {
	Code, Name string
	Weight     int64
	Grade      string
}

// CandidateRegistration is a component the exam office may register the
// candidate for, with the announced dates open to it (§3(3), §6(1)).
type CandidateRegistration struct {
	Component     string
	ComponentName string
	Attempt       int
	Until         wachsam.Date
	Paragraph     string
	Dates         []ExamDate
}

// CandidateFee is a fee still to pay before the next attempt (§2(2),(3)).
type CandidateFee struct {
	Fee           string // exam | retake
	Component     string
	ComponentName string
	Attempt       int
	AmountCents   int64
}

// CandidateAction is something the candidate may do now. Late marks an
// application after its cut-off: it can still be sent, and is recorded and
// rejected as out of time (§6(3), §9(2)), which the page says beforehand.
type CandidateAction struct {
	Action
	Label         string
	ComponentName string
	Late          bool
}

// CandidateCase is a board case about the candidate.
type CandidateCase struct {
	ID            int64
	Motion        Motion
	Component     string
	ComponentName string
	ExamDate      wachsam.Date
	Summary       string
	Status        string // open | decided | withdrawn
	OpenedAt      time.Time
	DecidedOn     wachsam.Date
	Accepted      *bool
	Outcome       string
	Application   bool // the candidate's own application opened it
}

// StatusGerman names the case's status for the candidate.
func (c CandidateCase) StatusGerman() string {
	switch {
	case c.Status == "open":
		return "liegt dem Prüfungsausschuss zur Entscheidung vor"
	case c.Status == "withdrawn":
		return "zurückgenommen"
	case c.Accepted != nil && *c.Accepted:
		return "entschieden – dem Antrag wurde stattgegeben"
	case c.Accepted != nil:
		return "entschieden – der Antrag wurde abgelehnt"
	}
	return "entschieden"
}

// Decided reports whether the board decided the case (a letter exists).
func (c CandidateCase) Decided() bool { return c.Status == "decided" }

// CandidateDocument is a document the candidate uploaded with an application.
type CandidateDocument struct {
	ID          int64
	Kind        string // medical_certificate | evidence
	Filename    string
	ContentType string
	SizeBytes   int64
	Component   string
	ExamDate    wachsam.Date
	UploadedAt  time.Time
}

// KindGerman names the kind of document.
func (d CandidateDocument) KindGerman() string {
	if d.Kind == "medical_certificate" {
		return "Ärztliches Attest"
	}
	return "Nachweis"
}

// CandidateSources are the office's records a view is built from.
type CandidateSources struct {
	Record    CandidateRecord
	Seminar   OfficeSeminar
	Dates     []ExamDate
	Cases     []CandidateCase
	Documents []CandidateDocument
	// Late are applications whose cut-off has passed but which package
	// exam would record and reject as out of time (LateApplication).
	Late []Action
}

// NewCandidateView builds the candidate's view of state s under reg.
func NewCandidateView(reg Regulation, s State, src CandidateSources) CandidateView {
	shown, withheld := WithholdUnannounced(s)
	v := CandidateView{Record: src.Record, Seminar: src.Seminar, Reg: reg.Title, Dates: src.Dates, State: shown, Withheld: withheld,
		Cases: src.Cases, Documents: src.Documents}
	for k, c := range shown.Components {
		v.Components = append(v.Components, candComponent(c, s.Components[k], src.Seminar))
	}
	// The candidate's own deadlines first, the soonest on top; the
	// academy's periods after them.
	v.Deadlines = CandidateDeadlines(reg, shown)
	slices.SortStableFunc(v.Deadlines, func(a, b CandidateDeadline) int {
		if a.Own != b.Own {
			if a.Own {
				return -1
			}
			return 1
		}
		return a.LastDay.Compare(b.LastDay)
	})
	for _, a := range shown.CandidateMay {
		name := candComponentName(shown, a.Component)
		switch a.Action {
		case "register":
			r := CandidateRegistration{Component: a.Component, ComponentName: name, Attempt: a.Attempt, Until: a.Until, Paragraph: a.Paragraph}
			for _, d := range src.Dates {
				if d.ComponentCode == a.Component && containsDate(a.ExamDates, d.ExamDay) {
					r.Dates = append(r.Dates, d)
				}
			}
			v.Registration = append(v.Registration, r)
		case "pay_fee":
			fee := CandidateFee{Fee: a.Fee, Component: a.Component, ComponentName: name, Attempt: a.Attempt, AmountCents: src.Seminar.ExamFeeCents}
			if a.Fee == "retake" {
				fee.AmountCents = src.Seminar.RetakeFeeCents
			}
			v.Fees = append(v.Fees, fee)
		default:
			v.Actions = append(v.Actions, CandidateAction{Action: a, Label: ActionGerman(a.Action), ComponentName: name})
		}
	}
	for _, a := range src.Late {
		v.Actions = append(v.Actions, CandidateAction{Action: a, Label: ActionGerman(a.Action), ComponentName: candComponentName(shown, a.Component), Late: true})
	}
	for _, r := range shown.Refused {
		label := "Vorgang"
		switch FactType(r.Action) {
		case FactReasonsSubmitted:
			label = "Gründe für Versäumnis oder Rücktritt"
		case FactHardshipApplied:
			label = "Antrag auf zweite Wiederholung im Härtefall"
		}
		v.Rejected = append(v.Rejected, CandidateRejected{Refusal: r, Label: label, ComponentName: candComponentName(shown, r.Component)})
	}
	for k := range v.Cases {
		v.Cases[k].ComponentName = candComponentName(shown, v.Cases[k].Component)
	}
	return v
}

// Action finds an open action of the view: by name, component and exam day.
func (v CandidateView) Action(action, component string, examDate wachsam.Date) (CandidateAction, bool) {
	for _, a := range v.Actions {
		if a.Action.Action == action && a.Component == component && a.ExamDate == examDate {
			return a, true
		}
	}
	return CandidateAction{}, false
}

// Place is where the exam of a component on a day takes place, if known.
func (v CandidateView) Place(component string, day wachsam.Date) string {
	for _, d := range v.Dates {
		if d.ComponentCode == component && d.ExamDay == day {
			return d.Place
		}
	}
	return ""
}

// ComponentName is the name of a component of the file, or its code.
func (v CandidateView) ComponentName(code string) string { return candComponentName(v.State, code) }

func candComponentName(s State, code string) string {
	for _, c := range s.Components {
		if c.ID == code {
			return c.Name
		}
	}
	return code
}

// candComponent adds the names of parts and German words to a component;
// raw is the component before results were withheld.
func candComponent(c, raw ComponentState, seminar OfficeSeminar) CandidateComponent {
	out := CandidateComponent{ComponentState: c}
	var parts []OfficePart
	for _, oc := range seminar.Components {
		if oc.Code == c.ID {
			parts = oc.Parts
		}
	}
	for k, a := range c.Attempts {
		ca := CandidateAttempt{AttemptState: a, StatusText: AttemptStatusGerman(a.Status)}
		if a.Status == AttemptWithheld {
			ca.Withheld, out.Withheld = true, true
			ca.StatusText = "Ergebnis wird noch bekannt gegeben"
			if raw.Attempts[k].Status == "graded" {
				ca.StatusText = "bewertet; das Ergebnis wird noch bekannt gegeben"
			}
		}
		ca.GradeWord = a.GradeWord
		for _, p := range a.Parts {
			cp := CandidatePart{Code: p.Part, Name: p.Part, Weight: p.Weight, Grade: p.Grade}
			for _, op := range parts {
				if op.Code == p.Part && op.Name != "" {
					cp.Name = op.Name
				}
			}
			ca.Parts = append(ca.Parts, cp)
		}
		out.Attempts = append(out.Attempts, ca)
	}
	return out
}
