package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

func TestRoundWithANewTopicIsOneTransaction(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, _ := neighbours(t, db, storetest.NeighbourOptions{})
		home := w.Municipalities[0]
		start := time.Date(2027, 2, 2, 9, 0, 0, 0, time.UTC)
		r := courses.Round{Name: "Phishing 2027", Mode: courses.ModeBooking, CreatedBy: home.ID,
			Topic: courses.Topic{Name: "Phishing erkennen", ValidityMonths: 24, RemindDays: 14},
			Sessions: []courses.Session{{StartsAt: start, EndsAt: start.Add(2 * time.Hour), Days: []wachsam.Date{wachsam.DateOf(start)},
				Capacity: 0, HostMunicipalityID: home.ID, TrainerID: w.Trainer.ID}}}
		before, _ := db.Topics(ctx)
		audits := countAudit(t, db)
		err := db.CreateRound(ctx, wachsam.UserActor(w.Coordinators[home.ID]), &r)
		wantCode(t, err, wachsam.EINVALID)
		if after, _ := db.Topics(ctx); len(after) != len(before) || countAudit(t, db) != audits {
			t.Fatal("a refused round left its new topic behind")
		}
		r.Topic.ID, r.Sessions[0].Capacity = 0, 12
		// A session's trainer must be a trainer.
		r.Sessions[0].TrainerID = w.Staff[home.ID][0].ID
		wantCode(t, db.CreateRound(ctx, wachsam.UserActor(w.Coordinators[home.ID]), &r), wachsam.EINVALID)
		r.Topic.ID, r.Sessions[0].TrainerID = 0, w.Trainer.ID
		if err := db.CreateRound(ctx, wachsam.UserActor(w.Coordinators[home.ID]), &r); err != nil {
			t.Fatal(err)
		}
		if after, _ := db.Topics(ctx); len(after) != len(before)+1 || r.Topic.ID == 0 {
			t.Fatalf("topic not created: %+v", r.Topic)
		}
		trainers, err := db.TrainersList(ctx)
		if err != nil || len(trainers) != 1 || trainers[0].ID != w.Trainer.ID {
			t.Fatalf("trainers %v, %v", trainers, err)
		}
	})
}

// A coordinator sees their own staff in a session by name, everyone else
// only as a count; a town outside the round sees nothing.
func TestSessionRosterShowsOnlyTheOwnStaff(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, _ := neighbours(t, db, storetest.NeighbourOptions{Capacity: 2})
		first := w.Round.Sessions[0].ID
		home, neighbour := w.Municipalities[0].ID, w.Municipalities[1].ID
		book := func(u *wachsam.User) {
			if _, err := db.Book(ctx, wachsam.UserActor(u), u.ID, first); err != nil {
				t.Fatal(err)
			}
		}
		book(w.Staff[home][0])
		book(w.Staff[neighbour][0])
		waiter := w.Staff[home][3]
		if err := db.JoinWaitlist(ctx, wachsam.UserActor(waiter), waiter.ID, first); err != nil {
			t.Fatal(err)
		}
		roster, err := db.SessionRoster(ctx, home, w.Round.ID, first)
		if err != nil {
			t.Fatal(err)
		}
		if len(roster.Booked) != 1 || roster.Booked[0].UserID != w.Staff[home][0].ID || roster.OthersBooked[neighbour] != 1 {
			t.Fatalf("booked %+v, others %v", roster.Booked, roster.OthersBooked)
		}
		if len(roster.Waiting) != 1 || roster.Waiting[0].Position != 1 || roster.Waiting[0].Name != waiter.Name {
			t.Fatalf("waiting %+v", roster.Waiting)
		}
		seats, err := db.RoundSeatCounts(ctx, home, w.Round.ID)
		if err != nil || seats[first].Taken != 2 || seats[first].ByMunicipality[home] != 1 {
			t.Fatalf("seats %+v, %v", seats, err)
		}
		other := storetest.NewNeighboursIn(t, db, "Süd-", storetest.NeighbourOptions{})
		stranger := other.Municipalities[0].ID
		_, err = db.SessionRoster(ctx, stranger, w.Round.ID, first)
		wantCode(t, err, wachsam.ENOTFOUND)
		_, err = db.RoundSeatCounts(ctx, stranger, w.Round.ID)
		wantCode(t, err, wachsam.ENOTFOUND)
		// A session of another round is not found under this round.
		_, err = db.SessionRoster(ctx, home, w.Round.ID, other.Round.Sessions[0].ID)
		wantCode(t, err, wachsam.ENOTFOUND)
	})
}
