package courses

import (
	"cmp"
	"slices"
	"time"

	"github.com/wachsam/wachsam"
)

// Bulk actions of a coordinator (issue 14 §2): book a list of people into
// the best free seats of a round, remind those who have not acted yet.
// This file holds the rules; the store applies them person by person, each
// booking in its own transaction under the session's lock, exactly as
// self-service does.

// MaxBulkPeople bounds one bulk booking: every person is booked in a
// transaction of their own while the coordinator waits for the answer, so
// a list as long as the staff of a large town hall is fine, and a longer
// one is split by the coordinator (per department, for instance).
const MaxBulkPeople = 1000

// SeatOrder is the order in which to try the sessions of the round for p:
// the person's ranked preferences first (best first), then the other
// sessions from the earliest. Left out are sessions that are cancelled or
// have begun at now, that run on a day the person said they cannot attend,
// and those in which seats (a snapshot, as RoundSeatCounts returns it) would
// refuse p (capacity, municipality quota, department cap). The snapshot may
// be stale by the time the store books, so the store tries the sessions in
// this order and the lock decides.
//
// When no session is left, the error says why in German, naming the first
// obstacle that stood in every session's way, for the coordinator's result
// page.
func (r Round) SeatOrder(p Person, prefs PreferenceSet, seats map[int64]Seats, now time.Time) ([]int64, error) {
	candidates := r.sessionsByPreference(prefs)
	var out []int64
	unavailable, full, quota := 0, 0, 0
	for _, s := range candidates {
		switch {
		case s.Cancelled || !now.Before(s.StartsAt):
			continue
		case runsOnAny(s, prefs.Unavailable):
			unavailable++
			continue
		}
		limit, err := r.bookingRefusal(BookingRequest{Person: p, SessionID: s.ID, Now: now}, seats[s.ID])
		switch {
		case err == nil:
			out = append(out, s.ID)
		case limit == waitable && seats[s.ID].Taken >= s.Capacity:
			full++
		case limit == waitable:
			quota++
		default:
			return nil, err
		}
	}
	if len(out) > 0 {
		return out, nil
	}
	switch {
	case quota > 0:
		return nil, wachsam.Errorf(wachsam.ECONFLICT, "In allen Terminen mit freien Plätzen ist das Kontingent der Kommune oder die Obergrenze der Abteilung erreicht.")
	case full > 0:
		return nil, wachsam.Errorf(wachsam.ECONFLICT, "Alle Termine, an denen die Person teilnehmen kann, sind ausgebucht.")
	case unavailable > 0:
		return nil, wachsam.Errorf(wachsam.ECONFLICT, "Die Person ist an allen noch offenen Terminen verhindert.")
	}
	return nil, wachsam.Errorf(wachsam.ECONFLICT, "Die Runde hat keinen Termin mehr, der noch nicht begonnen hat.")
}

