package store_test

import (
	"context"
	"math/big"
	"testing"

	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// BenchmarkBookingRush measures bookings per second while 204 people book
// one session at the same moment (every request succeeds: the seats and
// quotas are wide, so each one is a full booking transaction with its
// audit entry and invitation job). Run:
//
//	go test ./internal/store/ -run '^$' -bench BookingRush -benchtime 5x
func BenchmarkBookingRush(b *testing.B) {
	for _, dialect := range []struct {
		name string
		open func(testing.TB) *store.DB
	}{{"sqlite", storetest.OpenSQLite}, {"postgres", storetest.OpenPostgres}} {
		b.Run(dialect.name, func(b *testing.B) {
			db := dialect.open(b)
			clock := storetest.NewClock(beforeTheRound)
			db.Now = clock.Now
			one := big.NewRat(1, 1)
			w := storetest.NewNeighbours(b, db, storetest.NeighbourOptions{StaffPerDepartment: 34, Capacity: 1000,
				Policy: courses.RoundPolicy{MunicipalityShare: one, DepartmentShare: one}})
			people := everyone(w)
			session := w.Round.Sessions[0].ID
			booked := 0
			b.ResetTimer()
			for range b.N {
				res := rush(b, db, people, session)
				if res.booked != len(people) {
					b.Fatalf("%d of %d booked: %v", res.booked, len(people), res.unclear)
				}
				booked += res.booked
				b.StopTimer()
				if _, err := db.NewDelete().Table("bookings").Where("1 = 1").Exec(context.Background()); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
			}
			b.ReportMetric(float64(booked)/b.Elapsed().Seconds(), "bookings/s")
		})
	}
}
