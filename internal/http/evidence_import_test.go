package http_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/evidence"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// importedRecord is what an importer keeps of a record.
type importedRecord struct {
	revision int64
	hash     string
}

// liveSet is the server's live set: a read of the whole feed from the
// start, latest revision per record_id, tombstones dropped.
func liveSet(h *harness, token string) map[string]importedRecord {
	h.t.Helper()
	latest := map[string]evidence.Record{}
	for _, raw := range readFeed(h, token, "", 10000) {
		var r evidence.Record
		if err := json.Unmarshal(raw, &r); err != nil {
			h.t.Fatal(err)
		}
		if old, ok := latest[r.RecordID]; !ok || r.Revision > old.Revision {
			latest[r.RecordID] = r
		}
	}
	out := map[string]importedRecord{}
	for id, r := range latest {
		if !r.Deleted {
			out[id] = importedRecord{r.Revision, r.ContentHash}
		}
	}
	return out
}

// importedSet is what an importer's directory holds.
func importedSet(t *testing.T, dir string) map[string]importedRecord {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "records", "*", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]importedRecord{}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var r evidence.Record
		if err := json.Unmarshal(raw, &r); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if r.Deleted || filepath.Base(f) != r.RecordID+".json" {
			t.Fatalf("%s holds %+v", f, r)
		}
		out[r.RecordID] = importedRecord{r.Revision, r.ContentHash}
	}
	return out
}

// Bounds of the concurrent import: the writers make at least minRounds
// rounds of changes and go on until the importer has pulled minPulls times
// meanwhile, but never beyond maxRounds.
const (
	minRounds = 8
	minPulls  = 10
	maxRounds = 400
)

// The importer pulls small pages while bookings and attendance of its own
// town and of another change underneath; afterwards its directory holds
// exactly the server's live set: positions in commit order mean no change
// is skipped, revisions mean none is applied twice or out of order.
func TestEvidenceImporterEndsWithTheServersSetUnderConcurrentChanges(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := newEvidenceWorld(h, 4)
		ctx, loc := context.Background(), h.location()
		first := w.Round.Sessions[0]
		towns := []wachsam.Municipality{w.Municipalities[1], w.Municipalities[2]}
		// Half of each town's staff attends the first session; the other
		// half books and cancels later sessions.
		for _, town := range towns {
			for _, u := range w.Staff[town.ID][:4] {
				w.book(h, u, first.ID)
			}
		}
		h.clock.Set(time.Date(2026, 12, 1, 11, 0, 0, 0, loc))

		dir := t.TempDir()
		im := &evidence.Importer{BaseURL: h.srv.URL, Token: w.tokens[1], Dir: dir, Limit: 3}
		var pulls atomic.Int64
		// The writers go on until the importer has run a good number of
		// times in the middle of their changes (or give up, if it failed).
		busy := func(i int) bool { return i < minRounds || (pulls.Load() < minPulls && i < maxRounds && !t.Failed()) }
		var writers, importer sync.WaitGroup
		for _, town := range towns {
			staff := w.Staff[town.ID]
			writers.Go(func() {
				for i := 0; ; i++ {
					last := !busy(i)
					for k, u := range staff[:4] {
						// Marks come and go, so records die and come back.
						present := (i+k)%2 == 0
						err := db.RecordAttendance(ctx, wachsam.UserActor(w.Trainer), w.Trainer.ID, first.ID, u.ID, first.Days[0], "", present, loc)
						if err != nil {
							t.Errorf("attendance: %v", err)
							return
						}
					}
					for _, u := range staff[4:] {
						b, err := db.Book(ctx, wachsam.UserActor(u), u.ID, w.Round.Sessions[1+i%2].ID)
						if err != nil {
							t.Errorf("book: %v", err)
							return
						}
						if last {
							continue // the last booking stays
						}
						if err := db.CancelBooking(ctx, wachsam.UserActor(u), u.ID, b.ID); err != nil {
							t.Errorf("cancel: %v", err)
							return
						}
					}
					if last {
						return
					}
				}
			})
		}
		stop := make(chan struct{})
		importer.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := im.Pull(ctx); err != nil {
					t.Errorf("pull during changes: %v", err)
					return
				}
				pulls.Add(1)
			}
		})
		writers.Wait()
		close(stop)
		importer.Wait()
		if t.Failed() {
			return
		}
		if _, err := im.Pull(ctx); err != nil {
			t.Fatal(err)
		}

		want, got := liveSet(h, w.tokens[1]), importedSet(t, dir)
		if len(want) == 0 || pulls.Load() < minPulls {
			t.Fatalf("nothing to compare: %d live records, %d pulls", len(want), pulls.Load())
		}
		for id, s := range want {
			if got[id] != s {
				t.Errorf("%s: imported %+v, server %+v", id, got[id], s)
			}
		}
		for id := range got {
			if _, ok := want[id]; !ok {
				t.Errorf("%s: imported, but not live on the server", id)
			}
		}
		for id := range want {
			if !strings.HasPrefix(id, towns[0].AGS+"-") {
				t.Errorf("%s in the feed of %s", id, towns[0].AGS)
			}
		}

		// Nothing changed since: a further run writes nothing.
		sum, err := im.Pull(ctx)
		if err != nil || sum.Written != 0 || sum.Removed != 0 {
			t.Fatalf("repeated pull: %+v, %v", sum, err)
		}
	})
}

// The importer refuses to mix two towns in one directory, against the real
// server: the second town's feed refuses the first town's cursor, and the
// importer says why in German instead of passing the 400 on.
func TestEvidenceImporterRefusesAnotherTownsTokenForItsDirectory(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := newEvidenceWorld(h, 1)
		dir := t.TempDir()
		if _, err := (&evidence.Importer{BaseURL: h.srv.URL, Token: w.tokens[0], Dir: dir}).Pull(context.Background()); err != nil {
			t.Fatal(err)
		}
		before := importedSet(t, dir)
		_, err := (&evidence.Importer{BaseURL: h.srv.URL, Token: w.tokens[1], Dir: dir}).Pull(context.Background())
		if !errors.Is(err, evidence.ErrOtherTenant) {
			t.Fatalf("another town's token: %v", err)
		}
		if after := importedSet(t, dir); len(after) != len(before) {
			t.Fatalf("the refused pull changed the directory: %d → %d records", len(before), len(after))
		}
	})
}
