package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

func behalfOf(w *storetest.Neighbours, town int, reason string) courses.OnBehalf {
	m := w.Municipalities[town].ID
	return courses.OnBehalf{Actor: wachsam.UserActor(w.Coordinators[m]), MunicipalityID: m, Reason: reason}
}

// auditDetail is the detail of the newest entry with the action.
func auditDetail(t *testing.T, db *store.DB, action string) (string, *int64) {
	t.Helper()
	var e wachsam.AuditEntry
	if err := db.NewSelect().Model(&e).Where("action = ?", action).OrderExpr("id DESC").Limit(1).Scan(context.Background()); err != nil {
		t.Fatalf("no audit entry %s: %v", action, err)
	}
	return e.Detail, e.ActorID
}

// A coordinator's booking takes a seat like self-service, is marked as the
// coordinator's, mails the person and says in the log who acted for whom.
func TestBookOnBehalfTakesASeatMailsAndAudits(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, _ := neighbours(t, db, storetest.NeighbourOptions{})
		o := behalfOf(w, 0, "krankheitsbedingt umgebucht")
		staff := w.Staff[o.MunicipalityID][0]
		b, err := db.BookOnBehalf(ctx, o, staff.ID, w.Round.Sessions[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if b.Person.ID != staff.ID || b.Source != courses.BookedByCoordinator {
			t.Fatalf("booking %+v", b)
		}
		if got := countJobs(t, db, wachsam.BookingNoticeJob); got != 1 {
			t.Fatalf("%d mails queued, want 1", got)
		}
		detail, actor := auditDetail(t, db, "booking.behalf.create")
		if actor == nil || *actor != *o.Actor.UserID || !strings.Contains(detail, staff.Name) || !strings.Contains(detail, o.Reason) {
			t.Fatalf("audit %q by %v", detail, actor)
		}
	})
}

// The quotas of self-service bind the coordinator too, and a refusal
// changes nothing; without a reason nothing happens either.
func TestBookOnBehalfKeepsTheQuotas(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, _ := neighbours(t, db, storetest.NeighbourOptions{})
		o := behalfOf(w, 0, "Abteilung angemeldet")
		staff := w.Staff[o.MunicipalityID]
		first := w.Round.Sessions[0].ID
		for _, u := range staff[:2] {
			if _, err := db.BookOnBehalf(ctx, o, u.ID, first); err != nil {
				t.Fatal(err)
			}
		}
		_, err := db.BookOnBehalf(ctx, o, staff[3].ID, first)
		wantCode(t, err, wachsam.ECONFLICT) // 6 staff, 3 sessions: 2 per session
		_, err = db.BookOnBehalf(ctx, courses.OnBehalf{Actor: o.Actor, MunicipalityID: o.MunicipalityID, Reason: "  "}, staff[4].ID, w.Round.Sessions[1].ID)
		wantCode(t, err, wachsam.EINVALID)
		_, err = db.BookOnBehalf(ctx, courses.OnBehalf{Actor: o.Actor, MunicipalityID: o.MunicipalityID, Reason: strings.Repeat("x", 501)}, staff[4].ID, w.Round.Sessions[1].ID)
		wantCode(t, err, wachsam.EINVALID)
		if got := countActiveBookings(t, db); got != 2 {
			t.Fatalf("%d bookings, want 2", got)
		}
		if got := countJobs(t, db, wachsam.BookingNoticeJob); got != 2 {
			t.Fatalf("%d mails, want 2", got)
		}
	})
}

// A coordinator of one town never books, cancels or moves for another
// town's staff: the person and the booking do not exist for them.
func TestOnBehalfStaysInTheCoordinatorsTown(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, _ := neighbours(t, db, storetest.NeighbourOptions{})
		mine, theirs := behalfOf(w, 0, "Test"), behalfOf(w, 1, "Test")
		stranger := w.Staff[theirs.MunicipalityID][0]
		_, err := db.BookOnBehalf(ctx, mine, stranger.ID, w.Round.Sessions[0].ID)
		wantCode(t, err, wachsam.ENOTFOUND)
		_, err = db.BookOnBehalf(ctx, mine, w.Coordinators[theirs.MunicipalityID].ID, w.Round.Sessions[0].ID)
		wantCode(t, err, wachsam.ENOTFOUND)
		b, err := db.BookOnBehalf(ctx, theirs, stranger.ID, w.Round.Sessions[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		wantCode(t, db.CancelOnBehalf(ctx, mine, b.ID), wachsam.ENOTFOUND)
		_, err = db.MoveOnBehalf(ctx, mine, b.ID, w.Round.Sessions[1].ID)
		wantCode(t, err, wachsam.ENOTFOUND)
		if got := countActiveBookings(t, db); got != 1 {
			t.Fatalf("%d bookings, want 1", got)
		}
	})
}

