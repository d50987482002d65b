package courses

import (
	"testing"
	"time"

	"github.com/wachsam/wachsam"
)

// A session that has ended or was cancelled is no longer "booked"; of two
// ahead the earlier is the next; rows of people not in the list are left out.
func TestDepartmentStatusOfAttachesOnlySessionsAhead(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, loc)
	session := func(id int64, start time.Time, cancelled bool) Session {
		return Session{ID: id, StartsAt: start, EndsAt: start.Add(2 * time.Hour), Days: []wachsam.Date{wachsam.DateIn(start, loc)}, Cancelled: cancelled}
	}
	staff := []StaffMember{{ID: 1, Name: "Anna"}, {ID: 2, Name: "Bert"}}
	due := []DueRow{
		{UserID: 1, TopicID: 10, State: DueOverdue}, {UserID: 2, TopicID: 10, State: DueSoon},
		{UserID: 3, TopicID: 10, State: DueOverdue}, // not a member
		{UserID: 1, TopicID: 11, State: DueCurrent}, {UserID: 2, TopicID: 11, State: DueCurrent},
	}
	bookings := []UpcomingBooking{
		{BookingID: 1, UserID: 1, TopicID: 10, Session: session(1, now.Add(-3*time.Hour), false)}, // ended
		{BookingID: 2, UserID: 1, TopicID: 10, Session: session(2, now.Add(72*time.Hour), false)},
		{BookingID: 3, UserID: 1, TopicID: 11, Session: session(3, now.Add(24*time.Hour), false)},
		{BookingID: 4, UserID: 2, TopicID: 10, Session: session(4, now.Add(-time.Hour), false)}, // running: still ahead
		{BookingID: 5, UserID: 2, TopicID: 11, Session: session(5, now.Add(48*time.Hour), true)},
	}
	got := DepartmentStatusOf(staff, due, bookings, now, loc)
	if len(got) != 2 || len(got[0].Topics) != 2 || len(got[1].Topics) != 2 {
		t.Fatalf("members %+v", got)
	}
	anna, bert := got[0], got[1]
	if anna.Next == nil || anna.Next.BookingID != 3 || anna.Topics[0].Booked == nil || anna.Topics[0].Booked.BookingID != 2 {
		t.Fatalf("Anna: next %+v, topic 10 %+v", anna.Next, anna.Topics[0].Booked)
	}
	if bert.Next == nil || bert.Next.BookingID != 4 || bert.Topics[1].Booked != nil {
		t.Fatalf("Bert: next %+v, topic 11 %+v", bert.Next, bert.Topics[1].Booked)
	}
	if anna.Worst() != DueOverdue || bert.Worst() != DueSoon {
		t.Fatalf("worst: %s, %s", anna.Worst(), bert.Worst())
	}
	if o, s := DepartmentCounts(got); o != 1 || s != 1 {
		t.Fatalf("counts %d, %d", o, s)
	}
	if rows := DepartmentRows(got); len(rows) != 4 || rows[0].UserID != 1 || rows[3].UserID != 2 {
		t.Fatalf("rows %+v", rows)
	}
}
