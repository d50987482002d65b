package store_test

import (
	"context"
	"testing"

	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// BenchmarkBulkBookTownHall measures one bulk booking of a town hall of
// 300 staff (two departments of 150) into a round of six sessions of 60
// seats, with the default quotas (50 of the town per session, 75 per
// department): what a coordinator waits for after pressing the button.
// Every iteration books all 300 (the bookings are cancelled in between,
// outside the timer). Run:
//
//	go test ./internal/store/ -run '^$' -bench BulkBookTownHall -benchtime 3x
func BenchmarkBulkBookTownHall(b *testing.B) {
	for _, dialect := range []struct {
		name string
		open func(testing.TB) *store.DB
	}{{"sqlite", storetest.OpenSQLite}, {"postgres", storetest.OpenPostgres}} {
		b.Run(dialect.name, func(b *testing.B) {
			db := dialect.open(b)
			clock := storetest.NewClock(beforeTheRound)
			db.Now = clock.Now
			w := storetest.NewNeighbours(b, db, storetest.NeighbourOptions{StaffPerDepartment: 150, Sessions: 6, Capacity: 60})
			o := behalfOf(w, 0, "Sammelbuchung")
			ids := idsOf(w.Staff[o.MunicipalityID])
			ctx := context.Background()
			b.ResetTimer()
			for range b.N {
				out, err := db.BulkBook(ctx, o, w.Round.ID, ids, bulkToday)
				if err != nil {
					b.Fatal(err)
				}
				booked := 0
				for _, r := range out {
					if r.Booking != nil {
						booked++
					}
				}
				if booked != len(ids) {
					b.Fatalf("%d of %d booked", booked, len(ids))
				}
				b.StopTimer()
				if _, err := db.NewRaw("UPDATE bookings SET cancelled_at = ? WHERE cancelled_at IS NULL", beforeTheRound).Exec(ctx); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
			}
			b.ReportMetric(float64(len(ids))*float64(b.N)/b.Elapsed().Seconds(), "people/s")
		})
	}
}
