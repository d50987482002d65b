package exam

import (
	"time"

	"github.com/wachsam/wachsam"
)

// CandidateDeadline is a running period as a candidate reads it: what it
// is about, its last day in words, and why the last day moved if §193 BGB
// moved it. Own marks the periods within which the candidate must act;
// the others (retention of the papers, the limit for invalidating a
// certificate) run for the academy and are shown for information.
type CandidateDeadline struct {
	DeadlineState
	Title       string // "Härtefallantrag für Informationssicherheitsmanagement"
	Text        string // what must happen by the last day
	LastDayText string // "Montag, 04.01.2027"
	Shift       string // "verschoben vom Freitag, 01.01.2027 (Neujahrstag), …" or ""
	Own         bool
}

// Summary is the calendar title of the deadline: "Letzter Tag: Härtefallantrag (§6(3))".
func (d CandidateDeadline) Summary() string {
	return "Letzter Tag: " + d.Title + " (" + d.Paragraph + ")"
}

// CandidateDeadlines words every running deadline of s for the candidate,
// in the order package exam lists them.
func CandidateDeadlines(reg Regulation, s State) []CandidateDeadline {
	out := make([]CandidateDeadline, 0, len(s.Deadlines))
	for _, d := range s.Deadlines {
		cd := CandidateDeadline{DeadlineState: d, LastDayText: WeekdayDate(d.LastDay), Own: true}
		name := candComponentName(s, d.Component)
		on := func(x wachsam.Date) string { return WeekdayDate(x) }
		switch d.Kind {
		case Entitlement:
			cd.Title = "Prüfung abschließen"
			cd.Text = "Bis zu diesem Tag müssen Sie alle Prüfungsleistungen bestanden haben; danach erlischt Ihr Prüfungsanspruch (1 Jahr nach dem letzten Seminartag am " +
				d.Event.German() + "). In Härtefällen kann der Prüfungsausschuss auf Ihren Antrag Ausnahmen zulassen (§7(2))."
		case RetakeWindow:
			cd.Title = "Wiederholung von " + name
			cd.Text = "Die Wiederholungsprüfung muss an einem festgelegten Termin bis zu diesem Tag stattfinden (1 Jahr nach Bekanntgabe des Ergebnisses vom " +
				d.ExamDate.German() + " am " + on(d.Event) + "). Sonst ist die Prüfungsleistung endgültig nicht bestanden."
		case HardshipCutoff:
			cd.Title = "Härtefallantrag für " + name
			cd.Text = "Ihr Antrag auf eine zweite Wiederholung muss mit allen Nachweisen bis zu diesem Tag beim Vorsitzenden des Prüfungsausschusses eingegangen sein " +
				"(4 Wochen nach Bekanntgabe des Ergebnisses am " + on(d.Event) + "). Ein späterer Antrag wird als verfristet abgelehnt (Ausschlussfrist)."
		case ReasonsCutoff:
			cd.Title = "Gründe zum Prüfungstermin " + name + " am " + d.ExamDate.German()
			cd.Text = "Ihre schriftliche Begründung und die Nachweise – bei Krankheit ein ärztliches Attest über die Prüfungsunfähigkeit – müssen unverzüglich, " +
				"spätestens an diesem Tag eingegangen sein (4 Wochen nach dem Versäumnis oder Rücktritt am " + on(d.Event) + "). Sonst gilt die Prüfung als nicht bestanden (5,0)."
		case InspectionCutoff:
			cd.Title = "Einsicht in die Prüfungsarbeit " + name + " vom " + d.ExamDate.German()
			cd.Text = "Bis zu diesem Tag können Sie beantragen, Ihre schriftliche Prüfungsleistung einzusehen (4 Wochen nach Bekanntgabe des Ergebnisses am " + on(d.Event) + ")."
		case Retention:
			cd.Title, cd.Own = "Aufbewahrung Ihrer Prüfungsarbeiten", false
			cd.Text = "Bis zu diesem Tag bewahrt die Akademie Ihre schriftlichen Prüfungsleistungen auf (2 Jahre nach der letzten Prüfung am " + on(d.Event) + "); danach werden sie gelöscht."
		case InvalidationLimit:
			cd.Title, cd.Own = "Bestandskraft des Zeugnisses", false
			cd.Text = "Nach diesem Tag kann Ihr Zeugnis vom " + d.Event.German() + " nicht mehr für ungültig erklärt werden (5 Jahre ab dem Datum des Zeugnisses)."
		default:
			cd.Title, cd.Text = d.About, d.About
		}
		if !d.ShiftedFrom.IsZero() {
			cd.Shift = "verschoben vom " + WeekdayDate(d.ShiftedFrom) + candWhyNotWorking(reg, d.ShiftedFrom) +
				": Endet eine Frist an einem Samstag, Sonntag oder Feiertag, ist der nächste Werktag der letzte Tag (§193 BGB)."
		}
		out = append(out, cd)
	}
	return out
}

// candWhyNotWorking names the holiday on d, if d is one at the seat.
func candWhyNotWorking(reg Regulation, d wachsam.Date) string {
	if h := reg.Holiday(d); h != "" {
		return " (" + h + ")"
	}
	return ""
}

// WeekdayDate writes a day with its German weekday: "Montag, 04.01.2027".
func WeekdayDate(d wachsam.Date) string {
	if d.IsZero() {
		return ""
	}
	names := map[time.Weekday]string{time.Monday: "Montag", time.Tuesday: "Dienstag", time.Wednesday: "Mittwoch",
		time.Thursday: "Donnerstag", time.Friday: "Freitag", time.Saturday: "Samstag", time.Sunday: "Sonntag"}
	return names[d.Weekday()] + ", " + d.German()
}
