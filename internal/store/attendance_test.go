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

func attLoc(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// setClock moves the fixed clock to a moment in legal time.
func attSetClock(t *testing.T, clock *storetest.FixedClock, at time.Time) {
	t.Helper()
	clock.Advance(at.Sub(clock.Now()))
}

func attCount(t *testing.T, db *store.DB, table string) int {
	t.Helper()
	n, err := db.NewSelect().Table(table).Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

// addSession adds a session taught by the world's trainer to its round.
func attAddSession(t *testing.T, db *store.DB, w *storetest.Neighbours, s courses.Session) courses.Session {
	t.Helper()
	s.RoundID, s.TrainerID = w.Round.ID, w.Trainer.ID
	if s.Capacity == 0 {
		s.Capacity = 10
	}
	if !s.Online && s.HostMunicipalityID == 0 {
		s.HostMunicipalityID = w.Municipalities[0].ID
	}
	s.EndsAt = s.StartsAt.Add(3 * time.Hour)
	if err := db.AddSession(context.Background(), wachsam.SystemActor("test"), w.Municipalities[0].ID, &s); err != nil {
		t.Fatal(err)
	}
	return s
}

func attBook(t *testing.T, db *store.DB, u *wachsam.User, sessionID int64) {
	t.Helper()
	if _, err := db.Book(context.Background(), wachsam.UserActor(u), u.ID, sessionID); err != nil {
		t.Fatal(err)
	}
}

func attCompletion(t *testing.T, db *store.DB, userID, sessionID int64) (wachsam.Date, bool) {
	t.Helper()
	var rows []struct {
		On wachsam.Date `bun:"completed_on"`
	}
	err := db.NewSelect().Table("completions").Column("completed_on").
		Where("user_id = ? AND session_id = ?", userID, sessionID).Scan(context.Background(), &rows)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 {
		return wachsam.Date{}, false
	}
	return rows[0].On, true
}

// A two-day seminar counts only when both days are attended; taking a mark
// back takes the completion back.
func TestAttendanceTwoDaySeminarCompletesOnlyWithBothDays(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx, loc := context.Background(), attLoc(t)
		w, clock := neighbours(t, db, storetest.NeighbourOptions{})
		day1, day2 := wachsam.MustDate("2026-12-15"), wachsam.MustDate("2026-12-16")
		seminar := attAddSession(t, db, w, courses.Session{StartsAt: time.Date(2026, 12, 15, 9, 0, 0, 0, loc), Days: []wachsam.Date{day1, day2}})
		person := w.Staff[w.Municipalities[1].ID][0]
		attBook(t, db, person, seminar.ID)
		attSetClock(t, clock, time.Date(2026, 12, 15, 10, 0, 0, 0, loc))
		trainer := wachsam.UserActor(w.Trainer)

		mark := func(day wachsam.Date, present bool) {
			t.Helper()
			if err := db.RecordAttendance(ctx, trainer, w.Trainer.ID, seminar.ID, person.ID, day, courses.AttendanceTrainerList, present, loc); err != nil {
				t.Fatal(err)
			}
		}
		mark(day1, true)
		if _, ok := attCompletion(t, db, person.ID, seminar.ID); ok {
			t.Fatal("one day of two completed the seminar")
		}
		attSetClock(t, clock, time.Date(2026, 12, 16, 15, 0, 0, 0, loc))
		mark(day2, true)
		if on, ok := attCompletion(t, db, person.ID, seminar.ID); !ok || on != day2 {
			t.Fatalf("completion %v %v, want on the last day %v", on, ok, day2)
		}
		// Saving the same list again changes nothing and writes nothing.
		audits := attCount(t, db, "audit_entries")
		n, err := db.SaveAttendance(ctx, trainer, w.Trainer.ID, seminar.ID, []courses.AttendanceMark{
			{UserID: person.ID, Day: day1, Present: true}, {UserID: person.ID, Day: day2, Present: true}}, loc)
		if err != nil || n != 0 || attCount(t, db, "audit_entries") != audits || attCount(t, db, "completions") != 1 {
			t.Fatalf("repeated save: %d changes, %v", n, err)
		}
		roster, err := db.SessionParticipants(ctx, w.Trainer.ID, seminar.ID, loc)
		if err != nil {
			t.Fatal(err)
		}
		if len(roster.Participants) != 1 || !roster.Participants[0].Complete || !roster.Participants[0].Present(day1) {
			t.Fatalf("roster %+v", roster.Participants)
		}
		if p := roster.Participants[0]; p.Name != person.Name || p.Municipality != w.Municipalities[1].Name || p.Department != "Bürgerbüro" {
			t.Fatalf("participant %+v", p)
		}

		mark(day2, false)
		if _, ok := attCompletion(t, db, person.ID, seminar.ID); ok {
			t.Fatal("the completion stayed after the second day's mark was removed")
		}
		if got := attCount(t, db, "attendance"); got != 1 {
			t.Fatalf("%d marks, want 1", got)
		}
	})
}

