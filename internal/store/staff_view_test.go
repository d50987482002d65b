package store_test

import (
	"context"
	"math/big"
	"sync/atomic"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

func roundView(t *testing.T, views []courses.RoundView, roundID int64) courses.RoundView {
	t.Helper()
	for _, v := range views {
		if v.ID == roundID {
			return v
		}
	}
	t.Fatalf("round %d not in the view %+v", roundID, views)
	return courses.RoundView{}
}

// The view shows occupancy (held offers included), the person's own
// booking, waiting place and offer, and the action the rules allow.
func TestOpenSessionsForShowsSeatsAndOwnState(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		one := big.NewRat(1, 1)
		w, clock := neighbours(t, db, storetest.NeighbourOptions{Capacity: 1,
			Policy: courses.RoundPolicy{MunicipalityShare: one, DepartmentShare: one, CancellationLead: 48 * time.Hour}})
		staff := w.Staff[w.Municipalities[0].ID]
		holder, first, second := staff[0], staff[1], staff[2]
		full := w.Round.Sessions[0]
		hb, err := db.Book(ctx, wachsam.UserActor(holder), holder.ID, full.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range []*wachsam.User{first, second} {
			if err := db.JoinWaitlist(ctx, wachsam.UserActor(u), u.ID, full.ID); err != nil {
				t.Fatal(err)
			}
			clock.Advance(time.Minute)
		}

		views, err := db.OpenSessionsFor(ctx, second.ID)
		if err != nil {
			t.Fatal(err)
		}
		v := roundView(t, views, w.Round.ID)
		if len(v.Sessions) != 3 || !v.BookingOpen() || v.BookedSessionID != 0 {
			t.Fatalf("view %+v", v)
		}
		s0 := v.Sessions[0]
		if s0.Taken != 1 || s0.Free() != 0 || s0.Mine.Position != 2 || s0.Action != courses.ActionNone {
			t.Fatalf("full session as the second in line: %+v", s0)
		}
		if s0.TrainerName != w.Trainer.Name || s0.HostName != w.Municipalities[0].Name || s0.Place() == "" {
			t.Fatalf("names: %+v", s0)
		}
		if want := full.StartsAt.Add(-48 * time.Hour); !s0.CancellationDeadline.Equal(want) {
			t.Fatalf("deadline %v, want %v", s0.CancellationDeadline, want)
		}
		if s1 := v.Sessions[1]; s1.Action != courses.ActionBook || s1.Free() != 1 {
			t.Fatalf("free session: %+v", s1)
		}

		// The holder sees their booking, cancellable, and no other action.
		hv := roundView(t, mustViews(t, db, holder.ID), w.Round.ID)
		if hv.BookedSessionID != full.ID || hv.Sessions[0].Mine.BookingID != hb.ID || !hv.Sessions[0].Mine.Cancellable {
			t.Fatalf("holder's view %+v", hv)
		}
		if hv.Sessions[1].Action != courses.ActionNone || hv.Sessions[1].Reason == "" {
			t.Fatalf("a second booking in the round is offered: %+v", hv.Sessions[1])
		}

		// Cancelling offers the seat to the first in line: it stays taken.
		if err := db.CancelBooking(ctx, wachsam.UserActor(holder), holder.ID, hb.ID); err != nil {
			t.Fatal(err)
		}
		fv := roundView(t, mustViews(t, db, first.ID), w.Round.ID).Sessions[0]
		if !fv.Mine.HasOffer() || fv.Taken != 1 || fv.Mine.Position != 1 {
			t.Fatalf("offered: %+v", fv)
		}
		sv := roundView(t, mustViews(t, db, second.ID), w.Round.ID).Sessions[0]
		if sv.Mine.HasOffer() || sv.Mine.Position != 2 {
			t.Fatalf("the second in line: %+v", sv)
		}
		if pos, _ := db.WaitlistPosition(ctx, second.ID, full.ID); pos != sv.Mine.Position {
			t.Fatalf("view position %d, WaitlistPosition %d", sv.Mine.Position, pos)
		}
	})
}

func mustViews(t *testing.T, db *store.DB, userID int64) []courses.RoundView {
	t.Helper()
	v, err := db.OpenSessionsFor(context.Background(), userID)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// Staff see only rounds their municipality shares, open or collecting.
func TestOpenSessionsForIsScoped(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w, _ := neighbours(t, db, storetest.NeighbourOptions{})
		other := storetest.NewNeighboursIn(t, db, "Fremd", storetest.NeighbourOptions{Mode: courses.ModeAllocation})
		// A draft round of the same towns is not shown.
		start := w.Round.Sessions[0].StartsAt.AddDate(0, 1, 0)
		draft := courses.Round{Name: "Entwurf", Topic: w.Topic, Mode: courses.ModeBooking, CreatedBy: w.Municipalities[0].ID,
			Municipalities: []int64{w.Municipalities[1].ID, w.Municipalities[2].ID},
			Sessions: []courses.Session{{StartsAt: start, EndsAt: start.Add(time.Hour), Days: []wachsam.Date{wachsam.DateOf(start)},
				Capacity: 5, Online: true, TrainerID: w.Trainer.ID}}}
		if err := db.CreateRound(context.Background(), wachsam.SystemActor("test"), &draft); err != nil {
			t.Fatal(err)
		}
		mine := mustViews(t, db, w.Staff[w.Municipalities[2].ID][0].ID)
		if len(mine) != 1 || mine[0].ID != w.Round.ID {
			t.Fatalf("views %+v, want only round %d", mine, w.Round.ID)
		}
		theirs := mustViews(t, db, other.Staff[other.Municipalities[0].ID][0].ID)
		if len(theirs) != 1 || theirs[0].ID != other.Round.ID || theirs[0].BookingOpen() {
			t.Fatalf("collecting round: %+v", theirs)
		}
		for _, s := range theirs[0].Sessions {
			if s.Action != courses.ActionNone {
				t.Fatalf("a collecting round offers %q", s.Action)
			}
		}
		if got := mustViews(t, db, w.Trainer.ID); len(got) != 0 {
			t.Fatalf("a trainer without municipality sees %+v", got)
		}
	})
}

