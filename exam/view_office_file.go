package exam

import (
	"slices"
	"strings"
	"time"

	"github.com/wachsam/wachsam"
)

// OfficeFile is a candidate's file as the exam office sees it: the record,
// the seminar, the state package exam folds, and what the office recorded.
type OfficeFile struct {
	Candidate  CandidateRecord
	Seminar    OfficeSeminar
	Dates      []ExamDate // the exam dates of the seminar's components
	State      State
	Attendance []OfficeAttendanceDay
	NoticeOn   wachsam.Date // the written notice on the camera (§2(1)); zero if none
	Payments   []OfficePayment
	FeesDue    []OfficeFee
	Open       []OfficeOpenAttempt // registered attempts not yet taken
	History    []OfficeHistoryLine

	Address PostalAddress // where the board's letters go by post; zero if unknown
}

// OfficePayment is a payment of a fee (§2(2)). As input, a zero PaidOn
// means today and a zero AmountCents the seminar's fee.
type OfficePayment struct {
	PaidOn        wachsam.Date
	Fee           string // "exam" or "retake"
	Component     string // retake: the component
	ComponentName string
	AmountCents   int64
	Reference     string
	Note          string
	EnteredReason string // paid before today: why it is entered later
}

// German names what was paid.
func (p OfficePayment) German() string {
	if p.Fee == "retake" {
		return "Wiederholungsgebühr für " + p.ComponentName
	}
	return "Prüfungsgebühr"
}

// OfficeAttendanceDay is one seminar day of a candidate's attendance list.
type OfficeAttendanceDay struct {
	Date     wachsam.Date
	Online   bool
	Recorded bool // an attendance is recorded (on an online day: with the camera)
	Future   bool // the day has not come yet: nothing can be recorded
}

// OfficeAttendance reads from the file which seminar days have an
// attendance recorded. The store writes an attendance only when package
// exam accepts it, so a recorded day is a day that counts.
func OfficeAttendance(f File, today wachsam.Date) []OfficeAttendanceDay {
	out := make([]OfficeAttendanceDay, len(f.Seminar.Days))
	for i, d := range f.Seminar.Days {
		out[i] = OfficeAttendanceDay{Date: d.Date, Online: d.Online, Future: d.Date.After(today)}
		out[i].Recorded = slices.ContainsFunc(f.Facts, func(x Fact) bool {
			return x.Type == FactSeminarDayAttended && x.Date == d.Date && (!d.Online || x.CameraConfirmed)
		})
	}
	return out
}

// OfficeNoticeOn is the day of the first written notice on the camera
// (§2(1) sentence 6), or zero.
func OfficeNoticeOn(f File) wachsam.Date {
	for _, x := range f.Facts {
		if x.Type == FactOnlineNoticeGiven {
			return x.Date
		}
	}
	return wachsam.Date{}
}

// OfficeOpenAttempt is a registered attempt that has not taken place: the
// office may record an absence or a withdrawal for it (§9(1)).
type OfficeOpenAttempt struct {
	DateID        int64 // the exam date's ID
	Component     string
	ComponentName string
	ExamDate      wachsam.Date
}

// OfficeOpenAttempts lists the attempts the state shows as registered.
func OfficeOpenAttempts(s State, dates []ExamDate) []OfficeOpenAttempt {
	var out []OfficeOpenAttempt
	for _, c := range s.Components {
		for _, a := range c.Attempts {
			if a.Status != "registered" {
				continue
			}
			o := OfficeOpenAttempt{Component: c.ID, ComponentName: c.Name, ExamDate: a.ExamDate}
			for _, d := range dates {
				if d.ComponentCode == c.ID && d.ExamDay == a.ExamDate {
					o.DateID = d.ID
				}
			}
			out = append(out, o)
		}
	}
	return out
}

// OfficeAbsence is an absence from an exam date or a withdrawal after the
// registration (§9(1)).
type OfficeAbsence struct {
	Kind      FactType // FactAbsent or FactWithdrew
	Component string
	ExamDate  wachsam.Date
	On        wachsam.Date // the day it happened; zero: the exam day (absence) or today (withdrawal)
	Note      string
	// EnteredReason: it happened before today; why it is entered later.
	EnteredReason string
}

// OfficeAttendanceMark is one box ticked in the seminar's attendance list.
type OfficeAttendanceMark struct {
	CandidateID     int64
	Day             wachsam.Date
	CameraConfirmed bool // on an online day: presence shown by the camera (§2(1))
}

// OfficeRoster is the seminar's attendance list: candidates × days.
type OfficeRoster struct {
	Seminar OfficeSeminar
	Rows    []OfficeRosterRow
}

// OfficeRosterRow is one candidate's line of the attendance list.
type OfficeRosterRow struct {
	Candidate CandidateRecord
	Days      []OfficeAttendanceDay
	Admission AdmissionState
}

