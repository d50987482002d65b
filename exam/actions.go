package exam

import (
	"strings"

	"github.com/wachsam/wachsam"
)

// register handles a registration for an exam date: §7(1), §2(1), §6, §3(3).
func (e *evaluation) register(f Fact) *refusal {
	d, c := f.Date, e.comp(f.Component)
	if e.certificate != nil && !e.certificate.InvalidatedOn.IsZero() {
		return refuse("§11(1)", "Die Prüfung wurde nach §11 für nicht bestanden erklärt; der Prüfungsanspruch ist erloschen.")
	}
	v := e.view(c, d)
	// The component's own final failure speaks first (§6(4), §6(1)), then
	// that of another component (§7(1) Nr. 2).
	if v.status == StatusFailedFinally && v.counted >= e.reg.MaxAttempts() {
		return refuse("§6(4)", "Eine dritte Wiederholung einer Prüfungsleistung ist ausgeschlossen.")
	}
	if v.status == StatusFailedFinally {
		return refuse(v.para, "%s ist %s.", c.def.Name, v.reason)
	}
	if ff := e.finallyFailed(d); ff != nil {
		return refuse("§7(1) Nr. 2", "Der Prüfungsanspruch ist erloschen: %s wurde endgültig nicht bestanden.", ff.def.Name)
	}
	if last := e.entitlementLastDay(); f.ExamDate.After(last) {
		return refuse("§7(1) Nr. 1", "Der Termin %s liegt nach dem Ende des Prüfungsanspruchs am %s (1 Jahr nach Ende des Seminars).", f.ExamDate.German(), last.German())
	}
	if a := e.admission(); !a.Granted {
		return refuse("§2(1)", "%s", a.Reason)
	}
	switch {
	case v.status == StatusPassed:
		return refuse("§6(5)", "%s ist bereits bestanden; die Wiederholung einer bestandenen Prüfungsleistung ist nicht möglich.", c.def.Name)
	case v.pending != nil:
		return refuse("§6(1)", "Der Versuch zum Termin %s ist noch offen; eine Wiederholung setzt ein nicht bestandenes Ergebnis voraus.", v.pending.examDate.German())
	case v.hardshipOpen:
		return refuse("§6(2)", "Eine zweite Wiederholung von %s ist nur möglich, wenn der Prüfungsausschuss sie im Härtefall genehmigt hat.", c.def.Name)
	}
	if !containsDate(c.announced, f.ExamDate) {
		return refuse("§3(3)", "Für %s ist kein Termin am %s vom Prüfungsausschuss festgelegt und rechtzeitig bekannt gegeben.", c.def.Name, f.ExamDate.German())
	}
	if f.ExamDate.Before(d) {
		return refuse("§3(3)", "Der Termin %s ist bereits vorbei.", f.ExamDate.German())
	}
	if v.lastFailed != nil {
		r := v.lastFailed.resultOn
		if r.IsZero() {
			return refuse("§6(1)", "Das Ergebnis des Versuchs vom %s ist noch nicht bekannt gegeben; die Jahresfrist für die Wiederholung hat nicht begonnen.", v.lastFailed.examDate.German())
		}
		if end := e.deadlineOf(RetakeWindow, r); f.ExamDate.After(end) {
			return refuse("§6(1)", "Die Wiederholung muss innerhalb eines Jahres nach Bekanntgabe des Ergebnisses (%s) erfolgen, also bis %s; der Termin %s liegt danach.", r.German(), end.German(), f.ExamDate.German())
		}
	}
	c.attempts = append(c.attempts, &attempt{examDate: f.ExamDate, registeredOn: d})
	return nil
}

func containsDate(ds []wachsam.Date, d wachsam.Date) bool {
	for _, x := range ds {
		if x == d {
			return true
		}
	}
	return false
}

// takenPlace: an attempt that was sat (graded, or ended by §8).
func (a *attempt) takenPlace() bool { return a.graded || a.disorder || a.cheating }

