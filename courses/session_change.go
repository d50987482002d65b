package courses

import "slices"

// SessionChange is what an edit changes of a session. Who is told follows
// from it: a new time or place re-invites the booked people and the
// trainer; a new trainer is invited and the one replaced gets the
// cancellation.
type SessionChange struct {
	Time    bool // first day's times or the days
	Place   bool // online or host town, room, join link
	Trainer bool
}

// ChangeOf compares the session as it was with the edited one.
func ChangeOf(old, s Session) SessionChange {
	return SessionChange{
		Time: !s.StartsAt.Equal(old.StartsAt) || !s.EndsAt.Equal(old.EndsAt) || !slices.Equal(s.Days, old.Days),
		Place: s.Online != old.Online || s.HostMunicipalityID != old.HostMunicipalityID ||
			s.Location != old.Location || s.JoinURL != old.JoinURL,
		Trainer: s.TrainerID != old.TrainerID,
	}
}

// None reports an edit that changes nothing: nobody is told.
func (c SessionChange) None() bool { return !c.Time && !c.Place && !c.Trainer }

// Reinvites reports whether the booked people get an updated invitation.
func (c SessionChange) Reinvites() bool { return c.Time || c.Place }
