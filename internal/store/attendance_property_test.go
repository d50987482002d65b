package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/evidence"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// The record never contradicts itself (DESIGN.md §4), whatever happens in
// whatever order: random sequences of book, cancel, self check-in, the
// trainer's tick and untick, the trainer's statuses (present, excused,
// absent, none), walk-ins, the coordinator's correction, at random moments
// around the sessions' days (also going back in time), with the invariants
// checked after every step:
//
//   - attended ≤ booked + walk-ins for every session: every attendance
//     mark belongs to an active booking or a walk-in of its session;
//   - one status per person and day: never present and excused/absent;
//   - no completion without attendance, and none missing: a completion
//     exists exactly when every day of the session is marked present
//     (excused and absent never count);
//   - the feed, the ZIP and the report agree: read in one snapshot, each
//     session record's attended and completed equal its attendance records,
//     and the report shows the same figures for the sessions it lists.
//
// Refusals are expected; each must be a clear domain error, never internal.
func TestAttendanceInvariantsHoldOverRandomSequences(t *testing.T) {
	all := map[string]int{}
	for seed := uint64(1); seed <= 4; seed++ {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			storetest.Dialects(t, func(t *testing.T, db *store.DB) {
				for op, n := range attendanceSequence(t, db, seed, 120) {
					all[op] += n
				}
			})
		})
	}
	// Over all seeds, every kind of step succeeded somewhere.
	for _, op := range []string{"walk in", "status present", "status excused", "status absent", "status none", "correct true", "check in"} {
		if all[op] == 0 && !t.Failed() {
			t.Errorf("no sequence did %q: %v", op, all)
		}
	}
}

