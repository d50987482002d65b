package calendar

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-ical"

	_ "time/tzdata" // the tests must not depend on the machine's zoneinfo
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func berlinLoc(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// booking is a July session whose text needs escaping and folding.
func booking(t *testing.T) Event {
	loc := berlinLoc(t)
	return Event{
		UID:      "booking-42@wachsam.example.de",
		Sequence: 0,
		Summary:  "Phishing erkennen; Grundlagen, Übungen",
		Description: "Schulung für die Verwaltungen Ärzte-, Öko- und Straßenbauamt; " +
			"bitte Dienstausweis mitbringen.\nFragen: Frau Weiß, Tel. 0123/456",
		Location:  "Rathaus Musterstadt, Sitzungssaal 2.14",
		URL:       "https://wachsam.example.de/sitzungen/7",
		Start:     time.Date(2026, time.July, 14, 9, 0, 0, 0, loc),
		End:       time.Date(2026, time.July, 14, 12, 30, 0, 0, loc),
		Organizer: Person{Name: "Awareness-Koordination, Kreis Süd", Email: "koordination@wachsam.example.de"},
		Attendee:  Person{Name: "Jürgen Müller", Email: "j.mueller@musterstadt.example.de"},
		Stamp:     time.Date(2026, time.June, 1, 8, 15, 0, 0, time.UTC),
	}
}

// seminar is a three-day seminar in June.
func seminar(t *testing.T) Event {
	loc := berlinLoc(t)
	e := booking(t)
	e.UID = "booking-43@wachsam.example.de"
	e.Summary = "Seminar Informationssicherheitsbeauftragte"
	e.Description = ""
	e.Start = time.Date(2026, time.June, 22, 9, 0, 0, 0, loc)
	e.End = time.Date(2026, time.June, 22, 16, 0, 0, 0, loc)
	e.ExtraStarts = []time.Time{
		time.Date(2026, time.June, 24, 9, 0, 0, 0, loc), // given out of order on purpose
		time.Date(2026, time.June, 23, 9, 0, 0, 0, loc),
	}
	return e
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	checkLines(t, got)
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output (run go test -update if the change is intended)\ngot:\n%s", path, got)
	}
}

// checkLines asserts RFC 5545 §3.1: every line ends in CRLF, has at most 75
// octets and is valid UTF-8 on its own (no character split by folding).
func checkLines(t *testing.T, b []byte) {
	t.Helper()
	if !bytes.HasSuffix(b, []byte("\r\n")) {
		t.Error("output does not end with CRLF")
	}
	lines := bytes.Split(bytes.TrimSuffix(b, []byte("\r\n")), []byte("\r\n"))
	for i, l := range lines {
		if bytes.ContainsAny(l, "\r\n") {
			t.Errorf("line %d has a bare CR or LF: %q", i+1, l)
		}
		if len(l) > 75 {
			t.Errorf("line %d has %d octets: %q", i+1, len(l), l)
		}
		if !utf8.Valid(l) {
			t.Errorf("line %d splits a UTF-8 sequence: %q", i+1, l)
		}
	}
}

// decode parses b with go-ical's decoder.
func decode(t *testing.T, b []byte) *ical.Calendar {
	t.Helper()
	cal, err := ical.NewDecoder(bytes.NewReader(b)).Decode()
	if err != nil {
		t.Fatalf("decode: %v\n%s", err, b)
	}
	return cal
}

func onlyEvent(t *testing.T, cal *ical.Calendar) ical.Event {
	t.Helper()
	evs := cal.Events()
	if len(evs) != 1 {
		t.Fatalf("%d events, want 1", len(evs))
	}
	return evs[0]
}

func text(t *testing.T, props ical.Props, name string) string {
	t.Helper()
	s, err := props.Text(name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return s
}

func timezones(cal *ical.Calendar) []*ical.Component {
	var tzs []*ical.Component
	for _, c := range cal.Children {
		if c.Name == ical.CompTimezone {
			tzs = append(tzs, c)
		}
	}
	return tzs
}

// ok fails the test on an error, for use as ok(t)(Invitation(...)).
func ok(t *testing.T) func([]byte, error) []byte {
	t.Helper()
	return func(b []byte, err error) []byte {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
}
