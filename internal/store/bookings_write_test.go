package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// A booking's audit entry and invitation job are written exactly as audit
// and EnqueueJob write them, whether PostgreSQL writes them with the
// booking in one statement (someone on no waiting list) or one by one
// (someone who leaves waiting lists), and a reason with quotes and
// umlauts arrives in the job's payload unchanged.
func TestBookingWritesItsAuditEntryAndJob(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		db.Now = storetest.NewClock(beforeTheRound).Now
		w := storetest.NewNeighbours(t, db, storetest.NeighbourOptions{Capacity: 1})
		m := w.Municipalities[0].ID
		staff := w.Staff[m]
		sessions := w.Round.Sessions
		// staff[1] waits for the first session, full with staff[0].
		if _, err := db.Book(ctx, wachsam.UserActor(staff[0]), staff[0].ID, sessions[0].ID); err != nil {
			t.Fatal(err)
		}
		if err := db.JoinWaitlist(ctx, wachsam.UserActor(staff[1]), staff[1].ID, sessions[0].ID); err != nil {
			t.Fatal(err)
		}
		reason := `Vertretung für „Frau Müller“ – "dringend" \ ok`
		coordinator := courses.OnBehalf{Actor: wachsam.UserActor(w.Coordinators[m]), MunicipalityID: m, Reason: reason}
		for _, c := range []struct {
			name   string
			book   func() (courses.BookingView, error)
			actor  wachsam.Actor
			reason string
			person int64
		}{
			{"self, on no list", func() (courses.BookingView, error) {
				return db.Book(ctx, wachsam.UserActor(staff[2]), staff[2].ID, sessions[1].ID)
			}, wachsam.UserActor(staff[2]), "", staff[2].ID},
			{"for someone waiting", func() (courses.BookingView, error) {
				return db.BookOnBehalf(ctx, coordinator, staff[1].ID, sessions[2].ID)
			}, coordinator.Actor, reason, staff[1].ID},
		} {
			b, err := c.book()
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			var entry wachsam.AuditEntry
			if err := db.NewSelect().Model(&entry).Where("action = 'booking.create' AND object_id = ?", fmt.Sprint(b.ID)).Scan(ctx); err != nil {
				t.Fatalf("%s: audit entry: %v", c.name, err)
			}
			want := fmt.Sprintf("Termin %d, Person %d, %s", b.SessionID, c.person, b.Source)
			if entry.Detail != want || entry.Actor != c.actor.Label || entry.ActorID == nil || *entry.ActorID != *c.actor.UserID ||
				!entry.At.Equal(beforeTheRound) || entry.ObjectType != "booking" {
				t.Errorf("%s: audit entry %+v", c.name, entry)
			}
			payload, _ := json.Marshal(wachsam.BookingNoticePayload{BookingID: b.ID, Reason: c.reason})
			var job wachsam.Job
			if err := db.NewSelect().Model(&job).Where("kind = ? AND payload = ?", wachsam.BookingNoticeJob, string(payload)).Scan(ctx); err != nil {
				t.Fatalf("%s: no job with payload %s: %v", c.name, payload, err)
			}
			if !job.RunAt.Equal(beforeTheRound) || job.MaxAttempts != store.DefaultJobMaxAttempts || job.Attempts != 0 {
				t.Errorf("%s: job %+v", c.name, job)
			}
		}
	})
}

// What a booking reads before the lock refuses as the booking always did:
// an unknown person or session, a disabled account, staff without a
// department, a session of another group of towns; nothing is written.
func TestBookingRefusalsBeforeTheLock(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		db.Now = storetest.NewClock(beforeTheRound).Now
		w := storetest.NewNeighbours(t, db, storetest.NeighbourOptions{})
		others := storetest.NewNeighboursIn(t, db, "Ober", storetest.NeighbourOptions{})
		staff := w.Staff[w.Municipalities[0].ID]
		disabled, noDepartment := staff[1], staff[2]
		if _, err := db.NewRaw("UPDATE users SET disabled = ? WHERE id = ?", true, disabled.ID).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := db.NewRaw("UPDATE users SET department_id = NULL WHERE id = ?", noDepartment.ID).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		session := w.Round.Sessions[0].ID
		for _, c := range []struct {
			name          string
			user, session int64
			want          wachsam.ErrorCode
		}{
			{"unknown person", 999999, session, wachsam.ENOTFOUND},
			{"unknown session", staff[0].ID, 999999, wachsam.ENOTFOUND},
			{"disabled", disabled.ID, session, wachsam.EFORBIDDEN},
			{"no department", noDepartment.ID, session, wachsam.ECONFLICT},
			{"another group's session", staff[0].ID, others.Round.Sessions[0].ID, wachsam.ENOTFOUND},
		} {
			_, err := db.Book(ctx, wachsam.UserActor(staff[0]), c.user, c.session)
			if wachsam.ErrorCodeOf(err) != c.want {
				t.Errorf("%s: %v, want %s", c.name, err, c.want)
			}
		}
		n, err := db.NewSelect().Table("bookings").Count(ctx)
		if err != nil || n != 0 {
			t.Fatalf("%d bookings written (%v)", n, err)
		}
	})
}
