package store_test

import (
	"context"
	"testing"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/evidence"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// The ZIP export is one consistent state (DESIGN.md §5): inside one
// EvidenceSnapshot, the report and the records read before and after
// another transaction records a second attendance and refreshes the
// evidence still show the first moment; outside it, the change is there.
func TestEvidenceSnapshotReadsOneMoment(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx, loc := context.Background(), attLoc(t)
		w, clock := neighbours(t, db, storetest.NeighbourOptions{})
		town := w.Municipalities[1]
		session := w.Round.Sessions[0]
		first, second := w.Staff[town.ID][0], w.Staff[town.ID][3]
		attBook(t, db, first, session.ID)
		attBook(t, db, second, session.ID)
		attSetClock(t, clock, session.StartsAt)
		if err := db.RecordAttendance(ctx, wachsam.UserActor(w.Trainer), w.Trainer.ID, session.ID, first.ID,
			session.Days[0], courses.AttendanceTrainerList, true, loc); err != nil {
			t.Fatal(err)
		}
		if _, err := db.RefreshEvidence(ctx, town.ID); err != nil {
			t.Fatal(err)
		}
		countAttendance := func(src evidence.ExportSource) int {
			n := 0
			if err := src.Records(ctx, evidence.KindAttendance, func(evidence.Record) error { n++; return nil }); err != nil {
				t.Fatal(err)
			}
			return n
		}
		err := db.EvidenceSnapshot(ctx, town.ID, func(ctx context.Context, snap evidence.Snapshot) error {
			before, err := snap.Report(ctx)
			if err != nil {
				return err
			}
			if n := countAttendance(snap); n != 1 || before.Sessions[0].Attended != 1 {
				t.Fatalf("before: %d attendance records, report says %d attended; want 1 and 1", n, before.Sessions[0].Attended)
			}
			// Another request changes the data and publishes it meanwhile.
			if err := db.RecordAttendance(context.Background(), wachsam.UserActor(w.Trainer), w.Trainer.ID, session.ID, second.ID,
				session.Days[0], courses.AttendanceTrainerList, true, loc); err != nil {
				t.Fatal(err)
			}
			if _, err := db.RefreshEvidence(context.Background(), town.ID); err != nil {
				t.Fatal(err)
			}
			after, err := snap.Report(ctx)
			if err != nil {
				return err
			}
			if n := countAttendance(snap); n != 1 || after.Sessions[0].Attended != 1 || after.Sessions[0].Completed != before.Sessions[0].Completed {
				t.Fatalf("inside the snapshot the export moved: %d attendance records, report %+v", n, after.Sessions[0])
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if n := countAttendance(evidence.SourceFunc(func(ctx context.Context, k evidence.Kind, each func(evidence.Record) error) error {
			return db.EvidenceRecords(ctx, town.ID, k, each)
		})); n != 2 {
			t.Fatalf("after the snapshot %d attendance records, want 2", n)
		}
	})
}