// A trainer sees and marks only their own sessions; another trainer's
// session does not exist for them, and their attempt changes nothing.
func TestAttendanceIsScopedToTheTrainer(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx, loc := context.Background(), attLoc(t)
		w, clock := neighbours(t, db, storetest.NeighbourOptions{})
		other := storetest.NewNeighboursIn(t, db, "Nord", storetest.NeighbourOptions{})
		person := w.Staff[w.Municipalities[0].ID][0]
		first := w.Round.Sessions[0]
		attBook(t, db, person, first.ID)
		attSetClock(t, clock, time.Date(2026, 12, 10, 12, 0, 0, 0, loc))

		list, err := db.TrainerSessions(ctx, w.Trainer.ID, loc)
		if err != nil {
			t.Fatal(err)
		}
		// The coming session first, then the past ones, latest first.
		want := []int64{w.Round.Sessions[2].ID, w.Round.Sessions[1].ID, first.ID}
		if len(list) != 3 || list[0].Session.ID != want[0] || list[1].Session.ID != want[1] || list[2].Session.ID != want[2] {
			t.Fatalf("sessions %+v, want ids %v", list, want)
		}
		if list[0].Past || !list[2].Past || list[2].Booked != 1 || list[2].Topic.Name != w.Topic.Name || list[2].Round != w.Round.Name {
			t.Fatalf("first listed %+v", list[2])
		}

		audits := attCount(t, db, "audit_entries")
		if _, err := db.SessionParticipants(ctx, other.Trainer.ID, first.ID, loc); wachsam.ErrorCodeOf(err) != wachsam.ENOTFOUND {
			t.Fatalf("other trainer's roster: %v", err)
		}
		err = db.RecordAttendance(ctx, wachsam.UserActor(other.Trainer), other.Trainer.ID, first.ID, person.ID, first.Days[0], "", true, loc)
		wantCode(t, err, wachsam.ENOTFOUND)
		if _, _, err := db.CheckInCodeFor(ctx, other.Trainer.ID, first.ID, loc); wachsam.ErrorCodeOf(err) != wachsam.ENOTFOUND {
			t.Fatalf("other trainer's code: %v", err)
		}
		otherList, err := db.TrainerSessions(ctx, other.Trainer.ID, loc)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range otherList {
			if s.Session.RoundID == w.Round.ID {
				t.Fatalf("the other trainer lists session %d", s.Session.ID)
			}
		}
		if attCount(t, db, "attendance") != 0 || attCount(t, db, "audit_entries") != audits {
			t.Fatal("a refused mark wrote something")
		}
	})
}