// miss handles an absence or a withdrawal after registration (§9(1)).
func (e *evaluation) miss(f Fact) *refusal {
	c := e.comp(f.Component)
	a := c.attemptOn(f.ExamDate)
	what := "Versäumnis"
	if f.Type == FactWithdrew {
		what = "Rücktritt"
	}
	switch {
	case a == nil:
		return refuse("§9(1)", "Ein %s setzt eine Anmeldung zum Termin %s voraus.", what, f.ExamDate.German())
	case a.takenPlace() || a.absent || a.withdrew:
		return refuse("§9(1)", "Die Prüfung am %s ist bereits angetreten oder als versäumt erfasst.", f.ExamDate.German())
	case f.Type == FactWithdrew && f.Date.After(f.ExamDate):
		return refuse("§9(1)", "Nach dem Prüfungstermin %s ist kein Rücktritt mehr möglich.", f.ExamDate.German())
	case f.Type == FactAbsent && f.Date.Before(f.ExamDate):
		return refuse("§9(1)", "Ein Versäumnis kann erst am Prüfungstermin %s festgestellt werden.", f.ExamDate.German())
	}
	if f.Type == FactWithdrew {
		a.withdrew, a.missedOn = true, f.Date
	} else {
		a.absent, a.missedOn = true, f.ExamDate
	}
	e.markFailing(c)
	return nil
}

// grade handles the grading of an attempt (§5, §2(3)).
func (e *evaluation) grade(f Fact) *refusal {
	c := e.comp(f.Component)
	a := c.attemptOn(f.ExamDate)
	switch {
	case a == nil:
		return refuse("§2(1)", "Ohne Zulassung und Anmeldung zum Termin %s kann keine Prüfungsleistung bewertet werden.", f.ExamDate.German())
	case a.absent || a.withdrew:
		return refuse("§9(1)", "Zum Termin %s ist ein Versäumnis oder Rücktritt erfasst; es gibt keine Leistung zu bewerten.", f.ExamDate.German())
	case a.graded:
		return refuse("§5(2)", "Die Prüfungsleistung vom %s ist bereits bewertet.", f.ExamDate.German())
	case a.disorder || a.cheating:
		return refuse("§8", "Die Prüfungsleistung vom %s gilt bereits als nicht bestanden.", f.ExamDate.German())
	case f.Date.Before(f.ExamDate):
		return refuse("§5(2)", "Eine Prüfungsleistung kann nicht vor dem Termin %s bewertet werden.", f.ExamDate.German())
	}
	if r := e.feePaid(c, a, f.Date); r != nil {
		return r
	}
	parts := make([]Weighted, len(f.Grades))
	for k, pg := range f.Grades {
		parts[k] = Weighted{Grade: pg.Grade, Weight: partWeight(c.def, pg.Part)}
	}
	m, err := WeightedMean(parts)
	if err != nil {
		return refuse("§5(4)", "%s", err.Error())
	}
	a.graded, a.parts, a.mean, a.grade = true, f.Grades, m, e.reg.ComponentGrade(m)
	if !e.reg.PassedMean(a.grade) {
		e.markFailing(c)
	}
	return nil
}

func partWeight(c *Component, part string) int64 {
	for _, p := range c.Parts {
		if p.ID == part {
			return p.Weight
		}
	}
	return 1 // a component without parts is graded as a whole
}

// feePaid checks §2(3): the fee for this attempt was paid by its exam day.
// The first attempt needs the exam fee; the n-th needs n-1 retake fees for
// the component (§2(2) sentence 3: separate fees for every retake).
func (e *evaluation) feePaid(c *comp, a *attempt, d wachsam.Date) *refusal {
	n := e.number(c, a, d)
	if n == 1 {
		if e.examFeeOn.IsZero() || e.examFeeOn.After(a.examDate) {
			return refuse("§2(3)", "Die Prüfungsgebühr war am Prüfungstag %s nicht entrichtet; Prüfungsleistungen können erst danach erbracht werden.", a.examDate.German())
		}
		return nil
	}
	paid := 0
	for _, p := range c.retakeFee {
		if !p.After(a.examDate) {
			paid++
		}
	}
	if paid < n-1 {
		return refuse("§2(3)", "Die Gebühr für die %d. Wiederholung von %s war am Prüfungstag %s nicht entrichtet.", n-1, c.def.Name, a.examDate.German())
	}
	return nil
}

// number is the attempt's number: one more than the counted attempts before it.
func (e *evaluation) number(c *comp, a *attempt, d wachsam.Date) int {
	n := 1
	for _, b := range c.attempts {
		if b == a {
			break
		}
		if e.outcome(b, d).counted {
			n++
		}
	}
	return n
}

