package calendar

import (
	"errors"
	"fmt"
	"time"

	"github.com/emersion/go-ical"
)

const berlin = "Europe/Berlin"

// zone decides how instants are written: as Europe/Berlin wall time with a
// TZID (and a VTIMEZONE that defines it), or in UTC with a Z.
type zone struct {
	loc    *time.Location
	berlin bool
}

// zoneFor accepts only the two locations whose definition this package can
// write. go-ical names the TZID after loc.String(); for any other name the
// VTIMEZONE below would describe a different zone than the times use.
func zoneFor(loc *time.Location) (zone, error) {
	if loc == nil {
		return zone{}, errors.New("calendar: no location")
	}
	switch loc.String() {
	case berlin:
		return zone{loc: loc, berlin: true}, nil
	case "UTC":
		return zone{loc: time.UTC}, nil
	}
	return zone{}, fmt.Errorf("calendar: location %q is not supported, use %s or UTC", loc, berlin)
}

func (z zone) name() string { return z.loc.String() }

// dateTime writes t as property name. In Berlin it checks that loc agrees
// with the fixed VTIMEZONE at t, so a location that is Berlin only by name,
// or a date outside the current EU rules (before 1996), is an error instead
// of an invitation that is an hour off.
func (z zone) dateTime(name string, t time.Time) (*ical.Prop, error) {
	p := ical.NewProp(name)
	t = second(t)
	if !z.berlin {
		p.SetDateTime(t.UTC())
		return p, nil
	}
	local := t.In(z.loc)
	if _, off := local.Zone(); off != berlinOffset(t) {
		return nil, fmt.Errorf("calendar: location %s gives UTC offset %ds at %v, the EU rules %ds",
			z.loc, off, t.UTC(), berlinOffset(t))
	}
	p.SetDateTime(local)
	return p, nil
}

// berlinOffset is the UTC offset in seconds by the EU rule the VTIMEZONE
// states: summer time from the last Sunday of March to the last Sunday of
// October, switching at 01:00 UTC.
func berlinOffset(t time.Time) int {
	u := t.UTC()
	begin := lastSunday(u.Year(), time.March).Add(time.Hour)
	end := lastSunday(u.Year(), time.October).Add(time.Hour)
	if !u.Before(begin) && u.Before(end) {
		return 2 * 3600
	}
	return 3600
}

func lastSunday(year int, m time.Month) time.Time {
	last := time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC) // day 0 of the next month
	return last.AddDate(0, 0, -int(last.Weekday()))
}

// berlinTimezone is the VTIMEZONE for Europe/Berlin as Thunderbird and
// others write it. It is built on each call rather than kept in a package
// variable, because go-ical components are mutable.
func berlinTimezone() *ical.Component {
	tz := ical.NewComponent(ical.CompTimezone)
	tz.Props.SetText(ical.PropTimezoneID, berlin)
	tz.Children = []*ical.Component{
		observance(ical.CompTimezoneDaylight, "CEST", "+0100", "+0200",
			"19700329T020000", "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"),
		observance(ical.CompTimezoneStandard, "CET", "+0200", "+0100",
			"19701025T030000", "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"),
	}
	return tz
}

// utcTimezone is only written into an empty UTC feed: RFC 5545 requires a
// calendar to hold at least one component, and go-ical enforces it.
func utcTimezone() *ical.Component {
	tz := ical.NewComponent(ical.CompTimezone)
	tz.Props.SetText(ical.PropTimezoneID, "UTC")
	tz.Children = []*ical.Component{
		observance(ical.CompTimezoneStandard, "UTC", "+0000", "+0000", "19700101T000000", ""),
	}
	return tz
}

func observance(kind, name, from, to, start, rrule string) *ical.Component {
	c := ical.NewComponent(kind)
	c.Props.Set(raw(ical.PropTimezoneName, name))
	c.Props.Set(raw(ical.PropTimezoneOffsetFrom, from))
	c.Props.Set(raw(ical.PropTimezoneOffsetTo, to))
	c.Props.Set(raw(ical.PropDateTimeStart, start)) // local time, no TZID
	if rrule != "" {
		c.Props.Set(raw(ical.PropRecurrenceRule, rrule))
	}
	return c
}

// raw is a property whose value is already in iCalendar syntax (not TEXT,
// so nothing to escape).
func raw(name, value string) *ical.Prop {
	p := ical.NewProp(name)
	p.Value = value
	return p
}
