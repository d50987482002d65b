package store_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// laterRound opens a second round of the world's topic with one session
// of one seat in January.
func laterRound(t *testing.T, db *store.DB, w *storetest.Neighbours) courses.Session {
	t.Helper()
	ctx, loc, admin := context.Background(), attLoc(t), wachsam.SystemActor("test")
	start := time.Date(2027, 1, 12, 9, 0, 0, 0, loc)
	r := courses.Round{Name: "Nachholtermin", Topic: w.Topic, Mode: courses.ModeBooking, CreatedBy: w.Municipalities[0].ID,
		Sessions: []courses.Session{{StartsAt: start, EndsAt: start.Add(3 * time.Hour), Days: []wachsam.Date{wachsam.DateIn(start, loc)},
			Capacity: 1, HostMunicipalityID: w.Municipalities[0].ID, Location: "Sitzungssaal", TrainerID: w.Trainer.ID}}}
	for _, m := range w.Municipalities[1:] {
		r.Municipalities = append(r.Municipalities, m.ID)
	}
	if err := db.CreateRound(ctx, admin, &r); err != nil {
		t.Fatal(err)
	}
	if err := db.SetRoundStatus(ctx, admin, r.CreatedBy, r.ID, courses.StatusOpen); err != nil {
		t.Fatal(err)
	}
	got, err := db.Round(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	return got.Sessions[0]
}

// Completing the topic releases the person's later booking of it in the
// same transaction: the seat goes to the waiting list, the person is told
// why, the log says so. Someone else's booking stays.
func TestCompletionReleasesLaterBookingsOfTheTopic(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx, loc := context.Background(), attLoc(t)
		w, clock := neighbours(t, db, storetest.NeighbourOptions{})
		staff := w.Staff[w.Municipalities[0].ID]
		first, later := w.Round.Sessions[0], laterRound(t, db, w)
		attBook(t, db, staff[0], first.ID)
		attBook(t, db, staff[0], later.ID)
		attBook(t, db, staff[2], first.ID)
		if err := db.JoinWaitlist(ctx, wachsam.UserActor(staff[1]), staff[1].ID, later.ID); err != nil {
			t.Fatal(err)
		}
		attSetClock(t, clock, first.StartsAt.Add(time.Hour))
		trainer := wachsam.UserActor(w.Trainer)
		// staff[2]'s attendance releases nothing of staff[0]'s.
		for _, u := range []*wachsam.User{staff[2], staff[0]} {
			if err := db.RecordAttendance(ctx, trainer, w.Trainer.ID, first.ID, u.ID, first.Days[0], courses.AttendanceTrainerList, true, loc); err != nil {
				t.Fatal(err)
			}
		}
		var rows []struct {
			SessionID   int64      `bun:"session_id"`
			CancelledAt *time.Time `bun:"cancelled_at"`
		}
		if err := db.NewSelect().Table("bookings").Column("session_id", "cancelled_at").Where("user_id = ?", staff[0].ID).
			Order("session_id").Scan(ctx, &rows); err != nil {
			t.Fatal(err)
		}
		if len(rows) != 2 || rows[0].CancelledAt != nil || rows[1].CancelledAt == nil {
			t.Fatalf("bookings %+v: want the completed one kept, the later one released", rows)
		}
		if got := countJobs(t, db, wachsam.OfferNoticeJob); got != 1 {
			t.Fatalf("%d offers, want the released seat offered to the waiting list", got)
		}
		var jobs []wachsam.Job
		if err := db.NewSelect().Model(&jobs).Where("kind = ?", wachsam.BookingNoticeJob).Order("id").Scan(ctx); err != nil {
			t.Fatal(err)
		}
		var last wachsam.BookingNoticePayload
		if err := json.Unmarshal([]byte(jobs[len(jobs)-1].Payload), &last); err != nil || !last.Completed {
			t.Fatalf("last notice %s: want the release told as such", jobs[len(jobs)-1].Payload)
		}
		if n := countAuditOf(t, db, "booking.release"); n != 1 {
			t.Fatalf("%d release entries, want 1", n)
		}
		// Recording the same attendance again releases nothing more.
		if err := db.RecordAttendance(ctx, trainer, w.Trainer.ID, first.ID, staff[0].ID, first.Days[0], courses.AttendanceTrainerList, true, loc); err != nil {
			t.Fatal(err)
		}
		if n := countAuditOf(t, db, "booking.release"); n != 1 {
			t.Fatalf("%d release entries after a repeat, want 1", n)
		}
	})
}

// A refused attendance mark releases nothing: the release belongs to the
// completion's transaction.
func TestRefusedAttendanceReleasesNothing(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx, loc := context.Background(), attLoc(t)
		w, clock := neighbours(t, db, storetest.NeighbourOptions{})
		staff := w.Staff[w.Municipalities[0].ID]
		first, later := w.Round.Sessions[0], laterRound(t, db, w)
		attBook(t, db, staff[0], first.ID)
		attBook(t, db, staff[0], later.ID)
		attSetClock(t, clock, first.StartsAt.Add(time.Hour))
		// One good mark and one for someone not on the list: all or nothing.
		_, err := db.SaveAttendance(ctx, wachsam.UserActor(w.Trainer), w.Trainer.ID, first.ID, []courses.AttendanceMark{
			{UserID: staff[0].ID, Day: first.Days[0], Present: true},
			{UserID: staff[5].ID, Day: first.Days[0], Present: true}}, loc)
		wantCode(t, err, wachsam.EINVALID)
		if got := countActiveBookings(t, db); got != 2 {
			t.Fatalf("%d active bookings, want both kept", got)
		}
	})
}
