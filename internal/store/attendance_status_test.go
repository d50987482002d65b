package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// Issue 12 §4: the trainer records present, excused or absent per person
// and day. Only present counts: a two-day seminar with one day excused is
// not complete, and the attendance table (which completions and the
// evidence read) holds only the present day.
func TestAttendanceStatusesOnlyPresentCounts(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx, loc := context.Background(), attLoc(t)
		w, clock := neighbours(t, db, storetest.NeighbourOptions{})
		day1, day2 := wachsam.MustDate("2026-12-15"), wachsam.MustDate("2026-12-16")
		seminar := attAddSession(t, db, w, courses.Session{StartsAt: time.Date(2026, 12, 15, 9, 0, 0, 0, loc), Days: []wachsam.Date{day1, day2}})
		person := w.Staff[w.Municipalities[1].ID][0]
		attBook(t, db, person, seminar.ID)
		trainer := wachsam.UserActor(w.Trainer)
		set := func(day wachsam.Date, st courses.AttendanceStatus) {
			t.Helper()
			if _, err := db.SaveAttendance(ctx, trainer, w.Trainer.ID, seminar.ID,
				[]courses.AttendanceMark{{UserID: person.ID, Day: day, Status: st}}, loc); err != nil {
				t.Fatal(err)
			}
		}
		status := func(day wachsam.Date) (courses.AttendanceStatus, bool) {
			t.Helper()
			roster, err := db.SessionParticipants(ctx, w.Trainer.ID, seminar.ID, loc)
			if err != nil || len(roster.Participants) != 1 {
				t.Fatalf("roster %+v %v", roster.Participants, err)
			}
			return roster.Participants[0].StatusOn(day), roster.Participants[0].Complete
		}
		attSetClock(t, clock, time.Date(2026, 12, 15, 10, 0, 0, 0, loc))
		set(day1, courses.AttendancePresent)
		attSetClock(t, clock, time.Date(2026, 12, 16, 10, 0, 0, 0, loc))
		set(day2, courses.AttendanceExcused)
		if st, complete := status(day2); st != courses.AttendanceExcused || complete {
			t.Fatalf("day 2 %q complete %v, want excused and not complete", st, complete)
		}
		if _, ok := attCompletion(t, db, person.ID, seminar.ID); ok || attCount(t, db, "attendance") != 1 {
			t.Fatal("an excused day counted")
		}
		set(day2, courses.AttendanceAbsent)
		if st, _ := status(day2); st != courses.AttendanceAbsent || attCount(t, db, "attendance_statuses") != 1 {
			t.Fatalf("day 2 %q, want absent, one status row", st)
		}
		set(day2, courses.AttendancePresent)
		if st, complete := status(day2); st != courses.AttendancePresent || !complete || attCount(t, db, "attendance_statuses") != 0 {
			t.Fatalf("day 2 %q complete %v, want present and complete, no status row left", st, complete)
		}
		if _, ok := attCompletion(t, db, person.ID, seminar.ID); !ok {
			t.Fatal("every day present, no completion")
		}
		// Present back to absent takes the completion back.
		set(day2, courses.AttendanceAbsent)
		if _, ok := attCompletion(t, db, person.ID, seminar.ID); ok {
			t.Fatal("the completion stayed after the day became absent")
		}
		// An unknown status is refused and changes nothing.
		rows := attCount(t, db, "attendance_statuses")
		_, err := db.SaveAttendance(ctx, trainer, w.Trainer.ID, seminar.ID,
			[]courses.AttendanceMark{{UserID: person.ID, Day: day1, Status: "krank"}}, loc)
		wantCode(t, err, wachsam.EINVALID)
		if st, _ := status(day1); st != courses.AttendancePresent || attCount(t, db, "attendance_statuses") != rows {
			t.Fatal("a refused status changed the record")
		}
		// The day after, the list is closed for statuses too.
		attSetClock(t, clock, time.Date(2026, 12, 17, 9, 0, 0, 0, loc))
		_, err = db.SaveAttendance(ctx, trainer, w.Trainer.ID, seminar.ID,
			[]courses.AttendanceMark{{UserID: person.ID, Day: day2, Status: courses.AttendanceExcused}}, loc)
		wantCode(t, err, wachsam.EINVALID)
	})
}