func attendanceSequence(t *testing.T, db *store.DB, seed uint64, steps int) map[string]int {
	ctx, loc := context.Background(), attLoc(t)
	rng := rand.New(rand.NewPCG(seed, 7))
	one := big.NewRat(1, 1)
	w := storetest.NewNeighbours(t, db, storetest.NeighbourOptions{Capacity: 3,
		Policy: courses.RoundPolicy{MunicipalityShare: one, DepartmentShare: one}})
	clock := storetest.NewClock(beforeTheRound)
	db.Now = clock.Now
	town := w.Municipalities[0]
	people := w.Staff[town.ID][:5]
	sessions := w.Round.Sessions
	secrets := map[int64][]byte{}
	for _, s := range sessions {
		_, secret, err := db.CheckInCodeFor(ctx, w.Trainer.ID, s.ID, loc)
		if err != nil {
			t.Fatal(err)
		}
		secrets[s.ID] = secret
	}
	trainer := wachsam.UserActor(w.Trainer)
	done := map[string]int{}
	defer func() {
		t.Logf("seed %d: %v", seed, done)
		// A sequence in which nothing was ever attended proves nothing.
		if !t.Failed() && (done["book"] == 0 || done["tick true"]+done["check in"] == 0) {
			t.Errorf("seed %d: the sequence did too little: %v", seed, done)
		}
	}()
	for step := range steps {
		u := people[rng.IntN(len(people))]
		s := sessions[rng.IntN(len(sessions))]
		// Attendance is tried mostly where it can succeed: at the session
		// of today, by someone booked into it.
		for _, today := range sessions {
			if today.Runs(wachsam.DateIn(clock.Now(), loc)) && rng.IntN(4) != 0 {
				s = today
				var booked []int64
				if qerr := db.NewSelect().Table("bookings").Column("user_id").Where("session_id = ? AND cancelled_at IS NULL", s.ID).
					Scan(ctx, &booked); qerr != nil {
					t.Fatal(qerr)
				}
				for _, p := range people {
					if len(booked) > 0 && p.ID == booked[rng.IntN(len(booked))] {
						u = p
					}
				}
			}
		}
		var op string
		var err error
		switch rng.IntN(13) {
		case 0:
			op = "move the clock"
			day := s.Days[0]
			hours := []float64{-48, -24, 8, 8.6, 12, 12, 23.99, 24}
			clock.Set(time.Date(day.Year, day.Month, day.Day, 0, 0, 0, 0, loc).Add(time.Duration(hours[rng.IntN(len(hours))] * float64(time.Hour))))
		case 1, 8:
			op = "book"
			for _, later := range sessions { // mostly a session not yet begun
				if later.StartsAt.After(clock.Now()) && rng.IntN(3) != 0 {
					s = later
					break
				}
			}
			_, err = db.Book(ctx, wachsam.UserActor(u), u.ID, s.ID)
		case 2:
			op = "cancel"
			var ids []int64
			if qerr := db.NewSelect().Table("bookings").Column("id").Where("user_id = ? AND cancelled_at IS NULL", u.ID).
				Scan(ctx, &ids); qerr != nil {
				t.Fatal(qerr)
			}
			if len(ids) == 0 {
				continue
			}
			err = db.CancelBooking(ctx, wachsam.UserActor(u), u.ID, ids[0])
		case 3:
			op = "check in"
			_, err = db.CheckIn(ctx, wachsam.UserActor(u), u.ID, courses.CheckInCode(secrets[s.ID], clock.Now()), loc)
		case 10, 11:
			st := courses.AttendanceStatuses[rng.IntN(len(courses.AttendanceStatuses))]
			op = "status " + string(st)
			if st == courses.AttendanceUnrecorded {
				op = "status none"
			}
			_, err = db.SaveAttendance(ctx, trainer, w.Trainer.ID, s.ID,
				[]courses.AttendanceMark{{UserID: u.ID, Day: s.Days[0], Status: st}}, loc)
		case 12:
			op = "walk in"
			// Mostly a person of the town; sometimes one of a neighbour,
			// whose attendance the town's evidence must not count.
			walker := w.Staff[town.ID][rng.IntN(len(w.Staff[town.ID]))]
			if rng.IntN(3) == 0 {
				walker = w.Staff[w.Municipalities[1].ID][0]
			}
			u = walker
			err = db.AddWalkIn(ctx, trainer, w.Trainer.ID, s.ID, walker.ID, wachsam.DateIn(clock.Now(), loc), loc)
		case 9:
			present := rng.IntN(2) == 0
			op = fmt.Sprintf("correct %v", present)
			err = db.CorrectAttendance(ctx, wachsam.UserActor(w.Coordinators[town.ID]), town.ID, courses.AttendanceCorrection{
				SessionID: s.ID, UserID: u.ID, Day: s.Days[0], Present: present, Reason: "Korrektur im Test"}, loc)
		default:
			present := rng.IntN(4) != 0
			op = fmt.Sprintf("tick %v", present)
			err = db.RecordAttendance(ctx, trainer, w.Trainer.ID, s.ID, u.ID, s.Days[0], courses.AttendanceTrainerList, present, loc)
		}
		if err == nil {
			done[op]++
		}
		if err != nil && (wachsam.ErrorCodeOf(err) == wachsam.EINTERNAL || wachsam.ErrorMessageOf(err) == "") {
			t.Fatalf("step %d (%s of person %d, session %d at %s): %v", step, op, u.ID, s.ID, clock.Now(), err)
		}
		checkAttendanceInvariants(t, db, town.ID, fmt.Sprintf("step %d (%s)", step, op))
	}
	return done
}

