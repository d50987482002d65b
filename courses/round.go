package courses

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/wachsam/wachsam"
)

// Round is a series of sessions on one topic shared by neighbouring
// municipalities (DESIGN.md §4, seeds/003). The store loads it, together
// with the staff counts, inside the transaction that books or cancels, and
// asks the methods below whether the action is allowed.
type Round struct {
	ID     int64
	Name   string
	Mode   RoundMode
	Status RoundStatus
	// Municipalities share the round; its sessions are open to their staff.
	Municipalities []int64
	// CreatedBy is the municipality whose coordinator set the round up.
	CreatedBy int64
	CostCents int64
	CostBasis CostBasis
	Topic     Topic
	Policy    RoundPolicy
	Sessions  []Session
	Staff     Staff
	// Partial: Sessions and Staff hold only what one decision needs — a
	// booking reads the session it books and the staff counts of the
	// person's municipality and department, not all of them (issue 16) —
	// and ActiveCount is the number of the round's active sessions in all,
	// which the quotas divide by.
	Partial     bool
	ActiveCount int
}

// Topic is what a round teaches and how long attending it stays valid.
type Topic struct {
	ID             int64
	Name           string
	ValidityMonths int // a completed attendance is valid this many calendar months
	RemindDays     int // reminders go out this many days before the due date
}

// Session is one date of a round: a place (a host town hall, or online), a
// capacity and a trainer. A multi-day seminar is one session with several
// days.
type Session struct {
	ID      int64
	RoundID int64
	// EndsAt is the end of the first day; every day of a seminar keeps the
	// same hours.
	EndsAt   time.Time
	Location string
	// JoinURL is the video conference of an online session. Only people
	// with a booking are shown it; Location is public to all staff.
	JoinURL string
	// StartsAt is the start of the first day; booking closes then, and the
	// cancellation deadline counts back from it.
	StartsAt time.Time
	// Days are the calendar days of the session in legal time, ascending;
	// attendance is complete only when every one of them is attended.
	Days               []wachsam.Date
	Capacity           int
	Online             bool
	HostMunicipalityID int64 // 0 for an online session
	TrainerID          int64
	Cancelled          bool
}

// Person is someone who books: the quotas look at the municipality and the
// department they work in. Department ids are unique across municipalities.
type Person struct {
	ID             int64
	MunicipalityID int64
	DepartmentID   int64
}

// Staff counts the employees the quotas are shares of. ByMunicipality holds
// exactly the municipalities that share the round: staff of any other
// municipality may not book.
type Staff struct {
	ByMunicipality map[int64]int
	ByDepartment   map[int64]int
}

// Session returns the session of the round with that id.
func (r Round) Session(id int64) (Session, bool) {
	for _, s := range r.Sessions {
		if s.ID == id {
			return s, true
		}
	}
	return Session{}, false
}

// ActiveSessions is the number of sessions not cancelled. The default quota
// divides the staff by it: when one of three sessions is cancelled, the two
// left must take half of the staff each, or some people could never attend.
func (r Round) ActiveSessions() int {
	if r.Partial {
		return r.ActiveCount
	}
	n := 0
	for _, s := range r.Sessions {
		if !s.Cancelled {
			n++
		}
	}
	return n
}

// Shares reports whether the municipality shares the round.
func (r Round) Shares(municipalityID int64) bool {
	_, ok := r.Staff.ByMunicipality[municipalityID]
	return ok
}

// MunicipalityQuota is the most people of the municipality one session of
// the round may take.
func (r Round) MunicipalityQuota(municipalityID int64) int {
	return r.Policy.MunicipalityQuota(r.Staff.ByMunicipality[municipalityID], r.ActiveSessions())
}

// DepartmentCap is the most people of the department one session of the
// round may take.
func (r Round) DepartmentCap(departmentID int64) int {
	return r.Policy.DepartmentCap(r.Staff.ByDepartment[departmentID])
}

// limitsFor returns the quota and the cap that apply to p. The person asking
// is one of the staff, so neither count is taken below one: a staff count
// that lags behind a new hire must not lock that person out entirely.
func (r Round) limitsFor(p Person) (quota, deptCap int) {
	sessions := r.ActiveSessions()
	quota = r.Policy.MunicipalityQuota(max(r.Staff.ByMunicipality[p.MunicipalityID], 1), sessions)
	deptCap = r.Policy.DepartmentCap(max(r.Staff.ByDepartment[p.DepartmentID], 1))
	return quota, deptCap
}

// Validate checks a round as a coordinator sets it up; fields are named by
// their path in the round's form (sessions[1].days[0]).
func (r Round) Validate() error {
	if err := wachsam.CheckLine("name", "Name der Runde", r.Name, wachsam.MaxNameLen); err != nil {
		return err
	}
	if err := wachsam.CheckCents("cost_cents", "Kosten", r.CostCents, wachsam.MaxCostCents); err != nil {
		return err
	}
	if err := r.Topic.Validate(); err != nil {
		return err
	}
	if err := r.Policy.Validate(); err != nil {
		return err
	}
	if len(r.Sessions) == 0 {
		return wachsam.FieldError("sessions", "Eine Runde braucht mindestens einen Termin.")
	}
	seen := make(map[int64]bool, len(r.Sessions))
	for i, s := range r.Sessions {
		if seen[s.ID] {
			return wachsam.FieldError(fmt.Sprintf("sessions[%d].id", i), "Der Termin %d kommt mehrfach vor.", s.ID)
		}
		seen[s.ID] = true
		if err := s.validate(fmt.Sprintf("sessions[%d]", i), r.Staff); err != nil {
			return err
		}
	}
	return nil
}