// After the self-service deadline the person can no longer cancel; the
// coordinator can, with a reason, and the seat goes to the waiting list.
func TestCancelOnBehalfAfterTheSelfServiceDeadline(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, clock := neighbours(t, db, storetest.NeighbourOptions{Capacity: 1, Policy: courses.RoundPolicy{CancellationLead: 48 * time.Hour}})
		o := behalfOf(w, 0, "erkrankt")
		staff := w.Staff[o.MunicipalityID]
		session := w.Round.Sessions[0]
		b, err := db.Book(ctx, wachsam.UserActor(staff[0]), staff[0].ID, session.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.JoinWaitlist(ctx, wachsam.UserActor(staff[3]), staff[3].ID, session.ID); err != nil {
			t.Fatal(err)
		}
		clock.Set(session.StartsAt.Add(-47 * time.Hour)) // one hour past the deadline
		wantCode(t, db.CancelBooking(ctx, wachsam.UserActor(staff[0]), staff[0].ID, b.ID), wachsam.ECONFLICT)
		wantCode(t, db.CancelOnBehalf(ctx, courses.OnBehalf{Actor: o.Actor, MunicipalityID: o.MunicipalityID}, b.ID), wachsam.EINVALID)
		if err := db.CancelOnBehalf(ctx, o, b.ID); err != nil {
			t.Fatal(err)
		}
		wantCode(t, db.CancelOnBehalf(ctx, o, b.ID), wachsam.ECONFLICT)
		if got := countActiveBookings(t, db); got != 0 {
			t.Fatalf("%d bookings, want 0", got)
		}
		if got := countJobs(t, db, wachsam.BookingNoticeJob); got != 2 {
			t.Fatalf("%d booking mails, want invitation and cancellation", got)
		}
		if got := countJobs(t, db, wachsam.OfferNoticeJob); got != 1 {
			t.Fatalf("%d offers, want the freed seat offered to the waiting list", got)
		}
		detail, _ := auditDetail(t, db, "booking.behalf.cancel")
		if !strings.Contains(detail, staff[0].Name) || !strings.Contains(detail, "erkrankt") {
			t.Fatalf("audit %q", detail)
		}
	})
}

// A move frees the old seat only when the new one is booked: a refused
// move leaves the booking where it was.
func TestMoveOnBehalf(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, _ := neighbours(t, db, storetest.NeighbourOptions{})
		o := behalfOf(w, 0, "Urlaub")
		staff := w.Staff[o.MunicipalityID]
		second := w.Round.Sessions[1].ID
		for _, u := range staff[1:3] {
			if _, err := db.BookOnBehalf(ctx, o, u.ID, second); err != nil {
				t.Fatal(err)
			}
		}
		b, err := db.BookOnBehalf(ctx, o, staff[0].ID, w.Round.Sessions[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		_, err = db.MoveOnBehalf(ctx, o, b.ID, second) // the town's quota there is used up
		wantCode(t, err, wachsam.ECONFLICT)
		_, err = db.MoveOnBehalf(ctx, o, b.ID, b.SessionID)
		wantCode(t, err, wachsam.EINVALID)
		jobs := countJobs(t, db, wachsam.BookingNoticeJob)
		moved, err := db.MoveOnBehalf(ctx, o, b.ID, w.Round.Sessions[2].ID)
		if err != nil {
			t.Fatal(err)
		}
		if moved.SessionID != w.Round.Sessions[2].ID || moved.Person.ID != staff[0].ID || moved.ID == b.ID {
			t.Fatalf("moved %+v", moved)
		}
		if got := countActiveBookings(t, db); got != 3 {
			t.Fatalf("%d bookings, want 3", got)
		}
		if got := countJobs(t, db, wachsam.BookingNoticeJob) - jobs; got != 2 {
			t.Fatalf("%d mails for the move, want the cancellation and the new invitation", got)
		}
		if detail, _ := auditDetail(t, db, "booking.behalf.move"); !strings.Contains(detail, "Urlaub") {
			t.Fatalf("audit %q", detail)
		}
	})
}
