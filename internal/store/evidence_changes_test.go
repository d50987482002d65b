package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/evidence"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// The change marker (evidence_changes.go) lets a refresh skip the
// derivation. These tests prove it exact: every table the records are
// derived from notes the change, whether the store's API or raw SQL makes
// it; time boundaries are honoured; and a refresh that skipped leaves the
// feed exactly as a full derivation would.

// publishedState is a town's published feed, every record's position,
// key, revision, hash and deletion, in order.
func publishedState(t *testing.T, db *store.DB, townID int64) string {
	t.Helper()
	var rows []struct {
		Position int64  `bun:"position"`
		Key      string `bun:"record_key"`
		Revision int64  `bun:"revision"`
		Hash     string `bun:"content_hash"`
		Deleted  bool   `bun:"deleted"`
	}
	err := db.NewRaw(`SELECT position, record_key, revision, content_hash, deleted FROM evidence_records
		WHERE municipality_id = ? ORDER BY position`, townID).Scan(context.Background(), &rows)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, r := range rows {
		fmt.Fprintf(&b, "%d %s %d %s %t\n", r.Position, r.Key, r.Revision, r.Hash, r.Deleted)
	}
	return b.String()
}

func refreshedAt(t *testing.T, db *store.DB, townID int64) time.Time {
	t.Helper()
	var at []time.Time
	err := db.NewRaw("SELECT refreshed_at FROM evidence_tenants WHERE municipality_id = ?", townID).Scan(context.Background(), &at)
	if err != nil || len(at) != 1 {
		t.Fatalf("refreshed_at: %v %v", at, err)
	}
	return at[0]
}

