package calendar

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"
)

// TestInvitationDecodes reads an invitation back with go-ical: the iTIP
// parts a mail program relies on must be there and agree.
func TestInvitationDecodes(t *testing.T) {
	e := booking(t)
	e.Sequence = 3
	cal := decode(t, ok(t)(Invitation(e, Request, berlinLoc(t))))

	if got := text(t, cal.Props, ical.PropMethod); got != "REQUEST" {
		t.Errorf("METHOD = %q", got)
	}
	if !strings.Contains(ContentType(Request), "method="+text(t, cal.Props, ical.PropMethod)) {
		t.Errorf("ContentType %q does not carry the body's METHOD", ContentType(Request))
	}
	tzs := timezones(cal)
	if len(tzs) != 1 {
		t.Fatalf("%d VTIMEZONE, want 1", len(tzs))
	}
	if got := text(t, tzs[0].Props, ical.PropTimezoneID); got != "Europe/Berlin" {
		t.Errorf("VTIMEZONE TZID = %q", got)
	}
	var kinds []string
	for _, c := range tzs[0].Children {
		kinds = append(kinds, c.Name+" "+c.Props.Get(ical.PropRecurrenceRule).Value)
	}
	want := []string{"DAYLIGHT FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "STANDARD FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"}
	if strings.Join(kinds, "|") != strings.Join(want, "|") {
		t.Errorf("VTIMEZONE rules = %q, want %q", kinds, want)
	}

	ev := onlyEvent(t, cal)
	if got := text(t, ev.Props, ical.PropUID); got != e.UID {
		t.Errorf("UID = %q", got)
	}
	if seq, err := ev.Props.Get(ical.PropSequence).Int(); err != nil || seq != 3 {
		t.Errorf("SEQUENCE = %d, %v", seq, err)
	}
	if got := ev.Props.Get(ical.PropDateTimeStart).Params.Get(ical.ParamTimezoneID); got != "Europe/Berlin" {
		t.Errorf("DTSTART TZID = %q", got)
	}
	if got := ev.Props.Get(ical.PropDateTimeEnd).Params.Get(ical.ParamTimezoneID); got != "Europe/Berlin" {
		t.Errorf("DTEND TZID = %q", got)
	}
	if got := text(t, ev.Props, ical.PropStatus); got != "CONFIRMED" {
		t.Errorf("STATUS = %q", got)
	}
	if got, _ := ev.Props.DateTime(ical.PropDateTimeStamp, nil); !got.Equal(e.Stamp) {
		t.Errorf("DTSTAMP = %v", got)
	}
	org := ev.Props.Get(ical.PropOrganizer)
	if org.Value != "mailto:koordination@wachsam.example.de" || org.Params.Get(ical.ParamCommonName) != e.Organizer.Name {
		t.Errorf("ORGANIZER = %+v", org)
	}
	att := ev.Props.Get(ical.PropAttendee)
	if att.Value != "mailto:"+e.Attendee.Email || att.Params.Get(ical.ParamCommonName) != "Jürgen Müller" ||
		att.Params.Get(ical.ParamRSVP) != "FALSE" || att.Params.Get(ical.ParamParticipationStatus) != "ACCEPTED" {
		t.Errorf("ATTENDEE = %+v", att)
	}
	if u, err := ev.Props.URI(ical.PropURL); err != nil || u.String() != e.URL {
		t.Errorf("URL = %v, %v", u, err)
	}
}

// TestCancelKeepsUIDRaisesSequence: a client matches the cancellation to
// the invitation by UID and applies it only if SEQUENCE is higher.
func TestCancelKeepsUIDRaisesSequence(t *testing.T) {
	loc := berlinLoc(t)
	e := booking(t)
	req := onlyEvent(t, decode(t, ok(t)(Invitation(e, Request, loc))))
	e.Sequence++
	calCancel := decode(t, ok(t)(Invitation(e, Cancel, loc)))
	cancel := onlyEvent(t, calCancel)

	if got := text(t, calCancel.Props, ical.PropMethod); got != "CANCEL" {
		t.Errorf("METHOD = %q", got)
	}
	if text(t, req.Props, ical.PropUID) != text(t, cancel.Props, ical.PropUID) {
		t.Error("the cancellation has another UID")
	}
	rs, _ := req.Props.Get(ical.PropSequence).Int()
	cs, _ := cancel.Props.Get(ical.PropSequence).Int()
	if cs <= rs {
		t.Errorf("SEQUENCE %d of the cancellation is not above %d", cs, rs)
	}
	if got := text(t, cancel.Props, ical.PropStatus); got != "CANCELLED" {
		t.Errorf("STATUS = %q", got)
	}
	if got := cancel.Props.Get(ical.PropAttendee).Params.Get(ical.ParamParticipationStatus); got != "" {
		t.Errorf("a cancellation claims PARTSTAT %q", got)
	}
	if len(timezones(calCancel)) != 1 {
		t.Error("the cancellation has no VTIMEZONE")
	}
}

// TestSummerAndWinterRoundTrip: local wall time with TZID must decode to the
// same instant in summer time (+02:00) and winter time (+01:00), and so must
// the UTC form.
func TestSummerAndWinterRoundTrip(t *testing.T) {
	loc := berlinLoc(t)
	for _, tc := range []struct {
		name     string
		start    time.Time
		wantWall string
	}{
		{"July", time.Date(2026, time.July, 14, 9, 0, 0, 0, loc), "20260714T090000"},
		{"December", time.Date(2026, time.December, 8, 9, 0, 0, 0, loc), "20261208T090000"},
	} {
		for _, zl := range []*time.Location{loc, time.UTC} {
			t.Run(tc.name+"/"+zl.String(), func(t *testing.T) {
				e := booking(t)
				e.Start = tc.start
				e.End = tc.start.Add(90 * time.Minute)
				ev := onlyEvent(t, decode(t, ok(t)(Invitation(e, Request, zl))))
				if zl == loc && ev.Props.Get(ical.PropDateTimeStart).Value != tc.wantWall {
					t.Errorf("DTSTART = %q, want wall time %q", ev.Props.Get(ical.PropDateTimeStart).Value, tc.wantWall)
				}
				start, err := ev.DateTimeStart(nil)
				if err != nil || !start.Equal(e.Start) {
					t.Errorf("DTSTART decodes to %v (%v), want %v", start, err, e.Start)
				}
				end, err := ev.DateTimeEnd(nil)
				if err != nil || !end.Equal(e.End) {
					t.Errorf("DTEND decodes to %v (%v), want %v", end, err, e.End)
				}
			})
		}
	}
}

// TestTextEscaping: commas, semicolons, backslashes, line breaks (also the
// CRLF a browser sends) and umlauts survive the round trip, and the raw
// form is escaped as RFC 5545 §3.3.11 demands.
func TestTextEscaping(t *testing.T) {
	e := booking(t)
	e.Summary = `Größe, Maß; Übung \ Äpfel`
	e.Description = "Zeile eins,\r\nZeile zwei; ö ä ü ß\rZeile drei " + strings.Repeat("äöü", 30)
	b := ok(t)(Invitation(e, Request, berlinLoc(t)))
	unfolded := string(bytes.ReplaceAll(b, []byte("\r\n "), nil))
	if !strings.Contains(unfolded, "\r\nSUMMARY:Größe\\, Maß\\; Übung \\\\ Äpfel\r\n") {
		t.Errorf("SUMMARY is not escaped:\n%s", unfolded)
	}
	if !strings.Contains(unfolded, "DESCRIPTION:Zeile eins\\,\\nZeile zwei\\; ö ä ü ß\\nZeile drei") {
		t.Errorf("DESCRIPTION is not escaped:\n%s", unfolded)
	}
	ev := onlyEvent(t, decode(t, b))
	if got := text(t, ev.Props, ical.PropSummary); got != e.Summary {
		t.Errorf("SUMMARY decodes to %q", got)
	}
	wantDesc := "Zeile eins,\nZeile zwei; ö ä ü ß\nZeile drei " + strings.Repeat("äöü", 30)
	if got := text(t, ev.Props, ical.PropDescription); got != wantDesc {
		t.Errorf("DESCRIPTION decodes to %q", got)
	}
	// A name with a double quote and a comma must still make a valid CN.
	e.Attendee.Name = `Anna "Anni" Schmidt, Bauamt`
	att := onlyEvent(t, decode(t, ok(t)(Invitation(e, Request, berlinLoc(t))))).Props.Get(ical.PropAttendee)
	if got := att.Params.Get(ical.ParamCommonName); got != "Anna 'Anni' Schmidt, Bauamt" {
		t.Errorf("CN = %q", got)
	}
}

// TestLinesFolded: long lines are folded to 75 octets with CRLF and a
// leading space, without splitting an umlaut, and unfold to the original.
func TestLinesFolded(t *testing.T) {
	e := booking(t)
	e.Description = strings.Repeat("Überprüfung ", 40)
	b := ok(t)(Invitation(e, Request, berlinLoc(t)))
	checkLines(t, b)
	if !bytes.Contains(b, []byte("\r\n ")) {
		t.Fatal("nothing was folded")
	}
	if bytes.Count(b, []byte("\n")) != bytes.Count(b, []byte("\r\n")) {
		t.Error("a line ends without CR")
	}
	ev := onlyEvent(t, decode(t, b))
	if got := text(t, ev.Props, ical.PropDescription); got != e.Description {
		t.Errorf("DESCRIPTION unfolds to %q", got)
	}
}

// TestFeedDecodes: a feed is no iTIP message and names the calendar.
func TestFeedDecodes(t *testing.T) {
	loc := berlinLoc(t)
	a, b := booking(t), seminar(t)
	cal := decode(t, ok(t)(Feed("Meine Schulungen", []Event{a, b}, loc)))
	if m := cal.Props.Get(ical.PropMethod); m != nil {
		t.Errorf("feed has METHOD %q", m.Value)
	}
	if got := text(t, cal.Props, "X-WR-CALNAME"); got != "Meine Schulungen" {
		t.Errorf("X-WR-CALNAME = %q", got)
	}
	if got := text(t, cal.Props, "X-WR-TIMEZONE"); got != "Europe/Berlin" {
		t.Errorf("X-WR-TIMEZONE = %q", got)
	}
	if len(timezones(cal)) != 1 {
		t.Errorf("%d VTIMEZONE, want 1", len(timezones(cal)))
	}
	evs := cal.Events()
	if len(evs) != 2 {
		t.Fatalf("%d events, want 2", len(evs))
	}
	for i, want := range []Event{a, b} {
		if got := text(t, evs[i].Props, ical.PropUID); got != want.UID {
			t.Errorf("event %d UID = %q", i, got)
		}
		if evs[i].Props.Get(ical.PropAttendee) != nil || evs[i].Props.Get(ical.PropOrganizer) != nil {
			t.Errorf("event %d names organizer or attendee", i)
		}
	}
	if ContentType("") != "text/calendar; charset=UTF-8" {
		t.Errorf("feed content type %q", ContentType(""))
	}
}

// TestEmptyFeed: a person without bookings still gets a valid calendar.
func TestEmptyFeed(t *testing.T) {
	for _, loc := range []*time.Location{berlinLoc(t), time.UTC} {
		b := ok(t)(Feed("Leer", nil, loc))
		checkLines(t, b)
		if cal := decode(t, b); len(cal.Events()) != 0 {
			t.Errorf("%v: empty feed has events", loc)
		}
	}
}

func TestUTCInvitationHasNoTimezone(t *testing.T) {
	b := ok(t)(Invitation(booking(t), Request, time.UTC))
	cal := decode(t, b)
	if len(timezones(cal)) != 0 || bytes.Contains(b, []byte("TZID")) {
		t.Errorf("UTC invitation names a time zone:\n%s", b)
	}
	if got := onlyEvent(t, cal).Props.Get(ical.PropDateTimeStart).Value; got != "20260714T070000Z" {
		t.Errorf("DTSTART = %q", got)
	}
}

func TestContentType(t *testing.T) {
	for m, want := range map[Method]string{
		Request:             "text/calendar; method=REQUEST; charset=UTF-8",
		Cancel:              "text/calendar; method=CANCEL; charset=UTF-8",
		"":                  "text/calendar; charset=UTF-8",
		"PUBLISH\r\nBcc: x": "",
	} {
		if got := ContentType(m); got != want {
			t.Errorf("ContentType(%q) = %q, want %q", m, got, want)
		}
	}
}
