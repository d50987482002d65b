package exam

import (
	"fmt"

	"github.com/wachsam/wachsam"
)

// state builds the State as of e.asOf once all facts are folded in.
func (e *evaluation) state() State {
	s := State{
		Regulation: e.reg.ID,
		AsOf:       e.asOf,
		Candidate:  CandidateState{ID: e.file.Candidate.ID, Name: e.file.Candidate.Name},
		Admission:  e.admission(),
		Decisions:  nonNil(e.decisions),
		Refused:    nonNil(e.refused),
	}
	s.Warnings = e.examDayWarnings()
	views := make([]view, len(e.comps))
	for k, c := range e.comps {
		views[k] = e.view(c, e.asOf)
		s.Components = append(s.Components, e.componentState(c, views[k]))
	}
	s.Overall = e.overall(views)
	if s.Overall.Status == OverallLapsed {
		// §7(1) Nr. 1: with the entitlement lapsed, no component can be
		// taken or retaken any more.
		for k := range s.Components {
			c := &s.Components[k]
			if c.Status == StatusPassed {
				continue
			}
			if c.Status == StatusFailedRetakePossible {
				c.Status = StatusFailedFinally
			}
			c.RemainingAttempts, c.Paragraph = 0, "§7(1) Nr. 1"
			c.Reason = "Prüfungsanspruch erloschen: nicht innerhalb der Frist bis " + s.Overall.EntitlementLastDay.German() + " bestanden"
		}
	}
	if e.certificate != nil {
		cert := *e.certificate
		s.Certificate = &cert
	}
	s.Deadlines = nonNil(e.deadlines(views, s.Overall.Status))
	s.CandidateMay = nonNil(e.candidateMay(views, s.Overall, s.Admission.Granted))
	s.BoardMay = nonNil(e.boardMay(views, s.Overall.Status))
	return s
}

func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}

func (e *evaluation) componentState(c *comp, v view) ComponentState {
	cs := ComponentState{ID: c.def.ID, Name: c.def.Name, Examiner: c.examiner, Status: v.status,
		RemainingAttempts: v.remaining(), Paragraph: v.para, Reason: v.reason, Attempts: []AttemptState{}}
	if v.passedBy != nil {
		cs.Grade, cs.GradeWord = v.grade.String(), e.reg.Word(v.grade)
	}
	for _, a := range c.attempts {
		o := e.outcome(a, e.asOf)
		as := AttemptState{Number: e.number(c, a, e.asOf), ExamDate: a.examDate, RegisteredOn: a.registeredOn,
			Status: o.status, Counted: o.counted, Reason: o.reason, ResultAnnounced: a.resultOn,
			Equivalent: a.equivalent, InspectionOn: a.inspectionOn}
		if o.counted {
			as.Grade, as.GradeWord = o.grade.String(), e.reg.Word(o.grade)
		}
		if a.graded {
			as.Mean = a.mean.String()
			if len(c.def.Parts) > 0 {
				for _, pg := range a.parts {
					as.Parts = append(as.Parts, PartState{Part: pg.Part, Weight: partWeight(c.def, pg.Part), Grade: pg.Grade.String()})
				}
			}
		}
		if until, missing := e.reasonsIncomplete(a); missing {
			as.ReasonsIncompleteUntil = until
		}
		if a.absent || a.withdrew {
			as.ReasonsCutoff = e.deadlineOf(ReasonsCutoff, a.missedOn)
		}
		if a.reasons != nil {
			as.ReasonsComplete = a.reasons.complete
		}
		if r := a.reasons; r != nil {
			as.ReasonsReceived = r.on
			as.RejectionLetterDue = r.inTime && r.decided && !r.accepted && !r.letterSent
		}
		cs.Attempts = append(cs.Attempts, as)
	}
	if h := pendingHardship(c); h != nil && !h.failed.resultOn.IsZero() {
		cs.HardshipCutoff, cs.HardshipComplete = e.deadlineOf(HardshipCutoff, h.failed.resultOn), h.complete
	}
	return cs
}