// A walk-in: the trainer finds a person of a municipality of the round who
// did not book, adds them, and they are present that day, without taking a
// seat. Another trainer, a person of a town outside the round and a person
// already on the list are refused, writing nothing.
func TestAttendanceWalkInIsExplicitScopedAndTakesNoSeat(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx, loc := context.Background(), attLoc(t)
		w, clock := neighbours(t, db, storetest.NeighbourOptions{})
		other := storetest.NewNeighboursIn(t, db, "Nord", storetest.NeighbourOptions{})
		first := w.Round.Sessions[0]
		day := first.Days[0]
		booked, walkIn := w.Staff[w.Municipalities[1].ID][0], w.Staff[w.Municipalities[2].ID][1]
		stranger := other.Staff[other.Municipalities[1].ID][0]
		attBook(t, db, booked, first.ID)
		trainer := wachsam.UserActor(w.Trainer)

		found, err := db.WalkInCandidates(ctx, w.Trainer.ID, first.ID, "person")
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range found {
			if c.UserID == booked.ID || c.UserID == stranger.ID {
				t.Fatalf("search offers %+v: booked or of another round", c)
			}
		}
		// German names: an umlaut in capitals is found by its small letter
		// on both databases.
		oezdemir := &wachsam.User{Email: "a.oezdemir@" + strings.ToLower(w.Municipalities[1].Name) + ".example", Name: "Ayşe Özdemir",
			MunicipalityID: &w.Municipalities[1].ID, PasswordHash: "not-a-hash", Roles: []wachsam.Role{wachsam.RoleStaff}}
		if err := db.CreateUser(ctx, wachsam.SystemActor("test"), oezdemir); err != nil {
			t.Fatal(err)
		}
		if found, err := db.WalkInCandidates(ctx, w.Trainer.ID, first.ID, "özd"); err != nil || len(found) != 1 || found[0].UserID != oezdemir.ID {
			t.Fatalf("search for özd: %+v %v", found, err)
		}
		found, err = db.WalkInCandidates(ctx, w.Trainer.ID, first.ID, walkIn.Email)
		if err != nil || len(found) != 1 || found[0].UserID != walkIn.ID {
			t.Fatalf("search by e-mail %+v %v", found, err)
		}
		if _, err := db.WalkInCandidates(ctx, other.Trainer.ID, first.ID, "person"); wachsam.ErrorCodeOf(err) != wachsam.ENOTFOUND {
			t.Fatalf("another trainer searched this session: %v", err)
		}
		if found, err := db.WalkInCandidates(ctx, w.Trainer.ID, first.ID, stranger.Email); err != nil || len(found) != 0 {
			t.Fatalf("a person of another round found: %+v %v", found, err)
		}

		refused := func(what string, err error, want wachsam.ErrorCode) {
			t.Helper()
			wantCode(t, err, want)
			if attCount(t, db, "walk_ins") != 0 || attCount(t, db, "attendance") != 0 {
				t.Fatalf("%s: a refused walk-in wrote something", what)
			}
		}
		// Before the day's window opens.
		attSetClock(t, clock, time.Date(2026, 11, 30, 10, 0, 0, 0, loc))
		refused("before the day", db.AddWalkIn(ctx, trainer, w.Trainer.ID, first.ID, walkIn.ID, day, loc), wachsam.EINVALID)
		attSetClock(t, clock, time.Date(2026, 12, 1, 10, 0, 0, 0, loc))
		refused("another trainer", db.AddWalkIn(ctx, wachsam.UserActor(other.Trainer), other.Trainer.ID, first.ID, walkIn.ID, day, loc), wachsam.ENOTFOUND)
		refused("another round's person", db.AddWalkIn(ctx, trainer, w.Trainer.ID, first.ID, stranger.ID, day, loc), wachsam.ENOTFOUND)
		refused("already booked", db.AddWalkIn(ctx, trainer, w.Trainer.ID, first.ID, booked.ID, day, loc), wachsam.ECONFLICT)

		if err := db.AddWalkIn(ctx, trainer, w.Trainer.ID, first.ID, walkIn.ID, day, loc); err != nil {
			t.Fatal(err)
		}
		roster, err := db.SessionParticipants(ctx, w.Trainer.ID, first.ID, loc)
		if err != nil {
			t.Fatal(err)
		}
		var got *courses.Participant
		for i, p := range roster.Participants {
			if p.UserID == walkIn.ID {
				got = &roster.Participants[i]
			}
		}
		if got == nil || !got.WalkIn || got.StatusOn(day) != courses.AttendancePresent || !got.Complete {
			t.Fatalf("walk-in on the list %+v", got)
		}
		if roster.Session.Booked != 1 || attCount(t, db, "bookings") != 1 {
			t.Fatalf("the walk-in took a seat: booked %d", roster.Session.Booked)
		}
		if _, ok := attCompletion(t, db, walkIn.ID, first.ID); !ok {
			t.Fatal("the walk-in's attendance wrote no completion")
		}
		var n int
		if err := db.NewSelect().Table("audit_entries").ColumnExpr("count(*)").Where("action = ?", "attendance.walk_in").Scan(ctx, &n); err != nil || n != 1 {
			t.Fatalf("%d walk-in audits, %v", n, err)
		}
		// Twice is refused; the trainer sets the status on the list instead.
		wantCode(t, db.AddWalkIn(ctx, trainer, w.Trainer.ID, first.ID, walkIn.ID, day, loc), wachsam.ECONFLICT)
		if _, err := db.SaveAttendance(ctx, trainer, w.Trainer.ID, first.ID,
			[]courses.AttendanceMark{{UserID: walkIn.ID, Day: day, Status: courses.AttendanceExcused}}, loc); err != nil {
			t.Fatalf("a status for the walk-in: %v", err)
		}
	})
}

