package jobs_test

import (
	"context"
	"fmt"
	"math/big"
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

const noticeBase = "https://wachsam.example.de"

// beforeSessions is ten days before the fixture's first session
// (2026-12-01 09:00 Berlin), a Saturday.
var beforeSessions = time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)

func noticeConfig(clock *storetest.FixedClock) jobs.NoticeConfig {
	return jobs.NoticeConfig{BaseURL: noticeBase + "/", From: "wachsam <noreply@wachsam.example.de>", Now: clock.Now}
}

// noticeWorld is the Neighbours world with a clock, a cancellation deadline
// of one day and roomy quotas, so that tests choose who books freely.
func noticeWorld(t *testing.T, db *store.DB, capacity int) (*storetest.Neighbours, *storetest.FixedClock) {
	t.Helper()
	clock := storetest.NewClock(beforeSessions)
	db.Now = clock.Now
	w := storetest.NewNeighbours(t, db, storetest.NeighbourOptions{Capacity: capacity, Policy: courses.RoundPolicy{
		CancellationLead: 24 * time.Hour, MunicipalityShare: big.NewRat(1, 1), DepartmentShare: big.NewRat(1, 1)}})
	return w, clock
}

// runJobs runs every pending job of kind through h directly, as the runner
// would, and marks it done; it returns how many ran.
func runJobs(t *testing.T, db *store.DB, kind string, h jobs.Handler) int {
	t.Helper()
	ctx := context.Background()
	var pending []wachsam.Job
	if err := db.NewSelect().Model(&pending).Where("kind = ? AND done_at IS NULL", kind).Order("id").Scan(ctx); err != nil {
		t.Fatal(err)
	}
	for _, j := range pending {
		if err := h(ctx, []byte(j.Payload)); err != nil {
			t.Fatalf("%s job %d: %v", kind, j.ID, err)
		}
		if _, err := db.NewRaw("UPDATE jobs SET done_at = ? WHERE id = ?", db.Now().UTC(), j.ID).Exec(ctx); err != nil {
			t.Fatal(err)
		}
	}
	return len(pending)
}

func outbox(t *testing.T, db *store.DB) []wachsam.Mail {
	t.Helper()
	var ms []wachsam.Mail
	if err := db.NewSelect().Model(&ms).Order("id").Scan(context.Background()); err != nil {
		t.Fatal(err)
	}
	return ms
}

// unfolded is an iCalendar text with its folded lines joined again.
func unfolded(data []byte) string { return strings.ReplaceAll(string(data), "\r\n ", "") }

func wantAll(t *testing.T, what, text string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(text, p) {
			t.Errorf("%s lacks %q:\n%s", what, p, text)
		}
	}
}