// overall is the exam as a whole (§5(5), §7, §10, §11).
func (e *evaluation) overall(views []view) OverallState {
	o := OverallState{EntitlementLastDay: e.entitlementLastDay()}
	allPassed, pendingInTime := true, false
	for k, v := range views {
		if v.status != StatusPassed {
			allPassed = false
		}
		if v.pending != nil && !v.pending.examDate.After(o.EntitlementLastDay) {
			pendingInTime = true
		}
		if v.status == StatusFailedFinally && o.Status == "" {
			o.Status, o.Paragraph = OverallFailedFinally, "§7(1) Nr. 2"
			o.Reason = fmt.Sprintf("Der Prüfungsanspruch ist erloschen: %s ist %s.", e.comps[k].def.Name, v.reason)
		}
	}
	switch {
	case e.certificate != nil && !e.certificate.InvalidatedOn.IsZero():
		o.Status, o.Paragraph = OverallFailedFinally, "§11"
		o.Reason = fmt.Sprintf("Der Prüfungsausschuss hat die Prüfung am %s für nicht bestanden erklärt; das Zeugnis ist einzuziehen.", e.certificate.InvalidatedOn.German())
		return o
	case o.Status != "":
		return o
	case allPassed:
		o.Status, o.Paragraph = OverallPassed, "§10(1)"
		o.Reason = "Alle Prüfungsleistungen sind erbracht; die Prüfung ist abgeschlossen."
		grades := make([]Mean, len(views))
		weights := make([]int64, len(views))
		for k, v := range views {
			grades[k], weights[k] = v.grade, 1
			if cw, ok := e.reg.ComponentWeights[e.comps[k].def.ID]; ok {
				weights[k] = cw
			}
		}
		m := meanOfGrades(grades, weights)
		g := e.reg.roundRat(m)
		o.Grade, o.GradeWord, o.Mean = g.String(), g.Word(), germanTenths(m)
		return o
	case e.asOf.After(o.EntitlementLastDay) && !pendingInTime:
		o.Status, o.Paragraph = OverallLapsed, "§7(1) Nr. 1"
		o.Reason = fmt.Sprintf("Der Prüfungsanspruch ist erloschen: die Prüfung wurde nicht bis %s (1 Jahr nach Ende des Seminars am %s) erfolgreich abgeschlossen.", o.EntitlementLastDay.German(), e.file.Seminar.End().German())
		return o
	}
	o.Status, o.Paragraph = OverallInProgress, "§7(1) Nr. 1"
	o.Reason = fmt.Sprintf("Die Prüfung läuft; sie ist bis %s erfolgreich abzuschließen.", o.EntitlementLastDay.German())
	return o
}

func (e *evaluation) deadline(k DeadlineKind, event wachsam.Date, component string, examDate wachsam.Date) DeadlineState {
	end := PeriodEnd(event, e.reg.Period(k))
	last := e.deadlineOf(k, event)
	d := DeadlineState{Kind: k, Paragraph: k.Paragraph(), About: k.German(), Component: component, ExamDate: examDate,
		Event: event, LastDay: last, EndsAt: e.reg.EndsAt(last)}
	if last != end {
		d.ShiftedFrom = end
	}
	return d
}

// deadlines lists every period still running as of e.asOf.
func (e *evaluation) deadlines(views []view, status OverallStatus) []DeadlineState {
	var ds []DeadlineState
	add := func(d DeadlineState) {
		if !d.LastDay.Before(e.asOf) {
			ds = append(ds, d)
		}
	}
	if status == OverallInProgress {
		d := e.deadline(Entitlement, e.file.Seminar.End(), "", wachsam.Date{})
		if e.extendedUntil.After(d.LastDay) {
			d.LastDay, d.ShiftedFrom, d.EndsAt = e.extendedUntil, wachsam.Date{}, e.reg.EndsAt(e.extendedUntil)
			d.About += " (verlängert nach §7(2))"
		}
		add(d)
	}
	for k, c := range e.comps {
		v := views[k]
		if status == OverallInProgress && v.status == StatusFailedRetakePossible && v.pending == nil && !v.lastFailed.resultOn.IsZero() {
			if v.hardshipOpen {
				if !e.hasHardshipApp(c, v.lastFailed) {
					add(e.deadline(HardshipCutoff, v.lastFailed.resultOn, c.def.ID, v.lastFailed.examDate))
				}
			} else {
				add(e.deadline(RetakeWindow, v.lastFailed.resultOn, c.def.ID, v.lastFailed.examDate))
			}
		}
		for _, a := range c.attempts {
			if o := e.outcome(a, e.asOf); o.status == "awaiting_reasons" {
				add(e.deadline(ReasonsCutoff, a.missedOn, c.def.ID, a.examDate))
			}
			if _, missing := e.reasonsIncomplete(a); missing {
				d := e.deadline(ReasonsCutoff, a.missedOn, c.def.ID, a.examDate)
				d.About = "Ärztliches Attest nachreichen (Gründe unvollständig)"
				add(d)
			}
			if !a.resultOn.IsZero() && a.inspectionOn.IsZero() && e.papersDeleted.IsZero() {
				add(e.deadline(InspectionCutoff, a.resultOn, c.def.ID, a.examDate))
			}
		}
	}
	if last, ok := e.lastPerformance(); ok && e.papersDeleted.IsZero() {
		add(e.deadline(Retention, last, "", wachsam.Date{}))
	}
	if cert := e.certificate; cert != nil && cert.InvalidatedOn.IsZero() {
		add(e.deadline(InvalidationLimit, cert.IssuedOn, "", wachsam.Date{}))
	}
	return ds
}

