package courses

import (
	"sort"
	"time"

	"github.com/wachsam/wachsam"
)

// The read model of a member of staff's own status page: every topic that
// applies to them with its state and what to do next, their next booked
// session and the history of trainings they completed.

// Completion is one training a person completed: a line of their history
// and the subject of a participation certificate.
type Completion struct {
	ID          int64
	TopicID     int64
	Topic       string
	SessionID   int64
	CompletedOn wachsam.Date
	Online      bool
	Location    string
	HostName    string
}

// Place is where the training took place, as the session lists name it.
func (c Completion) Place() string { return PlaceLabel(c.Online, c.Location, c.HostName) }

// NextStep is what a person should do about one topic.
type NextStep string

const (
	StepNone    NextStep = "none"     // valid and no reminder due: nothing to do
	StepAttend  NextStep = "attend"   // a session is booked: attend it
	StepBook    NextStep = "book"     // due soon: book a session before the due date
	StepBookNow NextStep = "book_now" // overdue: book the next possible session
)

// TopicStatus is one topic that applies to the person.
type TopicStatus struct {
	DueRow
	Booked *BookingView // the upcoming booked session of the topic, if any
	Step   NextStep
}

// MyStatus is the whole status page.
type MyStatus struct {
	Topics  []TopicStatus
	Next    *BookingView // the earliest upcoming active booking
	History []Completion // newest first
}

// StatusOf puts the page together from the person's due rows, bookings and
// completions at now. A booking counts as upcoming until its last day has
// ended in loc.
func StatusOf(due []DueRow, bookings []BookingView, done []Completion, now time.Time, loc *time.Location) MyStatus {
	var st MyStatus
	upcoming := map[int64]*BookingView{}
	for i := range bookings {
		b := &bookings[i]
		if !b.Active() || !now.Before(b.Session.LastEnd(loc)) {
			continue
		}
		if st.Next == nil || b.Session.StartsAt.Before(st.Next.Session.StartsAt) {
			st.Next = b
		}
		if have, ok := upcoming[b.Topic.ID]; !ok || b.Session.StartsAt.Before(have.Session.StartsAt) {
			upcoming[b.Topic.ID] = b
		}
	}
	for _, row := range due {
		ts := TopicStatus{DueRow: row, Booked: upcoming[row.TopicID]}
		switch {
		case ts.Booked != nil:
			ts.Step = StepAttend
		case row.State == DueOverdue:
			ts.Step = StepBookNow
		case row.State == DueSoon:
			ts.Step = StepBook
		default:
			ts.Step = StepNone
		}
		st.Topics = append(st.Topics, ts)
	}
	st.History = append([]Completion(nil), done...)
	sort.SliceStable(st.History, func(i, j int) bool { return st.History[j].CompletedOn.Before(st.History[i].CompletedOn) })
	return st
}