// Each refused mark leaves the data as it was.
func TestAttendanceRefusalsChangeNothing(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx, loc := context.Background(), attLoc(t)
		w, clock := neighbours(t, db, storetest.NeighbourOptions{})
		staff := w.Staff[w.Municipalities[0].ID]
		first := w.Round.Sessions[0]
		online := attAddSession(t, db, w, courses.Session{Online: true, Location: "Videokonferenz",
			StartsAt: time.Date(2026, 12, 2, 9, 0, 0, 0, loc), Days: []wachsam.Date{wachsam.MustDate("2026-12-02")}})
		attBook(t, db, staff[0], first.ID)
		attBook(t, db, staff[1], online.ID)
		attSetClock(t, clock, time.Date(2026, 12, 1, 10, 0, 0, 0, loc))
		trainer := wachsam.UserActor(w.Trainer)
		audits := attCount(t, db, "audit_entries")

		cases := []struct {
			name    string
			session int64
			mark    courses.AttendanceMark
		}{
			{"no booking", first.ID, courses.AttendanceMark{UserID: staff[2].ID, Day: first.Days[0], Present: true}},
			{"booked elsewhere", first.ID, courses.AttendanceMark{UserID: staff[1].ID, Day: first.Days[0], Present: true}},
			{"not a day of the session", first.ID, courses.AttendanceMark{UserID: staff[0].ID, Day: wachsam.MustDate("2026-11-30"), Present: true}},
			{"camera on site", first.ID, courses.AttendanceMark{UserID: staff[0].ID, Day: first.Days[0], Present: true, Source: courses.AttendanceCamera}},
			{"future day", online.ID, courses.AttendanceMark{UserID: staff[1].ID, Day: online.Days[0], Present: true}},
		}
		for _, c := range cases {
			_, err := db.SaveAttendance(ctx, trainer, w.Trainer.ID, c.session, []courses.AttendanceMark{c.mark}, loc)
			if wachsam.ErrorCodeOf(err) != wachsam.EINVALID || wachsam.ErrorMessageOf(err) == "" {
				t.Errorf("%s: %v", c.name, err)
			}
		}
		// One refused mark refuses the whole list.
		_, err := db.SaveAttendance(ctx, trainer, w.Trainer.ID, first.ID, []courses.AttendanceMark{
			{UserID: staff[0].ID, Day: first.Days[0], Present: true},
			{UserID: staff[2].ID, Day: first.Days[0], Present: true}}, loc)
		wantCode(t, err, wachsam.EINVALID)
		if attCount(t, db, "attendance") != 0 || attCount(t, db, "audit_entries") != audits {
			t.Fatal("a refused mark wrote something")
		}

		// Online, only camera presence counts.
		attSetClock(t, clock, time.Date(2026, 12, 2, 10, 0, 0, 0, loc))
		err = db.RecordAttendance(ctx, trainer, w.Trainer.ID, online.ID, staff[1].ID, online.Days[0], courses.AttendanceTrainerList, true, loc)
		wantCode(t, err, wachsam.EINVALID)
		if err := db.RecordAttendance(ctx, trainer, w.Trainer.ID, online.ID, staff[1].ID, online.Days[0], courses.AttendanceCamera, true, loc); err != nil {
			t.Fatal(err)
		}
		if _, ok := attCompletion(t, db, staff[1].ID, online.ID); !ok {
			t.Fatal("confirmed camera presence did not complete the online session")
		}
	})
}

