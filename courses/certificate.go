package courses

import (
	"fmt"
	"strings"
	"time"

	"github.com/wachsam/wachsam"
)

// Participation certificates (Teilnahmebescheinigungen, issue 14 §3): one
// per completed training, with a verification code anyone can check on the
// public page, like an exam certificate's. The code is drawn the first
// time the certificate is asked for and stays with the completion (person
// and session), so every copy carries the same code. What the public check
// shows — name, topic, days, issuer — is kept as it stood then; when a
// coordinator's correction takes the completion back, the certificate is
// withdrawn, and comes back with its old code if the completion does.

// ParticipationCodeLength is the number of characters of a participation
// certificate's code (without hyphens): 32^16 = 2^80 codes. Exam
// certificates have 12, so the length tells the public check which kind a
// code names.
const ParticipationCodeLength = 16

// ParticipationCertificate is everything printed on a participation
// certificate.
type ParticipationCertificate struct {
	CompletionID int64
	UserID       int64
	Code         string // "K7QF-2M9X-4HTR-ABCD"
	HolderName   string // as on the day of issue
	HolderTown   string // the municipality the person works for
	Topic        string // as on the day of issue
	Session      Session
	HostName     string // the host town hall of a session on site
	TrainerName  string // empty when no trainer was set
	Issuer       string // the municipality that organised the round, as on the day of issue
	IssuedOn     wachsam.Date
	ValidUntil   wachsam.Date // the completion plus the topic's validity (NextDue)
}

// Place is where the training took place, as every page names it.
func (c ParticipationCertificate) Place() string {
	return PlaceLabel(c.Session.Online, c.Session.Location, c.HostName)
}

// DaysText lists the days of the training: "01.12.2026", "01.12.2026 und
// 02.12.2026", "01.12.2026, 02.12.2026 und 03.12.2026".
func (c ParticipationCertificate) DaysText() string {
	days := make([]string, len(c.Session.Days))
	for i, d := range c.Session.Days {
		days[i] = d.German()
	}
	if len(days) < 2 {
		return strings.Join(days, "")
	}
	return strings.Join(days[:len(days)-1], ", ") + " und " + days[len(days)-1]
}

// TimesText is the hours of each day in legal time: "09:00–12:00 Uhr".
func (c ParticipationCertificate) TimesText(loc *time.Location) string {
	return c.Session.StartsAt.In(loc).Format("15:04") + "–" + c.Session.EndsAt.In(loc).Format("15:04") + " Uhr"
}

// Duration is the time of instruction: the hours of a day times the days.
func (c ParticipationCertificate) Duration() time.Duration {
	return c.Session.EndsAt.Sub(c.Session.StartsAt) * time.Duration(max(len(c.Session.Days), 1))
}

// DurationText says a duration as a certificate does: "45 Minuten",
// "1 Stunde", "3,5 Stunden", "2 Stunden 20 Minuten".
func DurationText(d time.Duration) string {
	minutes := int(d.Round(time.Minute) / time.Minute)
	h, m := minutes/60, minutes%60
	switch {
	case h == 0:
		return fmt.Sprintf("%d Minuten", m)
	case m == 0 && h == 1:
		return "1 Stunde"
	case m == 0:
		return fmt.Sprintf("%d Stunden", h)
	case m == 30:
		return fmt.Sprintf("%d,5 Stunden", h)
	case h == 1:
		return fmt.Sprintf("1 Stunde %d Minuten", m)
	}
	return fmt.Sprintf("%d Stunden %d Minuten", h, m)
}

// ParticipationCheck is what the public verification shows of a
// participation certificate: the name, the topic, the days and the issuer,
// and whether it still stands. Nothing else leaves the system — not the
// e-mail address, the department or the town the person works for.
type ParticipationCheck struct {
	Code        string
	HolderName  string
	Topic       string
	FirstDay    wachsam.Date
	LastDay     wachsam.Date
	Issuer      string
	WithdrawnOn wachsam.Date // the day a correction took the completion back
}

// Valid tells whether the certificate stands.
func (c ParticipationCheck) Valid() bool { return c.WithdrawnOn.IsZero() }

// DaysText is "01.12.2026" or "01.12.2026 bis 03.12.2026".
func (c ParticipationCheck) DaysText() string {
	if c.LastDay.IsZero() || c.LastDay == c.FirstDay {
		return c.FirstDay.German()
	}
	return c.FirstDay.German() + " bis " + c.LastDay.German()
}
