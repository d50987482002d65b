package calendar

import (
	"strings"
	"testing"
	"time"
)

func TestInvitationErrors(t *testing.T) {
	loc := berlinLoc(t)
	for _, tc := range []struct {
		name   string
		change func(e *Event)
		m      Method
		loc    *time.Location
		want   string
	}{
		{"empty UID", func(e *Event) { e.UID = "" }, Request, loc, "no UID"},
		{"blank UID", func(e *Event) { e.UID = "  " }, Cancel, loc, "no UID"},
		{"end equals start", func(e *Event) { e.End = e.Start }, Request, loc, "not after start"},
		{"end before start", func(e *Event) { e.End = e.Start.Add(-time.Hour) }, Request, loc, "not after start"},
		{"end within the same second", func(e *Event) { e.End = e.Start.Add(time.Millisecond) }, Request, loc, "not after start"},
		{"no start", func(e *Event) { e.Start = time.Time{} }, Request, loc, "no start"},
		{"no organizer email, REQUEST", func(e *Event) { e.Organizer.Email = "" }, Request, loc, "organizer has no email"},
		{"no organizer email, CANCEL", func(e *Event) { e.Organizer.Email = "" }, Cancel, loc, "organizer has no email"},
		{"organizer with display name", func(e *Event) { e.Organizer.Email = "Kurs <k@example.de>" }, Request, loc, "not a plain address"},
		{"header injection in email", func(e *Event) { e.Attendee.Email = "a@example.de\r\nBcc: b@example.de" }, Request, loc, "not a plain address"},
		{"no attendee email", func(e *Event) { e.Attendee.Email = "" }, Cancel, loc, "attendee has no email"},
		{"no stamp", func(e *Event) { e.Stamp = time.Time{} }, Request, loc, "no DTSTAMP"},
		{"negative sequence", func(e *Event) { e.Sequence = -1 }, Request, loc, "negative SEQUENCE"},
		{"relative URL", func(e *Event) { e.URL = "/sitzungen/7" }, Request, loc, "not absolute"},
		{"overlapping days", func(e *Event) { e.ExtraStarts = []time.Time{e.Start.Add(time.Hour)} }, Request, loc, "overlaps"},
		{"duplicate day", func(e *Event) {
			d := e.Start.AddDate(0, 0, 1)
			e.ExtraStarts = []time.Time{d, d}
		}, Request, loc, "overlaps"},
		{"unknown attendee role", func(e *Event) { e.AttendeeRole = "OPT-PARTICIPANT" }, Request, loc, "attendee role"},
		{"unknown method", func(e *Event) {}, "PUBLISH", loc, "not REQUEST or CANCEL"},
		{"no method", func(e *Event) {}, "", loc, "not REQUEST or CANCEL"},
		{"nil location", func(e *Event) {}, Request, nil, "no location"},
		{"other location", func(e *Event) {}, Request, time.FixedZone("CET", 3600), "not supported"},
		{"local", func(e *Event) {}, Request, time.Local, "not supported"},
		{"Berlin only by name", func(e *Event) {}, Request, time.FixedZone("Europe/Berlin", 3600), "UTC offset"},
		{"before the EU rules", func(e *Event) {
			// 1995 summer time ended on the last Sunday of September.
			e.Start = time.Date(1995, time.October, 10, 9, 0, 0, 0, loc)
			e.End = e.Start.Add(time.Hour)
		}, Request, loc, "UTC offset"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := booking(t)
			tc.change(&e)
			b, err := Invitation(e, tc.m, tc.loc)
			if err == nil {
				t.Fatalf("no error; wrote\n%s", b)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q, want it to mention %q", err, tc.want)
			}
		})
	}
}

func TestFeedErrors(t *testing.T) {
	loc := berlinLoc(t)
	noUID := booking(t)
	noUID.UID = ""
	backwards := booking(t)
	backwards.End = backwards.Start
	for _, tc := range []struct {
		name   string
		events []Event
		loc    *time.Location
		want   string
	}{
		{"empty UID", []Event{booking(t), noUID}, loc, "feed event 1: calendar: event has no UID"},
		{"end not after start", []Event{backwards}, loc, "not after start"},
		{"duplicate UID", []Event{booking(t), booking(t)}, loc, "appears twice"},
		{"other location", []Event{booking(t)}, time.FixedZone("Europe/Vienna", 3600), "not supported"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := Feed("x", tc.events, tc.loc)
			if err == nil {
				t.Fatalf("no error; wrote\n%s", b)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q, want it to mention %q", err, tc.want)
			}
		})
	}
	// A feed needs no organizer or attendee.
	e := booking(t)
	e.Organizer, e.Attendee = Person{}, Person{}
	if _, err := Feed("x", []Event{e}, loc); err != nil {
		t.Errorf("feed without organizer: %v", err)
	}
}