// announce handles the announcement of a result (it starts §6(1), §6(3), §12(2)).
func (e *evaluation) announce(f Fact) *refusal {
	a := e.comp(f.Component).attemptOn(f.ExamDate)
	if a == nil {
		return refuse("§5(2)", "Zum Termin %s gibt es keine Anmeldung und kein Ergebnis.", f.ExamDate.German())
	}
	if !a.resultOn.IsZero() {
		return refuse("§5(2)", "Das Ergebnis vom %s wurde bereits am %s bekannt gegeben.", f.ExamDate.German(), a.resultOn.German())
	}
	if o := e.outcome(a, f.Date); o.open || !o.counted {
		return refuse("§5(2)", "Zum Termin %s steht noch kein Ergebnis fest, das bekannt gegeben werden könnte.", f.ExamDate.German())
	}
	a.resultOn = f.Date
	return nil
}

// submitReasons handles reasons for an absence or withdrawal (§9(2)).
func (e *evaluation) submitReasons(f Fact) *refusal {
	a := e.comp(f.Component).attemptOn(f.ExamDate)
	if a == nil || !(a.absent || a.withdrew) {
		return refuse("§9(2)", "Zum Termin %s ist kein Versäumnis und kein Rücktritt erfasst.", f.ExamDate.German())
	}
	if a.reasons != nil && a.reasons.inTime {
		return refuse("§9(2)", "Die Gründe zum Termin %s sind bereits am %s eingegangen.", f.ExamDate.German(), a.reasons.on.German())
	}
	end := e.deadlineOf(ReasonsCutoff, a.missedOn)
	a.reasons = &reasons{on: f.Date, illness: f.Illness, medicalCer: f.MedicalCertificate, inTime: !f.Date.After(end)}
	if !a.reasons.inTime {
		// Recorded, and rejected as out of time: the cut-off excludes them.
		return refuse("§9(2)", "Die Gründe gingen am %s ein, nach Ablauf der Ausschlussfrist am %s (4 Wochen nach dem %s am %s); sie werden nicht berücksichtigt.", f.Date.German(), end.German(), strings.ToLower(missWord(a)), a.missedOn.German())
	}
	return nil
}

// addEvidence adds evidence to reasons submitted in time: §9(2) wants the
// written reasons and the evidence ("Beweismittel") by the cut-off, so
// evidence may follow the reasons until then — a medical certificate for
// an illness reported without one. After the cut-off, or once the board
// decided, it is refused.
func (e *evaluation) addEvidence(f Fact) *refusal {
	if f.ExamDate.IsZero() {
		return e.addHardshipEvidence(f)
	}
	a := e.comp(f.Component).attemptOn(f.ExamDate)
	if a == nil || a.reasons == nil || !a.reasons.inTime {
		return refuse("§9(2)", "Zum Termin %s liegen keine rechtzeitig angezeigten Gründe vor, zu denen Beweismittel nachgereicht werden könnten.", f.ExamDate.German())
	}
	if a.reasons.decided {
		return refuse("§9(2)", "Über die Gründe zum Termin %s hat der Prüfungsausschuss bereits entschieden.", f.ExamDate.German())
	}
	if end := e.deadlineOf(ReasonsCutoff, a.missedOn); f.Date.After(end) {
		return refuse("§9(2)", "Beweismittel müssen spätestens 4 Wochen nach dem %s am %s eingegangen sein, also bis %s (Ausschlussfrist); dieses ging am %s ein.",
			missWord(a), a.missedOn.German(), end.German(), f.Date.German())
	}
	a.reasons.medicalCer = a.reasons.medicalCer || f.MedicalCertificate
	return nil
}

// addHardshipEvidence adds evidence to a hardship application in time and
// not yet decided: §6(3) wants it "mit allen Beweismitteln" by the cut-off,
// so evidence may follow the application until then, never after.
func (e *evaluation) addHardshipEvidence(f Fact) *refusal {
	c := e.comp(f.Component)
	h := pendingHardship(c)
	if h == nil {
		return refuse("§6(3)", "Zu %s liegt kein offener, rechtzeitig gestellter Härtefallantrag vor, zu dem Beweismittel nachgereicht werden könnten.", c.def.Name)
	}
	if r := h.failed.resultOn; !r.IsZero() && f.Date.After(e.deadlineOf(HardshipCutoff, r)) {
		return refuse("§6(3)", "Der Härtefallantrag muss mit allen Beweismitteln spätestens 4 Wochen nach Bekanntgabe des Ergebnisses (%s) eingegangen sein, also bis %s (Ausschlussfrist); dieses Beweismittel ging am %s ein.",
			r.German(), e.deadlineOf(HardshipCutoff, r).German(), f.Date.German())
	}
	return nil
}

