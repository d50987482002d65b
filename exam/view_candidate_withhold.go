package exam

import (
	"slices"

	"github.com/wachsam/wachsam"
)

// AttemptWithheld is the status a candidate sees for an attempt whose result
// is decided but not announced yet.
const AttemptWithheld = "withheld"

// WithholdUnannounced returns the state as the candidate may see it, and
// whether anything was withheld. A result is the candidate's once it is
// announced (result_announced): the announcement starts the retake window,
// the hardship cut-off and the inspection cut-off (§6(1),(3), §12(2)), so a
// grade seen earlier would let the candidate count from the wrong day. Until
// then the attempt's grades, its mean and everything that follows from them
// (the component's grade and status, the overall grade, a final failure of
// §7(1) Nr. 2) are withheld. The board's to-do list (BoardMay) is the
// office's business and is never part of the candidate's state.
func WithholdUnannounced(s State) (State, bool) {
	out := s
	out.BoardMay = []Action{}
	out.Components = make([]ComponentState, len(s.Components))
	withheld, finalShown := false, false
	for k, c := range s.Components {
		c.Attempts = slices.Clone(c.Attempts)
		hide := false
		for i, a := range c.Attempts {
			if a.Counted && a.ResultAnnounced.IsZero() {
				a.Status, a.Parts, a.Mean, a.Grade, a.Reason = AttemptWithheld, nil, "", "", ""
				c.Attempts[i] = a
				hide = true
			}
		}
		switch {
		case hide:
			withheld = true
			c.Grade, c.GradeWord, c.Status, c.Paragraph, c.RemainingAttempts = "", "", StatusOpen, "", 0
			c.Reason = "Ein Ergebnis wird Ihnen noch bekannt gegeben."
		case c.Status == StatusFailedFinally:
			finalShown = true
		}
		out.Components[k] = c
	}
	if !withheld {
		return out, false
	}
	o := s.Overall
	if o.Status == OverallPassed || o.Status == OverallFailedFinally && o.Paragraph == "§7(1) Nr. 2" && !finalShown {
		o.Status, o.Grade, o.GradeWord, o.Mean, o.Paragraph = OverallInProgress, "", "", "", "§7(1) Nr. 1"
		o.Reason = "Ein Ergebnis wird Ihnen noch bekannt gegeben. Die Prüfung ist bis " + o.EntitlementLastDay.German() + " erfolgreich abzuschließen."
		out.Overall = o
	}
	return out, true
}

// LateApplication reports whether the fact at index k of file — reasons for
// an absence or withdrawal (§9(2)) or a hardship application (§6(3)) — is
// one the regulation records and rejects as out of time: it arrived after
// the cut-off, and would otherwise have been an application the
// regulation takes. Any other refusal (nothing to give reasons for, no
// failed retake, already applied) is not late: such an application is not
// a fact of the file and is not recorded. The file's facts up to k are
// folded as Evaluate folds them.
func LateApplication(reg Regulation, file File, asOf wachsam.Date, k int) bool {
	if k < 0 || k >= len(file.Facts) {
		return false
	}
	f := file.Facts[k]
	if f.Type != FactReasonsSubmitted && f.Type != FactHardshipApplied || f.Date.After(asOf) ||
		!slices.ContainsFunc(file.Components, func(c Component) bool { return c.ID == f.Component }) {
		return false
	}
	e := newEvaluation(reg, file, asOf)
	for i := range k {
		e.apply(i, file.Facts[i])
	}
	c := e.comp(f.Component)
	if f.Type == FactHardshipApplied {
		n := len(c.hardship)
		r := e.apply(k, f)
		return r != nil && len(c.hardship) == n+1 && !c.hardship[n].inTime
	}
	r := e.apply(k, f)
	a := c.attemptOn(f.ExamDate)
	return r != nil && a != nil && a.reasons != nil && !a.reasons.inTime && a.reasons.on == f.Date
}