// Self check-in: the code shown now and the one before are accepted, an
// older or a wrong code is refused in German and writes nothing.
func TestCheckInWithTheRoomCode(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx, loc := context.Background(), attLoc(t)
		w, clock := neighbours(t, db, storetest.NeighbourOptions{})
		staff := w.Staff[w.Municipalities[0].ID]
		first := w.Round.Sessions[0]
		attBook(t, db, staff[0], first.ID)
		attBook(t, db, staff[1], first.ID)
		attBook(t, db, staff[3], w.Round.Sessions[1].ID)
		late := w.Staff[w.Municipalities[1].ID][0]
		attBook(t, db, late, first.ID)
		_, secret, err := db.CheckInCodeFor(ctx, w.Trainer.ID, first.ID, loc)
		if err != nil {
			t.Fatal(err)
		}
		attSetClock(t, clock, time.Date(2026, 12, 1, 9, 5, 0, 0, loc))
		shown := courses.CheckInCode(secret, clock.Now())

		refused := func(u *wachsam.User, code string, want wachsam.ErrorCode) {
			t.Helper()
			audits, marks := attCount(t, db, "audit_entries"), attCount(t, db, "attendance")
			_, err := db.CheckIn(ctx, wachsam.UserActor(u), u.ID, code, loc)
			wantCode(t, err, want)
			if want == wachsam.EINVALID && wachsam.ErrorMessageOf(err) != store.CheckInRefused {
				t.Fatalf("message %q", wachsam.ErrorMessageOf(err))
			}
			if attCount(t, db, "audit_entries") != audits || attCount(t, db, "attendance") != marks {
				t.Fatal("a refused check-in wrote something")
			}
		}
		// Someone booked for another day cannot check in today.
		refused(staff[3], shown, wachsam.ECONFLICT)

		got, err := db.CheckIn(ctx, wachsam.UserActor(staff[0]), staff[0].ID, shown, loc)
		if err != nil {
			t.Fatal(err)
		}
		if got.Session.Session.ID != first.ID || got.Day != first.Days[0] || got.Session.Topic.Name != w.Topic.Name {
			t.Fatalf("checked in %+v", got)
		}
		if _, ok := attCompletion(t, db, staff[0].ID, first.ID); !ok {
			t.Fatal("check-in on the only day did not complete the session")
		}

		// 30 seconds later the previous code still works ...
		clock.Advance(courses.CheckInStep)
		if _, err := db.CheckIn(ctx, wachsam.UserActor(staff[1]), staff[1].ID, shown, loc); err != nil {
			t.Fatalf("previous code: %v", err)
		}
		// ... a code two steps old does not, nor does a wrong one.
		clock.Advance(courses.CheckInStep)
		refused(w.Staff[w.Municipalities[1].ID][1], shown, wachsam.ECONFLICT) // no booking
		refused(late, shown, wachsam.EINVALID)
		wrong := "000000"
		if courses.CheckInCode(secret, clock.Now()) == wrong {
			wrong = "000001"
		}
		refused(late, wrong, wachsam.EINVALID)

		// Checking in twice is harmless.
		current := courses.CheckInCode(secret, clock.Now())
		audits := attCount(t, db, "audit_entries")
		if _, err := db.CheckIn(ctx, wachsam.UserActor(staff[0]), staff[0].ID, current, loc); err != nil || attCount(t, db, "audit_entries") != audits {
			t.Fatalf("second check-in: %v", err)
		}
	})
}

// Guessing is throttled: after five wrong codes in ten minutes even the
// right code is refused until the window has passed.
func TestCheckInStopsGuessing(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx, loc := context.Background(), attLoc(t)
		w, clock := neighbours(t, db, storetest.NeighbourOptions{})
		u := w.Staff[w.Municipalities[0].ID][0]
		first := w.Round.Sessions[0]
		attBook(t, db, u, first.ID)
		_, secret, err := db.CheckInCodeFor(ctx, w.Trainer.ID, first.ID, loc)
		if err != nil {
			t.Fatal(err)
		}
		attSetClock(t, clock, time.Date(2026, 12, 1, 9, 5, 0, 0, loc))
		wrong := "000000"
		if courses.CheckInCode(secret, clock.Now()) == wrong {
			wrong = "000001"
		}
		for range 5 {
			_, err := db.CheckIn(ctx, wachsam.UserActor(u), u.ID, wrong, loc)
			wantCode(t, err, wachsam.EINVALID)
		}
		_, err = db.CheckIn(ctx, wachsam.UserActor(u), u.ID, courses.CheckInCode(secret, clock.Now()), loc)
		wantCode(t, err, wachsam.ETOOMANY)
		if attCount(t, db, "attendance") != 0 {
			t.Fatal("a throttled check-in was recorded")
		}
		clock.Advance(10*time.Minute + time.Second)
		if _, err := db.CheckIn(ctx, wachsam.UserActor(u), u.ID, courses.CheckInCode(secret, clock.Now()), loc); err != nil {
			t.Fatalf("after the window: %v", err)
		}
	})
}
