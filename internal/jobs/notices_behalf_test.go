package jobs_test

import (
	"context"
	"strings"
	"testing"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/calendar"
	"github.com/wachsam/wachsam/internal/jobs"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// When a coordinator moves a booking, the person gets the cancellation of
// the old session and the invitation to the new one, each quoting the
// coordinator's reason; a self-service mail says nothing of a coordinator.
func TestNoticeOnBehalfQuotesTheReason(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, clock := noticeWorld(t, db, 10)
		n, err := jobs.NewNotices(db, noticeConfig(clock))
		if err != nil {
			t.Fatal(err)
		}
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
