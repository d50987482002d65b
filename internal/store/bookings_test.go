package store_test

import (
	"context"
	"math/big"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// beforeTheRound is ten days before the fixture's first session.
var beforeTheRound = time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)

func neighbours(t *testing.T, db *store.DB, opt storetest.NeighbourOptions) (*storetest.Neighbours, *storetest.FixedClock) {
	t.Helper()
	clock := storetest.NewClock(beforeTheRound)
	db.Now = clock.Now
	return storetest.NewNeighbours(t, db, opt), clock
}

func countActiveBookings(t *testing.T, db *store.DB) int {
	t.Helper()
	n, err := db.NewSelect().Table("bookings").Where("cancelled_at IS NULL").Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

func countJobs(t *testing.T, db *store.DB, kind string) int {
	t.Helper()
	n, err := db.NewSelect().Table("jobs").Where("kind = ?", kind).Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

func wantCode(t *testing.T, err error, code wachsam.ErrorCode) {
	t.Helper()
	if wachsam.ErrorCodeOf(err) != code {
		t.Fatalf("got %v (%s), want %s", err, wachsam.ErrorCodeOf(err), code)
	}
	if code != wachsam.EINTERNAL && wachsam.ErrorMessageOf(err) == "" {
		t.Fatalf("no message for the person: %v", err)
	}
}

func TestBookingTakesASeatAndQueuesTheInvitation(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, _ := neighbours(t, db, storetest.NeighbourOptions{})
		staff := w.Staff[w.Municipalities[1].ID][0]
		b, err := db.Book(ctx, wachsam.UserActor(staff), staff.ID, w.Round.Sessions[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if b.ID == 0 || b.Person.ID != staff.ID || b.Source != courses.BookedBySelf || b.Sequence != 0 {
			t.Fatalf("booking %+v", b)
		}
		if got := countJobs(t, db, wachsam.BookingNoticeJob); got != 1 {
			t.Fatalf("%d invitation jobs, want 1", got)
		}
	})
}

// Each refusal leaves the data as it was: no booking, no mail.
func TestBookingRefusalsChangeNothing(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, clock := neighbours(t, db, storetest.NeighbourOptions{})
		lindenbach := w.Staff[w.Municipalities[0].ID]
		first := w.Round.Sessions[0].ID
		// 6 staff, 3 sessions: Lindenbach may send 2 people to each session.
		for _, u := range lindenbach[:2] {
			if _, err := db.Book(ctx, wachsam.UserActor(u), u.ID, first); err != nil {
				t.Fatal(err)
			}
		}
		before := countActiveBookings(t, db)
		jobs := countJobs(t, db, wachsam.BookingNoticeJob)

		third := lindenbach[3]
		_, err := db.Book(ctx, wachsam.UserActor(third), third.ID, first)
		wantCode(t, err, wachsam.ECONFLICT) // beyond the municipality's quota

		_, err = db.Book(ctx, wachsam.UserActor(lindenbach[0]), lindenbach[0].ID, w.Round.Sessions[1].ID)
		wantCode(t, err, wachsam.ECONFLICT) // twice in the same round

		// Another group's round: the session does not exist for this person.
		other := storetest.NewNeighboursIn(t, db, "Fremd", storetest.NeighbourOptions{})
		_, err = db.Book(ctx, wachsam.UserActor(third), third.ID, other.Round.Sessions[0].ID)
		wantCode(t, err, wachsam.ENOTFOUND)

		cancelled := w.Round.Sessions[2]
		if err := db.CancelSession(ctx, wachsam.UserActor(w.Coordinators[w.Municipalities[0].ID]), w.Municipalities[0].ID, cancelled.ID); err != nil {
			t.Fatal(err)
		}
		_, err = db.Book(ctx, wachsam.UserActor(third), third.ID, cancelled.ID)
		wantCode(t, err, wachsam.ECONFLICT)

		clock.Advance(w.Round.Sessions[1].StartsAt.Sub(clock.Now()))
		_, err = db.Book(ctx, wachsam.UserActor(third), third.ID, w.Round.Sessions[1].ID)
		wantCode(t, err, wachsam.ECONFLICT) // the session has begun

		if got := countActiveBookings(t, db); got != before {
			t.Fatalf("%d bookings after refusals, want %d", got, before)
		}
		if got := countJobs(t, db, wachsam.BookingNoticeJob); got != jobs {
			t.Fatalf("%d mails queued after refusals, want %d", got, jobs)
		}
	})
}

func TestBookingNeedsAnOpenRound(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w, _ := neighbours(t, db, storetest.NeighbourOptions{Draft: true})
		u := w.Staff[w.Municipalities[0].ID][0]
		_, err := db.Book(context.Background(), wachsam.UserActor(u), u.ID, w.Round.Sessions[0].ID)
		wantCode(t, err, wachsam.ECONFLICT)
	})
}

