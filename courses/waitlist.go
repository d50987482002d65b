package courses

import (
	"slices"
	"time"

	"github.com/wachsam/wachsam"
)

// WaitlistEntry is one person waiting for a seat in a session. Booking a
// seat in the round ends a person's waiting (one seat per person and round),
// so the store removes their entries in the same transaction.
type WaitlistEntry struct {
	Person   Person
	JoinedAt time.Time
}

// Offer reserves a freed seat for one person until ExpiresAt; the store
// counts it in Seats.Taken while it is open.
type Offer struct {
	SessionID int64
	Person    Person
	OfferedAt time.Time
	ExpiresAt time.Time
}

// Open reports whether the offer can still be accepted at now: up to and
// including ExpiresAt.
func (o Offer) Open(now time.Time) bool { return !now.After(o.ExpiresAt) }

// NextOffer picks who is offered a seat of the session at now, if anyone:
// the first person on the waiting list whose municipality quota and
// department cap allow one more seat (DESIGN.md §4). People whose limits are
// reached are skipped but keep their place, so when a seat of their own town
// hall frees up they are next; nothing jumps the queue. The list is ordered
// by JoinedAt, people who joined at the same instant in the order given.
//
// The store calls NextOffer whenever a seat may have freed up: a booking
// cancelled, an offer declined or expired. seats must not count the seat
// being freed. The offer expires after the round's OfferTTL, but never after
// the session starts.
func (r Round) NextOffer(sessionID int64, waitlist []WaitlistEntry, seats Seats, now time.Time) (Offer, bool) {
	s, ok := r.Session(sessionID)
	if !ok || s.Cancelled || !now.Before(s.StartsAt) || seats.Taken >= s.Capacity {
		return Offer{}, false
	}
	queue := slices.Clone(waitlist)
	slices.SortStableFunc(queue, func(a, b WaitlistEntry) int { return a.JoinedAt.Compare(b.JoinedAt) })
	for _, e := range queue {
		if !r.Shares(e.Person.MunicipalityID) {
			continue
		}
		quota, deptCap := r.limitsFor(e.Person)
		if seats.ByMunicipality[e.Person.MunicipalityID] >= quota || seats.ByDepartment[e.Person.DepartmentID] >= deptCap {
			continue
		}
		expires := now.Add(r.Policy.offerTTL())
		if expires.After(s.StartsAt) {
			expires = s.StartsAt
		}
		return Offer{SessionID: s.ID, Person: e.Person, OfferedAt: now, ExpiresAt: expires}, true
	}
	return Offer{}, false
}

// CanAcceptOffer reports whether the offer may be turned into a booking at
// now. Its seat is held, so capacity and quotas were settled when it was
// made; only time and a cancelled session can stand in the way.
func (r Round) CanAcceptOffer(o Offer, now time.Time) error {
	s, ok := r.Session(o.SessionID)
	switch {
	case !ok:
		return wachsam.Errorf(wachsam.ENOTFOUND, "Diesen Termin gibt es in der Schulungsrunde nicht.")
	case s.Cancelled:
		return wachsam.Errorf(wachsam.ECONFLICT, "Der Termin ist abgesagt.")
	case !o.Open(now) || !now.Before(s.StartsAt):
		return wachsam.Errorf(wachsam.ECONFLICT, "Das Platzangebot ist abgelaufen; der Platz wird der nächsten Person auf der Warteliste angeboten.")
	}
	return nil
}