func (e *evaluation) hasHardshipApp(c *comp, failed *attempt) bool {
	for _, h := range c.hardship {
		if h.failed == failed {
			return true
		}
	}
	return false
}

// candidateMay lists what the candidate may do next.
func (e *evaluation) candidateMay(views []view, o OverallState, admitted bool) []Action {
	var as []Action
	running := func(k DeadlineKind, event wachsam.Date) (wachsam.Date, bool) {
		end := e.deadlineOf(k, event)
		return end, !e.asOf.After(end)
	}
	for k, c := range e.comps {
		v := views[k]
		for _, a := range c.attempts {
			oc := e.outcome(a, e.asOf)
			if oc.status == "registered" && !a.takenPlace() && !a.examDate.Before(e.asOf) {
				as = append(as, Action{Action: "withdraw", Paragraph: "§9(1)", Component: c.def.ID, ExamDate: a.examDate,
					Note: "Ein Rücktritt nach der Anmeldung gilt ohne triftige Gründe als nicht bestanden."})
			}
			if oc.status == "reasons_pending" {
				if until, ok := running(ReasonsCutoff, a.missedOn); ok {
					note := "Zum Beispiel ein ärztliches Attest oder eine Erklärung; bis zum Ende der Ausschlussfrist."
					if _, missing := e.reasonsIncomplete(a); missing {
						note = "Das ärztliche Attest über die Prüfungsunfähigkeit fehlt noch; ohne Attest können die Gründe nicht anerkannt werden."
					}
					as = append(as, Action{Action: "add_evidence", Paragraph: "§9(2)", Component: c.def.ID, ExamDate: a.examDate, Until: until, Note: note})
					if !a.reasons.complete {
						as = append(as, Action{Action: "complete_reasons", Paragraph: "§9(2)", Component: c.def.ID, ExamDate: a.examDate, Until: until,
							Note: "Erst wenn Sie Ihre Angaben für vollständig erklären, kann der Prüfungsausschuss vor Ablauf der Ausschlussfrist über sie entscheiden."})
					}
				}
			}
			if oc.status == "awaiting_reasons" {
				until, _ := running(ReasonsCutoff, a.missedOn)
				as = append(as, Action{Action: "submit_reasons", Paragraph: "§9(2)", Component: c.def.ID, ExamDate: a.examDate, Until: until,
					Note: "Schriftlich beim Vorsitzenden des Prüfungsausschusses; bei Krankheit mit ärztlichem Attest."})
			}
			if !a.resultOn.IsZero() && a.inspectionOn.IsZero() && e.papersDeleted.IsZero() {
				if until, ok := running(InspectionCutoff, a.resultOn); ok {
					as = append(as, Action{Action: "request_inspection", Paragraph: "§12(2)", Component: c.def.ID, ExamDate: a.examDate, Until: until})
				}
			}
		}
		if h := pendingHardship(c); h != nil && !h.failed.resultOn.IsZero() {
			if until, ok := running(HardshipCutoff, h.failed.resultOn); ok {
				as = append(as, Action{Action: "add_evidence", Paragraph: "§6(3)", Component: c.def.ID, Until: until,
					Note: "Beweismittel zu Ihrem Härtefallantrag; bis zum Ende der Ausschlussfrist."})
				if !h.complete {
					as = append(as, Action{Action: "complete_reasons", Paragraph: "§6(3)", Component: c.def.ID, Until: until,
						Note: "Erst wenn Sie Ihren Härtefallantrag für vollständig erklären, kann der Prüfungsausschuss vor Ablauf der Ausschlussfrist über ihn entscheiden."})
				}
			}
		}
		if o.Status != OverallInProgress || v.pending != nil || v.status == StatusPassed || v.status == StatusFailedFinally {
			continue
		}
		if v.hardshipOpen {
			if !e.hasHardshipApp(c, v.lastFailed) {
				act := Action{Action: "apply_hardship", Paragraph: "§6(2),(3)", Component: c.def.ID,
					Note: "Mit allen Beweismitteln beim Vorsitzenden des Prüfungsausschusses (Ausschlussfrist)."}
				if r := v.lastFailed.resultOn; !r.IsZero() {
					act.Until = e.deadlineOf(HardshipCutoff, r)
				}
				as = append(as, act)
			}
			continue
		}
		if !admitted {
			continue
		}
		n := v.counted + 1
		until := o.EntitlementLastDay
		if v.lastFailed != nil {
			if v.lastFailed.resultOn.IsZero() {
				continue // the retake window has not begun (§6(1))
			}
			if end := e.deadlineOf(RetakeWindow, v.lastFailed.resultOn); end.Before(until) {
				until = end
			}
		}
		act := Action{Action: "register", Paragraph: "§6(1)", Component: c.def.ID, Attempt: n, Until: until}
		if n == 1 {
			act.Paragraph = "§3(3)"
		}
		for _, d := range c.announced {
			if !d.Before(e.asOf) && !d.After(until) {
				act.ExamDates = append(act.ExamDates, d)
			}
		}
		as = append(as, act)
		if fee := e.feeDue(c, n); fee != "" {
			as = append(as, Action{Action: "pay_fee", Paragraph: "§2(2),(3)", Component: componentIf(fee == "retake", c.def.ID), Fee: fee, Attempt: n,
				Note: "Prüfungsleistungen können erst erbracht werden, wenn die Gebühr entrichtet ist."})
		}
	}
	if (o.Status == OverallInProgress || o.Status == OverallLapsed) && e.extensionOn.IsZero() {
		as = append(as, Action{Action: "apply_extension", Paragraph: "§7(2)", Until: o.EntitlementLastDay,
			Note: "In Härtefällen kann der Prüfungsausschuss Ausnahmen von der Jahresfrist zulassen."})
	}
	return as
}

