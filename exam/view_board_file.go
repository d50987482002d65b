package exam

import (
	"time"

	"github.com/wachsam/wachsam"
)

// The case page: the candidate's file, documents, the rule that applies
// and what the regulation says about the case now.

// BoardCheck is what the regulation says now about one outcome of a case:
// whether accepting (or rejecting) the motion today would be allowed.
type BoardCheck struct {
	Outcome   string `json:"outcome"` // German: "Annahme" or "Ablehnung"
	Accept    bool   `json:"accept"`
	Allowed   bool   `json:"allowed"`
	Paragraph string `json:"paragraph,omitempty"`
	Reason    string `json:"reason,omitempty"`
}

// BoardHistoryEntry is one fact of the candidate's file as the board reads it.
type BoardHistoryEntry struct {
	Date      wachsam.Date `json:"date"`
	Type      FactType     `json:"type"`
	Label     string       `json:"label"`
	Component string       `json:"component,omitempty"`
	ExamDate  wachsam.Date `json:"exam_date,omitzero"`
	Detail    string       `json:"detail,omitempty"`
	Note      string       `json:"note,omitempty"`
	Refused   *Refusal     `json:"refused,omitempty"`
}

// BoardDocument is a document of the case's candidate: an application's
// evidence, a medical certificate or a written paper.
type BoardDocument struct {
	ID          int64        `json:"id"`
	Kind        string       `json:"kind"`
	Filename    string       `json:"filename"`
	ContentType string       `json:"content_type"`
	SizeBytes   int64        `json:"size_bytes"`
	SHA256      string       `json:"sha256"`
	Component   string       `json:"component,omitempty"`
	ExamDate    wachsam.Date `json:"exam_date,omitzero"`
	UploadedAt  time.Time    `json:"uploaded_at"`
	Deleted     bool         `json:"deleted"`
	OfThisCase  bool         `json:"of_this_case"` // attached to the application that opened the case
	Content     []byte       `json:"-"`
}

// KindGerman names the kind of a document.
func (d BoardDocument) KindGerman() string {
	switch d.Kind {
	case "medical_certificate":
		return "Ärztliches Attest"
	case "evidence":
		return "Beweismittel"
	case "paper":
		return "Schriftliche Prüfungsleistung"
	}
	return d.Kind
}

// BoardCaseFile is everything on a case page.
type BoardCaseFile struct {
	Case  BoardCase `json:"case"`
	State *State    `json:"state,omitempty"` // nil for a delegation
	// Application is the candidate's application that opened the case,
	// with the written reasons or statement (its note).
	Application *BoardHistoryEntry  `json:"application,omitempty"`
	History     []BoardHistoryEntry `json:"history"`
	Documents   []BoardDocument     `json:"documents"`
	Rules       []BoardRule         `json:"rules"`
	// Notes are what the regulation lists for the board to do about this
	// case (State.BoardMay), with their notes ("Krankheit ohne Attest …").
	Notes []Action `json:"notes"`
	// Checks say whether accepting and rejecting would be allowed today.
	Checks []BoardCheck `json:"checks"`
	// LastHearing is the last hearing of the candidate (§11(3)).
	LastHearing wachsam.Date  `json:"last_hearing,omitzero"`
	Members     []BoardMember `json:"members"`
	// Preview is the tally if the vote were closed now (§4(4)).
	Preview Tally `json:"preview"`
	// ChairMay: the board delegated this motion, so the chair may decide
	// alone (§4(3)).
	ChairMay bool `json:"chair_may_decide_alone"`
	// CutoffSummary is Cutoff(), filled for the case's JSON.
	CutoffSummary *BoardCutoff `json:"cutoff,omitempty"`
}

// HearingRecorded reports a hearing after the certificate was issued, as
// §11(3) demands before an invalidation.
func (f BoardCaseFile) HearingRecorded() bool {
	if f.LastHearing.IsZero() || f.State == nil || f.State.Certificate == nil {
		return !f.LastHearing.IsZero()
	}
	return !f.LastHearing.Before(f.State.Certificate.IssuedOn)
}

// BoardDelegated reports whether the state shows an effective delegation of
// the motion to the chair (§4(3)).
func BoardDelegated(s State, m Motion) bool {
	for _, d := range s.Decisions {
		if d.Motion == "delegate:"+m && d.Effective {
			return true
		}
	}
	return false
}

// BoardCutoff is, for a case on reasons (§9(2)) or on a hardship
// application (§6(3)), the candidate's cut-off and what is still missing
// while it runs: before its end the board may reject only what the
// candidate declared complete.
type BoardCutoff struct {
	Paragraph string       `json:"paragraph"`
	LastDay   wachsam.Date `json:"last_day"`
	Running   bool         `json:"running"`  // the cut-off has not passed as of the state's day
	Missing   []string     `json:"missing"`  // German: what the candidate may still send
	Complete  bool         `json:"complete"` // the candidate declared the application complete
}

// Cutoff returns the cut-off of the reasons or hardship application the
// case is about, or nil for any other case.
func (f BoardCaseFile) Cutoff() *BoardCutoff {
	if f.State == nil {
		return nil
	}
	for _, c := range f.State.Components {
		if c.ID != f.Case.Component {
			continue
		}
		switch f.Case.Motion {
		case MotionApproveHardshipRetake:
			if c.HardshipCutoff.IsZero() {
				return nil
			}
			return boardCutoff("§6(3)", f.State.AsOf, c.HardshipCutoff, c.HardshipComplete, false)
		case MotionAcceptReasons:
			for _, a := range c.Attempts {
				if a.ExamDate == f.Case.ExamDate && !a.ReasonsCutoff.IsZero() {
					return boardCutoff("§9(2)", f.State.AsOf, a.ReasonsCutoff, a.ReasonsComplete, !a.ReasonsIncompleteUntil.IsZero())
				}
			}
		}
	}
	return nil
}

func boardCutoff(paragraph string, asOf, lastDay wachsam.Date, complete, noCertificate bool) *BoardCutoff {
	out := &BoardCutoff{Paragraph: paragraph, LastDay: lastDay, Running: !asOf.After(lastDay), Complete: complete, Missing: []string{}}
	if out.Running && noCertificate {
		out.Missing = append(out.Missing, "das ärztliche Attest über die Prüfungsunfähigkeit")
	}
	if out.Running && !complete {
		out.Missing = append(out.Missing, "die Erklärung des Prüflings, dass seine Angaben vollständig sind (erst dann ist vor Ablauf der Frist eine Ablehnung möglich)")
	}
	return out
}