// completeHardship records that the candidate declared the pending
// hardship application complete with all its evidence (§6(3)), so the
// board may reject it before the cut-off.
func (e *evaluation) completeHardship(f Fact) *refusal {
	c := e.comp(f.Component)
	h := pendingHardship(c)
	if h == nil {
		return refuse("§6(3)", "Zu %s liegt kein offener, rechtzeitig gestellter Härtefallantrag vor, der für vollständig erklärt werden könnte.", c.def.Name)
	}
	h.complete = true
	return nil
}

// pendingHardship is the component's hardship application made in time
// and not yet decided, or nil.
func pendingHardship(c *comp) *hardshipApp {
	for _, h := range c.hardship {
		if h.inTime && !h.decided {
			return h
		}
	}
	return nil
}

// reasonsIncomplete: illness reported without a medical certificate, and
// the cut-off by which it must arrive (§9(2) sentences 2 and 3) still runs.
func (e *evaluation) reasonsIncomplete(a *attempt) (wachsam.Date, bool) {
	r := a.reasons
	if r == nil || !r.inTime || r.decided || !r.illness || r.medicalCer {
		return wachsam.Date{}, false
	}
	end := e.deadlineOf(ReasonsCutoff, a.missedOn)
	return end, !e.asOf.After(end)
}

func missWord(a *attempt) string {
	if a.withdrew {
		return "Rücktritt"
	}
	return "Versäumnis"
}

// applyHardship handles an application for a second retake (§6(2),(3)).
func (e *evaluation) applyHardship(f Fact) *refusal {
	c := e.comp(f.Component)
	v := e.view(c, f.Date)
	if v.lastFailed == nil || v.status == StatusPassed || v.pending != nil || v.counted < 1+e.reg.Retakes {
		return refuse("§6(3)", "Ein Härtefallantrag ist nur nach Nichtbestehen der Wiederholungsprüfung von %s möglich.", c.def.Name)
	}
	if c.approvals >= e.reg.HardshipRetakes || v.counted >= e.reg.MaxAttempts() {
		return refuse("§6(4)", "Eine dritte Wiederholung einer Prüfungsleistung ist ausgeschlossen.")
	}
	for _, h := range c.hardship {
		if h.failed == v.lastFailed && h.inTime {
			return refuse("§6(3)", "Ein Härtefallantrag zu %s ist bereits am %s eingegangen.", c.def.Name, h.on.German())
		}
	}
	h := &hardshipApp{failed: v.lastFailed, on: f.Date, inTime: true}
	if r := v.lastFailed.resultOn; !r.IsZero() {
		if end := e.deadlineOf(HardshipCutoff, r); f.Date.After(end) {
			h.inTime = false
			c.hardship = append(c.hardship, h)
			return refuse("§6(3)", "Der Härtefallantrag ging am %s ein, nach Ablauf der Ausschlussfrist am %s (4 Wochen nach Bekanntgabe des Ergebnisses am %s); er ist vermerkt und als verfristet abgelehnt.", f.Date.German(), end.German(), r.German())
		}
	}
	c.hardship = append(c.hardship, h)
	return nil
}

// issueCertificate handles §10(1): a certificate once all components are passed.
func (e *evaluation) issueCertificate(d wachsam.Date) *refusal {
	if e.certificate != nil {
		return refuse("§10(1)", "Ein Zeugnis wurde bereits am %s ausgestellt.", e.certificate.IssuedOn.German())
	}
	var open []string
	for _, c := range e.comps {
		if e.view(c, d).status != StatusPassed {
			open = append(open, c.def.Name)
		}
	}
	if len(open) > 0 {
		return refuse("§10(1)", "Ein Zeugnis setzt voraus, dass alle Prüfungsleistungen erbracht sind; es fehlt: %s.", strings.Join(open, ", "))
	}
	e.certificate = &CertState{IssuedOn: d, Status: "valid"}
	return nil
}
