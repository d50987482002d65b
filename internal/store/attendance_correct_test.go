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

// After the day, the trainer's list is closed; the coordinator of the
// person's municipality corrects the attendance with a reason. The change
// completes the training, is audited with the reason, and the person is
// mailed, in one transaction. Without a reason, for a person of another
// town, or by a coordinator whose town does not share the round, nothing
// changes.
func TestAttendanceCorrectionByTheCoordinatorWithAReason(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx, loc := context.Background(), attLoc(t)
		w, clock := neighbours(t, db, storetest.NeighbourOptions{})
		other := storetest.NewNeighboursIn(t, db, "Nord", storetest.NeighbourOptions{})
		first := w.Round.Sessions[0]
		town := w.Municipalities[1]
		person, neighbour := w.Staff[town.ID][0], w.Staff[w.Municipalities[2].ID][0]
		attBook(t, db, person, first.ID)
		attBook(t, db, neighbour, first.ID)
		attSetClock(t, clock, time.Date(2026, 12, 2, 10, 0, 0, 0, loc)) // the day after
		fix := courses.AttendanceCorrection{SessionID: first.ID, UserID: person.ID, Day: first.Days[0], Present: true,
			Reason: "Teilnahme laut Trainerin, Haken vergessen"}
		coordinator := wachsam.UserActor(w.Coordinators[town.ID])

		refused := func(what string, municipalityID int64, c courses.AttendanceCorrection, want wachsam.ErrorCode) {
			t.Helper()
			marks, audits, mails := attCount(t, db, "attendance"), attCount(t, db, "audit_entries"), attCount(t, db, "mails")
			wantCode(t, db.CorrectAttendance(ctx, coordinator, municipalityID, c, loc), want)
			if attCount(t, db, "attendance") != marks || attCount(t, db, "audit_entries") != audits || attCount(t, db, "mails") != mails {
				t.Fatalf("%s: a refused correction wrote something", what)
			}
		}
		noReason := fix
		noReason.Reason = "  "
		refused("no reason", town.ID, noReason, wachsam.EINVALID)
		foreign := fix
		foreign.UserID = neighbour.ID
		refused("a person of another town", town.ID, foreign, wachsam.ENOTFOUND)
		refused("a town outside the round", other.Municipalities[0].ID, fix, wachsam.ENOTFOUND)

		if err := db.CorrectAttendance(ctx, coordinator, town.ID, fix, loc); err != nil {
			t.Fatal(err)
		}
		if _, ok := attCompletion(t, db, person.ID, first.ID); !ok {
			t.Fatal("the corrected attendance did not complete the session")
		}
		var details []string
		if err := db.NewSelect().Table("audit_entries").Column("detail").Where("action = ?", "attendance.correct").
			Scan(ctx, &details); err != nil {
			t.Fatal(err)
		}
		if len(details) != 1 || !strings.Contains(details[0], fix.Reason) {
			t.Fatalf("audit %q, want the reason", details)
		}
		var bodies []string
		if err := db.NewSelect().Table("mails").Column("body").Where("to_address = ?", person.Email).Scan(ctx, &bodies); err != nil {
			t.Fatal(err)
		}
		if n := len(bodies); n == 0 || !strings.Contains(bodies[n-1], fix.Reason) || !strings.Contains(bodies[n-1], "anwesend") {
			t.Fatalf("mails to the person %q", bodies)
		}
		// The same correction again changes nothing.
		refused("a correction that changes nothing", town.ID, fix, wachsam.ECONFLICT)
		// Taken back, the completion goes too.
		fix.Present, fix.Reason = false, "Falsche Person angehakt"
		if err := db.CorrectAttendance(ctx, coordinator, town.ID, fix, loc); err != nil {
			t.Fatal(err)
		}
		if _, ok := attCompletion(t, db, person.ID, first.ID); ok {
			t.Fatal("the completion stayed after the correction took the attendance back")
		}
	})
}
