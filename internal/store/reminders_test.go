package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

func plainMail(to courses.Recipient, subject string) *wachsam.Mail {
	return &wachsam.Mail{ToAddress: to.Email, ToName: to.Name, Subject: subject, Body: "Text"}
}

func countWhere(t *testing.T, db *store.DB, table, where string, args ...any) int {
	t.Helper()
	n, err := db.NewSelect().Table(table).Where(where, args...).Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

// A month has fewer days than the one before: completions on 28 to 31
// January all fall due on 28 February. The query's date bound must not
// leave any of them out.
func TestReminderRefresherBoundAtMonthEnds(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, _ := neighbours(t, db, storetest.NeighbourOptions{})
		topic := courses.Topic{Name: "Monatsunterweisung", ValidityMonths: 1, RemindDays: 0}
		if err := db.CreateTopic(ctx, wachsam.SystemActor("test"), &topic); err != nil {
			t.Fatal(err)
		}
		staff := w.Staff[w.Municipalities[0].ID]
		for i, on := range []string{"2027-01-28", "2027-01-29", "2027-01-30", "2027-01-31", "2027-02-01"} {
			if _, err := db.NewRaw("INSERT INTO completions (user_id, topic_id, session_id, completed_on, created_at) VALUES (?, ?, ?, ?, ?)",
				staff[i].ID, topic.ID, w.Round.Sessions[0].ID, wachsam.MustDate(on), db.Now().UTC()).Exec(ctx); err != nil {
				t.Fatal(err)
			}
		}
		var got []courses.RefresherNotice
		compose := func(n courses.RefresherNotice) (*wachsam.Mail, error) {
			got = append(got, n)
			return plainMail(n.To, "Auffrischung"), nil
		}
		for _, c := range []struct {
			today string
			want  int
		}{{"2027-02-27", 0}, {"2027-02-28", 4}, {"2027-02-28", 0}, {"2027-03-01", 1}} {
			sent, err := db.RemindRefreshers(ctx, wachsam.MustDate(c.today), compose)
			if err != nil || sent != c.want {
				t.Fatalf("on %s: %d reminders, %v; want %d", c.today, sent, err, c.want)
			}
		}
		for _, n := range got[:4] {
			if n.Due != wachsam.MustDate("2027-02-28") || n.Topic.ID != topic.ID {
				t.Fatalf("notice %+v, want due 2027-02-28", n)
			}
		}
		if got[4].Due != wachsam.MustDate("2027-03-01") || got[4].To.Email != staff[4].Email {
			t.Fatalf("last notice %+v", got[4])
		}
	})
}

// A mail that cannot be written releases the claim: nothing is marked,
// queued or audited, and the next run tries again.
func TestReminderSessionFailureReleasesTheClaim(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, _ := neighbours(t, db, storetest.NeighbourOptions{})
		staff := w.Staff[w.Municipalities[1].ID][0]
		if _, err := db.Book(ctx, wachsam.UserActor(staff), staff.ID, w.Round.Sessions[0].ID); err != nil {
			t.Fatal(err)
		}
		start := w.Round.Sessions[0].StartsAt
		from, to := start.Add(-time.Hour), start.Add(time.Hour)
		broken := errors.New("template broken")
		sent, err := db.RemindSessionsBetween(ctx, from, to, func(courses.BookingNotice) (*wachsam.Mail, error) { return nil, broken })
		if !errors.Is(err, broken) || sent != 0 {
			t.Fatalf("failing compose: %d, %v", sent, err)
		}
		if countWhere(t, db, "bookings", "reminded_at IS NOT NULL") != 0 || countWhere(t, db, "mails", "1 = 1") != 0 ||
			countWhere(t, db, "audit_entries", "action = ?", "reminder.session") != 0 {
			t.Fatal("a failed reminder left a trace")
		}
		var notice courses.BookingNotice
		compose := func(n courses.BookingNotice) (*wachsam.Mail, error) {
			notice = n
			return plainMail(n.To, "Erinnerung"), nil
		}
		// A window that ends before the session does not remind it.
		if sent, err := db.RemindSessionsBetween(ctx, from.Add(-24*time.Hour), start, compose); err != nil || sent != 0 {
			t.Fatalf("window before the session: %d, %v", sent, err)
		}
		for _, want := range []int{1, 0} {
			if sent, err := db.RemindSessionsBetween(ctx, from, to, compose); err != nil || sent != want {
				t.Fatalf("reminders = %d, %v; want %d", sent, err, want)
			}
		}
		if notice.To.Email != staff.Email || notice.HostName != "Lindenbach" || notice.TrainerName != w.Trainer.Name ||
			notice.Topic.Name != w.Topic.Name || notice.Cancelled() {
			t.Fatalf("notice = %+v", notice)
		}
		if countWhere(t, db, "audit_entries", "action = ?", "reminder.session") != 1 {
			t.Fatal("the reminder was not audited")
		}
	})
}

// A town with nothing overdue, or without a coordinator, keeps no claim, so
// a later run that week can still send its overview.
func TestReminderDigestClaimsOnlyWhatItSends(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, _ := neighbours(t, db, storetest.NeighbourOptions{})
		lindenbach, eichhausen := w.Municipalities[0], w.Municipalities[1]
		for _, u := range w.Staff[lindenbach.ID] {
			if _, err := db.NewRaw("INSERT INTO completions (user_id, topic_id, session_id, completed_on, created_at) VALUES (?, ?, ?, ?, ?)",
				u.ID, w.Topic.ID, w.Round.Sessions[0].ID, wachsam.MustDate("2026-11-02"), db.Now().UTC()).Exec(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.NewRaw("DELETE FROM user_roles WHERE user_id = ?", w.Coordinators[eichhausen.ID].ID).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		var to []string
		compose := func(d courses.OverdueDigest) (*wachsam.Mail, error) {
			to = append(to, d.To.Email)
			return plainMail(d.To, "Übersicht"), nil
		}
		today := wachsam.MustDate("2026-11-30")
		for _, want := range []int{1, 0} {
			if sent, err := db.SendOverdueDigests(ctx, today, "2026-W49", compose); err != nil || sent != want {
				t.Fatalf("digests = %d, %v; want %d", sent, err, want)
			}
		}
		if len(to) != 1 || to[0] != w.Coordinators[w.Municipalities[2].ID].Email {
			t.Fatalf("digests went to %v, want only Buchenried's coordinator", to)
		}
		if n := countWhere(t, db, "overdue_digests", "1 = 1"); n != 1 {
			t.Fatalf("%d claims, want 1", n)
		}
	})
}
