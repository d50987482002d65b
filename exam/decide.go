package exam

import (
	"slices"

	"github.com/wachsam/wachsam"
)

// decide handles a board decision: the outcome is tallied from the votes
// (§4(3),(4)), never taken from the file, and then applied to the motion.
func (e *evaluation) decide(i int, f Fact) *refusal {
	t := e.reg.TallyVote(Vote{
		Members: f.Members, Votes: f.Votes, Circular: f.Circular,
		DecidedBy: f.DecidedBy, Delegated: slices.Contains(e.delegated, f.Motion),
	})
	e.decisions = append(e.decisions, DecisionState{Fact: i, Date: f.Date, Motion: f.Motion, Component: f.Component, ExamDate: f.ExamDate, DecidedBy: f.DecidedBy, Tally: t})
	if !t.Valid {
		return refuse(t.Paragraph, "%s Der Beschluss ist unwirksam.", t.Reason)
	}
	var r *refusal
	switch f.Motion {
	case MotionAcceptReasons:
		r = e.decideReasons(f, t.Accepted)
	case MotionApproveHardshipRetake:
		r = e.decideHardship(f, t.Accepted)
	case MotionExtendEntitlement:
		r = e.decideExtension(f, t.Accepted)
	case MotionFindCheating:
		r = e.decideCheating(f, t.Accepted)
	case MotionNameSubstituteExaminer:
		if t.Accepted {
			e.comp(f.Component).examiner = f.Examiner
		}
	case MotionRecogniseEquivalent:
		a := e.comp(f.Component).attemptOn(f.ExamDate)
		if a == nil {
			r = refuse("§3(5)", "Eine gleichwertige Prüfungsleistung kann nur für einen angemeldeten Termin (%s) anerkannt werden.", f.ExamDate.German())
		} else if t.Accepted {
			a.equivalent = true
		}
	case MotionInvalidateCertificate:
		r = e.decideInvalidation(f, t.Accepted)
	default:
		panic("exam: unhandled motion " + string(f.Motion))
	}
	e.decisions[len(e.decisions)-1].Effective = r == nil
	return r
}

func (e *evaluation) decideReasons(f Fact, accepted bool) *refusal {
	a := e.comp(f.Component).attemptOn(f.ExamDate)
	switch {
	case a == nil || a.reasons == nil:
		return refuse("§9(2)", "Zum Termin %s liegen keine Gründe vor, über die zu entscheiden wäre.", f.ExamDate.German())
	case !a.reasons.inTime:
		return refuse("§9(2)", "Die Gründe zum Termin %s gingen nach Ablauf der Ausschlussfrist ein; sie können nicht anerkannt werden.", f.ExamDate.German())
	case a.reasons.decided:
		return refuse("§9(2)", "Über die Gründe zum Termin %s ist bereits entschieden.", f.ExamDate.German())
	case accepted && a.reasons.illness && !a.reasons.medicalCer:
		return refuse("§9(2)", "Bei Krankheit ist ein ärztliches Attest über die Prüfungsunfähigkeit vorzulegen; ohne Attest können die Gründe nicht anerkannt werden.")
	case !accepted && !a.reasons.complete && !f.Date.After(e.deadlineOf(ReasonsCutoff, a.missedOn)):
		// §9(2) gives the candidate until the cut-off for the reasons and
		// the evidence; a rejection before it would cut that short, unless
		// the candidate said there is nothing more to come.
		return refuse("§9(2)", "Bis zum Ende der Ausschlussfrist am %s kann der Prüfling Beweismittel nachreichen; vorher können die Gründe nur abgelehnt werden, wenn er sie für vollständig erklärt hat.",
			e.deadlineOf(ReasonsCutoff, a.missedOn).German())
	}
	a.reasons.decided, a.reasons.accepted = true, accepted
	return nil
}

