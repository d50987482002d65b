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
// day event starts: §§187(1), 188(2), 188(3) BGB, then §193 BGB.
//
// One rule for all periods (DESIGN.md §3: "every period … as the German
// Civil Code says"): every period of kind k is a deadline and §193 moves its
// last day off a Saturday, Sunday or public holiday at the seat — the
// cut-offs, the one-year windows, retention and the 5-year limit alike. The
// only exception is the notice for exam dates (§3(3)), which is not a period
// within which anyone must act but a minimum lead time; see
// EarliestExamDate. Deadline panics for ExamNotice to keep the two apart.
func (r Regulation) Deadline(k DeadlineKind, event wachsam.Date) wachsam.Date {
	if k == ExamNotice {
		panic("exam: the exam notice is a lead time, use EarliestExamDate")
	}
	return r.NextWorkingDay(PeriodEnd(event, r.Period(k)))
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