// OfficeHistoryLine is one fact of the file, in the order it happened.
type OfficeHistoryLine struct {
	Date        wachsam.Date
	Type        FactType
	Label       string // German
	Component   string
	ExamDate    wachsam.Date
	Detail      string // German: what the fact says beyond its type
	Note        string
	AmountCents int64  // fee_paid
	Reference   string // fee_paid
	RecordedBy  string
	RecordedAt  time.Time
	// EnteredLater: recorded on a later day than its legal date
	// ("nachgetragen"); the regulation's checks ran against that date.
	EnteredLater bool
	// EnteredReason is the reason the office gave for entering it later.
	EnteredReason string
	Refusal       *Refusal // recorded, but the regulation refused it (e.g. out of time)
}

// OfficeHistory describes every fact of the file; s must be the state of
// the same file, whose refusals and board decisions it names.
func OfficeHistory(f File, s State) []OfficeHistoryLine {
	out := make([]OfficeHistoryLine, len(f.Facts))
	for i, x := range f.Facts {
		out[i] = OfficeHistoryLine{Date: x.Date, Type: x.Type, Label: OfficeFactLabel(x.Type), Component: x.Component,
			ExamDate: x.ExamDate, Detail: officeFactDetail(i, x, s), Note: x.Note}
		for k := range s.Refused {
			if s.Refused[k].Fact == i {
				r := s.Refused[k]
				out[i].Refusal = &r
			}
		}
	}
	return out
}

func officeFactDetail(i int, x Fact, s State) string {
	switch x.Type {
	case FactSeminarDayAttended:
		if x.CameraConfirmed {
			return "Anwesenheit über die Kamera nachgewiesen"
		}
	case FactFeePaid:
		if x.Fee == "retake" {
			return "Wiederholungsgebühr"
		}
		return "Prüfungsgebühr"
	case FactAttemptGraded:
		var parts []string
		for _, g := range x.Grades {
			if g.Part == "" {
				parts = append(parts, "Note "+g.Grade.String())
			} else {
				parts = append(parts, g.Part+" "+g.Grade.String())
			}
		}
		return strings.Join(parts, ", ")
	case FactReasonsSubmitted:
		switch {
		case x.Illness && x.MedicalCertificate:
			return "Krankheit, ärztliches Attest liegt vor"
		case x.Illness:
			return "Krankheit, ohne ärztliches Attest"
		}
	case FactBoardDelegated:
		return x.Task.German()
	case FactBoardDecision:
		d := x.Motion.German()
		for _, dec := range s.Decisions {
			if dec.Fact == i {
				d += ": " + dec.Tally.Reason
			}
		}
		if x.DecidedBy == ByChair {
			d += " (Entscheidung des Vorsitzes nach §4(3))"
		}
		return d
	}
	return ""
}

// OfficeFactLabel names a kind of fact in German.
func OfficeFactLabel(t FactType) string {
	switch t {
	case FactSeminarDayAttended:
		return "Teilnahme am Seminartag (§2(1))"
	case FactOnlineNoticeGiven:
		return "Schriftlicher Hinweis auf den Kameranachweis (§2(1))"
	case FactFeePaid:
		return "Gebühr entrichtet (§2(2))"
	case FactExamDateAnnounced:
		return "Prüfungstermin bekannt gegeben (§3(3))"
	case FactRegistered:
		return "Anmeldung zur Prüfung"
	case FactWithdrew:
		return "Rücktritt (§9(1))"
	case FactAbsent:
		return "Versäumnis (§9(1))"
	case FactAttemptGraded:
		return "Bewertung (§5)"
	case FactResultAnnounced:
		return "Ergebnis bekannt gegeben"
	case FactDisorderFound:
		return "Ordnungsverstoß festgestellt (§8(2))"
	case FactReasonsSubmitted:
		return "Gründe angezeigt (§9(2))"
	case FactEvidenceAdded:
		return "Beweismittel nachgereicht (§9(2))"
	case FactReasonsCompleted:
		return "Angaben für vollständig erklärt (§9(2))"
	case FactRejectionLetterSent:
		return "Ablehnung schriftlich mitgeteilt (§9(3))"
	case FactHardshipApplied:
		return "Härtefallantrag (§6(2),(3))"
	case FactExtensionApplied:
		return "Antrag auf Verlängerung (§7(2))"
	case FactBoardDelegated:
		return "Aufgabe dem Vorsitz übertragen (§4(3))"
	case FactBoardDecision:
		return "Beschluss des Prüfungsausschusses (§4)"
	case FactHearingHeld:
		return "Anhörung (§11(3))"
	case FactCertificateIssued:
		return "Zeugnis ausgestellt (§10)"
	case FactPapersDeleted:
		return "Schriftliche Prüfungsleistungen gelöscht (§12(1))"
	case FactInspectionRequested:
		return "Antrag auf Einsichtnahme (§12(2))"
	}
	return string(t)
}
