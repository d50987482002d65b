package jobs_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/calendar"
	"github.com/wachsam/wachsam/internal/jobs"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// firstTownNotices is the notice world with its mail writer.
func firstTownNotices(t *testing.T, db *store.DB) (*storetest.Neighbours, *jobs.Notices) {
	t.Helper()
	w, clock := noticeWorld(t, db, 10)
	n, err := jobs.NewNotices(db, noticeConfig(clock))
	if err != nil {
		t.Fatal(err)
	}
	return w, n
}

// When a coordinator moves a booking, the person gets the cancellation of
// the old session and the invitation to the new one, each quoting the
// coordinator's reason; a self-service mail says nothing of a coordinator.
func TestNoticeOnBehalfQuotesTheReason(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, n := firstTownNotices(t, db)
		town := w.Municipalities[0].ID
		person := w.Staff[town][0]
		b, err := db.Book(ctx, wachsam.UserActor(person), person.ID, w.Round.Sessions[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		o := courses.OnBehalf{Actor: wachsam.UserActor(w.Coordinators[town]), MunicipalityID: town, Reason: "Urlaub in der ersten Dezemberwoche"}
		if _, err := db.MoveOnBehalf(ctx, o, b.ID, w.Round.Sessions[1].ID); err != nil {
			t.Fatal(err)
		}
		if ran := runJobs(t, db, wachsam.BookingNoticeJob, n.Booking); ran != 3 {
			t.Fatalf("%d notices, want 3", ran)
		}
		ms := outbox(t, db)
		if strings.Contains(ms[0].Body, "Koordination Ihrer Kommune") {
			t.Fatalf("the self-service invitation mentions a coordinator:\n%s", ms[0].Body)
		}
		for _, m := range ms[1:] {
			if m.ToAddress != person.Email {
				t.Fatalf("mail to %s, want %s", m.ToAddress, person.Email)
			}
			wantAll(t, m.Subject, m.Body, "Die Koordination Ihrer Kommune hat dies für Sie erledigt. Grund: Urlaub in der ersten Dezemberwoche")
		}
		if ms[1].Attachments[0].ContentType != calendar.ContentType(calendar.Cancel) || ms[2].Attachments[0].ContentType != calendar.ContentType(calendar.Request) {
			t.Fatalf("calendar updates: %s, %s", ms[1].Attachments[0].ContentType, ms[2].Attachments[0].ContentType)
		}
	})
}

// The invitation to an online session carries its join link; the mail
// offering a seat from the waiting list does not.
func TestNoticeInvitationCarriesTheJoinLinkOffersDoNot(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, n := firstTownNotices(t, db)
		town := w.Municipalities[0].ID
		const link = "https://konferenz.example/rathaus-7"
		first := w.Round.Sessions[0]
		online := courses.Session{RoundID: w.Round.ID, StartsAt: first.StartsAt.Add(4 * time.Hour), EndsAt: first.EndsAt.Add(4 * time.Hour),
			Days: first.Days, Capacity: 1, Online: true, JoinURL: link, TrainerID: w.Trainer.ID}
		if err := db.AddSession(ctx, wachsam.UserActor(w.Coordinators[town]), town, &online); err != nil {
			t.Fatal(err)
		}
		staff := w.Staff[town]
		b, err := db.Book(ctx, wachsam.UserActor(staff[0]), staff[0].ID, online.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.JoinWaitlist(ctx, wachsam.UserActor(staff[1]), staff[1].ID, online.ID); err != nil {
			t.Fatal(err)
		}
		runJobs(t, db, wachsam.BookingNoticeJob, n.Booking)
		if err := db.CancelBooking(ctx, wachsam.UserActor(staff[0]), staff[0].ID, b.ID); err != nil {
			t.Fatal(err)
		}
		runJobs(t, db, wachsam.BookingNoticeJob, n.Booking)
		runJobs(t, db, wachsam.OfferNoticeJob, n.Offer)
		ms := outbox(t, db)
		if len(ms) != 3 {
			t.Fatalf("%d mails, want invitation, cancellation, offer", len(ms))
		}
		wantAll(t, "invitation", ms[0].Body, "Zugang:   "+link)
		for _, m := range ms[1:] {
			if strings.Contains(m.Body, link) {
				t.Fatalf("%q shows the join link:\n%s", m.Subject, m.Body)
			}
		}
	})
}
