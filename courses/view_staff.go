package courses

import (
	"time"

	"github.com/wachsam/wachsam"
)

// What one member of staff sees of the rounds shared with their town hall
// (the page "Meine Schulungen" and GET /api/v1/sessions). The store gathers
// the facts with a few queries per round; StaffView applies the booking rules
// of this package to them, so the buttons a person is shown are exactly the
// actions Book and JoinWaitlist would allow at that moment.

// SessionAction is what a person can do about a session right now.
type SessionAction string

const (
	ActionNone     SessionAction = ""         // nothing: booked, waiting, offered, or refused (see Reason)
	ActionBook     SessionAction = "book"     // a seat is free for this person
	ActionWaitlist SessionAction = "waitlist" // only a waiting list can help
)

// RoundView is a round as one member of staff sees it.
type RoundView struct {
	ID       int64
	Name     string
	Mode     RoundMode
	Status   RoundStatus
	Topic    Topic
	Sessions []SessionView
	// BookedSessionID is the session the person holds a seat in; 0 if none.
	BookedSessionID int64
}

// BookingOpen reports whether staff book in the round now; a round that
// collects preferences is shown without booking.
func (r RoundView) BookingOpen() bool { return r.Status == StatusOpen }

// SessionView is one session with its occupancy and the viewer's own state.
type SessionView struct {
	Session
	HostName    string // the host town hall's municipality; "" online
	TrainerName string
	// Taken counts bookings and seats held for open offers, as the booking
	// transaction counts them.
	Taken                int
	CancellationDeadline time.Time
	Mine                 PersonalState
	Action               SessionAction
	// Reason says in German why the person cannot book: the limit that a
	// waiting list can wait out (with ActionWaitlist), or why they can
	// neither book nor wait (with ActionNone). Empty when they can book or
	// already have a place.
	Reason string
}

// PersonalState is where the viewer stands in one session.
type PersonalState struct {
	BookingID int64 // their active booking; 0 if none
	Position  int   // their place on the waiting list, from 1; 0 if not waiting
	// OfferExpiresAt is the end of a seat offered to them; zero if none.
	OfferExpiresAt time.Time
	// Cancellable: they may still cancel their booking themselves.
	Cancellable bool
}

// HasOffer reports whether a seat is held for the person.
func (p PersonalState) HasOffer() bool { return !p.OfferExpiresAt.IsZero() }

// Free is the number of seats nobody holds.
func (s SessionView) Free() int { return max(s.Capacity-s.Taken, 0) }

// Place names where the session happens (PlaceLabel).
func (s SessionView) Place() string { return PlaceLabel(s.Online, s.Location, s.HostName) }

// StaffFacts are what the store knows about a round for one person.
type StaffFacts struct {
	Person Person
	// Seats by session, counted like the booking transaction counts them.
	Seats map[int64]Seats
	// Mine by session: the person's booking, waiting place and offer.
	Mine           map[int64]PersonalState
	Municipalities map[int64]string // names by ID
	Trainers       map[int64]string // names by ID
	Now            time.Time
}

// StaffView is the round as the person sees it at facts.Now.
func (r Round) StaffView(f StaffFacts) RoundView {
	v := RoundView{ID: r.ID, Name: r.Name, Mode: r.Mode, Status: r.Status, Topic: r.Topic}
	for _, s := range r.Sessions {
		if f.Mine[s.ID].BookingID != 0 {
			v.BookedSessionID = s.ID
		}
	}
	for _, s := range r.Sessions {
		sv := r.staffSessionView(s, f.Seats[s.ID], f)
		sv.Mine = f.Mine[s.ID]
		if sv.Mine.BookingID == 0 {
			sv.JoinURL = "" // the join link reaches only people with a booking
		}
		if sv.Mine.BookingID != 0 {
			sv.Mine.Cancellable = r.CanCancel(s.ID, f.Now) == nil
		}
		if r.Status == StatusOpen && sv.Mine.BookingID == 0 && sv.Mine.Position == 0 {
			req := BookingRequest{Person: f.Person, SessionID: s.ID, Booked: v.BookedSessionID != 0, Now: f.Now}
			seats := f.Seats[s.ID]
			switch err := r.CanBook(req, seats); {
			case err == nil:
				sv.Action = ActionBook
			case r.CanJoinWaitlist(req, seats) == nil:
				sv.Action, sv.Reason = ActionWaitlist, wachsam.ErrorMessageOf(err)
			default:
				sv.Reason = wachsam.ErrorMessageOf(err)
			}
		}
		v.Sessions = append(v.Sessions, sv)
	}
	return v
}

func (r Round) staffSessionView(s Session, seats Seats, f StaffFacts) SessionView {
	return SessionView{
		Session: s, HostName: f.Municipalities[s.HostMunicipalityID], TrainerName: f.Trainers[s.TrainerID],
		Taken: seats.Taken, CancellationDeadline: r.CancellationDeadline(s),
	}
}

// BookingView is one of a person's bookings with its session, for their
// list of bookings and their calendar feed.
type BookingView struct {
	Booking
	RoundName string
	Topic     Topic
	Session   SessionView
	// Cancellable: the person may still cancel it themselves now.
	Cancellable bool
}

// Active reports whether the booking stands: neither it nor its session
// was cancelled.
func (b BookingView) Active() bool { return b.CancelledAt == nil && !b.Session.Cancelled }

// BookingViewOf describes booking b of round r for its person at now.
func (r Round) BookingViewOf(b Booking, f StaffFacts) BookingView {
	v := BookingView{Booking: b, RoundName: r.Name, Topic: r.Topic}
	if s, ok := r.Session(b.SessionID); ok {
		v.Session = r.staffSessionView(s, f.Seats[s.ID], f)
		v.Session.Mine = PersonalState{BookingID: b.ID}
	}
	v.Cancellable = v.Active() && r.CanCancel(b.SessionID, f.Now) == nil
	if !v.Active() {
		v.Session.JoinURL = ""
	}
	return v
}

// CalendarFeed is what a person's private calendar subscription shows:
// their name as the calendar's title and their active bookings.
type CalendarFeed struct {
	PersonName string
	Bookings   []BookingView
}
