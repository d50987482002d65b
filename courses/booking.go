package courses

import (
	"fmt"
	"time"

	"github.com/wachsam/wachsam"
)

// Seats is how one session is taken at the moment of asking, as the store
// counts it inside the booking transaction (under a row lock, DESIGN.md §2).
// Taken counts confirmed bookings and open waiting-list offers alike: an
// offered seat is held for its person, or the next booker would jump the
// queue (DESIGN.md §4).
type Seats struct {
	Taken          int
	ByMunicipality map[int64]int // seats taken by staff of each municipality
	ByDepartment   map[int64]int // seats taken by staff of each department
}

// BookingRequest is one person asking for a seat in one session of a round.
type BookingRequest struct {
	Person    Person
	SessionID int64
	// Booked: the person already holds a seat in some session of the
	// round; one seat per person and round, so everyone gets a turn.
	Booked bool
	// Waiting: the person is already on this session's waiting list.
	Waiting bool
	Now     time.Time
}

// seatLimit tells the limits that a waiting list can wait out (a seat, a
// quota slot or a cap slot may free up) from those it cannot.
type seatLimit bool

const (
	waitable seatLimit = true
	final    seatLimit = false
)

// CanBook reports whether the request may take a seat now, or refuses with
// a German message naming the limit. The checks run in a fixed order so that
// the message names the limit that would have to change first: the session,
// then the person, then the capacity, the municipality quota and the
// department cap (the order the allocator's reasons use as well).
func (r Round) CanBook(req BookingRequest, seats Seats) error {
	_, err := r.bookingRefusal(req, seats)
	return err
}

// CanJoinWaitlist reports whether the person may join the session's waiting
// list: only when the sole obstacle is one that a cancellation can remove
// (the session is full, or the municipality's quota or the department's cap
// is reached in it). Someone who could book is told to book.
func (r Round) CanJoinWaitlist(req BookingRequest, seats Seats) error {
	limit, err := r.bookingRefusal(req, seats)
	switch {
	case err == nil:
		return wachsam.Errorf(wachsam.ECONFLICT, "Es ist noch ein Platz frei, den Sie direkt buchen können.")
	case limit == final:
		return err
	case req.Waiting:
		return wachsam.Errorf(wachsam.ECONFLICT, "Sie stehen bereits auf der Warteliste dieses Termins.")
	}
	return nil
}

func (r Round) bookingRefusal(req BookingRequest, seats Seats) (seatLimit, error) {
	s, ok := r.Session(req.SessionID)
	switch {
	case !ok:
		return final, wachsam.Errorf(wachsam.ENOTFOUND, "Diesen Termin gibt es in der Schulungsrunde nicht.")
	case s.Cancelled:
		return final, wachsam.Errorf(wachsam.ECONFLICT, "Der Termin ist abgesagt.")
	case !req.Now.Before(s.StartsAt):
		return final, wachsam.Errorf(wachsam.ECONFLICT, "Der Termin hat bereits begonnen; eine Buchung ist nicht mehr möglich.")
	case !r.Shares(req.Person.MunicipalityID):
		return final, wachsam.Errorf(wachsam.EFORBIDDEN, "Ihre Kommune nimmt an dieser Schulungsrunde nicht teil.")
	case req.Booked:
		return final, wachsam.Errorf(wachsam.ECONFLICT, "Sie haben in dieser Schulungsrunde bereits einen Termin gebucht.")
	}
	quota, deptCap := r.limitsFor(req.Person)
	switch {
	case seats.Taken >= s.Capacity:
		return waitable, wachsam.Errorf(wachsam.ECONFLICT, "Der Termin ist ausgebucht (%d Plätze). Sie können sich auf die Warteliste setzen.", s.Capacity)
	case seats.ByMunicipality[req.Person.MunicipalityID] >= quota:
		// seeds/003: each town hall sends only its share, so it never empties.
		return waitable, wachsam.Errorf(wachsam.ECONFLICT, "Ihre Kommune hat für diesen Termin ihr Kontingent von %s ausgeschöpft, damit das Rathaus besetzt bleibt. Wählen Sie einen anderen Termin oder setzen Sie sich auf die Warteliste.", places(quota))
	case seats.ByDepartment[req.Person.DepartmentID] >= deptCap:
		return waitable, wachsam.Errorf(wachsam.ECONFLICT, "Aus Ihrer Abteilung nehmen bereits %s an diesem Termin teil; mehr lässt die Obergrenze nicht zu, damit die Abteilung besetzt bleibt. Wählen Sie einen anderen Termin oder setzen Sie sich auf die Warteliste.", persons(deptCap))
	}
	return waitable, nil
}

// CancellationDeadline is the last instant at which staff may cancel a
// booking of s themselves.
func (r Round) CancellationDeadline(s Session) time.Time {
	return s.StartsAt.Add(-r.Policy.CancellationLead)
}

// CanCancel reports whether a booking of the session may be cancelled by the
// person at now: up to and including the deadline (DESIGN.md §4). After it,
// the seat could no longer be offered to the waiting list in time, so only a
// coordinator can release it.
func (r Round) CanCancel(sessionID int64, now time.Time) error {
	s, ok := r.Session(sessionID)
	switch {
	case !ok:
		return wachsam.Errorf(wachsam.ENOTFOUND, "Diesen Termin gibt es in der Schulungsrunde nicht.")
	case s.Cancelled:
		return wachsam.Errorf(wachsam.ECONFLICT, "Der Termin ist bereits abgesagt; Ihre Buchung entfällt ohnehin.")
	case now.After(r.CancellationDeadline(s)):
		if r.Policy.CancellationLead == 0 {
			return wachsam.Errorf(wachsam.ECONFLICT, "Der Termin hat bereits begonnen; eine Absage ist nicht mehr möglich.")
		}
		return wachsam.Errorf(wachsam.ECONFLICT, "Eine Absage ist nur bis %s vor Beginn möglich; bitte wenden Sie sich an die Koordination.", germanDuration(r.Policy.CancellationLead))
	}
	return nil
}

func places(n int) string {
	if n == 1 {
		return "1 Platz"
	}
	return fmt.Sprintf("%d Plätzen", n)
}

func persons(n int) string {
	if n == 1 {
		return "1 Person"
	}
	return fmt.Sprintf("%d Personen", n)
}

// germanDuration writes a lead time the way a deadline is announced: in
// whole days, hours or minutes where it divides evenly.
func germanDuration(d time.Duration) string {
	unit := func(n int64, one, many string) string {
		if n == 1 {
			return "1 " + one
		}
		return fmt.Sprintf("%d %s", n, many)
	}
	switch {
	case d%(24*time.Hour) == 0:
		return unit(int64(d/(24*time.Hour)), "Tag", "Tage")
	case d%time.Hour == 0:
		return unit(int64(d/time.Hour), "Stunde", "Stunden")
	}
	return unit(int64(d.Round(time.Minute)/time.Minute), "Minute", "Minuten")
}
