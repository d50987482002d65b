package exam

import (
	"fmt"

	"github.com/wachsam/wachsam"
)

// outcome is what an attempt amounts to as of a day.
type outcome struct {
	status  string // registered, graded, awaiting_reasons, reasons_pending, excused, failed
	open    bool   // not decided yet: keeps the component open
	counted bool   // uses up an attempt
	grade   Mean
	reason  string
}

func (e *evaluation) outcome(a *attempt, d wachsam.Date) outcome {
	worst := MeanOf(e.reg.Scale[len(e.reg.Scale)-1])
	switch {
	case a.cheating:
		// §8(1): the finding of the board makes the attempt "nicht bestanden".
		return outcome{status: "failed", counted: true, grade: worst, reason: "§8(1) Täuschung, festgestellt vom Prüfungsausschuss"}
	case a.disorder:
		// §8(2): excluded by the examiner for a breach of order.
		return outcome{status: "failed", counted: true, grade: worst, reason: "§8(2) Ordnungsverstoß, Ausschluss durch den Prüfer"}
	case a.absent || a.withdrew:
		what := "Versäumnis"
		if a.withdrew {
			what = "Rücktritt"
		}
		r := a.reasons
		switch {
		case r != nil && r.inTime && r.decided && r.accepted:
			// §9(2): good reasons accepted, the attempt does not count.
			return outcome{status: "excused", reason: "§9(2) " + what + " aus triftigem Grund, vom Prüfungsausschuss anerkannt"}
		case r != nil && r.inTime && r.decided:
			return outcome{status: "failed", counted: true, grade: worst, reason: "§9(1) " + what + ", Gründe vom Prüfungsausschuss nicht anerkannt"}
		case r != nil && r.inTime:
			// Pending reasons keep the attempt open (DESIGN.md §3, §9).
			return outcome{status: "reasons_pending", open: true, reason: "§9(2) Gründe eingegangen, Entscheidung des Prüfungsausschusses steht aus"}
		case !d.After(e.deadlineOf(ReasonsCutoff, a.missedOn)):
			return outcome{status: "awaiting_reasons", open: true, reason: "§9(2) " + what + "; Gründe können bis " + e.deadlineOf(ReasonsCutoff, a.missedOn).German() + " angezeigt werden"}
		}
		return outcome{status: "failed", counted: true, grade: worst, reason: "§9(1) " + what + " ohne rechtzeitig angezeigte triftige Gründe"}
	case a.graded:
		return outcome{status: "graded", counted: true, grade: a.grade}
	}
	return outcome{status: "registered", open: true}
}

// view is a component's standing as of a day.
type view struct {
	status     ComponentStatus
	para       string
	reason     string
	counted    int      // counted attempts
	allowed    int      // attempts allowed so far: first, retakes, approved hardship retakes
	pending    *attempt // an attempt not decided yet
	lastFailed *attempt
	passedBy   *attempt
	grade      Mean // the exact grade of the passing attempt (§5(3),(4))
	// hardshipOpen: the only way on is a hardship retake not yet decided
	// (application still possible or pending).
	hardshipOpen bool
}

func (e *evaluation) view(c *comp, d wachsam.Date) view {
	v := view{allowed: 1 + e.reg.Retakes + c.approvals}
	for _, a := range c.attempts {
		o := e.outcome(a, d)
		switch {
		case o.open:
			v.pending = a
		case !o.counted:
		case e.reg.PassedMean(o.grade):
			v.counted++
			v.passedBy, v.grade = a, o.grade
		default:
			v.counted++
			v.lastFailed = a
		}
	}
	switch {
	case v.passedBy != nil:
		v.status, v.para, v.reason = StatusPassed, "§5(3)", "bestanden"
	case v.pending != nil:
		v.status, v.para, v.reason = StatusOpen, "", "Versuch zum Termin "+v.pending.examDate.German()+" ist noch offen"
	case v.counted == 0:
		v.status, v.reason = StatusOpen, "noch nicht abgelegt"
	case v.counted >= e.reg.MaxAttempts():
		v.status, v.para = StatusFailedFinally, "§6(4)"
		v.reason = "endgültig nicht bestanden: eine weitere Wiederholung ist ausgeschlossen"
	case v.counted < v.allowed:
		r := v.lastFailed.resultOn
		if !r.IsZero() && d.After(e.deadlineOf(RetakeWindow, r)) {
			v.status, v.para = StatusFailedFinally, "§6(1)"
			v.reason = fmt.Sprintf("endgültig nicht bestanden: die Wiederholung ist nicht innerhalb der Jahresfrist bis %s erfolgt", e.deadlineOf(RetakeWindow, r).German())
		} else {
			v.status, v.para, v.reason = StatusFailedRetakePossible, "§6(1)", "nicht bestanden; Wiederholung möglich"
		}
	case c.approvals < e.reg.HardshipRetakes && e.hardshipStillPossible(c, v.lastFailed, d):
		v.status, v.para, v.hardshipOpen = StatusFailedRetakePossible, "§6(2)", true
		v.reason = "Wiederholung nicht bestanden; eine zweite Wiederholung nur mit Genehmigung des Prüfungsausschusses im Härtefall"
	default:
		v.status, v.para = StatusFailedFinally, "§6(2),(3)"
		v.reason = "endgültig nicht bestanden: kein rechtzeitiger oder kein genehmigter Härtefallantrag"
	}
	return v
}

// hardshipStillPossible: an application on the failed retake is pending, or
// none was made and the cut-off of §6(3) has not passed.
func (e *evaluation) hardshipStillPossible(c *comp, failed *attempt, d wachsam.Date) bool {
	for _, h := range c.hardship {
		if h.failed == failed && h.inTime {
			return !h.decided
		}
	}
	return failed.resultOn.IsZero() || !d.After(e.deadlineOf(HardshipCutoff, failed.resultOn))
}

// remaining is the number of attempts still open to the candidate without
// a further board decision.
func (v view) remaining() int {
	if v.status == StatusPassed || v.status == StatusFailedFinally {
		return 0
	}
	n := v.allowed - v.counted
	if v.pending != nil {
		n--
	}
	return max(n, 0)
}

// finallyFailed reports a component finally failed as of d, for §7(1) Nr. 2:
// the first in the file's order. Only a component with an attempt that
// did not pass can be finally failed, so only those are looked at (see
// markFailing): asking on every registration about every component made
// evaluation quadratic in the number of components.
func (e *evaluation) finallyFailed(d wachsam.Date) *comp {
	var first *comp
	for _, c := range e.failing {
		if (first == nil || c.index < first.index) && e.view(c, d).status == StatusFailedFinally {
			first = c
		}
	}
	return first
}

// markFailing notes that c has an attempt that did not pass (failed grade,
// absence, withdrawal, disorder, cheating), so c may become finally failed.
func (e *evaluation) markFailing(c *comp) {
	if !c.failing {
		c.failing = true
		e.failing = append(e.failing, c)
	}
}
