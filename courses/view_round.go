package courses

import (
	"time"

	"github.com/wachsam/wachsam"
)

// The types below are what the store hands a coordinator about a round:
// the coordinator's own staff by name, every other municipality only as
// counts (DESIGN.md §6: a coordinator never sees another town's staff).

// RosterPerson is one of the coordinator's own staff in a session: booked,
// or on the waiting list at Position.
type RosterPerson struct {
	UserID     int64
	Name       string
	Department string
	Since      time.Time     // booked at, or joined the waiting list at
	Source     BookingSource // bookings only
	Position   int           // waiting list only, counting from 1
	Offered    bool          // waiting list only: a freed seat is held for them
}

// SessionRoster is who comes to one session, as one municipality may see it.
type SessionRoster struct {
	Session Session
	Booked  []RosterPerson
	Waiting []RosterPerson
	// OthersBooked and OthersWaiting count the people of each other
	// municipality of the round, by municipality id.
	OthersBooked  map[int64]int
	OthersWaiting map[int64]int
}

// PreferenceSet is what one person entered for a round that collects
// preferences: sessions best first, and the days they cannot attend.
type PreferenceSet struct {
	Sessions    []int64
	Unavailable []wachsam.Date
}

// PreferenceProgress says how many of a municipality's staff have entered
// preferences so far.
type PreferenceProgress struct {
	Entered int
	Staff   int
}

// AllocatedPerson is one of the coordinator's own staff in a computed
// allocation: placed at Rank (1 = first choice), or unplaced for Reason.
type AllocatedPerson struct {
	UserID     int64
	Name       string
	Department string
	Rank       int
	Reason     UnplacedReason
}

// AllocatedSession is one session of a computed allocation.
type AllocatedSession struct {
	Session Session
	Placed  int               // people of every municipality
	Own     []AllocatedPerson // the caller's own staff among them
}

// AllocationOutcome is the last allocation computed for a round, as one
// municipality may see it. Computed is false until an allocation has run.
type AllocationOutcome struct {
	Computed       bool
	Published      bool
	Placed         int
	Unplaced       int
	Sessions       []AllocatedSession
	OwnUnplaced    []AllocatedPerson
	OthersUnplaced int
}
