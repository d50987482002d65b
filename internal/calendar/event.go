package calendar

import (
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Person is an organizer or attendee: a display name and a mail address.
type Person struct{ Name, Email string }

// Event is one booked session. Start and End are the first day,
// ExtraStarts the start instants of the further days of a multi-day
// seminar, each lasting End-Start. They are written as a daily RRULE when
// the days start at the same time (one UID, one cancellation for all), or
// else as one VEVENT per day with its own UID (DayUID) — never as RDATE
// alone, which Outlook rejects.
type Event struct {
	UID      string // stable and globally unique, e.g. "booking-42@wachsam.example.de"
	Sequence int    // rises with every change of the booking, the cancellation included

	Summary, Description, Location, URL string

	Start, End  time.Time
	ExtraStarts []time.Time

	Organizer Person // required for invitations (iTIP); not written to feeds
	Attendee  Person // required for invitations; not written to feeds
	// AttendeeRole is the attendee's ROLE in an invitation; "" is
	// Participant. The trainer of a session is its Chair.
	AttendeeRole Role

	Stamp time.Time // DTSTAMP: when the message or feed was made
}

// Role is an attendee's ROLE parameter (RFC 5545 §3.2.16).
type Role string

const (
	Participant Role = "REQ-PARTICIPANT" // a person who booked a seat
	Chair       Role = "CHAIR"           // the trainer who leads the session
)

// Method is the iTIP method of an invitation (RFC 5546).
type Method string

const (
	Request Method = "REQUEST" // a booking or a change of it
	Cancel  Method = "CANCEL"  // a cancelled booking or session
)

// ContentType is the MIME type of a body written by Invitation with method m.
// The method parameter must match the METHOD inside the body, or Outlook and
// others do not treat the mail as an invitation. ContentType("") is the type
// of a Feed. Any other method gives "", so a mistake cannot reach a header.
func ContentType(m Method) string {
	switch m {
	case Request, Cancel:
		return "text/calendar; method=" + string(m) + "; charset=UTF-8"
	case "":
		return "text/calendar; charset=UTF-8"
	}
	return ""
}

// check reports an event that cannot be written. m is "" for a feed, which
// needs neither organizer nor attendee. The checks catch programmer errors,
// so their text is English.
func (e Event) check(m Method) error {
	switch {
	case strings.TrimSpace(e.UID) == "":
		return errors.New("calendar: event has no UID")
	case e.Sequence < 0:
		return fmt.Errorf("calendar: event %s: negative SEQUENCE %d", e.UID, e.Sequence)
	case e.Stamp.IsZero():
		return fmt.Errorf("calendar: event %s: no DTSTAMP", e.UID)
	case e.Start.IsZero():
		return fmt.Errorf("calendar: event %s: no start", e.UID)
	case !second(e.End).After(second(e.Start)):
		// Compared at whole seconds, the resolution iCalendar writes.
		return fmt.Errorf("calendar: event %s: end %v is not after start %v", e.UID, e.End, e.Start)
	}
	if _, err := e.extraStarts(); err != nil {
		return err
	}
	if e.URL != "" {
		if _, err := e.url(); err != nil {
			return err
		}
	}
	if e.AttendeeRole != "" && e.AttendeeRole != Participant && e.AttendeeRole != Chair {
		return fmt.Errorf("calendar: event %s: attendee role %q", e.UID, e.AttendeeRole)
	}
	if m != "" {
		if err := checkAddress("organizer", e.Organizer); err != nil {
			return fmt.Errorf("calendar: event %s: %w", e.UID, err)
		}
		if err := checkAddress("attendee", e.Attendee); err != nil {
			return fmt.Errorf("calendar: event %s: %w", e.UID, err)
		}
	}
	return nil
}

// extraStarts returns the further days sorted, and an error if a day begins
// before the previous one ended: overlapping days are a data error, and a
// duplicate day would be shown twice.
func (e Event) extraStarts() ([]time.Time, error) {
	days := slices.Clone(e.ExtraStarts)
	slices.SortFunc(days, func(a, b time.Time) int { return a.Compare(b) })
	length := second(e.End).Sub(second(e.Start))
	prev := e.Start
	for _, d := range days {
		if second(d).Before(second(prev).Add(length)) {
			return nil, fmt.Errorf("calendar: event %s: day starting %v overlaps the day starting %v", e.UID, d, prev)
		}
		prev = d
	}
	return days, nil
}

// url parses Event.URL; it must be absolute, since a mail or feed has no
// base to resolve a relative one against.
func (e Event) url() (*url.URL, error) {
	u, err := url.Parse(e.URL)
	if err != nil {
		return nil, fmt.Errorf("calendar: event %s: URL: %w", e.UID, err)
	}
	if !u.IsAbs() {
		return nil, fmt.Errorf("calendar: event %s: URL %q is not absolute", e.UID, e.URL)
	}
	return u, nil
}

// checkAddress requires a bare address (no display name, no line breaks):
// it becomes a mailto: URI, and iTIP needs it to match the organizer and
// attendee of the mail.
func checkAddress(role string, p Person) error {
	if p.Email == "" {
		return fmt.Errorf("%s has no email address", role)
	}
	a, err := mail.ParseAddress(p.Email)
	if err != nil || a.Address != p.Email {
		return fmt.Errorf("%s email %q is not a plain address", role, p.Email)
	}
	return nil
}

// second drops what iCalendar cannot write, so checks see the written times.
func second(t time.Time) time.Time { return t.Truncate(time.Second) }

// BookingUID is the UID of a booking's calendar entry, host being the host
// name of wachsam's public address. The invitation, the cancellation and
// the personal feed must all carry exactly this value, or calendar
// programs show the same booking twice.
func BookingUID(bookingID int64, host string) string {
	return fmt.Sprintf("booking-%d@%s", bookingID, host)
}

// TrainerUID is the UID of the entry for a session in its trainer's
// calendar: one per session, whoever trains it, so a change of trainer
// cancels the entry in one calendar and makes it in the other. It differs
// from every BookingUID, so a trainer who also booked a seat sees two
// entries, not one overwriting the other.
func TrainerUID(sessionID int64, host string) string {
	return fmt.Sprintf("session-%d-leitung@%s", sessionID, host)
}