func TestNoticeBookingInvitationThenCancellationKeepTheUID(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, clock := noticeWorld(t, db, 10)
		n, err := jobs.NewNotices(db, noticeConfig(clock))
		if err != nil {
			t.Fatal(err)
		}
		staff := w.Staff[w.Municipalities[1].ID][0]
		b, err := db.Book(ctx, wachsam.UserActor(staff), staff.ID, w.Round.Sessions[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if ran := runJobs(t, db, wachsam.BookingNoticeJob, n.Booking); ran != 1 {
			t.Fatalf("%d booking notices ran, want 1", ran)
		}
		ms := outbox(t, db)
		if len(ms) != 1 {
			t.Fatalf("outbox = %d mails, want 1", len(ms))
		}
		uid := fmt.Sprintf("UID:booking-%d@wachsam.example.de\r\n", b.ID)
		invite := ms[0]
		if invite.ToAddress != staff.Email || invite.ToName != staff.Name ||
			invite.Subject != "Ihre Anmeldung: Informationssicherheit im Rathaus am 01.12.2026" {
			t.Fatalf("invitation = %s <%s> %q", invite.ToName, invite.ToAddress, invite.Subject)
		}
		wantAll(t, "invitation body", invite.Body, "Dienstag, 01.12.2026", "09:00 bis 12:00 Uhr",
			"Rathaus Lindenbach, Sitzungssaal", "Tanja Trainerin", "Absagen können Sie den Termin bis 30.11.2026, 09:00 Uhr",
			noticeBase+"/schulungen\n")
		if len(invite.Attachments) != 1 || invite.Attachments[0].Name != "einladung.ics" ||
			invite.Attachments[0].ContentType != calendar.ContentType(calendar.Request) {
			t.Fatalf("invitation attachments = %+v", invite.Attachments)
		}
		wantAll(t, "invitation", unfolded(invite.Attachments[0].Data), "METHOD:REQUEST\r\n", uid, "SEQUENCE:0\r\n",
			"STATUS:CONFIRMED\r\n", "mailto:noreply@wachsam.example.de", "mailto:"+staff.Email,
			"DTSTART;TZID=Europe/Berlin:20261201T090000\r\n", "BEGIN:VTIMEZONE")

		if err := db.CancelBooking(ctx, wachsam.UserActor(staff), staff.ID, b.ID); err != nil {
			t.Fatal(err)
		}
		runJobs(t, db, wachsam.BookingNoticeJob, n.Booking)
		ms = outbox(t, db)
		if len(ms) != 2 {
			t.Fatalf("outbox = %d mails, want 2", len(ms))
		}
		cancel := ms[1]
		if cancel.ToAddress != staff.Email || cancel.Subject != "Abgesagt: Informationssicherheit im Rathaus am 01.12.2026" ||
			len(cancel.Attachments) != 1 || cancel.Attachments[0].Name != "absage.ics" ||
			cancel.Attachments[0].ContentType != calendar.ContentType(calendar.Cancel) {
			t.Fatalf("cancellation = <%s> %q %+v", cancel.ToAddress, cancel.Subject, cancel.Attachments)
		}
		wantAll(t, "cancellation body", cancel.Body, "storniert")
		wantAll(t, "cancellation", unfolded(cancel.Attachments[0].Data), "METHOD:CANCEL\r\n", uid, "SEQUENCE:1\r\n", "STATUS:CANCELLED\r\n")

		// Each mail went through the outbox with its delivery job, audited.
		if deliveries := countRows(t, db, "jobs", "kind = ?", wachsam.MailDeliverJob); deliveries != 2 {
			t.Fatalf("%d delivery jobs, want 2", deliveries)
		}
		if audited := countRows(t, db, "audit_entries", "action = ?", "mail.booking_notice"); audited != 2 {
			t.Fatalf("%d audit entries, want 2", audited)
		}
	})
}

func TestNoticeCancelledSessionAndSeminarDays(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, clock := noticeWorld(t, db, 10)
		n, err := jobs.NewNotices(db, noticeConfig(clock))
		if err != nil {
			t.Fatal(err)
		}
		berlin, _ := time.LoadLocation("Europe/Berlin")
		// Two days across the change to summer time (28 March 2027): the
		// second day keeps 09:00 legal time.
		start := time.Date(2027, 3, 26, 9, 0, 0, 0, berlin)
		seminar := &courses.Session{RoundID: w.Round.ID, StartsAt: start, EndsAt: start.Add(7 * time.Hour),
			Days:     []wachsam.Date{wachsam.MustDate("2027-03-26"), wachsam.MustDate("2027-03-29")},
			Capacity: 5, Online: true, Location: "Videokonferenz", TrainerID: w.Trainer.ID}
		if err := db.AddSession(ctx, wachsam.SystemActor("test"), w.Round.CreatedBy, seminar); err != nil {
			t.Fatal(err)
		}
		staff := w.Staff[w.Municipalities[2].ID][1]
		b, err := db.Book(ctx, wachsam.UserActor(staff), staff.ID, seminar.ID)
		if err != nil {
			t.Fatal(err)
		}
		runJobs(t, db, wachsam.BookingNoticeJob, n.Booking)
		invite := outbox(t, db)[0]
		wantAll(t, "seminar body", invite.Body, "Tage:     Freitag, 26.03.2027; Montag, 29.03.2027", "09:00 bis 16:00 Uhr",
			"online: Videokonferenz")
		wantAll(t, "seminar invitation", unfolded(invite.Attachments[0].Data),
			"DTSTART;TZID=Europe/Berlin:20270326T090000\r\n", "RRULE:FREQ=DAILY;COUNT=2;INTERVAL=3\r\n", "LOCATION:online: Videokonferenz")

		if err := db.CancelSession(ctx, wachsam.SystemActor("test"), w.Round.CreatedBy, seminar.ID); err != nil {
			t.Fatal(err)
		}
		runJobs(t, db, wachsam.BookingNoticeJob, n.Booking)
		ms := outbox(t, db)
		if len(ms) != 2 || ms[1].ToAddress != staff.Email || !strings.HasPrefix(ms[1].Subject, "Abgesagt: ") {
			t.Fatalf("outbox after the session was cancelled = %+v", ms)
		}
		wantAll(t, "cancelled session body", ms[1].Body, "wurde abgesagt")
		wantAll(t, "cancelled session", unfolded(ms[1].Attachments[0].Data), "METHOD:CANCEL\r\n",
			fmt.Sprintf("UID:booking-%d@wachsam.example.de\r\n", b.ID), "SEQUENCE:1\r\n")
	})
}

