package store_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// reminderPayloads are the payloads of the queued reminder jobs.
func reminderPayloads(t *testing.T, db *store.DB) []wachsam.RoundReminderPayload {
	t.Helper()
	var jobs []wachsam.Job
	if err := db.NewSelect().Model(&jobs).Where("kind = ?", wachsam.RoundReminderJob).Order("id").Scan(context.Background()); err != nil {
		t.Fatal(err)
	}
	out := make([]wachsam.RoundReminderPayload, len(jobs))
	for i, j := range jobs {
		if err := json.Unmarshal([]byte(j.Payload), &out[i]); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// The preview counts who has not booked in the coordinator's own town;
// reminding queues one job per person, audited, and a second submit the
// same day queues nothing; the next day it may go out again.
func TestRemindRoundOncePerPersonAndDay(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, _ := neighbours(t, db, storetest.NeighbourOptions{})
		town := w.Municipalities[0].ID
		coordinator := wachsam.UserActor(w.Coordinators[town])
		staff := w.Staff[town]
		attBook(t, db, staff[0], w.Round.Sessions[0].ID)
		// Someone of another town is never counted.
		attBook(t, db, w.Staff[w.Municipalities[1].ID][0], w.Round.Sessions[0].ID)

		plan, err := db.PlanReminders(ctx, town, w.Round.ID, courses.RemindNotBooked, bulkToday)
		if err != nil || len(plan.Recipients) != 5 || plan.AlreadyToday != 0 {
			t.Fatalf("preview %d recipients, %d already, %v", len(plan.Recipients), plan.AlreadyToday, err)
		}
		if n := countJobs(t, db, wachsam.RoundReminderJob); n != 0 {
			t.Fatalf("the preview queued %d jobs", n)
		}
		done, err := db.RemindRound(ctx, coordinator, town, w.Round.ID, courses.RemindNotBooked, bulkToday)
		if err != nil || len(done.Recipients) != 5 {
			t.Fatalf("reminded %d, %v", len(done.Recipients), err)
		}
		for _, p := range reminderPayloads(t, db) {
			if p.UserID == staff[0].ID || p.RoundID != w.Round.ID || p.Day != bulkToday {
				t.Fatalf("payload %+v", p)
			}
		}
		if n := countAuditOf(t, db, "reminder.round"); n != 5 {
			t.Fatalf("%d audit entries, want 5", n)
		}
		again, err := db.RemindRound(ctx, coordinator, town, w.Round.ID, courses.RemindNotBooked, bulkToday)
		if err != nil || len(again.Recipients) != 0 || again.AlreadyToday != 5 {
			t.Fatalf("second submit: %d reminded, %d already, %v", len(again.Recipients), again.AlreadyToday, err)
		}
		if n := countJobs(t, db, wachsam.RoundReminderJob); n != 5 {
			t.Fatalf("%d jobs after a double submit, want 5", n)
		}
		tomorrow, err := db.RemindRound(ctx, coordinator, town, w.Round.ID, courses.RemindNotBooked, bulkToday.AddDays(1))
		if err != nil || len(tomorrow.Recipients) != 5 {
			t.Fatalf("next day: %d reminded, %v", len(tomorrow.Recipients), err)
		}
	})
}

// A coordinator of a town that does not share the round cannot remind
// anyone about it; the group must fit the round's state.
func TestRemindRoundScopeAndState(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, _ := neighbours(t, db, storetest.NeighbourOptions{})
		other := storetest.NewNeighboursIn(t, db, "Nord", storetest.NeighbourOptions{})
		stranger := other.Municipalities[0].ID
		_, err := db.RemindRound(ctx, wachsam.UserActor(other.Coordinators[stranger]), stranger, w.Round.ID, courses.RemindNotBooked, bulkToday)
		wantCode(t, err, wachsam.ENOTFOUND)
		_, err = db.PlanReminders(ctx, stranger, w.Round.ID, courses.RemindNotBooked, bulkToday)
		wantCode(t, err, wachsam.ENOTFOUND)
		town := w.Municipalities[0].ID
		_, err = db.RemindRound(ctx, wachsam.UserActor(w.Coordinators[town]), town, w.Round.ID, courses.RemindNoPreferences, bulkToday)
		wantCode(t, err, wachsam.ECONFLICT)
		if n := countJobs(t, db, wachsam.RoundReminderJob); n != 0 {
			t.Fatalf("%d jobs", n)
		}
	})
}

// The job writes one mail per reminder, even when it runs twice, and none
// for someone who has acted in the meantime.
func TestMailRoundReminder(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, _ := neighbours(t, db, storetest.NeighbourOptions{Mode: courses.ModeAllocation})
		town := w.Municipalities[0].ID
		staff := w.Staff[town]
		if _, err := db.RemindRound(ctx, wachsam.UserActor(w.Coordinators[town]), town, w.Round.ID, courses.RemindNoPreferences, bulkToday); err != nil {
			t.Fatal(err)
		}
		if err := db.SetPreferences(ctx, wachsam.UserActor(staff[1]), staff[1].ID, w.Round.ID, []int64{w.Round.Sessions[1].ID}, nil); err != nil {
			t.Fatal(err)
		}
		var notices []courses.RoundReminderNotice
		compose := func(n courses.RoundReminderNotice) (*wachsam.Mail, error) {
			notices = append(notices, n)
			return &wachsam.Mail{ToAddress: n.To.Email, ToName: n.To.Name, Subject: "Erinnerung", Body: "Text"}, nil
		}
		payloads := reminderPayloads(t, db)
		for range 2 {
			for _, p := range payloads {
				if err := db.MailRoundReminder(ctx, p, compose); err != nil {
					t.Fatal(err)
				}
			}
		}
		if len(notices) != 5 {
			t.Fatalf("%d mails for 6 reminders of which one person acted, twice run; want 5", len(notices))
		}
		n := notices[0]
		if n.Group != courses.RemindNoPreferences || n.RoundID != w.Round.ID || len(n.Sessions) != 3 || n.HostNames[w.Municipalities[0].ID] == "" ||
			!strings.Contains(n.To.Email, "@") {
			t.Fatalf("notice %+v", n)
		}
		if got := countJobs(t, db, wachsam.MailDeliverJob); got != 5 {
			t.Fatalf("%d deliveries, want 5", got)
		}
	})
}