func notes(t *testing.T, db *store.DB, townID int64) int64 {
	t.Helper()
	n, err := db.NewSelect().Table("evidence_changes").Where("municipality_id = ?", townID).Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func refresh(t *testing.T, db *store.DB, townID int64) int64 {
	t.Helper()
	head, err := db.RefreshEvidence(context.Background(), townID)
	if err != nil {
		t.Fatal(err)
	}
	return head
}

// deriveFully makes the next refresh derive everything (a note by hand)
// and checks that it finds nothing to publish: what the feed holds is
// what a derivation gives.
func deriveFully(t *testing.T, db *store.DB, townID int64) {
	t.Helper()
	before, head := publishedState(t, db, townID), refresh(t, db, townID)
	if _, err := db.ExecContext(context.Background(), "INSERT INTO evidence_changes (municipality_id) VALUES (?)", townID); err != nil {
		t.Fatal(err)
	}
	if again := refresh(t, db, townID); again != head {
		t.Fatalf("a full derivation moved head from %d to %d: the refresh before it had skipped a change", head, again)
	}
	if after := publishedState(t, db, townID); after != before {
		t.Fatalf("a full derivation changed the published records:\nbefore\n%s\nafter\n%s", before, after)
	}
}

// settled refreshes the town and checks that the next refresh, a minute
// later, derives nothing and writes nothing, and returns the head.
func settled(t *testing.T, db *store.DB, clock *storetest.FixedClock, townID int64) int64 {
	t.Helper()
	head := refresh(t, db, townID)
	if n := notes(t, db, townID); n != 0 {
		t.Fatalf("%d notes left after a refresh", n)
	}
	state, at := publishedState(t, db, townID), refreshedAt(t, db, townID)
	clock.Advance(time.Minute)
	if again := refresh(t, db, townID); again != head {
		t.Fatalf("head moved from %d to %d without a change", head, again)
	}
	if got := refreshedAt(t, db, townID); !got.Equal(at) {
		t.Fatalf("a refresh without a change wrote the tenant (refreshed_at %v, was %v)", got, at)
	}
	if publishedState(t, db, townID) != state {
		t.Fatal("a refresh without a change wrote records")
	}
	deriveFully(t, db, townID)
	return head
}

// evidenceChange is one change to data the records are derived from.
type evidenceChange struct {
	name   string
	change func(t *testing.T, ctx context.Context, db *store.DB, w *storetest.Neighbours, person *wachsam.User, town wachsam.Municipality) error
}

func exec(db *store.DB, query string, args ...any) error {
	_, err := db.ExecContext(context.Background(), query, args...)
	return err
}

// evidenceSourceChanges change every table a refresh reads, each in a way
// that changes a record of the town, once by raw SQL (what the triggers
// catch whoever writes) and, where the store has one, through its API.
var evidenceSourceChanges = []evidenceChange{
	{"sql/municipalities", func(t *testing.T, ctx context.Context, db *store.DB, w *storetest.Neighbours, p *wachsam.User, town wachsam.Municipality) error {
		return exec(db, "UPDATE municipalities SET name = 'Umbenannt' WHERE id = ?", town.ID)
	}},
	{"sql/municipalities/host", func(t *testing.T, ctx context.Context, db *store.DB, w *storetest.Neighbours, p *wachsam.User, town wachsam.Municipality) error {
		return exec(db, "UPDATE municipalities SET ags = '08425999' WHERE id = ?", w.Municipalities[0].ID) // hosts the first session
	}},
	{"api/municipalities", func(t *testing.T, ctx context.Context, db *store.DB, w *storetest.Neighbours, p *wachsam.User, town wachsam.Municipality) error {
		town.Name = "Umbenannt"
		return db.UpdateMunicipality(ctx, wachsam.SystemActor("test"), &town)
	}},
	{"sql/departments", func(t *testing.T, ctx context.Context, db *store.DB, w *storetest.Neighbours, p *wachsam.User, town wachsam.Municipality) error {
		return exec(db, "UPDATE departments SET name = 'Umbenannt' WHERE id = ?", *p.DepartmentID)
	}},
	{"sql/users", func(t *testing.T, ctx context.Context, db *store.DB, w *storetest.Neighbours, p *wachsam.User, town wachsam.Municipality) error {
		return exec(db, "UPDATE users SET department_id = ? WHERE id = ?", otherDepartment(town, *p.DepartmentID), p.ID)
	}},
	{"sql/users/disabled", func(t *testing.T, ctx context.Context, db *store.DB, w *storetest.Neighbours, p *wachsam.User, town wachsam.Municipality) error {
		return exec(db, "UPDATE users SET disabled = ? WHERE id = ?", true, w.Staff[town.ID][1].ID) // coverage
	}},
	{"api/users", func(t *testing.T, ctx context.Context, db *store.DB, w *storetest.Neighbours, p *wachsam.User, town wachsam.Municipality) error {
		u := *p
		d := otherDepartment(town, *p.DepartmentID)
		u.DepartmentID = &d
		return db.UpdateUser(ctx, wachsam.SystemActor("test"), &u)
	}},
	{"api/users/create", func(t *testing.T, ctx context.Context, db *store.DB, w *storetest.Neighbours, p *wachsam.User, town wachsam.Municipality) error {
		u := &wachsam.User{Email: "neu@example.org", Name: "Neu", MunicipalityID: &town.ID, DepartmentID: p.DepartmentID,
			PasswordHash: "not-a-hash", Roles: []wachsam.Role{wachsam.RoleStaff}}
		return db.CreateUser(ctx, wachsam.SystemActor("test"), u) // coverage
	}},
	{"sql/user_roles", func(t *testing.T, ctx context.Context, db *store.DB, w *storetest.Neighbours, p *wachsam.User, town wachsam.Municipality) error {
		return exec(db, "DELETE FROM user_roles WHERE user_id = ? AND role = 'staff'", w.Staff[town.ID][1].ID) // coverage
	}},
	{"api/user_roles", func(t *testing.T, ctx context.Context, db *store.DB, w *storetest.Neighbours, p *wachsam.User, town wachsam.Municipality) error {
		return db.SetRoles(ctx, wachsam.SystemActor("test"), w.Staff[town.ID][1].ID, []wachsam.Role{wachsam.RoleCoordinator})
	}},
	{"sql/topics", func(t *testing.T, ctx context.Context, db *store.DB, w *storetest.Neighbours, p *wachsam.User, town wachsam.Municipality) error {
		return exec(db, "UPDATE topics SET name = 'Umbenannt' WHERE id = ?", w.Topic.ID)
	}},
	{"sql/rounds", func(t *testing.T, ctx context.Context, db *store.DB, w *storetest.Neighbours, p *wachsam.User, town wachsam.Municipality) error {
		return exec(db, "UPDATE rounds SET name = 'Umbenannt' WHERE id = ?", w.Round.ID)
	}},
	{"sql/round_municipalities", func(t *testing.T, ctx context.Context, db *store.DB, w *storetest.Neighbours, p *wachsam.User, town wachsam.Municipality) error {
		return exec(db, "DELETE FROM round_municipalities WHERE round_id = ? AND municipality_id = ?", w.Round.ID, town.ID)
	}},
	{"sql/course_sessions", func(t *testing.T, ctx context.Context, db *store.DB, w *storetest.Neighbours, p *wachsam.User, town wachsam.Municipality) error {
		return exec(db, "UPDATE course_sessions SET location = 'Anderswo' WHERE id = ?", w.Round.Sessions[2].ID)
	}},
	{"api/course_sessions", func(t *testing.T, ctx context.Context, db *store.DB, w *storetest.Neighbours, p *wachsam.User, town wachsam.Municipality) error {
		return db.CancelSession(ctx, wachsam.SystemActor("test"), w.Round.CreatedBy, w.Round.Sessions[2].ID)
	}},
	{"api/course_sessions/update", func(t *testing.T, ctx context.Context, db *store.DB, w *storetest.Neighbours, p *wachsam.User, town wachsam.Municipality) error {
		s := w.Round.Sessions[2]
		s.Location = "Anderswo"
		return db.UpdateSession(ctx, wachsam.SystemActor("test"), w.Round.CreatedBy, s)
	}},
	{"sql/bookings", func(t *testing.T, ctx context.Context, db *store.DB, w *storetest.Neighbours, p *wachsam.User, town wachsam.Municipality) error {
		return exec(db, "UPDATE bookings SET cancelled_at = ? WHERE user_id = ?", db.Now().UTC(), p.ID)
	}},
	{"api/bookings", func(t *testing.T, ctx context.Context, db *store.DB, w *storetest.Neighbours, p *wachsam.User, town wachsam.Municipality) error {
		other := w.Staff[town.ID][2]
		_, err := db.Book(ctx, wachsam.UserActor(other), other.ID, w.Round.Sessions[2].ID)
		return err
	}},
	{"sql/attendance", func(t *testing.T, ctx context.Context, db *store.DB, w *storetest.Neighbours, p *wachsam.User, town wachsam.Municipality) error {
		return exec(db, "DELETE FROM attendance WHERE user_id = ?", p.ID)
	}},
	{"api/attendance", func(t *testing.T, ctx context.Context, db *store.DB, w *storetest.Neighbours, p *wachsam.User, town wachsam.Municipality) error {
		s := w.Round.Sessions[0]
		return db.AddWalkIn(ctx, wachsam.UserActor(w.Trainer), w.Trainer.ID, s.ID, w.Staff[town.ID][3].ID, s.Days[0], attLoc(t))
	}},
	{"sql/completions", func(t *testing.T, ctx context.Context, db *store.DB, w *storetest.Neighbours, p *wachsam.User, town wachsam.Municipality) error {
		return exec(db, "DELETE FROM completions WHERE user_id = ?", p.ID)
	}},
	{"sql/training_programmes", func(t *testing.T, ctx context.Context, db *store.DB, w *storetest.Neighbours, p *wachsam.User, town wachsam.Municipality) error {
		return exec(db, "INSERT INTO training_programmes (municipality_id, title, updated_at) VALUES (?, 'Konzept', ?)", town.ID, db.Now().UTC())
	}},
	{"sql/training_audiences", func(t *testing.T, ctx context.Context, db *store.DB, w *storetest.Neighbours, p *wachsam.User, town wachsam.Municipality) error {
		return exec(db, "INSERT INTO training_audiences (municipality_id, topic_id, audience) VALUES (?, ?, 'management')", town.ID, w.Topic.ID)
	}},
	{"sql/evidence_tenants", func(t *testing.T, ctx context.Context, db *store.DB, w *storetest.Neighbours, p *wachsam.User, town wachsam.Municipality) error {
		return exec(db, "UPDATE evidence_tenants SET show_names = ? WHERE municipality_id = ?", true, town.ID)
	}},
	{"api/evidence settings", func(t *testing.T, ctx context.Context, db *store.DB, w *storetest.Neighbours, p *wachsam.User, town wachsam.Municipality) error {
		return db.SaveEvidenceSettings(ctx, wachsam.UserActor(w.Coordinators[town.ID]), town.ID, evidence.Settings{ShowNames: true, Title: "Konzept"})
	}},
}

func otherDepartment(town wachsam.Municipality, id int64) int64 {
	for _, d := range town.Departments {
		if d.ID != id {
			return d.ID
		}
	}
	panic("one department only")
}

func TestEvidenceEveryChangeToTheSourcesIsPublishedByTheNextRefresh(t *testing.T) {
	for _, c := range evidenceSourceChanges {
		t.Run(c.name, func(t *testing.T) {
			storetest.Dialects(t, func(t *testing.T, db *store.DB) {
				ctx := context.Background()
				w, person, clock := attendedWorld(t, db)
				town := w.Municipalities[1]
				head := settled(t, db, clock, town.ID)
				if err := c.change(t, ctx, db, w, person, town); err != nil {
					t.Fatal(err)
				}
				if notes(t, db, town.ID) == 0 {
					t.Fatal("the change left no note for the town")
				}
				if got := refresh(t, db, town.ID); got <= head {
					t.Fatalf("head %d after the change, was %d: nothing published", got, head)
				}
				settled(t, db, clock, town.ID)
			})
		})
	}
}

// Records change with time alone: a session counts as held from its start,
// the coverage belongs to the running month and the due states to the day.
func TestEvidenceRefreshHonoursSessionStartsAndTheDay(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w, _, clock := attendedWorld(t, db)
		town := w.Municipalities[1]
		loc := attLoc(t)
		next := w.Round.Sessions[1].StartsAt // a week after the first
		attSetClock(t, clock, next.Add(-time.Hour))
		head := settled(t, db, clock, town.ID)

		attSetClock(t, clock, next)
		if got := refresh(t, db, town.ID); got <= head {
			t.Fatalf("head %d at the session's start, was %d: the session is not published as held", got, head)
		}
		head = settled(t, db, clock, town.ID)

		// The first of the next month: new coverage records, no write.
		first := time.Date(next.In(loc).Year(), next.In(loc).Month()+1, 1, 0, 0, 0, 0, loc)
		attSetClock(t, clock, first.Add(-10*time.Minute))
		head = settled(t, db, clock, town.ID)
		attSetClock(t, clock, first)
		if got := refresh(t, db, town.ID); got <= head {
			t.Fatalf("head %d on the first of the month, was %d: no coverage of the new month", got, head)
		}
		settled(t, db, clock, town.ID)

		// A clock set back derives again.
		attSetClock(t, clock, next.Add(-time.Hour))
		before := publishedState(t, db, town.ID)
		refresh(t, db, town.ID)
		if publishedState(t, db, town.ID) == before {
			t.Fatal("the clock set back before the session's start: the session still shows as held")
		}
	})
}

