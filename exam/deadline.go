package exam

import (
	"fmt"

	"github.com/wachsam/wachsam"
)

// DeadlineKind names a period of the regulation.
type DeadlineKind string

const (
	ExamNotice        DeadlineKind = "exam_notice"        // §3(3)
	RetakeWindow      DeadlineKind = "retake_window"      // §6(1)
	HardshipCutoff    DeadlineKind = "hardship_cutoff"    // §6(3)
	Entitlement       DeadlineKind = "entitlement"        // §7(1) Nr. 1
	ReasonsCutoff     DeadlineKind = "reasons_cutoff"     // §9(2)
	InvalidationLimit DeadlineKind = "invalidation_limit" // §11(4)
	Retention         DeadlineKind = "retention"          // §12(1)
	InspectionCutoff  DeadlineKind = "inspection_cutoff"  // §12(2)
)

// DeadlineKinds lists every kind, in the order of the regulation.
func DeadlineKinds() []DeadlineKind {
	return []DeadlineKind{ExamNotice, RetakeWindow, HardshipCutoff, Entitlement, ReasonsCutoff, InvalidationLimit, Retention, InspectionCutoff}
}

// Paragraph is the provision of the regulation that sets the period.
func (k DeadlineKind) Paragraph() string {
	switch k {
	case ExamNotice:
		return "§3(3)"
	case RetakeWindow:
		return "§6(1)"
	case HardshipCutoff:
		return "§6(3)"
	case Entitlement:
		return "§7(1) Nr. 1"
	case ReasonsCutoff:
		return "§9(2)"
	case InvalidationLimit:
		return "§11(4)"
	case Retention:
		return "§12(1)"
	case InspectionCutoff:
		return "§12(2)"
	}
	return ""
}

// German describes the period in a few German words.
func (k DeadlineKind) German() string {
	switch k {
	case ExamNotice:
		return "Ankündigungsfrist für Prüfungstermine"
	case RetakeWindow:
		return "Jahresfrist für die Wiederholung"
	case HardshipCutoff:
		return "Ausschlussfrist für den Härtefallantrag"
	case Entitlement:
		return "Frist für den Abschluss der Prüfung (Prüfungsanspruch)"
	case ReasonsCutoff:
		return "Ausschlussfrist für die Gründe eines Versäumnisses oder Rücktritts"
	case InvalidationLimit:
		return "Frist für eine Entscheidung über die Ungültigkeit des Zeugnisses"
	case Retention:
		return "Aufbewahrungsfrist der schriftlichen Prüfungsleistungen"
	case InspectionCutoff:
		return "Frist für den Antrag auf Einsichtnahme"
	}
	return string(k)
}

// Period returns the length of the period of kind k.
func (r Regulation) Period(k DeadlineKind) Period {
	p := r.Periods
	switch k {
	case ExamNotice:
		return p.ExamNotice
	case RetakeWindow:
		return p.RetakeWindow
	case HardshipCutoff:
		return p.HardshipCutoff
	case Entitlement:
		return p.Entitlement
	case ReasonsCutoff:
		return p.ReasonsCutoff
	case InvalidationLimit:
		return p.InvalidationLimit
	case Retention:
		return p.Retention
	case InspectionCutoff:
		return p.InspectionCutoff
	}
	panic(fmt.Sprintf("exam: unknown deadline kind %q", k))
}

// Deadline returns the last day of the period of kind k that an event on
// day event starts: §§187(1), 188(2), 188(3) BGB, then §193 BGB where it
// applies (MovedByBGB193). Deadline panics for ExamNotice, which is a lead
// time and not a period ending on a last day; see EarliestExamDate.
func (r Regulation) Deadline(k DeadlineKind, event wachsam.Date) wachsam.Date {
	if k == ExamNotice {
		panic("exam: the exam notice is a lead time, use EarliestExamDate")
	}
	end := PeriodEnd(event, r.Period(k))
	if !k.MovedByBGB193() {
		return end
	}
	return r.NextWorkingDay(end)
}

// MovedByBGB193 reports whether §193 BGB moves the end of a period of kind
// k off a Saturday, Sunday or public holiday at the seat. §193 protects
// someone who must make a declaration or perform by the end of a period, so
// it applies exactly to the periods within which someone must act:
//
//   - §6(1) retake window and §7(1) Nr. 1 entitlement: the candidate must
//     pass (take the exam) within them;
//   - §6(3) hardship, §9(2) reasons, §12(2) inspection: the candidate's
//     application must have arrived by the end;
//   - §11(4): the board must have decided on invalidation by the end.
//
// It does not apply to the §12(1) retention of papers: that is a period of
// keeping, nobody acts by its end, so the papers may be deleted from the
// day after its unmoved last day; nor to the §3(3) notice, a lead time
// (EarliestExamDate).
func (k DeadlineKind) MovedByBGB193() bool {
	switch k {
	case RetakeWindow, HardshipCutoff, Entitlement, ReasonsCutoff, InvalidationLimit, InspectionCutoff:
		return true
	}
	return false
}

// EarliestExamDate is the first day an exam announced on announced may take
// place (§3(3): "spätestens vier Wochen vorher bekannt gegeben"): the
// announcement day plus four weeks by §§187(1), 188(2) BGB must not lie
// after the exam day. §193 BGB does not apply: it protects someone who must
// act by the end of a period, and nobody must act here; moving the day would
// only forbid exam dates the regulation allows.
func (r Regulation) EarliestExamDate(announced wachsam.Date) wachsam.Date {
	return PeriodEnd(announced, r.Periods.ExamNotice)
}