func componentIf(ok bool, id string) string {
	if ok {
		return id
	}
	return ""
}

// feeDue names the fee still to pay for attempt n of c, or "".
func (e *evaluation) feeDue(c *comp, n int) string {
	if n == 1 {
		if e.examFeeOn.IsZero() {
			return "exam"
		}
		return ""
	}
	if len(c.retakeFee) < n-1 {
		return "retake"
	}
	return ""
}

// boardMay lists what the board (and the exam office acting for it) may do next.
func (e *evaluation) boardMay(views []view, status OverallStatus) []Action {
	var as []Action
	for _, c := range e.comps {
		for _, a := range c.attempts {
			o := e.outcome(a, e.asOf)
			if r := a.reasons; r != nil && r.inTime && !r.decided {
				act := Action{Action: "decide_reasons", Paragraph: "§9(2)", Component: c.def.ID, ExamDate: a.examDate}
				if r.illness && !r.medicalCer {
					act.Note = "Krankheit ohne ärztliches Attest: eine Anerkennung ist ausgeschlossen."
				}
				as = append(as, act)
			}
			if r := a.reasons; r != nil && r.inTime && r.decided && !r.accepted && !r.letterSent {
				as = append(as, Action{Action: "send_rejection_letter", Paragraph: "§9(3)", Component: c.def.ID, ExamDate: a.examDate})
			}
			if o.counted && a.resultOn.IsZero() {
				as = append(as, Action{Action: "announce_result", Paragraph: "§5(2)", Component: c.def.ID, ExamDate: a.examDate})
			}
		}
		for _, h := range c.hardship {
			if h.inTime && !h.decided {
				as = append(as, Action{Action: "decide_hardship", Paragraph: "§6(2),(3)", Component: c.def.ID,
					Note: "Der Beschluss hält beide Feststellungen nach §6(3) fest."})
			}
		}
	}
	if !e.extensionOn.IsZero() {
		as = append(as, Action{Action: "decide_extension", Paragraph: "§7(2)"})
	}
	if status == OverallPassed && e.certificate == nil {
		as = append(as, Action{Action: "issue_certificate", Paragraph: "§10(1)"})
	}
	if cert := e.certificate; cert != nil && cert.InvalidatedOn.IsZero() && !e.lastHearing.IsZero() && !e.lastHearing.Before(cert.IssuedOn) {
		if until := e.deadlineOf(InvalidationLimit, cert.IssuedOn); !e.asOf.After(until) {
			as = append(as, Action{Action: "decide_invalidation", Paragraph: "§11", Until: until})
		}
	}
	if last, ok := e.lastPerformance(); ok && e.papersDeleted.IsZero() {
		if end := e.deadlineOf(Retention, last); e.asOf.After(end) {
			as = append(as, Action{Action: "delete_papers", Paragraph: "§12(1)", Note: "Aufbewahrungsfrist abgelaufen am " + end.German() + "."})
		}
	}
	return as
}
