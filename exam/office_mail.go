package exam

import (
	"fmt"
	"strings"

	"github.com/wachsam/wachsam"
)

// AnnouncementMail tells a candidate of the seminar that an exam date was
// announced (§3(3)): the component, the day and place, the day of the
// announcement — and, for an announcement made outside the app and
// entered later, that it was entered later.
func (d ExamDate) AnnouncementMail(c CandidateRecord) *wachsam.Mail {
	var b strings.Builder
	fmt.Fprintf(&b, "Guten Tag %s,\n\n", c.Name)
	fmt.Fprintf(&b, "für die Prüfungsleistung „%s“ ist ein Prüfungstermin bekannt gegeben (§3(3) der Prüfungsordnung):\n\n", d.ComponentName)
	fmt.Fprintf(&b, "Termin: %s\n", WeekdayDate(d.ExamDay))
	if d.Place != "" {
		fmt.Fprintf(&b, "Ort: %s\n", d.Place)
	}
	fmt.Fprintf(&b, "Bekannt gegeben am: %s\n", d.AnnouncedOn.German())
	if d.EnteredLater() {
		b.WriteString("Der Termin wurde bereits außerhalb von wachsam bekannt gegeben und ist hier nachgetragen.\n")
	}
	fmt.Fprintf(&b, "\nDen Termin, die Anmeldung und Ihre Fristen finden Sie in wachsam unter „Meine Prüfung“ und in Ihrem Prüfungskalender.\n\nIhre Prüfungsnummer: %s\n\nMit freundlichen Grüßen\nIhr Prüfungsamt\n", c.Number)
	return &wachsam.Mail{ToAddress: c.Email, ToName: c.Name, Subject: "Prüfungstermin bekannt gegeben: " + d.ComponentName, Body: b.String()}
}
