package jobs_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/evidence"
	"github.com/wachsam/wachsam/internal/jobs"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// coverageOf reads the town's live coverage records of one period.
func coverageOf(t *testing.T, db *store.DB, town int64, period string) []evidence.Coverage {
	t.Helper()
	var out []evidence.Coverage
	err := db.EvidenceRecords(context.Background(), town, evidence.KindCoverage, func(r evidence.Record) error {
		var c evidence.Coverage
		if err := json.Unmarshal(r.Data, &c); err != nil {
			return err
		}
		if c.Period == period {
			out = append(out, c)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Coverage changes with time alone: a training that expires makes the
// person overdue without any write. The hourly run brings that into the
// feed, runs at most once an hour, and leaves the last month's figures as
// they ended.
func TestEvidenceRefreshRunsHourlyAndCatchesExpiredTraining(t *testing.T) {
	instances(t, 1, func(t *testing.T, dbs []*store.DB) {
		db, ctx := dbs[0], context.Background()
		loc, _ := time.LoadLocation("Europe/Berlin")
		clock := storetest.NewClock(time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC))
		db.Now = clock.Now
		w := storetest.NewNeighbours(t, db, storetest.NeighbourOptions{StaffPerDepartment: 1})
		town := w.Municipalities[0]
		person := w.Staff[town.ID][0]
		session := w.Round.Sessions[0]
		if _, err := db.Book(ctx, wachsam.UserActor(person), person.ID, session.ID); err != nil {
			t.Fatal(err)
		}
		clock.Set(session.StartsAt.Add(time.Hour))
		err := db.RecordAttendance(ctx, wachsam.UserActor(w.Trainer), w.Trainer.ID, session.ID, person.ID,
			session.Days[0], courses.AttendanceTrainerList, true, loc)
		if err != nil {
			t.Fatal(err)
		}

		run := jobs.NewEvidenceRefresh(db, time.Hour, nil)
		if n, err := run.Run(ctx, clock.Now()); err != nil || n != 3 {
			t.Fatalf("first run: %d towns, %v", n, err)
		}
		december := coverageOf(t, db, town.ID, "2026-12")
		if len(december) != 2 || december[0].Trained+december[1].Trained != 1 {
			t.Fatalf("December coverage %+v", december)
		}
		_, head, _ := db.EvidenceTenant(ctx, town.ID)
		if n, _ := run.Run(ctx, clock.Now().Add(59*time.Minute)); n != 0 {
			t.Fatalf("ran again within the hour: %d", n)
		}

		// Valid until 01.12.2027 (12 months); on 02.12.2027 it has expired.
		clock.Set(time.Date(2027, 12, 2, 8, 0, 0, 0, time.UTC))
		if n, err := run.Run(ctx, clock.Now()); err != nil || n != 3 {
			t.Fatalf("run a year later: %d, %v", n, err)
		}
		if _, later, _ := db.EvidenceTenant(ctx, town.ID); later <= head {
			t.Fatalf("nothing published after the training expired (head %d → %d)", head, later)
		}
		for _, c := range coverageOf(t, db, town.ID, "2027-12") {
			if c.Trained != 0 {
				t.Fatalf("expired training still counted: %+v", c)
			}
		}
		if again := coverageOf(t, db, town.ID, "2026-12"); len(again) != 2 || again[0].Trained+again[1].Trained != 1 {
			t.Fatalf("last year's December changed: %+v", again)
		}
	})
}
