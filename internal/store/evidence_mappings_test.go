package store_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/evidence"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

func controlsOf(r evidence.Record) []string {
	var out []string
	for _, m := range r.Mappings {
		out = append(out, m.Control)
	}
	return out
}

// Mappings claim only what the data prove (docs/evidence.md section 4): a
// concept nobody approved is no ORP.3.A1 evidence; a session held claims
// its audience's requirement, a planned one none; coverage never claims
// A8. Checked on the feed as a real refresh publishes it.
func TestEvidenceMappingsClaimOnlyWhatTheDataProve(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w, _, _ := attendedWorld(t, db) // the first session has begun and is attended
		recs := feed(t, db, w.Municipalities[1].ID, 0)
		for _, r := range byKind(recs, evidence.KindProgramme) {
			if got := controlsOf(r); slices.Contains(got, "ORP.3.A1") {
				t.Errorf("a concept without approval claims %q", got)
			}
		}
		for _, r := range byKind(recs, evidence.KindSession) {
			var s evidence.Session
			if err := json.Unmarshal(r.Data, &s); err != nil {
				t.Fatal(err)
			}
			held := s.StartsAt.Equal(w.Round.Sessions[0].StartsAt)
			if got := controlsOf(r); slices.Contains(got, "ORP.3.A3") != held {
				t.Errorf("session starting %s (held %v) claims %q", s.StartsAt, held, got)
			}
		}
		for _, r := range byKind(recs, evidence.KindCoverage) {
			if got := controlsOf(r); slices.Contains(got, "ORP.3.A8") {
				t.Errorf("coverage claims %q", got)
			}
		}
		for _, r := range byKind(recs, evidence.KindAttendance) {
			if got := controlsOf(r); !slices.Contains(got, "ORP.3.A3") {
				t.Errorf("attendance claims %q, want ORP.3.A3", got)
			}
		}
	})
}

// Someone checks in at 08:40, before the 09:00 start (attendance opens at
// 08:30). The report must not say "no training held" beside a person
// trained: the session counts as held, in the report and in the feed's
// mappings, by the same test (evidence.Session.Held).
func TestEvidenceReportCountsASessionAttendedBeforeItsStart(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx, loc := context.Background(), attLoc(t)
		w, clock := neighbours(t, db, storetest.NeighbourOptions{})
		town := w.Municipalities[1]
		person := w.Staff[town.ID][0]
		first := w.Round.Sessions[0]
		attBook(t, db, person, first.ID)
		attSetClock(t, clock, time.Date(2026, 12, 1, 8, 40, 0, 0, loc))
		if err := db.RecordAttendance(ctx, wachsam.UserActor(w.Trainer), w.Trainer.ID, first.ID, person.ID, first.Days[0], "", true, loc); err != nil {
			t.Fatal(err)
		}
		recs := feed(t, db, town.ID, 0)
		report, err := db.EvidenceReport(ctx, town.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(report.Sessions) != 1 || report.Sessions[0].Completed != 1 {
			t.Fatalf("report sessions %+v, want the one attended with 1 completed", report.Sessions)
		}
		trained := 0
		for _, c := range report.Coverage {
			trained += c.Trained
		}
		if trained != 1 {
			t.Fatalf("report coverage says %d trained, want 1", trained)
		}
		for _, r := range byKind(recs, evidence.KindSession) {
			var s evidence.Session
			if err := json.Unmarshal(r.Data, &s); err != nil {
				t.Fatal(err)
			}
			if s.Attended > 0 && !slices.Contains(controlsOf(r), "ORP.3.A3") {
				t.Errorf("the attended session claims %q", controlsOf(r))
			}
		}
	})
}
