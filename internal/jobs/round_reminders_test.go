package jobs_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/jobs"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// A coordinator's reminder reaches the person as a German mail with the
// link to act on and the sessions; run twice, it mails once.
func TestRoundReminderMail(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, clock := noticeWorld(t, db, 10)
		rr, err := jobs.NewRoundReminders(db, noticeConfig(clock))
		if err != nil {
			t.Fatal(err)
		}
		town := w.Municipalities[1].ID
		today := wachsam.DateOf(clock.Now())
		plan, err := db.RemindRound(ctx, wachsam.UserActor(w.Coordinators[town]), town, w.Round.ID, courses.RemindNotBooked, today)
		if err != nil || len(plan.Recipients) == 0 {
			t.Fatalf("%d reminded, %v", len(plan.Recipients), err)
		}
		if ran := runJobs(t, db, wachsam.RoundReminderJob, rr.Handle); ran != len(plan.Recipients) {
			t.Fatalf("%d jobs ran", ran)
		}
		ms := outbox(t, db)
		if len(ms) != len(plan.Recipients) {
			t.Fatalf("%d mails for %d reminders", len(ms), len(plan.Recipients))
		}
		m := ms[0]
		if m.Subject != "Bitte buchen Sie einen Termin: Informationssicherheit im Rathaus" {
			t.Fatalf("subject %q", m.Subject)
		}
		wantAll(t, "reminder", m.Body, "noch keinen Termin gebucht", noticeBase+"/schulungen\n", "Dienstag, 01.12.2026, 09:00 Uhr, Rathaus Lindenbach",
			"Koordination Ihrer Kommune veranlasst")
		// The same job again (at least once) mails nothing more.
		if err := rr.Handle(ctx, []byte(`{"round_id":`+itoa(w.Round.ID)+`,"user_id":`+itoa(plan.Recipients[0].ID)+`,"day":"`+today.String()+`"}`)); err != nil {
			t.Fatal(err)
		}
		if got := len(outbox(t, db)); got != len(ms) {
			t.Fatalf("%d mails after a repeat, want %d", got, len(ms))
		}
		if err := rr.Handle(ctx, []byte(`{}`)); wachsam.ErrorCodeOf(err) != wachsam.EINVALID {
			t.Fatalf("empty payload: %v", err)
		}
	})
}

// A booking released because the person completed the topic elsewhere is
// mailed as such, with the calendar cancellation.
func TestReleasedBookingMailSaysWhy(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, clock := noticeWorld(t, db, 10)
		n, err := jobs.NewNotices(db, noticeConfig(clock))
		if err != nil {
			t.Fatal(err)
		}
		staff := w.Staff[w.Municipalities[0].ID][0]
		first, second := w.Round.Sessions[0], laterSession(t, db, w)
		for _, s := range []int64{first.ID, second} {
			if _, err := db.Book(ctx, wachsam.UserActor(staff), staff.ID, s); err != nil {
				t.Fatal(err)
			}
		}
		runJobs(t, db, wachsam.BookingNoticeJob, n.Booking)
		clock.Set(first.StartsAt.Add(time.Hour))
		loc, _ := time.LoadLocation("Europe/Berlin")
		if err := db.RecordAttendance(ctx, wachsam.UserActor(w.Trainer), w.Trainer.ID, first.ID, staff.ID, first.Days[0], courses.AttendanceTrainerList, true, loc); err != nil {
			t.Fatal(err)
		}
		runJobs(t, db, wachsam.BookingNoticeJob, n.Booking)
		ms := outbox(t, db)
		last := ms[len(ms)-1]
		wantAll(t, "release", last.Body, "inzwischen abgeschlossen", "storniert", "Warteliste")
		if len(last.Attachments) != 1 || last.Attachments[0].Name != "absage.ics" {
			t.Fatalf("attachments %+v", last.Attachments)
		}
	})
}

// laterSession opens a second round of the topic with one session in
// January and returns its ID.
func laterSession(t *testing.T, db *store.DB, w *storetest.Neighbours) int64 {
	t.Helper()
	ctx, admin := context.Background(), wachsam.SystemActor("test")
	start := time.Date(2027, 1, 12, 8, 0, 0, 0, time.UTC)
	r := courses.Round{Name: "Nachholtermin", Topic: w.Topic, Mode: courses.ModeBooking, CreatedBy: w.Municipalities[0].ID,
		Municipalities: []int64{w.Municipalities[1].ID, w.Municipalities[2].ID},
		Sessions: []courses.Session{{StartsAt: start, EndsAt: start.Add(3 * time.Hour), Days: []wachsam.Date{wachsam.DateOf(start)},
			Capacity: 5, HostMunicipalityID: w.Municipalities[0].ID, Location: "Sitzungssaal", TrainerID: w.Trainer.ID}}}
	if err := db.CreateRound(ctx, admin, &r); err != nil {
		t.Fatal(err)
	}
	if err := db.SetRoundStatus(ctx, admin, r.CreatedBy, r.ID, courses.StatusOpen); err != nil {
		t.Fatal(err)
	}
	got, err := db.Round(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	return got.Sessions[0].ID
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