// A new version of wachsam may derive records differently, and no note
// says so: each process derives every town in full at its first refresh.
// Simulated here by a published hash no derivation gives, which only a
// full derivation replaces.
func TestEvidenceEachProcessDerivesEveryTownOnce(t *testing.T) {
	for _, d := range []struct {
		name string
		loc  func(t *testing.T) store.Location
	}{
		{"sqlite", func(t *testing.T) store.Location {
			return store.Location{Dialect: store.SQLite, DSN: t.TempDir() + "/test.db"}
		}},
		{"postgres", func(t *testing.T) store.Location { return storetest.PostgresLocation(t) }},
	} {
		t.Run(d.name, func(t *testing.T) {
			ctx := context.Background()
			location := d.loc(t)
			db, err := store.Open(ctx, location)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			w, _, clock := attendedWorld(t, db)
			town := w.Municipalities[1]
			head := settled(t, db, clock, town.ID)
			if err := exec(db, "UPDATE evidence_records SET content_hash = 'from an older version' WHERE municipality_id = ? AND kind = 'programme'", town.ID); err != nil {
				t.Fatal(err)
			}
			if got := refresh(t, db, town.ID); got != head {
				t.Fatalf("head %d, was %d: the same process trusts its notes", got, head)
			}

			next, err := store.Open(ctx, location)
			if err != nil {
				t.Fatal(err)
			}
			defer next.Close()
			next.Now = clock.Now
			if got := refresh(t, next, town.ID); got != head+1 {
				t.Fatalf("head %d in a new process, was %d: want the programme derived again", got, head)
			}
			settled(t, next, clock, town.ID)
		})
	}
}