func (s Session) validate(path string, staff Staff) error {
	if err := wachsam.CheckLine(path+".location", "Ort", s.Location, wachsam.MaxPlaceLen); err != nil {
		return err
	}
	for k, d := range s.Days {
		if d.Year < wachsam.MinYear || d.Year > wachsam.MaxYear {
			return wachsam.FieldError(fmt.Sprintf("%s.days[%d]", path, k), "Der Termin muss zwischen den Jahren %d und %d liegen.", wachsam.MinYear, wachsam.MaxYear)
		}
	}
	if err := s.validateJoinURL(path); err != nil {
		return err
	}
	switch {
	case s.StartsAt.IsZero():
		return wachsam.FieldError(path+".starts_at", "Bitte geben Sie den Beginn des Termins an.")
	case len(s.Days) == 0:
		return wachsam.FieldError(path+".days", "Ein Termin braucht mindestens einen Tag.")
	case !s.EndsAt.IsZero() && !s.EndsAt.After(s.StartsAt):
		return wachsam.FieldError(path+".ends_at", "Das Ende des Termins muss nach dem Beginn liegen.")
	case !s.EndsAt.IsZero() && s.EndsAt.Sub(s.StartsAt) > 24*time.Hour:
		return wachsam.FieldError(path+".ends_at", "Ein Schulungstag darf höchstens 24 Stunden dauern; mehrere Tage geben Sie als Tage des Termins an.")
	case s.Capacity < 1 || s.Capacity > maxSessionCapacity:
		return wachsam.FieldError(path+".capacity", "Die Zahl der Plätze muss zwischen 1 und %d liegen.", maxSessionCapacity)
	case s.Online && s.HostMunicipalityID != 0:
		return wachsam.FieldError(path+".host", "Ein Online-Termin hat kein gastgebendes Rathaus.")
	case !s.Online && s.HostMunicipalityID == 0:
		return wachsam.FieldError(path+".host", "Bitte wählen Sie das gastgebende Rathaus oder „online“.")
	case !s.Online && staff.ByMunicipality != nil:
		if _, ok := staff.ByMunicipality[s.HostMunicipalityID]; !ok {
			return wachsam.FieldError(path+".host", "Das gastgebende Rathaus muss zu einer der beteiligten Kommunen gehören.")
		}
	}
	for k, d := range s.Days {
		if d.IsZero() || (k > 0 && !d.After(s.Days[k-1])) {
			return wachsam.FieldError(fmt.Sprintf("%s.days[%d]", path, k), "Die Tage eines Termins müssen aufsteigend und verschieden sein.")
		}
	}
	return nil
}

// maxSessionCapacity: no room and no video conference of a town's
// awareness training seats more; the database checks the same bound.
const maxSessionCapacity = 10_000

// maxValidityMonths: refresher training older than ten years is no evidence
// any ISMS would accept.
const maxValidityMonths = 120

// Validate checks a topic as a coordinator enters it.
func (t Topic) Validate() error {
	if err := wachsam.CheckLine("topic.name", "Thema", t.Name, wachsam.MaxTitleLen); err != nil {
		return err
	}
	switch {
	case strings.TrimSpace(t.Name) == "":
		return wachsam.FieldError("topic.name", "Bitte geben Sie das Thema an.")
	case t.ValidityMonths < 1 || t.ValidityMonths > maxValidityMonths:
		return wachsam.FieldError("topic.validity_months", "Die Gültigkeit muss zwischen 1 und %d Monaten liegen.", maxValidityMonths)
	case t.RemindDays < 0 || t.RemindDays > 365:
		return wachsam.FieldError("topic.remind_days", "Die Erinnerung muss zwischen 0 und 365 Tagen vor der Fälligkeit liegen.")
	}
	return nil
}

// DayStarts are the start instants of every day of the session: each day
// keeps the hours of the first in legal time, summer time or not.
func (s Session) DayStarts(loc *time.Location) []time.Time {
	first := s.StartsAt.In(loc)
	out := make([]time.Time, 0, len(s.Days))
	for _, d := range s.Days {
		out = append(out, time.Date(d.Year, d.Month, d.Day, first.Hour(), first.Minute(), first.Second(), 0, loc))
	}
	if len(out) == 0 {
		out = append(out, s.StartsAt)
	}
	return out
}

// CalendarEnd is the end of the first day as a calendar entry shows it: a
// session without an end time still needs one there, and lasts an hour.
func (s Session) CalendarEnd() time.Time {
	if !s.EndsAt.After(s.StartsAt) {
		return s.StartsAt.Add(time.Hour)
	}
	return s.EndsAt
}

// LastEnd is the end of the session's last day.
func (s Session) LastEnd(loc *time.Location) time.Time {
	starts := s.DayStarts(loc)
	return starts[len(starts)-1].Add(s.EndsAt.Sub(s.StartsAt))
}

// maxJoinURLLen: the database checks the same bound.
const maxJoinURLLen = 500

// validateJoinURL accepts an https link for an online session only: a
// town hall session has no video conference, and a link that is not https
// would send the meeting's credentials in clear.
func (s Session) validateJoinURL(path string) error {
	link := strings.TrimSpace(s.JoinURL)
	if link == "" {
		return nil
	}
	if !s.Online {
		return wachsam.FieldError(path+".join_url", "Einen Zugangslink gibt es nur für Online-Termine.")
	}
	u, err := url.Parse(link)
	if err != nil || u.Scheme != "https" || u.Host == "" || len(link) > maxJoinURLLen || strings.ContainsAny(link, " \t\n") {
		return wachsam.FieldError(path+".join_url", "Bitte geben Sie den Zugangslink als https-Adresse an (höchstens %d Zeichen).", maxJoinURLLen)
	}
	return nil
}