func TestNoticeOfferMailedOnlyWhileOpenAndExpires(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, clock := noticeWorld(t, db, 1)
		n, err := jobs.NewNotices(db, noticeConfig(clock))
		if err != nil {
			t.Fatal(err)
		}
		session := w.Round.Sessions[0].ID
		a, b, c := w.Staff[w.Municipalities[0].ID][0], w.Staff[w.Municipalities[1].ID][0], w.Staff[w.Municipalities[2].ID][0]
		booking, err := db.Book(ctx, wachsam.UserActor(a), a.ID, session)
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range []*wachsam.User{b, c} {
			clock.Advance(time.Minute)
			if err := db.JoinWaitlist(ctx, wachsam.UserActor(u), u.ID, session); err != nil {
				t.Fatal(err)
			}
		}
		runJobs(t, db, wachsam.BookingNoticeJob, n.Booking)
		before := len(outbox(t, db))
		// a cancels: the seat is offered to b, who leaves the list before
		// the offer mail goes out; the seat goes on to c.
		if err := db.CancelBooking(ctx, wachsam.UserActor(a), a.ID, booking.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.LeaveWaitlist(ctx, wachsam.UserActor(b), b.ID, session); err != nil {
			t.Fatal(err)
		}
		if ran := runJobs(t, db, wachsam.OfferNoticeJob, n.Offer); ran != 2 {
			t.Fatalf("%d offer notices ran, want 2", ran)
		}
		var offers []wachsam.Mail
		for _, m := range outbox(t, db)[before:] {
			if strings.HasPrefix(m.Subject, "Ein Platz") {
				offers = append(offers, m)
			}
		}
		if len(offers) != 1 || offers[0].ToAddress != c.Email || offers[0].Subject != "Ein Platz ist für Sie frei geworden" {
			t.Fatalf("offer mails = %+v, want one to the second person waiting", offers)
		}
		// Offered at 10:02 UTC (11:02 Berlin), held for the default day.
		wantAll(t, "offer body", offers[0].Body, "Bitte nehmen Sie den Platz bis 22.11.2026, 11:02 Uhr an",
			"Rathaus Lindenbach, Sitzungssaal", noticeBase+"/schulungen")
		for _, other := range []*wachsam.User{a, b} {
			if strings.Contains(offers[0].Body, other.Name) || strings.Contains(offers[0].Body, other.Email) {
				t.Fatalf("the offer to one person names another:\n%s", offers[0].Body)
			}
		}

		clock.Advance(25 * time.Hour)
		runJobs(t, db, wachsam.OfferExpiryJob, n.Expiry)
		var outcome string
		if err := db.NewRaw("SELECT outcome FROM waitlist_entries WHERE user_id = ?", c.ID).Scan(ctx, &outcome); err != nil || outcome != "expired" {
			t.Fatalf("outcome of the unanswered offer = %q, %v; want expired", outcome, err)
		}
	})
}

func TestNoticeBadPayloadGivesUpAndConfigIsChecked(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		clock := storetest.NewClock(beforeSessions)
		n, err := jobs.NewNotices(db, noticeConfig(clock))
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		for _, h := range []jobs.Handler{n.Booking, n.Offer, n.Expiry} {
			if err := h(ctx, []byte(`{}`)); wachsam.ErrorCodeOf(err) != wachsam.EINVALID {
				t.Fatalf("empty payload: %v, want EINVALID", err)
			}
		}
		if err := n.Booking(ctx, []byte(`{"booking_id": 999}`)); wachsam.ErrorCodeOf(err) != wachsam.ENOTFOUND {
			t.Fatalf("unknown booking: %v, want ENOTFOUND", err)
		}
		if len(outbox(t, db)) != 0 {
			t.Fatal("a failed notice wrote a mail")
		}
		for _, cfg := range []jobs.NoticeConfig{{BaseURL: "", From: "a@b.example"}, {BaseURL: noticeBase, From: "kein Absender"}} {
			if _, err := jobs.NewNotices(db, cfg); err == nil {
				t.Fatalf("config %+v accepted", cfg)
			}
		}
	})
}

func countRows(t *testing.T, db *store.DB, table, where string, args ...any) int {
	t.Helper()
	n, err := db.NewSelect().Table(table).Where(where, args...).Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}
