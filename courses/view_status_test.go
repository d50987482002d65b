package courses

import (
	"testing"
	"time"

	"github.com/wachsam/wachsam"
)

func TestStatusOfNextStepsAndNextSession(t *testing.T) {
	loc := time.UTC
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, loc)
	at := func(day int) SessionView {
		start := time.Date(2026, 11, day, 9, 0, 0, 0, loc)
		return SessionView{Session: Session{ID: int64(day), StartsAt: start, EndsAt: start.Add(3 * time.Hour),
			Days: []wachsam.Date{wachsam.DateIn(start, loc)}}}
	}
	cancelledAt := now.Add(-time.Hour)
	bookings := []BookingView{
		{Booking: Booking{ID: 1}, Topic: Topic{ID: 1}, Session: at(30)},
		{Booking: Booking{ID: 2}, Topic: Topic{ID: 1}, Session: at(25)},
		{Booking: Booking{ID: 3, CancelledAt: &cancelledAt}, Topic: Topic{ID: 2}, Session: at(24)}, // cancelled
		{Booking: Booking{ID: 4}, Topic: Topic{ID: 3}, Session: at(20)},                            // over
		{Booking: Booking{ID: 5}, Topic: Topic{ID: 4}, Session: at(22)},                            // today, still running
	}
	due := []DueRow{
		{TopicID: 1, State: DueOverdue},
		{TopicID: 2, State: DueSoon},
		{TopicID: 3, State: DueOverdue},
		{TopicID: 4, State: DueCurrent},
		{TopicID: 5, State: DueCurrent},
	}
	done := []Completion{{ID: 1, CompletedOn: wachsam.MustDate("2025-01-01")}, {ID: 2, CompletedOn: wachsam.MustDate("2026-01-01")}}
	st := StatusOf(due, bookings, done, now, loc)
	want := []NextStep{StepAttend, StepBook, StepBookNow, StepAttend, StepNone}
	for i, ts := range st.Topics {
		if ts.Step != want[i] {
			t.Errorf("topic %d: step %s, want %s", ts.TopicID, ts.Step, want[i])
		}
	}
	if b := st.Topics[0].Booked; b == nil || b.ID != 2 {
		t.Errorf("topic 1 should show the earlier of its bookings, got %+v", b)
	}
	if st.Next == nil || st.Next.ID != 5 {
		t.Errorf("next %+v, want today's session (booking 5)", st.Next)
	}
	if st.History[0].ID != 2 {
		t.Errorf("history not newest first: %+v", st.History)
	}
}
