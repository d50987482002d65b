package jobs_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/jobs"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

func newReminders(t *testing.T, db *store.DB, clock *storetest.FixedClock, logs *logBuffer) *jobs.Reminders {
	t.Helper()
	r, err := jobs.NewReminders(db, noticeConfig(clock), logs.logger())
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func runReminders(t *testing.T, r *jobs.Reminders, now time.Time) int {
	t.Helper()
	sent, err := r.Run(context.Background(), now)
	if err != nil {
		t.Fatalf("Run(%v): %v", now, err)
	}
	return sent
}

func mailsWithSubject(t *testing.T, db *store.DB, prefix string) []wachsam.Mail {
	t.Helper()
	var out []wachsam.Mail
	for _, m := range outbox(t, db) {
		if strings.HasPrefix(m.Subject, prefix) {
			out = append(out, m)
		}
	}
	return out
}

// noPersonalData fails if the log names any person of the world.
func noPersonalData(t *testing.T, logs *logBuffer, w *storetest.Neighbours) {
	t.Helper()
	text := logs.String()
	for _, staff := range w.Staff {
		for _, u := range staff {
			if strings.Contains(text, u.Email) || strings.Contains(text, u.Name) {
				t.Fatalf("the log names %s:\n%s", u.Name, text)
			}
		}
	}
}

func TestReminderDayBeforeInLegalTimeOnce(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, clock := noticeWorld(t, db, 10)
		var logs logBuffer
		r := newReminders(t, db, clock, &logs)
		session := w.Round.Sessions[0].ID // 2026-12-01 09:00 Berlin
		staff, gone := w.Staff[w.Municipalities[1].ID][0], w.Staff[w.Municipalities[2].ID][0]
		if _, err := db.Book(ctx, wachsam.UserActor(staff), staff.ID, session); err != nil {
			t.Fatal(err)
		}
		b, err := db.Book(ctx, wachsam.UserActor(gone), gone.ID, session)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.CancelBooking(ctx, wachsam.UserActor(gone), gone.ID, b.ID); err != nil {
			t.Fatal(err)
		}
		for _, now := range []time.Time{
			time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC),  // two days before
			time.Date(2026, 11, 29, 22, 59, 0, 0, time.UTC), // 23:59 in Berlin, still two days before
		} {
			clock = storetest.NewClock(now)
			db.Now = clock.Now
			runReminders(t, r, now)
			if sent := len(mailsWithSubject(t, db, "Erinnerung")); sent != 0 {
				t.Fatalf("at %v: %d reminders, want none yet", now, sent)
			}
		}
		// 00:30 in Berlin on the day before, though still the 29th in UTC.
		now := time.Date(2026, 11, 29, 23, 30, 0, 0, time.UTC)
		db.Now = storetest.NewClock(now).Now
		// 30.11.2026 is a Monday: the weekly digests go out as well.
		if sent := runReminders(t, r, now); sent != 1+len(w.Municipalities) {
			t.Fatalf("on the day before: %d mails, want a reminder and %d digests", sent, len(w.Municipalities))
		}
		if sent := runReminders(t, r, now.Add(10*time.Minute)); sent != 0 {
			t.Fatalf("second run: %d mails, want 0", sent)
		}
		ms := mailsWithSubject(t, db, "Erinnerung")
		if len(ms) != 1 || ms[0].ToAddress != staff.Email ||
			ms[0].Subject != "Erinnerung: morgen Informationssicherheit im Rathaus, 09:00 Uhr, Rathaus Lindenbach, Sitzungssaal" {
			t.Fatalf("reminders = %+v", ms)
		}
		wantAll(t, "reminder body", ms[0].Body, "Dienstag, 01.12.2026", "melden Sie sich bitte bis 30.11.2026, 09:00 Uhr ab",
			noticeBase+"/schulungen")
		noPersonalData(t, &logs, w)
	})
}

func TestReminderTwoInstancesRemindEachBookingOnce(t *testing.T) {
	instances(t, 2, func(t *testing.T, dbs []*store.DB) {
		ctx := context.Background()
		w, clock := noticeWorld(t, dbs[0], 20)
		dbs[1].Now = clock.Now
		session := w.Round.Sessions[0].ID
		booked := 0
		for _, staff := range w.Staff {
			for _, u := range staff {
				if _, err := dbs[0].Book(ctx, wachsam.UserActor(u), u.ID, session); err != nil {
					t.Fatal(err)
				}
				booked++
			}
		}
		now := time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC) // a Monday: digests too
		booked += len(w.Municipalities)
		var wg sync.WaitGroup
		sent := make([]int, len(dbs))
		for i, db := range dbs {
			var logs logBuffer
			r := newReminders(t, db, clock, &logs)
			wg.Go(func() {
				n, err := r.Run(ctx, now)
				if err != nil {
					t.Errorf("instance %d: %v", i, err)
				}
				sent[i] = n
			})
		}
		wg.Wait()
		ms := mailsWithSubject(t, dbs[0], "")
		if sent[0]+sent[1] != booked || len(ms) != booked {
			t.Fatalf("instances sent %v, outbox holds %d mails; want %d in all", sent, len(ms), booked)
		}
		seen := map[string]bool{}
		for _, m := range ms {
			if seen[m.ToAddress] {
				t.Fatalf("%s reminded twice", m.ToAddress)
			}
			seen[m.ToAddress] = true
		}
	})
}

// completed records that a person completed the topic on a date, as the
// attendance list does once every day is attended.
func completed(t *testing.T, db *store.DB, w *storetest.Neighbours, userID int64, on string, sessionIndex int) {
	t.Helper()
	_, err := db.NewRaw("INSERT INTO completions (user_id, topic_id, session_id, completed_on, created_at) VALUES (?, ?, ?, ?, ?)",
		userID, w.Topic.ID, w.Round.Sessions[sessionIndex].ID, wachsam.MustDate(on), db.Now().UTC()).Exec(context.Background())
	if err != nil {
		t.Fatal(err)
	}
}

