package store_test

import (
	"context"
	"math/big"
	"slices"
	"sync"
	"testing"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// offeredIn lists who holds an open offer for a session.
func offeredIn(t *testing.T, db *store.DB, sessionID int64) []int64 {
	t.Helper()
	var ids []int64
	err := db.NewSelect().Table("waitlist_entries").Column("user_id").
		Where("session_id = ? AND left_at IS NULL AND offered_at IS NOT NULL", sessionID).OrderExpr("user_id").
		Scan(context.Background(), &ids)
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// heldSeatWorld: every session has one seat and no quota. The holder's
// booking of the first session is cancelled, so the seat is offered to
// the first in line (first), with second behind them.
type heldSeatWorld struct {
	w              *storetest.Neighbours
	session, other int64
	first, second  *wachsam.User
	outsiders      []*wachsam.User
}

func newHeldSeatWorld(t *testing.T, db *store.DB) heldSeatWorld {
	t.Helper()
	ctx, one := context.Background(), big.NewRat(1, 1)
	w, _ := neighbours(t, db, storetest.NeighbourOptions{StaffPerDepartment: 6, Capacity: 1,
		Policy: courses.RoundPolicy{MunicipalityShare: one, DepartmentShare: one}})
	people := everyone(w)
	h := heldSeatWorld{w: w, session: w.Round.Sessions[0].ID, other: w.Round.Sessions[1].ID,
		first: people[1], second: people[2], outsiders: people[3:]}
	holder := people[0]
	b, err := db.Book(ctx, wachsam.UserActor(holder), holder.ID, h.session)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []*wachsam.User{h.first, h.second} {
		if err := db.JoinWaitlist(ctx, wachsam.UserActor(u), u.ID, h.session); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.CancelBooking(ctx, wachsam.UserActor(holder), holder.ID, b.ID); err != nil {
		t.Fatal(err)
	}
	if got := offeredIn(t, db, h.session); !slices.Equal(got, []int64{h.first.ID}) {
		t.Fatalf("offers %v, want the first in line %d", got, h.first.ID)
	}
	return h
}

// The waiting list keeps its promise (DESIGN.md §4): the first in line,
// holding an offered seat, books another session of the round instead
// while 30 people who are not on the list try to book the held seat at the
// same moment. The seat goes to the second in line as a new offer in the
// same transaction; none of the 30 gets it, and each is told why.
func TestWaitlistHeldSeatPassesToTheNextInLineWhenTheOffereeBooksElsewhere(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHeldSeatWorld(t, db)
		offersBefore := countJobs(t, db, wachsam.OfferNoticeJob)
		var (
			wg      sync.WaitGroup
			mu      sync.Mutex
			start   = make(chan struct{})
			errs    []error
			elseErr error
		)
		wg.Go(func() {
			<-start
			_, elseErr = db.Book(context.Background(), wachsam.UserActor(h.first), h.first.ID, h.other)
		})
		for _, u := range h.outsiders[:30] {
			wg.Go(func() {
				<-start
				_, err := db.Book(context.Background(), wachsam.UserActor(u), u.ID, h.session)
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			})
		}
		close(start)
		wg.Wait()
		if elseErr != nil {
			t.Fatalf("the first in line could not book the other session: %v", elseErr)
		}
		for _, err := range errs {
			if wachsam.ErrorCodeOf(err) != wachsam.ECONFLICT || wachsam.ErrorMessageOf(err) == "" {
				t.Fatalf("someone not on the list got the held seat or no clear answer: %v", err)
			}
		}
		if got := offeredIn(t, db, h.session); !slices.Equal(got, []int64{h.second.ID}) {
			t.Fatalf("offers %v, want the second in line %d", got, h.second.ID)
		}
		if got := countJobs(t, db, wachsam.OfferNoticeJob); got != offersBefore+1 {
			t.Fatalf("%d offer mails queued, want %d", got, offersBefore+1)
		}
		if _, err := db.AcceptOffer(context.Background(), wachsam.UserActor(h.second), h.second.ID, h.session); err != nil {
			t.Fatalf("the second in line could not take the seat: %v", err)
		}
		if got := countActiveBookings(t, db); got != 2 {
			t.Fatalf("%d bookings, want 2 (one per session)", got)
		}
	})
}

// The same when the first in line leaves the list, or their account is
// disabled: the seat is offered to the next in line at once.
func TestWaitlistHeldSeatPassesOnWhenTheOffereeLeavesOrIsDisabled(t *testing.T) {
	for _, how := range []string{"leaves", "disabled"} {
		t.Run(how, func(t *testing.T) {
			storetest.Dialects(t, func(t *testing.T, db *store.DB) {
				ctx := context.Background()
				h := newHeldSeatWorld(t, db)
				switch how {
				case "leaves":
					if err := db.LeaveWaitlist(ctx, wachsam.UserActor(h.first), h.first.ID, h.session); err != nil {
						t.Fatal(err)
					}
				case "disabled":
					u, err := db.User(ctx, h.first.ID)
					if err != nil {
						t.Fatal(err)
					}
					u.Disabled = true
					if err := db.UpdateUser(ctx, wachsam.SystemActor("test"), u); err != nil {
						t.Fatal(err)
					}
				}
				if got := offeredIn(t, db, h.session); !slices.Equal(got, []int64{h.second.ID}) {
					t.Fatalf("offers %v, want the second in line %d", got, h.second.ID)
				}
				outsider := h.outsiders[0]
				_, err := db.Book(ctx, wachsam.UserActor(outsider), outsider.ID, h.session)
				wantCode(t, err, wachsam.ECONFLICT)
			})
		})
	}
}
