package store_test

import (
	"context"
	"math/big"
	"sync"
	"testing"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// rushResult is what 200 people booking at the same moment got.
type rushResult struct {
	booked    int
	refused   map[wachsam.ErrorCode]int
	unclear   []error // errors without a German message or of an unexpected kind
	bookingOf map[int64]int
}

// rush lets every person book the session at once.
func rush(t testing.TB, db *store.DB, people []*wachsam.User, sessionID int64) rushResult {
	t.Helper()
	var (
		mu    sync.Mutex
		wg    sync.WaitGroup
		start = make(chan struct{})
		res   = rushResult{refused: map[wachsam.ErrorCode]int{}, bookingOf: map[int64]int{}}
	)
	for _, u := range people {
		wg.Go(func() {
			<-start
			b, err := db.Book(context.Background(), wachsam.UserActor(u), u.ID, sessionID)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				res.booked++
				res.bookingOf[b.Person.ID]++
			case wachsam.ErrorCodeOf(err) == wachsam.ECONFLICT && wachsam.ErrorMessageOf(err) != "":
				res.refused[wachsam.ECONFLICT]++
			default:
				res.unclear = append(res.unclear, err)
			}
		})
	}
	close(start)
	wg.Wait()
	return res
}

func everyone(w *storetest.Neighbours) []*wachsam.User {
	var all []*wachsam.User
	for _, m := range w.Municipalities {
		all = append(all, w.Staff[m.ID]...)
	}
	return all
}

type seatCount struct {
	MunicipalityID int64 `bun:"municipality_id"`
	DepartmentID   int64 `bun:"department_id"`
	N              int   `bun:"n"`
}

func seatsBy(t *testing.T, db *store.DB, sessionID int64) []seatCount {
	t.Helper()
	var out []seatCount
	err := db.NewSelect().Table("bookings").ColumnExpr("municipality_id, department_id, count(*) AS n").
		Where("session_id = ? AND cancelled_at IS NULL", sessionID).GroupExpr("municipality_id, department_id").
		Scan(context.Background(), &out)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Never overbooked: 200 concurrent requests for one session with 10 seats
// give exactly 10 bookings, and everyone else a clear answer.
func TestConcurrentBookingsNeverOverbookASession(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		one := big.NewRat(1, 1)
		w, _ := neighbours(t, db, storetest.NeighbourOptions{StaffPerDepartment: 34, Capacity: 10,
			Policy: courses.RoundPolicy{MunicipalityShare: one, DepartmentShare: one}})
		people := everyone(w)[:200]
		res := rush(t, db, people, w.Round.Sessions[0].ID)
		if len(res.unclear) > 0 {
			t.Fatalf("%d requests got no clear answer, e.g. %v", len(res.unclear), res.unclear[0])
		}
		if res.booked != 10 || res.refused[wachsam.ECONFLICT] != 190 {
			t.Fatalf("%d booked, %d refused; want 10 and 190", res.booked, res.refused[wachsam.ECONFLICT])
		}
		if got := countActiveBookings(t, db); got != 10 {
			t.Fatalf("%d bookings stored, want 10", got)
		}
		if got := countJobs(t, db, wachsam.BookingNoticeJob); got != 10 {
			t.Fatalf("%d invitations queued, want 10", got)
		}
	})
}

// The same rush against the quotas: 204 people of three towns (68 each, 34
// per department) on a session with 200 seats. Each town may send
// ceil(68/3) = 23, each department at most half its 34 staff (17): exactly
// 69 bookings, 23 per town, never more than 17 per department.
func TestConcurrentBookingsKeepMunicipalityAndDepartmentLimits(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w, _ := neighbours(t, db, storetest.NeighbourOptions{StaffPerDepartment: 34, Capacity: 200})
		session := w.Round.Sessions[0].ID
		res := rush(t, db, everyone(w), session)
		if len(res.unclear) > 0 {
			t.Fatalf("%d requests got no clear answer, e.g. %v", len(res.unclear), res.unclear[0])
		}
		if res.booked != 69 || res.refused[wachsam.ECONFLICT] != 204-69 {
			t.Fatalf("%d booked, %d refused; want 69 and 135", res.booked, res.refused[wachsam.ECONFLICT])
		}
		byTown := map[int64]int{}
		for _, c := range seatsBy(t, db, session) {
			byTown[c.MunicipalityID] += c.N
			if c.N > 17 {
				t.Errorf("department %d has %d seats, cap 17", c.DepartmentID, c.N)
			}
		}
		for _, m := range w.Municipalities {
			if byTown[m.ID] != 23 {
				t.Errorf("%s has %d seats, quota 23", m.Name, byTown[m.ID])
			}
		}
		for person, n := range res.bookingOf {
			if n != 1 {
				t.Errorf("person %d booked %d times", person, n)
			}
		}
	})
}

// One person pressing "book" on two sessions of a round at the same moment
// gets one booking: the row lock is per session, so the partial unique
// index is what stops the second.
func TestConcurrentBookingsOfOnePersonGiveOneSeat(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w, _ := neighbours(t, db, storetest.NeighbourOptions{})
		u := w.Staff[w.Municipalities[0].ID][0]
		var wg sync.WaitGroup
		errs := make([]error, len(w.Round.Sessions))
		for i, s := range w.Round.Sessions {
			wg.Go(func() { _, errs[i] = db.Book(context.Background(), wachsam.UserActor(u), u.ID, s.ID) })
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			if err == nil {
				ok++
			} else if wachsam.ErrorCodeOf(err) != wachsam.ECONFLICT {
				t.Fatalf("unclear refusal: %v", err)
			}
		}
		if ok != 1 || countActiveBookings(t, db) != 1 {
			t.Fatalf("%d bookings succeeded, %d stored; want 1", ok, countActiveBookings(t, db))
		}
	})
}