func checkAttendanceInvariants(t *testing.T, db *store.DB, townID int64, at string) {
	t.Helper()
	ctx := context.Background()
	unbooked, err := db.NewSelect().TableExpr("attendance AS a").
		Where("NOT EXISTS (SELECT 1 FROM bookings b WHERE b.session_id = a.session_id AND b.user_id = a.user_id AND b.cancelled_at IS NULL)").
		Where("NOT EXISTS (SELECT 1 FROM walk_ins w WHERE w.session_id = a.session_id AND w.user_id = a.user_id)").
		Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if unbooked != 0 {
		t.Fatalf("%s: %d attendance marks without an active booking or a walk-in", at, unbooked)
	}
	// attended ≤ booked + walk-ins, counted per session.
	over, err := db.NewSelect().TableExpr("course_sessions AS cs").
		Where(`(SELECT COUNT(DISTINCT a.user_id) FROM attendance a WHERE a.session_id = cs.id) >
			(SELECT COUNT(*) FROM bookings b WHERE b.session_id = cs.id AND b.cancelled_at IS NULL) +
			(SELECT COUNT(*) FROM walk_ins w WHERE w.session_id = cs.id)`).Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	both, err := db.NewSelect().TableExpr("attendance AS a").
		Where("EXISTS (SELECT 1 FROM attendance_statuses s WHERE s.session_id = a.session_id AND s.user_id = a.user_id AND s.day = a.day)").
		Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if over != 0 || both != 0 {
		t.Fatalf("%s: %d sessions attended by more than booked + walk-ins; %d days both present and excused/absent", at, over, both)
	}
	var ags string
	if err := db.NewSelect().Table("municipalities").Column("ags").Where("id = ?", townID).Scan(ctx, &ags); err != nil {
		t.Fatal(err)
	}
	walkIns := map[string]int{} // the town's walk-ins by the session's record id
	var rows []struct {
		SessionID int64 `bun:"session_id"`
		N         int   `bun:"n"`
	}
	if err := db.NewSelect().TableExpr("walk_ins AS w").ColumnExpr("w.session_id, COUNT(*) AS n").
		Join("JOIN users AS u ON u.id = w.user_id").Where("u.municipality_id = ?", townID).
		GroupExpr("w.session_id").Scan(ctx, &rows); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		walkIns[evidence.RecordID(ags, evidence.SessionKey(r.SessionID))] = r.N
	}
	// Every session here has one day: a completion exists exactly when
	// that day is marked.
	orphans, err := db.NewSelect().TableExpr("completions AS c").
		Where("NOT EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = c.session_id AND a.user_id = c.user_id)").Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	missing, err := db.NewSelect().TableExpr("attendance AS a").
		Where("NOT EXISTS (SELECT 1 FROM completions c WHERE c.session_id = a.session_id AND c.user_id = a.user_id)").Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if orphans != 0 || missing != 0 {
		t.Fatalf("%s: %d completions without attendance, %d attended without completion", at, orphans, missing)
	}
	if _, err := db.RefreshEvidence(ctx, townID); err != nil {
		t.Fatal(err)
	}
	err = db.EvidenceSnapshot(ctx, townID, func(ctx context.Context, snap evidence.Snapshot) error {
		attended, completed := map[string]int{}, map[string]int{}
		if err := snap.Records(ctx, evidence.KindAttendance, func(r evidence.Record) error {
			var a evidence.Attendance
			if err := json.Unmarshal(r.Data, &a); err != nil {
				return err
			}
			attended[a.Session]++
			if a.Complete {
				completed[a.Session]++
			}
			return nil
		}); err != nil {
			return err
		}
		figures := map[string]evidence.Session{}
		if err := snap.Records(ctx, evidence.KindSession, func(r evidence.Record) error {
			var s evidence.Session
			if err := json.Unmarshal(r.Data, &s); err != nil {
				return err
			}
			if s.Attended != attended[r.RecordID] || s.Completed != completed[r.RecordID] || s.Attended > s.Booked+walkIns[r.RecordID] {
				t.Errorf("%s: session %s says %d booked, %d attended, %d completed; attendance records %d and %d complete",
					at, r.RecordID, s.Booked, s.Attended, s.Completed, attended[r.RecordID], completed[r.RecordID])
			}
			figures[s.StartsAt.String()] = s
			return nil
		}); err != nil {
			return err
		}
		report, err := snap.Report(ctx)
		if err != nil {
			return err
		}
		for _, s := range report.Sessions {
			if f := figures[s.StartsAt.String()]; f.Attended != s.Attended || f.Completed != s.Completed || f.Booked != s.Booked {
				t.Errorf("%s: the report shows %+v, the feed %+v", at, s, f)
			}
		}
		for _, f := range figures {
			held := false
			for _, s := range report.Sessions {
				held = held || s.StartsAt.Equal(f.StartsAt)
			}
			if f.Attended > 0 && !f.Cancelled && !held {
				t.Errorf("%s: the report leaves out a session with %d attended", at, f.Attended)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if t.Failed() {
		t.FailNow()
	}
}