// A change that commits while a refresh runs is not seen by it, and its
// note is not consumed by it: the note is only visible once the change
// is, so the next refresh publishes the change. PostgreSQL only: SQLite
// has one writer, so a refresh cannot run beside an open change.
func TestEvidenceChangeCommittedDuringARefreshIsPublishedByTheNext(t *testing.T) {
	db := storetest.OpenPostgres(t)
	ctx := context.Background()
	w, person, clock := attendedWorld(t, db)
	town := w.Municipalities[1]
	head := settled(t, db, clock, town.ID)

	change, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer change.Rollback()
	if _, err := change.ExecContext(ctx, "DELETE FROM attendance WHERE user_id = ?", person.ID); err != nil {
		t.Fatal(err)
	}
	if got := refresh(t, db, town.ID); got != head {
		t.Fatalf("head %d while the change is open, was %d", got, head)
	}
	if _, err := db.ExecContext(ctx, "INSERT INTO evidence_changes (municipality_id) VALUES (?)", town.ID); err != nil {
		t.Fatal(err)
	}
	if got := refresh(t, db, town.ID); got != head { // a full derivation, beside the open change
		t.Fatalf("head %d while the change is open, was %d", got, head)
	}
	if err := change.Commit(); err != nil {
		t.Fatal(err)
	}
	if notes(t, db, town.ID) == 0 {
		t.Fatal("the refresh consumed the note of a change it could not see")
	}
	if got := refresh(t, db, town.ID); got <= head {
		t.Fatalf("head %d after the change committed, was %d", got, head)
	}
	settled(t, db, clock, town.ID)
}
