package exam

import (
	"strings"
	"testing"

	"github.com/wachsam/wachsam"
)

func gradingNotice() ResultNotice {
	return ResultNotice{
		CandidateID: 7, Number: "P-2026-0007", Name: "Anna Amsel", Email: "anna@example.de",
		ComponentName: "Informationssicherheitsmanagement", ExamDay: wachsam.MustDate("2026-10-12"), AnnouncedOn: wachsam.MustDate("2026-11-22"),
		Attempt: AttemptState{Number: 1, Status: "graded", Mean: "4,6666…", Grade: "4,6666…", GradeWord: "nicht ausreichend", Counted: true,
			Parts: []PartState{{Part: "ISM-K", Weight: 2, Grade: "5,0"}, {Part: "ISM-F", Weight: 1, Grade: "4,0"}}},
		Status: StatusFailedRetakePossible,
		Deadlines: []DeadlineState{
			{Kind: RetakeWindow, Paragraph: "§6(1)", About: RetakeWindow.German(), LastDay: wachsam.MustDate("2027-11-22")},
			{Kind: InspectionCutoff, Paragraph: "§12(2)", About: InspectionCutoff.German(), LastDay: wachsam.MustDate("2026-12-21"), ShiftedFrom: wachsam.MustDate("2026-12-20")},
		},
	}
}

// §6(1), §12(2): the mail about an announced result names the grade with
// its word, the parts and the exact mean (§5(4)), and every period that
// now runs with its last day, saying when §193 BGB moved it.
func TestPara12_2_ResultMailNamesGradeAndDeadlines(t *testing.T) {
	m := gradingNotice().Mail("https://wachsam.example/pruefung/7")
	if m.ToAddress != "anna@example.de" || m.Subject != "Prüfungsergebnis: Informationssicherheitsmanagement" {
		t.Fatalf("mail header: %q %q", m.ToAddress, m.Subject)
	}
	for _, want := range []string{
		"Guten Tag Anna Amsel,",
		"„Informationssicherheitsmanagement“ vom 12.10.2026 wurde am 22.11.2026 bekannt gegeben",
		"Note: 4,6666… (nicht ausreichend)",
		"Einzelleistungen: ISM-K 5,0 (Gewicht 2), ISM-F 4,0 (Gewicht 1); gewichtetes Mittel 4,6666… (§5(4))",
		"Stand der Prüfungsleistung: nicht bestanden, Wiederholung möglich",
		"- Jahresfrist für die Wiederholung (§6(1) der Prüfungsordnung): letzter Tag 22.11.2027\n",
		"letzter Tag 21.12.2026 (der 20.12.2026 ist kein Werktag; die Frist endet nach §193 BGB am nächsten Werktag)",
		"https://wachsam.example/pruefung/7",
		"Ihre Prüfungsnummer: P-2026-0007",
	} {
		if !strings.Contains(m.Body, want) {
			t.Errorf("mail lacks %q:\n%s", want, m.Body)
		}
	}
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
}

// A corrected result names the grade before, the new one and the reason.
func TestResultMailOfACorrection(t *testing.T) {
	n := gradingNotice()
	n.Corrected, n.OldGrade, n.Reason = true, "4,6666…", "Zweitkorrektur"
	n.Attempt.Grade, n.Attempt.GradeWord, n.Attempt.Mean = "4,0", "ausreichend", "4,0"
	n.Attempt.Parts = []PartState{{Part: "ISM-K", Weight: 2, Grade: "4,0"}, {Part: "ISM-F", Weight: 1, Grade: "4,0"}}
	m := n.Mail("https://wachsam.example/pruefung/7")
	for _, want := range []string{"Korrigiertes Prüfungsergebnis", "wurde korrigiert. Bisher: 4,6666…; jetzt:",
		"Note: 4,0 (ausreichend)", "Grund der Korrektur: Zweitkorrektur", "Es laufen weiterhin diese Fristen (ab der Bekanntgabe am 22.11.2026)"} {
		if !strings.Contains(m.Subject+"\n"+m.Body, want) {
			t.Errorf("correction mail lacks %q:\n%s", want, m.Body)
		}
	}
}

// The grade boxes of a correction start with the recorded grades.
func TestGradingAttemptPartGrade(t *testing.T) {
	a := GradingAttempt{Parts: []GradingPart{{Code: "ISM-K", Weight: 2}}, Attempt: AttemptState{Mean: "1,7", Parts: []PartState{{Part: "ISM-K", Grade: "1,7"}}}}
	if a.PartGrade("ISM-K") != "1,7" || a.PartGrade("ISM-F") != "" || !a.Graded() || a.Announced() {
		t.Fatalf("%+v", a)
	}
	whole := GradingAttempt{Attempt: AttemptState{Mean: "1,3", Grade: "5,0"}}
	if whole.PartGrade("") != "1,3" {
		t.Fatalf("a whole component's recorded grade is its mean, not the counted 5,0: %q", whole.PartGrade(""))
	}
}
