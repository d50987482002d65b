package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// Issue 13 §4: Book answers the booking as its transaction wrote it, with
// everything the person's booking list shows of it (topic, session, place,
// trainer, seats taken), so the API never needs a read after the commit to
// answer 201. The view equals the one MyBookings reads afterwards.
func TestBookAnswersTheBookingAsItsTransactionWroteIt(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w, _ := neighbours(t, db, storetest.NeighbourOptions{StaffPerDepartment: 2})
		ctx := context.Background()
		session := w.Round.Sessions[1]
		first := w.Staff[w.Municipalities[0].ID][0]
		if _, err := db.Book(ctx, wachsam.UserActor(first), first.ID, session.ID); err != nil {
			t.Fatal(err)
		}
		u := w.Staff[w.Municipalities[1].ID][0]
		got, err := db.Book(ctx, wachsam.UserActor(u), u.ID, session.ID)
		if err != nil {
			t.Fatal(err)
		}
		mine, err := db.MyBookings(ctx, u.ID)
		if err != nil || len(mine) != 1 {
			t.Fatalf("bookings of the person: %v %v", mine, err)
		}
		// Compared as printed: the instants' time zones differ in pointer, not in value.
		if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", mine[0]) {
			t.Errorf("Book answered\n%+v\nthe booking list reads\n%+v", got, mine[0])
		}
		if got.Session.Taken != 2 || got.Topic.Name == "" || got.Session.TrainerName == "" || !got.Cancellable {
			t.Errorf("the answer lacks what was written: %+v", got)
		}
	})
}
