package calendar

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-ical"

	"github.com/wachsam/wachsam"
)

// DayEvent is an all-day entry of a candidate's exam calendar: an exam
// date (exam dates have a day, not an hour) or the last day of a deadline.
type DayEvent struct {
	UID      string
	Sequence int
	Day      wachsam.Date

	Summary, Description, Location, URL string

	// Transparent entries do not make the day busy: a deadline is a
	// reminder, not an appointment.
	Transparent bool
	// RemindDays asks the calendar to remind that many days before (a
	// VALARM each); programs that ignore alarms of subscriptions skip them.
	RemindDays []int

	Stamp time.Time // DTSTAMP: when the feed was made
}

// ExamDateUID is the UID of the entry for an attempt at a component on an
// exam date; it stays the same while the attempt exists.
func ExamDateUID(candidateID int64, component string, day wachsam.Date, host string) string {
	return fmt.Sprintf("exam-date-%d-%s-%s@%s", candidateID, uidPart(component), compactDate(day), host)
}

// ExamDeadlineUID is the UID of the entry for the last day of a deadline:
// "exam-deadline-<candidate>-<kind>-<component>@host". The same deadline
// keeps its UID when its last day moves (an extension of the entitlement),
// so calendars move the entry instead of adding one. Deadlines about one
// attempt (reasons, inspection) add the exam day, since two attempts of a
// component may each have one running.
func ExamDeadlineUID(candidateID int64, kind, component string, examDay wachsam.Date, host string) string {
	uid := fmt.Sprintf("exam-deadline-%d-%s", candidateID, uidPart(kind))
	if component != "" {
		uid += "-" + uidPart(component)
	}
	if !examDay.IsZero() {
		uid += "-" + compactDate(examDay)
	}
	return uid + "@" + host
}

// uidPart keeps letters, digits, '-' and '_' of a component code or kind,
// so a code with spaces or punctuation still makes a clean UID.
func uidPart(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return '-'
	}, s)
}

func compactDate(d wachsam.Date) string { return strings.ReplaceAll(d.String(), "-", "") }

// ExamFeed is a candidate's exam calendar: name as its title, one all-day
// VEVENT per entry, and the Europe/Berlin VTIMEZONE like every feed of
// wachsam (loc must be Europe/Berlin or UTC). Serve it with ContentType("").
func ExamFeed(name string, events []DayEvent, loc *time.Location) ([]byte, error) {
	z, err := zoneFor(loc)
	if err != nil {
		return nil, err
	}
	cal := newCalendar()
	if name != "" {
		cal.Props.SetText(ical.PropName, cleanText(name))
		cal.Props.Set(extText("X-WR-CALNAME", cleanText(name)))
	}
	cal.Props.Set(extText("X-WR-TIMEZONE", z.name()))
	// Deadlines move when something happens in the file; ask for an hourly refresh.
	refresh := raw(ical.PropRefreshInterval, "PT1H")
	refresh.Params.Set(ical.ParamValue, string(ical.ValueDuration))
	cal.Props.Set(refresh)
	cal.Props.Set(raw("X-PUBLISHED-TTL", "PT1H"))
	if z.berlin {
		cal.Children = append(cal.Children, berlinTimezone())
	} else {
		cal.Children = append(cal.Children, utcTimezone())
	}
	seen := make(map[string]bool, len(events))
	for i, e := range events {
		if seen[e.UID] {
			return nil, fmt.Errorf("calendar: exam feed event %d: UID %s appears twice", i, e.UID)
		}
		seen[e.UID] = true
		ev, err := dayEvent(e)
		if err != nil {
			return nil, fmt.Errorf("calendar: exam feed event %d: %w", i, err)
		}
		cal.Children = append(cal.Children, ev)
	}
	return encode(cal)
}

// dayEvent writes one all-day VEVENT: DTSTART and DTEND as VALUE=DATE,
// DTEND the day after (RFC 5545 §3.6.1: the end is exclusive).
func dayEvent(e DayEvent) (*ical.Component, error) {
	switch {
	case strings.TrimSpace(e.UID) == "":
		return nil, errors.New("event has no UID")
	case e.Day.IsZero():
		return nil, fmt.Errorf("event %s has no day", e.UID)
	case e.Stamp.IsZero():
		return nil, fmt.Errorf("event %s: no DTSTAMP", e.UID)
	case e.Sequence < 0:
		return nil, fmt.Errorf("event %s: negative SEQUENCE %d", e.UID, e.Sequence)
	}
	ev := ical.NewEvent()
	ev.Props.SetText(ical.PropUID, e.UID)
	ev.Props.Set(raw(ical.PropSequence, strconv.Itoa(e.Sequence)))
	ev.Props.SetDateTime(ical.PropDateTimeStamp, second(e.Stamp).UTC())
	ev.Props.SetDate(ical.PropDateTimeStart, e.Day.In(time.UTC))
	ev.Props.SetDate(ical.PropDateTimeEnd, e.Day.AddDays(1).In(time.UTC))
	setText(ev.Props, ical.PropSummary, e.Summary)
	setText(ev.Props, ical.PropDescription, e.Description)
	setText(ev.Props, ical.PropLocation, e.Location)
	if e.URL != "" {
		u, err := (Event{UID: e.UID, URL: e.URL}).url()
		if err != nil {
			return nil, err
		}
		ev.Props.SetURI(ical.PropURL, u)
	}
	ev.Props.SetText(ical.PropStatus, "CONFIRMED")
	transp := "OPAQUE"
	if e.Transparent {
		transp = "TRANSPARENT"
	}
	ev.Props.Set(raw(ical.PropTransparency, transp))
	for _, n := range e.RemindDays {
		if n <= 0 {
			return nil, fmt.Errorf("event %s: reminder %d days before", e.UID, n)
		}
		alarm := ical.NewComponent(ical.CompAlarm)
		alarm.Props.Set(raw(ical.PropAction, "DISPLAY"))
		alarm.Props.Set(raw(ical.PropTrigger, "-P"+strconv.Itoa(n)+"D"))
		setText(alarm.Props, ical.PropDescription, cleanText(e.Summary))
		ev.Children = append(ev.Children, alarm)
	}
	return ev.Component, nil
}
