package calendar

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-ical"
)

const productID = "-//wachsam//wachsam//DE"

// Invitation is the iTIP message for one attendee: METHOD m, a VTIMEZONE
// when loc is Europe/Berlin, and the event with STATUS CONFIRMED (Request)
// or CANCELLED (Cancel). loc must be Europe/Berlin or UTC. Mail it with
// ContentType(m).
func Invitation(e Event, m Method, loc *time.Location) ([]byte, error) {
	if m != Request && m != Cancel {
		return nil, fmt.Errorf("calendar: method %q is not REQUEST or CANCEL", m)
	}
	z, err := zoneFor(loc)
	if err != nil {
		return nil, err
	}
	evs, err := vevents(e, m, z)
	if err != nil {
		return nil, err
	}
	cal := newCalendar()
	cal.Props.SetText(ical.PropMethod, string(m))
	if z.berlin {
		cal.Children = append(cal.Children, berlinTimezone())
	}
	cal.Children = append(cal.Children, evs...)
	return encode(cal)
}

// Feed is a person's subscription calendar: name as its title, one VEVENT
// per booked session. It has no METHOD, because it is published, not an
// iTIP message, and no organizer or attendee, so clients show the sessions
// as plain read-only entries rather than meetings to answer. Serve it with
// ContentType("").
func Feed(name string, events []Event, loc *time.Location) ([]byte, error) {
	z, err := zoneFor(loc)
	if err != nil {
		return nil, err
	}
	cal := newCalendar()
	if name != "" {
		cal.Props.SetText(ical.PropName, cleanText(name)) // RFC 7986
		cal.Props.Set(extText("X-WR-CALNAME", cleanText(name)))
	}
	cal.Props.Set(extText("X-WR-TIMEZONE", z.name()))
	// Bookings change; without a hint some clients poll only once a day
	// or less. RFC 7986 requires the explicit VALUE=DURATION.
	refresh := raw(ical.PropRefreshInterval, "PT1H")
	refresh.Params.Set(ical.ParamValue, string(ical.ValueDuration))
	cal.Props.Set(refresh)
	cal.Props.Set(raw("X-PUBLISHED-TTL", "PT1H")) // Outlook's name for it

	switch {
	case z.berlin:
		cal.Children = append(cal.Children, berlinTimezone())
	case len(events) == 0:
		cal.Children = append(cal.Children, utcTimezone())
	}
	seen := make(map[string]bool, len(events))
	for i, e := range events {
		evs, err := vevents(e, "", z)
		if err != nil {
			return nil, fmt.Errorf("calendar: feed event %d: %w", i, err)
		}
		for _, ev := range evs {
			uid := ev.Props.Get(ical.PropUID).Value
			if seen[uid] {
				return nil, fmt.Errorf("calendar: feed event %d: UID %s appears twice", i, uid)
			}
			seen[uid] = true
		}
		cal.Children = append(cal.Children, evs...)
	}
	return encode(cal)
}

func newCalendar() *ical.Calendar {
	cal := ical.NewCalendar()
	cal.Props.SetText(ical.PropProductID, productID)
	cal.Props.SetText(ical.PropVersion, "2.0")
	cal.Props.SetText(ical.PropCalendarScale, "GREGORIAN")
	return cal
}

// vevent builds the VEVENT; m is "" for a feed.
func vevent(e Event, m Method, z zone) (*ical.Component, error) {
	if err := e.check(m); err != nil {
		return nil, err
	}
	ev := ical.NewEvent()
	ev.Props.SetText(ical.PropUID, e.UID)
	ev.Props.Set(raw(ical.PropSequence, strconv.Itoa(e.Sequence)))
	ev.Props.SetDateTime(ical.PropDateTimeStamp, second(e.Stamp).UTC()) // DTSTAMP must be UTC

	start, err := z.dateTime(ical.PropDateTimeStart, e.Start)
	if err != nil {
		return nil, err
	}
	ev.Props.Set(start)
	end, err := z.dateTime(ical.PropDateTimeEnd, e.End)
	if err != nil {
		return nil, err
	}
	ev.Props.Set(end)

	setText(ev.Props, ical.PropSummary, e.Summary)
	setText(ev.Props, ical.PropDescription, e.Description)
	setText(ev.Props, ical.PropLocation, e.Location)
	if e.URL != "" {
		u, err := e.url()
		if err != nil {
			return nil, err
		}
		ev.Props.SetURI(ical.PropURL, u)
	}

	status := "CONFIRMED"
	if m == Cancel {
		status = "CANCELLED"
	}
	ev.Props.SetText(ical.PropStatus, status)

	if m != "" {
		ev.Props.Set(address(ical.PropOrganizer, e.Organizer))
		att := address(ical.PropAttendee, e.Attendee)
		role := e.AttendeeRole
		if role == "" {
			role = Participant
		}
		att.Params.Set(ical.ParamRole, string(role))
		// The person booked the seat themselves, or the coordination agreed
		// the session with its trainer before naming them: the invitation
		// confirms it and asks nothing, so no reply is wanted (and none
		// would be read: the organizer is wachsam's sender address).
		att.Params.Set(ical.ParamRSVP, "FALSE")
		if m == Request {
			att.Params.Set(ical.ParamParticipationStatus, "ACCEPTED")
		}
		ev.Props.Set(att)
	}
	return ev.Component, nil
}

// address is an ORGANIZER or ATTENDEE; the address was checked by
// Event.check.
func address(name string, p Person) *ical.Prop {
	prop := ical.NewProp(name)
	if cn := cleanParam(p.Name); cn != "" {
		prop.Params.Set(ical.ParamCommonName, cn)
	}
	prop.Value = "mailto:" + p.Email
	return prop
}

// extText is an X- property with a TEXT value. go-ical marks it
// VALUE=TEXT, since it knows no default type for X- names; TEXT is the
// default for them anyway (RFC 5545 §3.8.8.2), and the clients that read
// X-WR-* are used to seeing it without.
func extText(name, text string) *ical.Prop {
	p := ical.NewProp(name)
	p.SetText(text)
	p.Params.Del(ical.ParamValue)
	return p
}

func setText(props ical.Props, name, text string) {
	if text = cleanText(text); text != "" {
		props.SetText(name, text)
	}
}

// cleanText prepares user-entered text for a TEXT value: go-ical escapes
// "\n" but refuses "\r", which browsers send as line ends, and RFC 5545
// forbids the other control characters.
func cleanText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f {
			return -1
		}
		return r
	}, s)
}

// cleanParam prepares a name for a CN parameter. A parameter value cannot
// contain '"' at all (go-ical refuses it; RFC 6868's ^' is not widely
// understood), nor control characters; names come from user input, so they
// are replaced instead of failing the booking.
func cleanParam(s string) string {
	s = strings.ReplaceAll(s, `"`, "'")
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// encode writes the calendar with go-ical and folds its lines.
func encode(cal *ical.Calendar) ([]byte, error) {
	var buf bytes.Buffer
	if err := ical.NewEncoder(&buf).Encode(cal); err != nil {
		return nil, fmt.Errorf("calendar: %w", err)
	}
	return fold(buf.Bytes()), nil
}