func TestReminderRefresherFromTheFirstDayOfItsWindow(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w, clock := noticeWorld(t, db, 10)
		var logs logBuffer
		r := newReminders(t, db, clock, &logs)
		lindenbach := w.Staff[w.Municipalities[0].ID]
		due, renewed := lindenbach[0], lindenbach[1]
		// Valid 12 months, reminded 30 days before: due 15.12.2026, the
		// window opens on 15.11.2026.
		completed(t, db, w, due.ID, "2025-12-15", 0)
		completed(t, db, w, renewed.ID, "2025-12-15", 0)
		completed(t, db, w, renewed.ID, "2026-06-01", 1)

		lastDayBefore := time.Date(2026, 11, 14, 22, 30, 0, 0, time.UTC) // 23:30 Berlin, a Saturday
		if sent := runReminders(t, r, lastDayBefore); sent != 0 {
			t.Fatalf("the day before the window: %d reminders", sent)
		}
		firstDay := time.Date(2026, 11, 14, 23, 30, 0, 0, time.UTC) // 00:30 Berlin on the 15th
		if sent := runReminders(t, r, firstDay); sent != 1 {
			t.Fatalf("on the first day of the window: %d reminders, want 1", sent)
		}
		runReminders(t, r, firstDay.Add(24*time.Hour))
		runReminders(t, r, firstDay.Add(48*time.Hour))
		ms := mailsWithSubject(t, db, "Ihre Schulung")
		if len(ms) != 1 || ms[0].ToAddress != due.Email ||
			ms[0].Subject != "Ihre Schulung „Informationssicherheit im Rathaus“ wird am 15.12.2026 fällig" {
			t.Fatalf("refresher reminders = %+v", ms)
		}
		wantAll(t, "refresher body", ms[0].Body, "am 15.12.2025 besucht", "bis 15.12.2026", noticeBase+"/schulungen")
		if n := countRows(t, db, "completions", "reminded_at IS NOT NULL"); n != 1 {
			t.Fatalf("%d completions marked reminded, want 1", n)
		}
		noPersonalData(t, &logs, w)
	})
}

func TestReminderWeeklyDigestOncePerTownOnlyItsOwnStaff(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w, clock := noticeWorld(t, db, 10)
		north := storetest.NewNeighboursIn(t, db, "Nord", storetest.NeighbourOptions{})
		var logs logBuffer
		r := newReminders(t, db, clock, &logs)
		lindenbach := w.Municipalities[0]
		current := w.Staff[lindenbach.ID][0]
		completed(t, db, w, current.ID, "2026-06-01", 0)
		lapsed := w.Staff[lindenbach.ID][1]
		completed(t, db, w, lapsed.ID, "2025-10-01", 0)

		sunday := time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)
		runReminders(t, r, sunday)
		if ms := mailsWithSubject(t, db, "Wochenübersicht"); len(ms) != 0 {
			t.Fatalf("digests on a Sunday: %d", len(ms))
		}
		monday := time.Date(2026, 11, 30, 6, 0, 0, 0, time.UTC)
		runReminders(t, r, monday)
		runReminders(t, r, monday.Add(10*time.Minute))
		ms := mailsWithSubject(t, db, "Wochenübersicht 2026-W49")
		towns := append(append([]wachsam.Municipality{}, w.Municipalities...), north.Municipalities...)
		if len(ms) != len(towns) {
			t.Fatalf("%d digests, want one per town (%d)", len(ms), len(towns))
		}
		if n := countRows(t, db, "overdue_digests", "week = ?", "2026-W49"); n != len(towns) {
			t.Fatalf("%d digest claims, want %d", n, len(towns))
		}
		staffOf := func(id int64) []*wachsam.User {
			if s, ok := w.Staff[id]; ok {
				return s
			}
			return north.Staff[id]
		}
		coordinatorOf := func(id int64) *wachsam.User {
			if c, ok := w.Coordinators[id]; ok {
				return c
			}
			return north.Coordinators[id]
		}
		for _, town := range towns {
			var digest *wachsam.Mail
			for i := range ms {
				if ms[i].ToAddress == coordinatorOf(town.ID).Email {
					digest = &ms[i]
				}
			}
			if digest == nil {
				t.Fatalf("no digest for the coordinator of %s", town.Name)
			}
			for _, other := range towns {
				for _, u := range staffOf(other.ID) {
					listed := strings.Contains(digest.Body, "- "+u.Name+" (")
					want := other.ID == town.ID && u.ID != current.ID
					if listed != want {
						t.Errorf("digest of %s lists %s: %v, want %v", town.Name, u.Name, listed, want)
					}
				}
			}
		}
		var mine string
		for _, m := range ms {
			if m.ToAddress == w.Coordinators[lindenbach.ID].Email {
				mine = m.Body
			}
		}
		wantAll(t, "Lindenbach digest", mine, "- "+lapsed.Name+" (Bürgerbüro): Informationssicherheit im Rathaus, war am 01.10.2026 fällig",
			"noch nie besucht", noticeBase+"/koordination/faelligkeiten")

		nextMonday := monday.Add(7 * 24 * time.Hour)
		runReminders(t, r, nextMonday)
		if n := len(mailsWithSubject(t, db, "Wochenübersicht 2026-W50")); n != len(towns) {
			t.Fatalf("%d digests the next week, want %d", n, len(towns))
		}
		noPersonalData(t, &logs, w)
	})
}
