package pdf

import (
	"fmt"
	"io"
	"time"

	"github.com/wachsam/wachsam"
)

// AttendanceSheet is everything printed on an attendance list for one
// training session.
type AttendanceSheet struct {
	Title        string         // topic, e.g. "Informationssicherheit im Rathaus – Grundschulung"
	Round        string         // name of the round; omitted when empty
	Place        string         // e.g. "Rathaus Lindenbach, Sitzungssaal" or "Online"
	Trainer      string         // omitted when empty
	Days         []wachsam.Date // one signature column each, in the order given
	Times        string         // e.g. "09:00–12:00 Uhr"; omitted when empty
	Participants []SheetParticipant
	// Online: nobody signs an online session's list; each day's column
	// shows instead whether the trainer confirmed the person's camera
	// presence (SheetParticipant.Camera), the evidence §2(1) asks for.
	Online bool
	// PrintedAt is shown in the footer in Zone; the zero time leaves it
	// out. Zone is the caller's Europe/Berlin (cmd/wachsam embeds
	// time/tzdata), passed in rather than loaded here so that a host
	// without zone files cannot make printing fail.
	PrintedAt time.Time
	Zone      *time.Location
}

// SheetParticipant is one row of the list. Rows are printed in the order
// given; the caller sorts.
type SheetParticipant struct {
	Name         string
	Municipality string
	Department   string
	Camera       []wachsam.Date // online: the days with confirmed camera presence
}

// AttendanceList writes the attendance list for s to w as a PDF: A4
// portrait, landscape for more than three days. Input errors (no title, no
// day, too many days, a character the font lacks) are *wachsam.Error with
// code EINVALID and a German message naming the text.
func AttendanceList(w io.Writer, s AttendanceSheet) error {
	f, err := loadFonts()
	if err != nil {
		return err
	}
	l, err := attendanceLayout(s, f)
	if err != nil {
		return err
	}
	return draw(w, l, f)
}

// prepare validates s and returns a copy whose texts are NFC-normalised
// and known to be printable.
func prepare(s AttendanceSheet, f *fonts) (AttendanceSheet, error) {
	out := s
	out.Participants = make([]SheetParticipant, len(s.Participants))
	var err error
	check := func(field, label string, v *string) {
		if err != nil {
			return
		}
		*v = clean(*v)
		if r, bad := f.missing(*v); bad {
			err = wachsam.FieldError(field,
				"%s: %q enthält das Zeichen %q (U+%04X), das die Schrift der Anwesenheitsliste nicht darstellen kann.",
				label, *v, r, r)
		}
	}
	check("title", "Thema", &out.Title)
	check("round", "Runde", &out.Round)
	check("place", "Ort", &out.Place)
	check("trainer", "Trainer", &out.Trainer)
	check("times", "Uhrzeit", &out.Times)
	for i, p := range s.Participants {
		q := &out.Participants[i]
		*q = p
		field := fmt.Sprintf("participants[%d]", i)
		who := fmt.Sprintf("Teilnehmer %d, ", i+1)
		check(field+".name", who+"Name", &q.Name)
		check(field+".municipality", who+"Kommune", &q.Municipality)
		check(field+".department", who+"Abteilung", &q.Department)
	}
	if err != nil {
		return AttendanceSheet{}, err
	}
	switch {
	case out.Title == "":
		return AttendanceSheet{}, wachsam.FieldError("title", "Die Anwesenheitsliste braucht ein Thema.")
	case len(out.Days) == 0:
		return AttendanceSheet{}, wachsam.FieldError("days", "Die Anwesenheitsliste braucht mindestens einen Termin.")
	case !out.PrintedAt.IsZero() && out.Zone == nil:
		// A programming error, not the user's: no field to point at.
		return AttendanceSheet{}, fmt.Errorf("pdf: PrintedAt is set but Zone is nil")
	}
	for i, d := range out.Days {
		if d.IsZero() {
			return AttendanceSheet{}, wachsam.FieldError(fmt.Sprintf("days[%d]", i), "Der %d. Termin hat kein Datum.", i+1)
		}
	}
	return out, nil
}

// germanDays lists the days as 22.11.2026, 23.11.2026.
func germanDays(days []wachsam.Date) string {
	s := ""
	for i, d := range days {
		if i > 0 {
			s += ", "
		}
		s += d.German()
	}
	return s
}

// printedAt is the footer's "Gedruckt am" text, empty for the zero time.
func printedAt(s AttendanceSheet) string {
	if s.PrintedAt.IsZero() {
		return ""
	}
	return "Gedruckt am " + s.PrintedAt.In(s.Zone).Format("02.01.2006, 15:04 Uhr")
}