func (e *evaluation) decideHardship(f Fact, accepted bool) *refusal {
	c := e.comp(f.Component)
	var app *hardshipApp
	for _, h := range c.hardship {
		if !h.decided {
			app = h
		}
	}
	switch {
	case app == nil:
		return refuse("§6(2)", "Eine zweite Wiederholung setzt einen Antrag des Kandidaten voraus; zu %s liegt kein offener Antrag vor.", c.def.Name)
	case !app.inTime:
		return refuse("§6(3)", "Der Härtefallantrag ging nach Ablauf der Ausschlussfrist ein und kann nicht genehmigt werden.")
	case accepted && !(f.Findings.NotResponsible && f.Findings.ExpectationOfSuccess):
		// §6(3): both findings are required for a hardship case.
		return refuse("§6(3)", "Ein besonderer Härtefall liegt nur vor, wenn der Kandidat die Gründe für das Nichtbestehen nicht zu vertreten hat und seine bisherigen Leistungen die Erwartung begründen, dass er die Prüfung erfolgreich abschließt; der Beschluss stellt nicht beides fest.")
	case !accepted && !app.complete && !app.failed.resultOn.IsZero() && !f.Date.After(e.deadlineOf(HardshipCutoff, app.failed.resultOn)):
		// §6(3) gives the candidate until the cut-off for the application
		// "mit allen Beweismitteln"; a rejection before it would cut that
		// short, unless the candidate said there is nothing more to come.
		return refuse("§6(3)", "Bis zum Ende der Ausschlussfrist am %s kann der Prüfling Beweismittel zum Härtefallantrag nachreichen; vorher kann der Antrag nur abgelehnt werden, wenn er ihn für vollständig erklärt hat.",
			e.deadlineOf(HardshipCutoff, app.failed.resultOn).German())
	}
	app.decided, app.approved = true, accepted
	if accepted {
		c.approvals++
	}
	return nil
}

func (e *evaluation) decideExtension(f Fact, accepted bool) *refusal {
	if ff := e.finallyFailed(f.Date); ff != nil {
		return refuse("§7(2)", "Ausnahmen sind nur von §7(1) Nr. 1 möglich; %s ist endgültig nicht bestanden.", ff.def.Name)
	}
	if last := e.entitlementLastDay(); accepted && !f.Until.After(last) {
		return refuse("§7(2)", "Die Verlängerung muss über das bisherige Ende des Prüfungsanspruchs am %s hinausgehen.", last.German())
	}
	e.extensionOn = wachsam.Date{} // the application is decided
	if accepted {
		e.extendedUntil = f.Until
	}
	return nil
}

func (e *evaluation) decideCheating(f Fact, accepted bool) *refusal {
	a := e.comp(f.Component).attemptOn(f.ExamDate)
	switch {
	case a == nil || a.absent || a.withdrew || f.Date.Before(f.ExamDate):
		return refuse("§8(1)", "Eine Täuschung kann nur bei einer angetretenen Prüfung am %s festgestellt werden.", f.ExamDate.German())
	case e.certificate != nil:
		return refuse("§11(1)", "Nach Aushändigung des Zeugnisses entscheidet der Prüfungsausschuss über eine Täuschung nach §11(1).")
	}
	if accepted {
		a.cheating = true
		e.markFailing(e.comp(f.Component))
	}
	return nil
}

func (e *evaluation) decideInvalidation(f Fact, accepted bool) *refusal {
	cert := e.certificate
	switch {
	case cert == nil:
		return refuse("§11(1)", "Es wurde kein Zeugnis ausgestellt.")
	case !cert.InvalidatedOn.IsZero():
		return refuse("§11(4)", "Das Zeugnis wurde bereits am %s eingezogen.", cert.InvalidatedOn.German())
	case e.lastHearing.IsZero() || e.lastHearing.Before(cert.IssuedOn):
		return refuse("§11(3)", "Dem Kandidaten ist vor einer Entscheidung Gelegenheit zur Äußerung zu geben; eine Anhörung ist nicht erfasst.")
	case f.Date.After(e.deadlineOf(InvalidationLimit, cert.IssuedOn)):
		return refuse("§11(4)", "Eine Entscheidung über die Ungültigkeit ist nach 5 Jahren ab dem Datum des Zeugnisses (%s) ausgeschlossen; die Frist endete am %s.", cert.IssuedOn.German(), e.deadlineOf(InvalidationLimit, cert.IssuedOn).German())
	}
	if accepted {
		cert.Status, cert.InvalidatedOn, cert.Ground = "invalidated", f.Date, f.Ground
	}
	return nil
}