// sessionsByPreference lists the ranked sessions in their order, then all
// others by start (and ID, for equal starts).
func (r Round) sessionsByPreference(prefs PreferenceSet) []Session {
	out := make([]Session, 0, len(r.Sessions))
	for _, id := range prefs.Sessions {
		if s, ok := r.Session(id); ok && !slices.ContainsFunc(out, func(o Session) bool { return o.ID == id }) {
			out = append(out, s)
		}
	}
	rest := make([]Session, 0, len(r.Sessions))
	for _, s := range r.Sessions {
		if !slices.Contains(prefs.Sessions, s.ID) {
			rest = append(rest, s)
		}
	}
	slices.SortStableFunc(rest, func(a, b Session) int {
		if c := a.StartsAt.Compare(b.StartsAt); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return append(out, rest...)
}

// runsOnAny reports whether the session runs on one of the days.
func runsOnAny(s Session, days []wachsam.Date) bool {
	for _, d := range days {
		if s.Runs(d) {
			return true
		}
	}
	return false
}

// ReminderGroup is whom a coordinator reminds about a round.
type ReminderGroup string

const (
	// RemindNoPreferences: staff who have not ranked the sessions of a
	// round that collects preferences.
	RemindNoPreferences ReminderGroup = "no_preferences"
	// RemindNotBooked: staff without a seat in an open round.
	RemindNotBooked ReminderGroup = "not_booked"
)

// ParseReminderGroup reads a group from a form or the API.
func ParseReminderGroup(s string) (ReminderGroup, error) {
	switch ReminderGroup(s) {
	case RemindNoPreferences, RemindNotBooked:
		return ReminderGroup(s), nil
	}
	return "", wachsam.FieldError("group", "Bitte wählen Sie, wen Sie erinnern möchten: wer keine Wünsche abgegeben oder wer noch nicht gebucht hat.")
}

// German names the group in the interface.
func (g ReminderGroup) German() string {
	if g == RemindNoPreferences {
		return "keine Wünsche abgegeben"
	}
	return "noch nicht gebucht"
}

// CanRemind says whether the round is in the state in which the group can
// act: preferences are entered while a round collects them, seats booked
// while it is open.
func (r Round) CanRemind(g ReminderGroup) error {
	switch {
	case g == RemindNoPreferences && (r.Mode != ModeAllocation || r.Status != StatusCollecting):
		return wachsam.Errorf(wachsam.ECONFLICT, "Für die Runde „%s“ werden keine Wünsche gesammelt (%s); an Wünsche kann nicht erinnert werden.", r.Name, r.Status.German())
	case g == RemindNotBooked && r.Status != StatusOpen:
		return wachsam.Errorf(wachsam.ECONFLICT, "Für die Runde „%s“ ist die Buchung nicht geöffnet (%s); an die Buchung kann nicht erinnert werden.", r.Name, r.Status.German())
	}
	return nil
}

// NeedsTraining says whether someone whose last completion of the topic was
// on last should take part in a round of it on today: everyone whose
// training is not current. People whose training is still valid and not
// yet in its reminder window are neither reminded nor booked by a bulk
// action.
func (t Topic) NeedsTraining(last, today wachsam.Date) bool {
	return DueStatus(NextDue(last, t.ValidityMonths), today, t.RemindDays) != DueCurrent
}

// BulkPerson is one of the coordinator's staff as the bulk pages list them
// for a round.
type BulkPerson struct {
	ID           int64
	Name         string
	DepartmentID int64 // 0: no department, cannot book
	Department   string
	// BookedSession is the session the person holds a seat in, 0 if none.
	BookedSession int64
	Preferences   bool         // ranked sessions entered for the round
	LastCompleted wachsam.Date // last completion of the round's topic; zero if never
	RemindedToday bool         // reminded about this round today already
}

// BulkOutcome is what a bulk booking did for one person.
type BulkOutcome struct {
	Person  BulkPerson
	Booking *BookingView // nil when not booked
	// Reason says in German why the person was not booked.
	Reason string
}

// ReminderPlan is what reminding a group would do, or did.
type ReminderPlan struct {
	Group ReminderGroup
	// Recipients are the people who get a mail (or got one).
	Recipients []BulkPerson
	// AlreadyToday counts those left out because they were reminded about
	// the round today already.
	AlreadyToday int
}

// PlanReminders picks, from the municipality's staff with their state in
// the round, whom reminding the group reaches on today: people with a
// department (without one they can neither rank nor book) who still need
// the training and have not acted — no preferences entered, or no seat
// booked. Those reminded about the round today already are counted, not
// reminded again.
func (r Round) PlanReminders(g ReminderGroup, people []BulkPerson, today wachsam.Date) ReminderPlan {
	plan := ReminderPlan{Group: g}
	for _, p := range people {
		acted := p.Preferences
		if g == RemindNotBooked {
			acted = p.BookedSession != 0
		}
		switch {
		case acted || p.DepartmentID == 0 || !r.Topic.NeedsTraining(p.LastCompleted, today):
		case p.RemindedToday:
			plan.AlreadyToday++
		default:
			plan.Recipients = append(plan.Recipients, p)
		}
	}
	return plan
}

// RoundReminderNotice is a coordinator's reminder about a round to one
// member of staff, as the mail writer needs it.
type RoundReminderNotice struct {
	To        Recipient
	Group     ReminderGroup
	RoundID   int64
	RoundName string
	Topic     Topic
	// Sessions are the round's sessions not cancelled and not begun.
	Sessions []Session
	// HostNames names the host town hall of each session on site.
	HostNames map[int64]string
}
