package store

import (
	"fmt"
	"strings"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

// candidateReceiptNotes adds what the candidate must know after an
// application: that illness without a certificate cannot be accepted, and
// after a withdrawal the last day for giving reasons.
func candidateReceiptNotes(app exam.CandidateApplication, f exam.Fact, after exam.State, r *exam.CandidateReceipt) {
	if app.Action == exam.ApplyReasons && f.Illness && !f.MedicalCertificate && !r.Late {
		r.Warning = "Sie haben Krankheit angegeben, aber kein ärztliches Attest beigefügt. Ohne Attest über die Prüfungsunfähigkeit " +
			"können die Gründe nicht anerkannt werden (§9(2) der Prüfungsordnung)."
	}
	if app.Action == exam.ApplyWithdrawal {
		for _, d := range after.Deadlines {
			if d.Kind == exam.ReasonsCutoff && d.Component == f.Component && d.ExamDate == f.ExamDate {
				r.ReasonsUntil = d.LastDay
			}
		}
	}
}

// candidateReceiptMail confirms the receipt of an application to the
// candidate: with cut-offs at stake, the date of receipt is worth having
// in writing.
func candidateReceiptMail(cf *candidateFile, app exam.CandidateApplication, f exam.Fact, r exam.CandidateReceipt) *wachsam.Mail {
	what := exam.ActionGerman(app.Action)
	if f.Component != "" {
		what += " – " + candComponentLabel(cf, f.Component)
		if !f.ExamDate.IsZero() {
			what += ", Termin " + f.ExamDate.German()
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Guten Tag %s,\n\n", cf.User.Name)
	subject := "Eingangsbestätigung: " + exam.ActionGerman(app.Action)
	switch app.Action {
	case exam.ApplyWithdrawal:
		subject = "Bestätigung Ihres Rücktritts von der Prüfung"
		fmt.Fprintf(&b, "Ihr Rücktritt ist am %s erfasst worden:\n%s\n\n", exam.WeekdayDate(r.Received), what)
		b.WriteString("Ohne triftige Gründe gilt die Prüfungsleistung als nicht bestanden (5,0; §9(1) der Prüfungsordnung).\n")
		if !r.ReasonsUntil.IsZero() {
			fmt.Fprintf(&b, "Gründe für den Rücktritt können Sie schriftlich bis %s anzeigen, bei Krankheit mit ärztlichem Attest (§9(2)).\n",
				exam.WeekdayDate(r.ReasonsUntil))
		}
	default:
		fmt.Fprintf(&b, "Ihr Antrag ist am %s eingegangen:\n%s\n\n", exam.WeekdayDate(r.Received), what)
		if r.Documents > 0 {
			fmt.Fprintf(&b, "Beigefügte Dateien: %d.\n", r.Documents)
		}
		switch {
		case r.Late && r.Refusal != nil:
			fmt.Fprintf(&b, "Der Antrag ging nach Ablauf der Ausschlussfrist ein. Er ist vermerkt und als verfristet abgelehnt:\n%s (%s der Prüfungsordnung)\n",
				r.Refusal.Reason, r.Refusal.Paragraph)
		case r.CaseID != 0:
			b.WriteString("Der Prüfungsausschuss entscheidet über Ihren Antrag. Die Entscheidung erhalten Sie schriftlich.\n")
		case app.Action == exam.ApplyInspection:
			b.WriteString("Das Prüfungsamt vereinbart mit Ihnen, wann und wo Sie Ihre schriftliche Prüfungsleistung einsehen können.\n")
		}
		if r.Warning != "" {
			b.WriteString("\nBitte beachten Sie: " + r.Warning + "\n")
		}
	}
	fmt.Fprintf(&b, "\nIhre Prüfungsnummer: %s\nIhre Prüfungsakte finden Sie in wachsam unter „Meine Prüfung“.\n", cf.Candidate.Number)
	return &wachsam.Mail{ToAddress: cf.User.Email, ToName: cf.User.Name, Subject: subject, Body: b.String()}
}
