package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/evidence"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// reportWorld is the neighbours' round refreshed once in November, then one
// person each of the second and third town booked and attended at the
// first session (1 December).
func reportWorld(t *testing.T, db *store.DB) (*storetest.Neighbours, []*wachsam.User) {
	t.Helper()
	ctx, loc := context.Background(), attLoc(t)
	w, clock := neighbours(t, db, storetest.NeighbourOptions{})
	if _, err := db.RefreshEvidence(ctx, w.Municipalities[1].ID); err != nil {
		t.Fatal(err)
	}
	session := w.Round.Sessions[0]
	people := []*wachsam.User{w.Staff[w.Municipalities[1].ID][0], w.Staff[w.Municipalities[2].ID][0]}
	for _, p := range people {
		attBook(t, db, p, session.ID)
	}
	attSetClock(t, clock, session.StartsAt.Add(time.Hour))
	for _, p := range people {
		err := db.RecordAttendance(ctx, wachsam.UserActor(w.Trainer), w.Trainer.ID, session.ID, p.ID,
			session.Days[0], courses.AttendanceTrainerList, true, loc)
		if err != nil {
			t.Fatal(err)
		}
	}
	return w, people
}

func evidenceReport(t *testing.T, db *store.DB, municipalityID int64, refresh bool) evidence.Report {
	t.Helper()
	ctx := context.Background()
	if refresh {
		if _, err := db.RefreshEvidence(ctx, municipalityID); err != nil {
			t.Fatal(err)
		}
	}
	r, err := db.EvidenceReport(ctx, municipalityID)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// The report holds the sessions held with the town's own figures, this
// month's coverage only, and its overdue people by pseudonym.
func TestEvidenceReportGathersHeldSessionsCoverageAndOverdue(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w, _ := reportWorld(t, db)
		town := w.Municipalities[1]
		r := evidenceReport(t, db, town.ID, true)
		if r.Municipality != town.Name || r.AGS != town.AGS || r.Today != wachsam.MustDate("2026-12-01") || r.GeneratedAt.Location().String() != "Europe/Berlin" {
			t.Fatalf("report head %q %q %s %s", r.Municipality, r.AGS, r.Today, r.GeneratedAt)
		}
		if len(r.Sessions) != 1 || r.Sessions[0].Booked != 1 || r.Sessions[0].Attended != 1 || r.Sessions[0].Completed != 1 {
			t.Fatalf("sessions held %+v, want the first with this town's one person", r.Sessions)
		}
		if len(r.Coverage) != 2 {
			t.Fatalf("coverage %+v, want December's two departments", r.Coverage)
		}
		for _, c := range r.Coverage {
			if c.Period != "2026-12" {
				t.Errorf("coverage of %s in the report", c.Period)
			}
		}
		totals := r.TopicTotals()
		if len(totals) != 1 || totals[0].Eligible != 6 || totals[0].Trained != 1 || totals[0].Overdue != 5 {
			t.Errorf("totals %+v", totals)
		}
		if len(r.Overdue) != 5 {
			t.Fatalf("%d overdue, want the town's 5 untrained", len(r.Overdue))
		}
		for _, o := range r.Overdue {
			if !evidence.IsPseudonym(o.Person) || o.Topic != w.Topic.Name || !o.Last.IsZero() || o.Department == "" {
				t.Errorf("overdue %+v", o)
			}
		}
		if len(r.Settings.Audiences) != 1 || r.Settings.ShowNames {
			t.Errorf("settings %+v", r.Settings)
		}
	})
}

// With names on, the overdue are this town's staff, and never anyone of
// the towns it shares the round with.
func TestEvidenceReportNeverNamesAnotherTownsPeople(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, people := reportWorld(t, db)
		town := w.Municipalities[1]
		settings, err := db.EvidenceSettings(ctx, town.ID)
		if err != nil {
			t.Fatal(err)
		}
		settings.ShowNames = true
		if err := db.SaveEvidenceSettings(ctx, wachsam.UserActor(w.Coordinators[town.ID]), town.ID, settings); err != nil {
			t.Fatal(err)
		}
		r := evidenceReport(t, db, town.ID, true)
		var own []string
		for _, u := range w.Staff[town.ID] {
			own = append(own, u.Name)
		}
		for _, o := range r.Overdue {
			if !slices.Contains(own, o.Person) || o.Person == people[0].Name {
				t.Errorf("overdue %q is not an untrained member of %s", o.Person, town.Name)
			}
			for _, other := range []wachsam.Municipality{w.Municipalities[0], w.Municipalities[2]} {
				if strings.Contains(o.Person, other.Name) {
					t.Errorf("%s's %q in %s's report", other.Name, o.Person, town.Name)
				}
			}
		}
		if len(r.Overdue) != 5 || len(r.Sessions) != 1 || r.Sessions[0].Booked != 1 {
			t.Errorf("overdue %d, sessions %+v", len(r.Overdue), r.Sessions)
		}
	})
}

// A report before any refresh names people by the pseudonyms the records
// will carry, and an unknown town is not found.
func TestEvidenceReportBeforeRefreshKeepsPseudonyms(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w, _ := reportWorld(t, db)
		town := w.Municipalities[2]
		before := evidenceReport(t, db, town.ID, false)
		if len(before.Coverage) != 0 || len(before.Sessions) != 0 || len(before.Overdue) != 5 {
			t.Fatalf("unrefreshed report: %d coverage, %d sessions, %d overdue", len(before.Coverage), len(before.Sessions), len(before.Overdue))
		}
		after := evidenceReport(t, db, town.ID, true)
		if !slices.Equal(before.Overdue, after.Overdue) {
			t.Errorf("pseudonyms changed with the refresh:\n%+v\n%+v", before.Overdue, after.Overdue)
		}
		if _, err := db.EvidenceReport(context.Background(), 999999); wachsam.ErrorCodeOf(err) != wachsam.ENOTFOUND {
			t.Errorf("unknown town: %v", err)
		}
	})
}
