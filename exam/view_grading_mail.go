package exam

import (
	"fmt"
	"strings"

	"github.com/wachsam/wachsam"
)

// ResultNotice is what a candidate is told when the result of an attempt
// is announced (it starts the periods of §6(1), §6(3) and §12(2)) or when
// an announced result is corrected afterwards.
type ResultNotice struct {
	CandidateID   int64
	Number        string
	Name          string
	Email         string
	ComponentName string
	ExamDay       wachsam.Date
	AnnouncedOn   wachsam.Date
	Attempt       AttemptState
	Status        ComponentStatus // the component's status after the result
	Deadlines     []DeadlineState // periods running for this attempt now
	// A correction of an announced result: the grade before and the reason.
	Corrected bool
	OldGrade  string
	Reason    string
}

// Mail writes the notice as a plain-text mail; link is the address of the
// candidate's own exam page.
func (n ResultNotice) Mail(link string) *wachsam.Mail {
	var b strings.Builder
	fmt.Fprintf(&b, "Guten Tag %s,\n\n", n.Name)
	subject := "Prüfungsergebnis: " + n.ComponentName
	if n.Corrected {
		subject = "Korrigiertes Prüfungsergebnis: " + n.ComponentName
		fmt.Fprintf(&b, "die Bewertung Ihrer Prüfungsleistung „%s“ vom %s wurde korrigiert. Bisher: %s; jetzt:\n\n",
			n.ComponentName, n.ExamDay.German(), n.OldGrade)
	} else {
		fmt.Fprintf(&b, "das Ergebnis Ihrer Prüfungsleistung „%s“ vom %s wurde am %s bekannt gegeben:\n\n",
			n.ComponentName, n.ExamDay.German(), n.AnnouncedOn.German())
	}
	b.WriteString(n.gradeLines())
	if n.Corrected && strings.TrimSpace(n.Reason) != "" {
		fmt.Fprintf(&b, "\nGrund der Korrektur: %s\n", strings.TrimSpace(n.Reason))
	}
	if len(n.Deadlines) > 0 {
		if n.Corrected {
			b.WriteString("\nEs laufen weiterhin diese Fristen (ab der Bekanntgabe am " + n.AnnouncedOn.German() + "):\n")
		} else {
			b.WriteString("\nMit der Bekanntgabe beginnen diese Fristen:\n")
		}
		for _, d := range n.Deadlines {
			fmt.Fprintf(&b, "- %s (%s der Prüfungsordnung): letzter Tag %s", d.About, d.Paragraph, d.LastDay.German())
			if !d.ShiftedFrom.IsZero() {
				fmt.Fprintf(&b, " (der %s ist kein Werktag; die Frist endet nach §193 BGB am nächsten Werktag)", d.ShiftedFrom.German())
			}
			b.WriteString("\n")
		}
	}
	fmt.Fprintf(&b, "\nIhre Noten, Fristen und Möglichkeiten sehen Sie jederzeit unter\n%s\n\nIhre Prüfungsnummer: %s\n\nMit freundlichen Grüßen\nIhr Prüfungsamt\n", link, n.Number)
	return &wachsam.Mail{ToAddress: n.Email, ToName: n.Name, Subject: subject, Body: b.String()}
}

// gradeLines are the grade, the parts with their shares and the exact mean
// (§5(4)), and what the result means for the component.
func (n ResultNotice) gradeLines() string {
	var b strings.Builder
	a := n.Attempt
	if a.Grade != "" {
		word := ""
		if a.GradeWord != "" {
			word = " (" + a.GradeWord + ")"
		}
		fmt.Fprintf(&b, "Note: %s%s\n", a.Grade, word)
	}
	if len(a.Parts) > 0 {
		parts := make([]string, len(a.Parts))
		for i, p := range a.Parts {
			parts[i] = fmt.Sprintf("%s %s (Gewicht %d)", p.Part, p.Grade, p.Weight)
		}
		fmt.Fprintf(&b, "Einzelleistungen: %s; gewichtetes Mittel %s (§5(4))\n", strings.Join(parts, ", "), a.Mean)
	}
	if a.Reason != "" {
		fmt.Fprintf(&b, "Hinweis: %s\n", a.Reason)
	}
	fmt.Fprintf(&b, "Stand der Prüfungsleistung: %s\n", n.Status.German())
	return b.String()
}
