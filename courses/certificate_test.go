package courses

import (
	"testing"
	"time"

	"github.com/wachsam/wachsam"
)

// TestParticipationCertificateTexts: days, hours and the duration of a
// two-day seminar as the certificate prints them.
func TestParticipationCertificateTexts(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 12, 1, 9, 0, 0, 0, loc)
	c := ParticipationCertificate{Session: Session{StartsAt: start, EndsAt: start.Add(3*time.Hour + 30*time.Minute),
		Days: []wachsam.Date{wachsam.MustDate("2026-12-01"), wachsam.MustDate("2026-12-02")}, Location: "Raum 2"}, HostName: "Lindenbach"}
	for _, tc := range []struct{ got, want string }{
		{c.DaysText(), "01.12.2026 und 02.12.2026"},
		{c.TimesText(loc), "09:00–12:30 Uhr"},
		{DurationText(c.Duration()), "7 Stunden"},
		{c.Place(), "Rathaus Lindenbach, Raum 2"},
		{DurationText(45 * time.Minute), "45 Minuten"},
		{DurationText(time.Hour), "1 Stunde"},
		{DurationText(90 * time.Minute), "1,5 Stunden"},
		{DurationText(140 * time.Minute), "2 Stunden 20 Minuten"},
		{ParticipationCheck{FirstDay: wachsam.MustDate("2026-12-01"), LastDay: wachsam.MustDate("2026-12-03")}.DaysText(), "01.12.2026 bis 03.12.2026"},
		{ParticipationCheck{FirstDay: wachsam.MustDate("2026-12-01"), LastDay: wachsam.MustDate("2026-12-01")}.DaysText(), "01.12.2026"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}