// The cancellation deadline: on the deadline itself a cancellation is
// accepted, a moment later it is refused.
func TestCancellationUntilTheDeadline(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, clock := neighbours(t, db, storetest.NeighbourOptions{Policy: courses.RoundPolicy{CancellationLead: 48 * time.Hour}})
		session := w.Round.Sessions[0]
		deadline := session.StartsAt.Add(-48 * time.Hour)
		a, b := w.Staff[w.Municipalities[0].ID][0], w.Staff[w.Municipalities[1].ID][0]
		ba, err := db.Book(ctx, wachsam.UserActor(a), a.ID, session.ID)
		if err != nil {
			t.Fatal(err)
		}
		bb, err := db.Book(ctx, wachsam.UserActor(b), b.ID, session.ID)
		if err != nil {
			t.Fatal(err)
		}
		clock.Advance(deadline.Sub(clock.Now()))
		if err := db.CancelBooking(ctx, wachsam.UserActor(a), a.ID, ba.ID); err != nil {
			t.Fatalf("on the deadline: %v", err)
		}
		clock.Advance(time.Second)
		wantCode(t, db.CancelBooking(ctx, wachsam.UserActor(b), b.ID, bb.ID), wachsam.ECONFLICT)
		// Somebody else's booking cannot be cancelled at all.
		wantCode(t, db.CancelBooking(ctx, wachsam.UserActor(a), a.ID, bb.ID), wachsam.ENOTFOUND)
		if got := countActiveBookings(t, db); got != 1 {
			t.Fatalf("%d active bookings, want 1", got)
		}
	})
}

// A freed seat is offered to the first person on the waiting list whose
// quotas allow it; the offer holds the seat until it is accepted or expires.
func TestWaitlistOfferAcceptAndExpiry(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		one := big.NewRat(1, 1)
		w, clock := neighbours(t, db, storetest.NeighbourOptions{Capacity: 1,
			Policy: courses.RoundPolicy{MunicipalityShare: one, DepartmentShare: one, OfferTTL: 24 * time.Hour}})
		session := w.Round.Sessions[0].ID
		staff := w.Staff[w.Municipalities[0].ID]
		holder, first, second := staff[0], staff[1], staff[2]
		hb, err := db.Book(ctx, wachsam.UserActor(holder), holder.ID, session)
		if err != nil {
			t.Fatal(err)
		}
		_, err = db.Book(ctx, wachsam.UserActor(first), first.ID, session)
		wantCode(t, err, wachsam.ECONFLICT) // full
		for _, u := range []*wachsam.User{first, second} {
			if err := db.JoinWaitlist(ctx, wachsam.UserActor(u), u.ID, session); err != nil {
				t.Fatal(err)
			}
			clock.Advance(time.Minute)
		}
		wantCode(t, db.JoinWaitlist(ctx, wachsam.UserActor(first), first.ID, session), wachsam.ECONFLICT)
		if pos, err := db.WaitlistPosition(ctx, second.ID, session); err != nil || pos != 2 {
			t.Fatalf("position %d, %v; want 2", pos, err)
		}

		if err := db.CancelBooking(ctx, wachsam.UserActor(holder), holder.ID, hb.ID); err != nil {
			t.Fatal(err)
		}
		// The seat is held for the first person: the second cannot take it.
		if _, err := db.AcceptOffer(ctx, wachsam.UserActor(second), second.ID, session); err == nil {
			t.Fatal("the second person took a seat offered to the first")
		}
		outsider := staff[3]
		_, err = db.Book(ctx, wachsam.UserActor(outsider), outsider.ID, session)
		wantCode(t, err, wachsam.ECONFLICT)

		// The first lets the offer expire; it passes to the second.
		clock.Advance(24*time.Hour + time.Second)
		entry := offeredEntry(t, db, session, first.ID)
		if err := db.ExpireOffer(ctx, entry); err != nil {
			t.Fatal(err)
		}
		_, err = db.AcceptOffer(ctx, wachsam.UserActor(first), first.ID, session)
		wantCode(t, err, wachsam.ECONFLICT)
		b, err := db.AcceptOffer(ctx, wachsam.UserActor(second), second.ID, session)
		if err != nil {
			t.Fatal(err)
		}
		if b.Source != courses.BookedByOffer || countActiveBookings(t, db) != 1 {
			t.Fatalf("booking %+v, %d active", b, countActiveBookings(t, db))
		}
		if got := countJobs(t, db, wachsam.OfferNoticeJob); got != 2 {
			t.Fatalf("%d offer mails, want 2", got)
		}
	})
}

func offeredEntry(t *testing.T, db *store.DB, sessionID, userID int64) int64 {
	t.Helper()
	var id int64
	err := db.NewSelect().Table("waitlist_entries").Column("id").
		Where("session_id = ? AND user_id = ? AND offered_at IS NOT NULL AND left_at IS NULL", sessionID, userID).
		Scan(context.Background(), &id)
	if err != nil {
		t.Fatalf("no open offer for %d: %v", userID, err)
	}
	return id
}
