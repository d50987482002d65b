package main

import (
	"context"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// Issue 13 §4: `wachsam backup` copies the database while people keep
// booking, and `wachsam backup restore` brings that copy back: it opens,
// holds every booking that was committed before the backup began, holds
// only whole transactions (every booking with its audit entry and its
// mail job), and the evidence feed has a new epoch, so importers re-sync.
func TestBackupWhileBookingAndRestore(t *testing.T) {
	for _, dialect := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(dialect), func(t *testing.T) {
			ctx := context.Background()
			loc := store.Location{Dialect: store.SQLite, DSN: filepath.Join(t.TempDir(), "wachsam.db")}
			url := "sqlite://" + loc.DSN
			if dialect == store.Postgres {
				loc = storetest.PostgresLocation(t)
				url = loc.DSN
			}
			env := []string{"WACHSAM_DATABASE_URL=" + url}
			db, err := store.Open(ctx, loc)
			if err != nil {
				t.Fatal(err)
			}
			w := storetest.NewNeighbours(t, db, storetest.NeighbourOptions{StaffPerDepartment: 12, Capacity: 100})
			epochBefore, _ := db.EvidenceEpoch(ctx)

			var staff []*wachsam.User
			for _, m := range w.Municipalities {
				staff = append(staff, w.Staff[m.ID]...)
			}
			var booked atomic.Int64
			half := len(staff) / 2
			book := func(people []*wachsam.User) {
				for i, u := range people {
					if _, err := db.Book(ctx, wachsam.UserActor(u), u.ID, w.Round.Sessions[i%len(w.Round.Sessions)].ID); err == nil {
						booked.Add(1)
					}
				}
			}
			book(staff[:half]) // committed before the backup: must all be restored
			before := booked.Load()

			var wg sync.WaitGroup
			wg.Go(func() { book(staff[half:]) }) // while the backup runs
			for booked.Load() < before+2 {
				time.Sleep(time.Millisecond)
			}
			file := filepath.Join(t.TempDir(), "sicherung.bak")
			code, out, stderr := runCmd(t, env, "", "backup", file)
			wg.Wait()
			if code != 0 {
				t.Fatalf("backup: exit %d %s %s", code, out, stderr)
			}
			if code, _, stderr := runCmd(t, env, "", "backup", file); code == 0 {
				t.Errorf("a second backup overwrote the first: %s", stderr)
			}
			after := booked.Load()
			db.Close()

			code, out, stderr = runCmd(t, env, "", "backup", "restore", file)
			if code != 0 {
				t.Fatalf("restore: exit %d %s %s", code, out, stderr)
			}
			restored, err := store.Open(ctx, loc)
			if err != nil {
				t.Fatal(err)
			}
			defer restored.Close()
			var bookings, audited, queued int64
			count := func(into *int64, q string) {
				t.Helper()
				if err := restored.NewRaw(q).Scan(ctx, into); err != nil {
					t.Fatal(err)
				}
			}
			count(&bookings, "SELECT count(*) FROM bookings")
			count(&audited, "SELECT count(*) FROM bookings b WHERE EXISTS (SELECT 1 FROM audit_entries a WHERE a.action = 'booking.create' AND a.object_id = CAST(b.id AS TEXT))")
			count(&queued, "SELECT count(*) FROM jobs WHERE kind = 'booking.notice'")
			t.Logf("%s: %d bookings before the backup, %d after it, %d restored", dialect, before, after, bookings)
			if bookings < before || bookings > after || audited != bookings || queued != bookings {
				t.Errorf("restored %d bookings (before the backup %d, after %d), %d with their audit entry, %d mail jobs", bookings, before, after, audited, queued)
			}
			if epoch, err := restored.EvidenceEpoch(ctx); err != nil || epoch == epochBefore {
				t.Errorf("the evidence epoch was not renewed by the restore: %q %v", epoch, err)
			}
		})
	}
}
