package exam

import (
	"slices"
	"strconv"

	"github.com/wachsam/wachsam"
)

// What the exam office's pages show, derived from records and states the
// store hands in. Nothing here decides what the regulation allows: fees
// due, admission and refusals are read from a State that Evaluate made.

// OfficeSeminarLine is a seminar in the office's list.
type OfficeSeminarLine struct {
	Seminar    OfficeSeminar
	Candidates int
	NextExam   wachsam.Date // the next exam date on or after today; zero if none
}

// OfficeFee is a fee still to be paid (§2(2)), read from the pay_fee
// actions of a state and priced with the seminar's fees.
type OfficeFee struct {
	Fee           string // "exam" or "retake"
	Component     string // the component a retake fee is for; empty for the exam fee
	ComponentName string
	Attempt       int
	AmountCents   int64
}

// German names the fee: "Prüfungsgebühr" or "Wiederholungsgebühr für …".
func (f OfficeFee) German() string {
	if f.Fee == "retake" {
		return "Wiederholungsgebühr für " + f.ComponentName + " (" + strconv.Itoa(f.Attempt) + ". Versuch)"
	}
	return "Prüfungsgebühr"
}

// OfficeFeesDue lists the fees the state says are still to be paid. The
// exam fee covers every first attempt (§2(2)), so package exam names it once
// per component; it is listed once.
func OfficeFeesDue(s State, seminar OfficeSeminar) []OfficeFee {
	var out []OfficeFee
	for _, a := range s.CandidateMay {
		if a.Action != "pay_fee" {
			continue
		}
		f := OfficeFee{Fee: a.Fee, Component: a.Component, Attempt: a.Attempt}
		if a.Fee == "exam" {
			if slices.ContainsFunc(out, func(o OfficeFee) bool { return o.Fee == "exam" }) {
				continue
			}
			f.Attempt, f.AmountCents = 1, seminar.ExamFeeCents
		} else {
			f.AmountCents = seminar.RetakeFeeCents
			f.ComponentName = seminar.ComponentName(a.Component)
		}
		out = append(out, f)
	}
	return out
}

// OfficeUnpaidFee is the fee that must be paid before the candidate can be
// registered for the next attempt at component (§2(3)), as the state says:
// the pay_fee action for the attempt the register action offers.
func OfficeUnpaidFee(s State, seminar OfficeSeminar, component string) (OfficeFee, bool) {
	i := slices.IndexFunc(s.CandidateMay, func(a Action) bool { return a.Action == "register" && a.Component == component })
	if i < 0 {
		return OfficeFee{}, false
	}
	attempt := s.CandidateMay[i].Attempt
	for _, f := range OfficeFeesDue(s, seminar) {
		if f.Attempt == attempt && (f.Component == component || f.Fee == "exam") {
			return f, true
		}
	}
	return OfficeFee{}, false
}

// ComponentName is the name of the component with the code, or the code.
func (s OfficeSeminar) ComponentName(code string) string {
	for _, c := range s.Components {
		if c.Code == code {
			return c.Name
		}
	}
	return code
}

// HasOnlineDays reports whether part of the seminar is held online, so
// that participants must be told about the camera in writing (§2(1)).
func (s OfficeSeminar) HasOnlineDays() bool {
	return slices.ContainsFunc(s.Days, func(d SeminarDay) bool { return d.Online })
}

// IsDay reports whether d is a day of the seminar, and whether it is online.
func (s OfficeSeminar) IsDay(d wachsam.Date) (online, ok bool) {
	for _, day := range s.Days {
		if day.Date == d {
			return day.Online, true
		}
	}
	return false, false
}

// OfficeComponentLine is one component of a candidate in the overview.
type OfficeComponentLine struct {
	Code   string
	Status ComponentStatus
	Grade  string
}

// OfficeCandidateRow is one candidate in the seminar's overview.
type OfficeCandidateRow struct {
	Candidate  CandidateRecord
	Admission  AdmissionState
	Components []OfficeComponentLine
	Overall    OverallState
	FeesDue    []OfficeFee
}

// OfficeCandidateRowOf sums up a candidate's state for the overview.
func OfficeCandidateRowOf(c CandidateRecord, s State, seminar OfficeSeminar) OfficeCandidateRow {
	row := OfficeCandidateRow{Candidate: c, Admission: s.Admission, Overall: s.Overall, FeesDue: OfficeFeesDue(s, seminar)}
	for _, cs := range s.Components {
		row.Components = append(row.Components, OfficeComponentLine{Code: cs.ID, Status: cs.Status, Grade: cs.Grade})
	}
	return row
}

// OfficeEuro writes cents the German way: 45000 → "450,00 €", 123456789 →
// "1.234.567,89 €".
func OfficeEuro(cents int64) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	whole := strconv.FormatInt(cents/100, 10)
	for i := len(whole) - 3; i > 0; i -= 3 {
		whole = whole[:i] + "." + whole[i:]
	}
	return sign + whole + "," + strconv.FormatInt(cents%100+100, 10)[1:] + " €"
}
