package courses

import (
	"time"

	"github.com/wachsam/wachsam"
)

// The views below are what the mails about training tell one person: the
// store fills them inside the transaction that records the mail, and
// internal/jobs writes the text and the iCalendar attachment.

// Recipient is the one person a mail goes to.
type Recipient struct {
	Name, Email string
}

// SessionNotice describes a session to someone who holds, or is offered, a
// seat in it.
type SessionNotice struct {
	To        Recipient
	Topic     Topic
	RoundName string
	Session   Session
	// HostName is the host municipality's name; empty for an online session.
	HostName    string
	TrainerName string // empty when no trainer is set yet
	// CancellationDeadline is the last instant staff may cancel themselves.
	CancellationDeadline time.Time
}

// Place is where the session happens (PlaceLabel), as a mail or calendar
// entry shows it.
func (n SessionNotice) Place() string {
	return PlaceLabel(n.Session.Online, n.Session.Location, n.HostName)
}

// BookingNotice is the state of one booking to be mailed: an invitation
// while it is active, a cancellation once it or its session is cancelled.
type BookingNotice struct {
	SessionNotice
	BookingID int64
	// Sequence is the booking's iCalendar SEQUENCE; it rose with every change.
	Sequence         int
	BookingCancelled bool
	SessionCancelled bool
	// Reason is set when a coordinator made the change for the person.
	Reason string
	// Completed: the booking was released because the person completed
	// the topic in another session.
	Completed bool
}

// Cancelled reports whether the seat is gone, by the person's cancellation
// or because the session was called off.
func (n BookingNotice) Cancelled() bool { return n.BookingCancelled || n.SessionCancelled }

// TrainerNotice is what a trainer is mailed about a session: the
// invitation while they train it, a cancellation once another trainer (or
// none) was named or the session was called off. To is the trainer.
type TrainerNotice struct {
	SessionNotice
	// Sequence is the iCalendar SEQUENCE of the trainer's entry; it rises
	// with every change of time, place, trainer, and the cancellation.
	Sequence int
	Booked   int // active bookings now
	// Withdrawn: the session has another trainer now, or none.
	Withdrawn        bool
	SessionCancelled bool
}

// Cancelled reports whether the entry is to leave the trainer's calendar.
func (n TrainerNotice) Cancelled() bool { return n.Withdrawn || n.SessionCancelled }

// OfferNotice is a freed seat offered to someone on the waiting list.
type OfferNotice struct {
	SessionNotice
	EntryID int64
	// Open is false once the entry was closed (accepted, declined, expired,
	// session cancelled): then nothing is mailed.
	Open      bool
	ExpiresAt time.Time
}

// RefresherNotice tells a person that a completed training falls due again.
type RefresherNotice struct {
	CompletionID int64
	To           Recipient
	Topic        Topic
	CompletedOn  wachsam.Date
	Due          wachsam.Date
}

// OverdueStaff is one line of a coordinator's weekly overview.
type OverdueStaff struct {
	Name       string
	Department string
	Topic      string
	// Due is the date the training fell due; zero if never attended.
	Due wachsam.Date
}

// OverdueDigest is the weekly overview for one coordinator: the overdue
// staff of their own municipality, and of no other.
type OverdueDigest struct {
	To               Recipient
	MunicipalityName string
	Week             string // ISO week, e.g. "2026-W48"
	Today            wachsam.Date
	Overdue          []OverdueStaff
}
