package courses

import (
	"time"

	"github.com/wachsam/wachsam"
)

// RoundMode says how seats are given out.
type RoundMode string

const (
	// ModeBooking: staff book and cancel themselves, first come first served.
	ModeBooking RoundMode = "booking"
	// ModeAllocation: staff rank the sessions, the coordinator runs the
	// optimal allocation and publishes it; afterwards free seats can be booked.
	ModeAllocation RoundMode = "allocation"
)

// ParseRoundMode reads a mode from a form or the API.
func ParseRoundMode(s string) (RoundMode, error) {
	switch RoundMode(s) {
	case ModeBooking, ModeAllocation:
		return RoundMode(s), nil
	}
	return "", wachsam.FieldError("mode", "Bitte wählen Sie, ob die Beschäftigten selbst buchen oder Wünsche angeben.")
}

// German names the mode in the interface.
func (m RoundMode) German() string {
	if m == ModeAllocation {
		return "Wünsche und Zuteilung"
	}
	return "Selbstbuchung"
}

// RoundStatus is where a round stands.
type RoundStatus string

const (
	StatusDraft      RoundStatus = "draft"      // only coordinators see it
	StatusCollecting RoundStatus = "collecting" // staff enter their preferences
	StatusOpen       RoundStatus = "open"       // staff book, cancel and wait
	StatusClosed     RoundStatus = "closed"     // nothing changes any more
)

// German names the status in the interface.
func (s RoundStatus) German() string {
	switch s {
	case StatusDraft:
		return "Entwurf"
	case StatusCollecting:
		return "Wünsche werden gesammelt"
	case StatusOpen:
		return "Buchung offen"
	case StatusClosed:
		return "abgeschlossen"
	}
	return string(s)
}

// CanMoveTo says whether a coordinator may move a round from s to next: a
// booking round goes draft → open → closed, an allocation round draft →
// collecting → open (by publishing) → closed.
func (r Round) CanMoveTo(next RoundStatus) error {
	allowed := map[RoundStatus][]RoundStatus{
		StatusDraft:      {StatusOpen, StatusCollecting},
		StatusCollecting: {StatusDraft},
		StatusOpen:       {StatusClosed},
	}
	if r.Mode == ModeAllocation && r.Status == StatusDraft && next == StatusOpen {
		return wachsam.Errorf(wachsam.ECONFLICT, "Eine Runde mit Wünschen wird durch das Veröffentlichen der Zuteilung geöffnet; sammeln Sie zuerst die Wünsche.")
	}
	if r.Mode == ModeBooking && next == StatusCollecting {
		return wachsam.Errorf(wachsam.ECONFLICT, "In einer Runde mit Selbstbuchung werden keine Wünsche gesammelt.")
	}
	for _, s := range allowed[r.Status] {
		if s == next {
			return nil
		}
	}
	return wachsam.Errorf(wachsam.ECONFLICT, "Die Runde kann nicht von „%s“ zu „%s“ wechseln.", r.Status.German(), next.German())
}

// BookingSource says how a seat was taken.
type BookingSource string

const (
	BookedBySelf        BookingSource = "self"
	BookedByOffer       BookingSource = "offer"
	BookedByAllocation  BookingSource = "allocation"
	BookedByCoordinator BookingSource = "coordinator"
)

// Booking is a seat held by one person in one session.
type Booking struct {
	ID          int64
	SessionID   int64
	RoundID     int64
	Person      Person
	Source      BookingSource
	Sequence    int // the iCalendar SEQUENCE: it rises with every change
	BookedAt    time.Time
	CancelledAt *time.Time
}