// queryCounter counts the statements a DB runs while it is on.
type queryCounter struct {
	on atomic.Bool
	n  atomic.Int64
}

func (c *queryCounter) BeforeQuery(ctx context.Context, _ *bun.QueryEvent) context.Context {
	if c.on.Load() {
		c.n.Add(1)
	}
	return ctx
}

func (c *queryCounter) AfterQuery(context.Context, *bun.QueryEvent) {}

// The view costs the same number of queries however many sessions,
// bookings and waiting people a round has.
func TestOpenSessionsForQueriesDoNotGrowWithSessions(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		counter := &queryCounter{}
		db.AddQueryHook(counter)
		count := func(userID int64) int64 {
			counter.n.Store(0)
			counter.on.Store(true)
			defer counter.on.Store(false)
			if _, err := db.OpenSessionsFor(ctx, userID); err != nil {
				t.Fatal(err)
			}
			return counter.n.Load()
		}
		small, _ := neighbours(t, db, storetest.NeighbourOptions{Sessions: 1})
		big := storetest.NewNeighboursIn(t, db, "Gross", storetest.NeighbourOptions{Sessions: 6, Capacity: 5})
		for _, m := range big.Municipalities {
			for i, u := range big.Staff[m.ID][:3] {
				if _, err := db.Book(ctx, wachsam.UserActor(u), u.ID, big.Round.Sessions[i].ID); err != nil {
					t.Fatal(err)
				}
			}
		}
		a, b := count(small.Staff[small.Municipalities[0].ID][0].ID), count(big.Staff[big.Municipalities[0].ID][5].ID)
		if a != b || a > 12 {
			t.Fatalf("%d queries for one session, %d for six with bookings", a, b)
		}
	})
}

// MyBookings lists cancelled bookings too, and says which can be cancelled.
func TestMyBookingsIncludesCancelled(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, _ := neighbours(t, db, storetest.NeighbourOptions{})
		u := w.Staff[w.Municipalities[1].ID][0]
		first, err := db.Book(ctx, wachsam.UserActor(u), u.ID, w.Round.Sessions[1].ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.CancelBooking(ctx, wachsam.UserActor(u), u.ID, first.ID); err != nil {
			t.Fatal(err)
		}
		second, err := db.Book(ctx, wachsam.UserActor(u), u.ID, w.Round.Sessions[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		all, err := db.MyBookings(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 2 || all[0].ID != second.ID || all[1].ID != first.ID {
			t.Fatalf("bookings %+v, want by session start", all)
		}
		if !all[0].Active() || !all[0].Cancellable || all[1].Active() || all[1].Cancellable {
			t.Fatalf("states: %+v / %+v", all[0], all[1])
		}
		if all[0].Topic.Name != w.Topic.Name || all[0].RoundName != w.Round.Name || all[0].Session.Place() == "" {
			t.Fatalf("details %+v", all[0])
		}
		// Nobody else's bookings appear.
		if other, _ := db.MyBookings(ctx, w.Staff[w.Municipalities[1].ID][1].ID); len(other) != 0 {
			t.Fatalf("another person sees %+v", other)
		}
	})
}

func TestCalendarFeedToken(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, _ := neighbours(t, db, storetest.NeighbourOptions{})
		u := w.Staff[w.Municipalities[0].ID][0]
		b, err := db.Book(ctx, wachsam.UserActor(u), u.ID, w.Round.Sessions[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		token, made, err := db.CalendarFeedToken(ctx, u.ID)
		if err != nil || len(token) != 43 {
			t.Fatalf("token %q, %v", token, err)
		}
		// Only the hash is kept: the token is handed out once.
		again, since, err := db.CalendarFeedToken(ctx, u.ID)
		if err != nil || again != "" || !since.Equal(made) {
			t.Fatalf("second call %q, %v, %v; want no token and the time it was made (%v)", again, since, err, made)
		}
		feed, err := db.CalendarFeedEvents(ctx, token)
		if err != nil || feed.PersonName != u.Name || len(feed.Bookings) != 1 || feed.Bookings[0].ID != b.ID {
			t.Fatalf("feed %+v, %v", feed, err)
		}
		renewed, err := db.RenewCalendarFeedToken(ctx, wachsam.UserActor(u), u.ID)
		if err != nil || renewed == token {
			t.Fatalf("renewed %q, %v", renewed, err)
		}
		_, err = db.CalendarFeedEvents(ctx, token)
		wantCode(t, err, wachsam.ENOTFOUND)
		if _, err := db.CalendarFeedEvents(ctx, renewed); err != nil {
			t.Fatal(err)
		}
		_, err = db.CalendarFeedEvents(ctx, "")
		wantCode(t, err, wachsam.ENOTFOUND)

		// A cancelled booking leaves the feed.
		if err := db.CancelBooking(ctx, wachsam.UserActor(u), u.ID, b.ID); err != nil {
			t.Fatal(err)
		}
		if feed, _ := db.CalendarFeedEvents(ctx, renewed); len(feed.Bookings) != 0 {
			t.Fatalf("cancelled booking still in the feed: %+v", feed.Bookings)
		}
	})
}
