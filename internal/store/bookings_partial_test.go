package store_test

import (
	"context"
	"database/sql"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// A booking reads only its own session and the staff counts of the
// person's municipality and department (courses.Round.Partial). Whatever
// the booking rules derive from that must be what they derive from the
// whole round: the quota of the person's town (which divides by the
// round's active sessions, so a cancelled session must count), the cap of
// their department, and whether their town shares the round.
func TestBookingDecidesOnThePartialRoundAsOnTheWholeRound(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, _ := neighbours(t, db, storetest.NeighbourOptions{Sessions: 4, StaffPerDepartment: 5})
		coordinator := w.Coordinators[w.Municipalities[0].ID]
		if err := db.CancelSession(ctx, wachsam.UserActor(coordinator), w.Municipalities[0].ID, w.Round.Sessions[3].ID); err != nil {
			t.Fatal(err)
		}
		// One town's staff shrinks in one department only, so that towns
		// and departments differ in size.
		someone := w.Staff[w.Municipalities[1].ID][0]
		if _, err := db.NewUpdate().Table("users").Set("disabled = ?", true).Where("id = ?", someone.ID).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		whole, err := db.Round(ctx, w.Round.ID)
		if err != nil {
			t.Fatal(err)
		}
		if whole.ActiveSessions() != 3 {
			t.Fatalf("%d active sessions, want 3", whole.ActiveSessions())
		}
		for _, m := range w.Municipalities {
			for _, u := range w.Staff[m.ID][1:] {
				for _, s := range whole.Sessions[:3] {
					partial, person, err := db.RoundAsBookingSeesIt(ctx, u.ID, s.ID)
					if err != nil {
						t.Fatalf("%s, session %d: %v", u.Email, s.ID, err)
					}
					if !partial.Partial || len(partial.Sessions) != 1 || partial.Sessions[0].ID != s.ID {
						t.Fatalf("not a partial round of session %d: %+v", s.ID, partial.Sessions)
					}
					if got, want := partial.ActiveSessions(), whole.ActiveSessions(); got != want {
						t.Errorf("active sessions %d, whole round %d", got, want)
					}
					if got, want := partial.MunicipalityQuota(person.MunicipalityID), whole.MunicipalityQuota(person.MunicipalityID); got != want {
						t.Errorf("%s: town quota %d, whole round %d", u.Email, got, want)
					}
					if got, want := partial.DepartmentCap(person.DepartmentID), whole.DepartmentCap(person.DepartmentID); got != want {
						t.Errorf("%s: department cap %d, whole round %d", u.Email, got, want)
					}
					if partial.Shares(person.MunicipalityID) != whole.Shares(person.MunicipalityID) {
						t.Errorf("%s: shares differs", u.Email)
					}
					if partial.Name != whole.Name || partial.Topic != whole.Topic || !reflect.DeepEqual(partial.Policy, whole.Policy) || partial.Status != whole.Status {
						t.Errorf("round differs: %+v against %+v", partial, whole)
					}
				}
			}
		}
	})
}

// On PostgreSQL a booking is sent as two pipelines on one connection
// (bookPipelined). A booking refused after the first pipeline has locked
// the session's row; it must end its transaction before the connection
// goes back to the pool, or the idle connection would keep the row locked
// until the pool happens to reuse it. A connection of its own watches.
func TestPipelinedBookingLeavesNoTransactionOpen(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		if db.Dialect != store.Postgres {
			t.Skip("the pipeline is PostgreSQL's")
		}
		ctx := context.Background()
		w, _ := neighbours(t, db, storetest.NeighbourOptions{})
		var schema string
		if err := db.NewRaw("SELECT current_schema()").Scan(ctx, &schema); err != nil {
			t.Fatal(err)
		}
		watcher, err := sql.Open("pgx", os.Getenv(storetest.EnvPostgres))
		if err != nil {
			t.Fatal(err)
		}
		defer watcher.Close()
		lockedIdle := func() int {
			t.Helper()
			var n int
			if err := watcher.QueryRowContext(ctx, `SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
				WHERE l.relation = ($1 || '.course_sessions')::regclass AND a.state LIKE 'idle in transaction%'`, schema).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		u := w.Staff[w.Municipalities[0].ID][0]
		first, second := w.Round.Sessions[0].ID, w.Round.Sessions[1].ID
		if _, err := db.Book(ctx, wachsam.UserActor(u), u.ID, first); err != nil {
			t.Fatal(err)
		}
		for range 3 {
			_, err := db.Book(ctx, wachsam.UserActor(u), u.ID, second)
			wantCode(t, err, wachsam.ECONFLICT)
			if n := lockedIdle(); n != 0 {
				t.Fatalf("after a refused booking %d connections sit in a transaction holding a session's row", n)
			}
		}
		// The session's row is free: a colleague books it at once.
		colleague := w.Staff[w.Municipalities[0].ID][1]
		ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		if _, err := db.Book(ctx, wachsam.UserActor(colleague), colleague.ID, second); err != nil {
			t.Fatal(err)
		}
	})
}
