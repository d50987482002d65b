package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// Attendance is recorded only during the session's days (DESIGN.md §4):
// the room's code and the trainer's list open AttendanceLead before the
// start (09:00 Berlin, so 08:30) and close at 24:00 of that day. The last
// allowed moment and the first refused one are tried on both sides; every
// refusal is German and writes nothing.
func TestAttendanceWindowOpensBeforeTheStartAndClosesAtTheEndOfTheDay(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx, loc := context.Background(), attLoc(t)
		w, clock := neighbours(t, db, storetest.NeighbourOptions{})
		first := w.Round.Sessions[0]                                                                   // 01.12.2026, 09:00
		staff := append(w.Staff[w.Municipalities[0].ID][:2:2], w.Staff[w.Municipalities[1].ID][:2]...) // within the quotas
		for _, u := range staff {
			attBook(t, db, u, first.ID)
		}
		_, secret, err := db.CheckInCodeFor(ctx, w.Trainer.ID, first.ID, loc)
		if err != nil {
			t.Fatal(err)
		}
		trainer := wachsam.UserActor(w.Trainer)
		tick := func(u *wachsam.User) error {
			return db.RecordAttendance(ctx, trainer, w.Trainer.ID, first.ID, u.ID, first.Days[0], courses.AttendanceTrainerList, true, loc)
		}
		checkIn := func(u *wachsam.User) error {
			_, err := db.CheckIn(ctx, wachsam.UserActor(u), u.ID, courses.CheckInCode(secret, clock.Now()), loc)
			return err
		}
		refused := func(what string, try func() error, want string) {
			t.Helper()
			marks, audits := attCount(t, db, "attendance"), attCount(t, db, "audit_entries")
			err := try()
			if wachsam.ErrorMessageOf(err) != want {
				t.Fatalf("%s: got %v, want %q", what, err, want)
			}
			if attCount(t, db, "attendance") != marks || attCount(t, db, "audit_entries") != audits {
				t.Fatalf("%s: a refused mark wrote something", what)
			}
		}
		tooEarly := "Die Anwesenheit für den 01.12.2026 kann erst ab 08:30 Uhr erfasst werden."
		tooLate := "Die Anwesenheit für den 01.12.2026 kann nicht mehr erfasst werden; der Tag ist vorbei. Eine Korrektur nimmt die Koordination mit Begründung vor."

		attSetClock(t, clock, time.Date(2026, 12, 1, 8, 29, 59, 0, loc))
		refused("tick one second early", func() error { return tick(staff[0]) }, tooEarly)
		refused("check-in one second early", func() error { return checkIn(staff[1]) }, tooEarly)
		if wachsam.ErrorCodeOf(checkIn(staff[1])) != wachsam.ECONFLICT {
			t.Fatal("an early check-in is not a conflict")
		}

		attSetClock(t, clock, time.Date(2026, 12, 1, 8, 30, 0, 0, loc))
		if err := tick(staff[0]); err != nil {
			t.Fatalf("tick at the opening: %v", err)
		}
		if err := checkIn(staff[1]); err != nil {
			t.Fatalf("check-in at the opening: %v", err)
		}

		attSetClock(t, clock, time.Date(2026, 12, 1, 23, 59, 59, 0, loc))
		if err := tick(staff[2]); err != nil {
			t.Fatalf("tick in the last second of the day: %v", err)
		}
		attSetClock(t, clock, time.Date(2026, 12, 2, 0, 0, 0, 0, loc))
		refused("tick after midnight", func() error { return tick(staff[3]) }, tooLate)
		refused("untick after midnight", func() error {
			return db.RecordAttendance(ctx, trainer, w.Trainer.ID, first.ID, staff[0].ID, first.Days[0], courses.AttendanceTrainerList, false, loc)
		}, tooLate)
		// Self check-in on the day after finds no session of today.
		if err := checkIn(staff[3]); wachsam.ErrorCodeOf(err) != wachsam.ECONFLICT {
			t.Fatalf("check-in the day after: %v", err)
		}
		// Saving the list again unchanged after the day is harmless.
		n, err := db.SaveAttendance(ctx, trainer, w.Trainer.ID, first.ID,
			[]courses.AttendanceMark{{UserID: staff[0].ID, Day: first.Days[0], Present: true}}, loc)
		if err != nil || n != 0 {
			t.Fatalf("unchanged list after the day: %d changes, %v", n, err)
		}
	})
}

// The lead is a setting: with two hours, 07:00 opens the list.
func TestAttendanceWindowLeadIsConfigurable(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx, loc := context.Background(), attLoc(t)
		w, clock := neighbours(t, db, storetest.NeighbourOptions{})
		db.AttendanceLead = 2 * time.Hour
		first := w.Round.Sessions[0]
		u := w.Staff[w.Municipalities[0].ID][0]
		attBook(t, db, u, first.ID)
		attSetClock(t, clock, time.Date(2026, 12, 1, 7, 0, 0, 0, loc))
		if err := db.RecordAttendance(ctx, wachsam.UserActor(w.Trainer), w.Trainer.ID, first.ID, u.ID, first.Days[0], "", true, loc); err != nil {
			t.Fatal(err)
		}
	})
}

// Once attendance is recorded, the person can no longer cancel the booking
// themselves: the record must keep a booking behind it.
func TestAttendanceRecordedStopsSelfCancellation(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx, loc := context.Background(), attLoc(t)
		w, clock := neighbours(t, db, storetest.NeighbourOptions{})
		first := w.Round.Sessions[0]
		staff := w.Staff[w.Municipalities[0].ID]
		var bookings []courses.Booking
		for _, u := range staff[:2] {
			b, err := db.Book(ctx, wachsam.UserActor(u), u.ID, first.ID)
			if err != nil {
				t.Fatal(err)
			}
			bookings = append(bookings, b.Booking)
		}
		attSetClock(t, clock, time.Date(2026, 12, 1, 8, 45, 0, 0, loc)) // before the start, the list is open
		if err := db.RecordAttendance(ctx, wachsam.UserActor(w.Trainer), w.Trainer.ID, first.ID, staff[0].ID, first.Days[0], "", true, loc); err != nil {
			t.Fatal(err)
		}
		err := db.CancelBooking(ctx, wachsam.UserActor(staff[0]), staff[0].ID, bookings[0].ID)
		wantCode(t, err, wachsam.ECONFLICT)
		if got := countActiveBookings(t, db); got != 2 {
			t.Fatalf("%d active bookings after a refused cancellation, want 2", got)
		}
		// Without attendance, cancelling before the deadline still works.
		if err := db.CancelBooking(ctx, wachsam.UserActor(staff[1]), staff[1].ID, bookings[1].ID); err != nil {
			t.Fatal(err)
		}
	})
}