// Found by the property test: a person the trainer marked absent who then
// checks in with the room's code is present, and only present — never both.
func TestAttendanceCheckInReplacesAnAbsentStatus(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx, loc := context.Background(), attLoc(t)
		w, clock := neighbours(t, db, storetest.NeighbourOptions{})
		first := w.Round.Sessions[0]
		person := w.Staff[w.Municipalities[1].ID][0]
		attBook(t, db, person, first.ID)
		attSetClock(t, clock, time.Date(2026, 12, 1, 9, 10, 0, 0, loc))
		if _, err := db.SaveAttendance(ctx, wachsam.UserActor(w.Trainer), w.Trainer.ID, first.ID,
			[]courses.AttendanceMark{{UserID: person.ID, Day: first.Days[0], Status: courses.AttendanceAbsent}}, loc); err != nil {
			t.Fatal(err)
		}
		_, secret, err := db.CheckInCodeFor(ctx, w.Trainer.ID, first.ID, loc)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.CheckIn(ctx, wachsam.UserActor(person), person.ID, courses.CheckInCode(secret, clock.Now()), loc); err != nil {
			t.Fatal(err)
		}
		if attCount(t, db, "attendance") != 1 || attCount(t, db, "attendance_statuses") != 0 {
			t.Fatalf("%d marks, %d statuses after checking in", attCount(t, db, "attendance"), attCount(t, db, "attendance_statuses"))
		}
		if _, ok := attCompletion(t, db, person.ID, first.ID); !ok {
			t.Fatal("checked in, no completion")
		}
	})
}
