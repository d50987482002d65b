package store_test

import (
	"context"
	"testing"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// completeTraining records a completed training directly, as the
// attendance pages would on the last day.
func completeTraining(t *testing.T, db *store.DB, userID, topicID, sessionID int64, on wachsam.Date) {
	t.Helper()
	_, err := db.NewRaw("INSERT INTO completions (user_id, topic_id, session_id, completed_on, created_at) VALUES (?, ?, ?, ?, ?)",
		userID, topicID, sessionID, on, db.Now().UTC()).Exec(context.Background())
	if err != nil {
		t.Fatal(err)
	}
}

func TestDueListOnTheLastValidDayAndAfter(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, _ := neighbours(t, db, storetest.NeighbourOptions{StaffPerDepartment: 1})
		town, other := w.Municipalities[0], w.Municipalities[1]
		trained := w.Staff[town.ID][0]
		// 12 months validity, reminders 30 days before: due by 2026-11-22.
		completeTraining(t, db, trained.ID, w.Topic.ID, w.Round.Sessions[0].ID, wachsam.MustDate("2025-11-22"))
		completeTraining(t, db, w.Staff[other.ID][0].ID, w.Topic.ID, w.Round.Sessions[0].ID, wachsam.MustDate("2026-11-01"))

		for _, c := range []struct {
			today string
			want  courses.DueState
		}{
			{"2026-10-22", courses.DueCurrent},
			{"2026-10-23", courses.DueSoon},
			{"2026-11-22", courses.DueSoon},
			{"2026-11-23", courses.DueOverdue},
		} {
			rows, err := db.DueList(ctx, town.ID, wachsam.MustDate(c.today))
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != len(w.Staff[town.ID]) {
				t.Fatalf("%s: %d rows, want one per person of the town (%d)", c.today, len(rows), len(w.Staff[town.ID]))
			}
			for _, r := range rows {
				switch {
				case r.UserID == trained.ID:
					if r.State != c.want || r.Next != wachsam.MustDate("2026-11-22") || r.Last != wachsam.MustDate("2025-11-22") {
						t.Errorf("%s: %+v, want %s due 2026-11-22", c.today, r, c.want)
					}
				case r.State != courses.DueOverdue || !r.Last.IsZero():
					t.Errorf("%s: never trained %s is %s", c.today, r.Name, r.State)
				}
				if r.Topic != w.Topic.Name {
					t.Errorf("topic %q", r.Topic)
				}
			}
		}

		// Disabled accounts owe nothing; another town's list shows only its own.
		gone := w.Staff[town.ID][1]
		gone.Disabled = true
		if err := db.UpdateUser(ctx, wachsam.SystemActor("test"), gone); err != nil {
			t.Fatal(err)
		}
		rows, err := db.DueList(ctx, town.ID, wachsam.MustDate("2026-11-22"))
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if r.UserID == gone.ID {
				t.Error("a disabled account is listed")
			}
		}
		theirs, err := db.DueList(ctx, other.ID, wachsam.MustDate("2026-11-22"))
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range theirs {
			if r.UserID == trained.ID {
				t.Error("another town's list shows this town's staff")
			}
			if r.UserID == w.Staff[other.ID][0].ID && r.State != courses.DueCurrent {
				t.Errorf("their trained person: %s", r.State)
			}
		}
	})
}

// TestDueForShowsOnlyThePersonsOwnRows: the start page's "what is due"
// reads one person's rows, never a colleague's or another town's.
func TestDueForShowsOnlyThePersonsOwnRows(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, _ := neighbours(t, db, storetest.NeighbourOptions{StaffPerDepartment: 1})
		town, other := w.Municipalities[0], w.Municipalities[1]
		trained, colleague := w.Staff[town.ID][0], w.Staff[town.ID][1]
		completeTraining(t, db, trained.ID, w.Topic.ID, w.Round.Sessions[0].ID, wachsam.MustDate("2025-11-22"))
		completeTraining(t, db, w.Staff[other.ID][0].ID, w.Topic.ID, w.Round.Sessions[0].ID, wachsam.MustDate("2026-11-01"))
		today := wachsam.MustDate("2026-11-23") // the day after the last valid day

		mine, err := db.DueFor(ctx, trained.ID, today)
		if err != nil {
			t.Fatal(err)
		}
		if len(mine) != 1 || mine[0].UserID != trained.ID || mine[0].State != courses.DueOverdue ||
			mine[0].Next != wachsam.MustDate("2026-11-22") {
			t.Fatalf("own rows %+v, want one overdue row due 2026-11-22", mine)
		}
		theirs, err := db.DueFor(ctx, colleague.ID, today)
		if err != nil {
			t.Fatal(err)
		}
		if len(theirs) != 1 || theirs[0].UserID != colleague.ID || !theirs[0].Last.IsZero() {
			t.Fatalf("colleague's rows %+v, want only their own, never trained", theirs)
		}
		// The trainer of the round belongs to no town: nothing is due.
		none, err := db.DueFor(ctx, w.Round.Sessions[0].TrainerID, today)
		if err != nil || len(none) != 0 {
			t.Fatalf("account without a municipality: %+v, %v", none, err)
		}
	})
}
