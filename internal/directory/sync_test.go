package directory

import (
	"context"
	"fmt"
	"math/big"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/go-ldap/ldap/v3"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/directory/slapdtest"
	"github.com/wachsam/wachsam/internal/jobs"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

var admin = wachsam.SystemActor("test")

// town is the test world: three neighbouring towns sharing one round of
// one-seat sessions, and a slapd with the first town's directory.
func town(t *testing.T, db *store.DB) (*storetest.Neighbours, *slapdtest.Server, *storetest.FixedClock) {
	t.Helper()
	clock := storetest.NewClock(time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC))
	db.Now = clock.Now
	one := big.NewRat(1, 1)
	w := storetest.NewNeighbours(t, db, storetest.NeighbourOptions{Capacity: 1,
		Policy: courses.RoundPolicy{MunicipalityShare: one, DepartmentShare: one, OfferTTL: 24 * time.Hour}})
	srv := slapdtest.Start(t)
	return w, srv, clock
}

func connect(t *testing.T, db *store.DB, srv *slapdtest.Server, municipalityID int64) {
	t.Helper()
	cfg := townConfig(srv, srv.LDAPSURL)
	cfg.MunicipalityID = municipalityID
	if err := db.SaveDirectoryConfig(context.Background(), admin, cfg); err != nil {
		t.Fatal(err)
	}
}

func count(t *testing.T, db *store.DB, table, where string, args ...any) int {
	t.Helper()
	n, err := db.NewSelect().Table(table).Where(where, args...).Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

func account(t *testing.T, db *store.DB, email string) (*wachsam.User, string) {
	t.Helper()
	u, err := db.UserByEmail(context.Background(), email)
	if err != nil {
		t.Fatalf("%s: %v", email, err)
	}
	department := ""
	if u.DepartmentID != nil {
		deps, err := db.Departments(context.Background(), *u.MunicipalityID)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range deps {
			if d.ID == *u.DepartmentID {
				department = d.Name
			}
		}
	}
	return u, department
}

func TestSyncCreatesUpdatesAndDisablesLeavers(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, srv, _ := town(t, db)
		m := w.Municipalities[0]
		connect(t, db, srv, m.ID)
		syncer := Syncer{Store: db, Connector: Connector{}}

		users, audits := count(t, db, "users", "1 = 1"), count(t, db, "audit_entries", "1 = 1")
		plan, err := syncer.Sync(ctx, admin, m.ID, true)
		if err != nil {
			t.Fatal(err)
		}
		if len(plan.Create) != 4 || len(plan.Update) != 0 || len(plan.Disable) != 0 {
			t.Fatalf("dry run plan %+v, want four to create", plan)
		}
		if count(t, db, "users", "1 = 1") != users || count(t, db, "audit_entries", "1 = 1") != audits ||
			count(t, db, "directory_accounts", "1 = 1") != 0 {
			t.Fatal("the dry run wrote")
		}

		plan, err = syncer.Sync(ctx, admin, m.ID, false)
		if err != nil || len(plan.Create) != 4 {
			t.Fatalf("sync: %+v, %v", plan, err)
		}
		u, dep := account(t, db, "juergen.muessig@musterstadt.de")
		if u.Name != "Jürgen Müßig" || dep != "Kämmerei" || *u.MunicipalityID != m.ID || !u.Has(wachsam.RoleStaff) || u.Disabled {
			t.Fatalf("created %+v in %q", u, dep)
		}
		if count(t, db, "audit_entries", "action = ?", "directory.create") != 4 || count(t, db, "audit_entries", "action = ?", "directory.sync") != 1 {
			t.Fatal("the sync is not audited")
		}

		// Otto holds the only seat; a colleague waits for it.
		otto, _ := account(t, db, "otto.weg@musterstadt.de")
		session := w.Round.Sessions[0].ID
		if _, err := db.Book(ctx, wachsam.UserActor(otto), otto.ID, session); err != nil {
			t.Fatal(err)
		}
		next := w.Staff[m.ID][0]
		if err := db.JoinWaitlist(ctx, wachsam.UserActor(next), next.ID, session); err != nil {
			t.Fatal(err)
		}

		// In the directory, Anna marries, Berta moves to the Bürgerbüro and Otto leaves.
		conn := srv.Admin(t)
		anna, berta, leaver := slapdtest.Town[0], slapdtest.Town[2], slapdtest.Town[3]
		mod := ldap.NewModifyRequest(anna.DN(), nil)
		mod.Replace("sn", []string{"Schmidt-Özdemir"})
		must(t, conn.Modify(mod))
		must(t, conn.ModifyDN(ldap.NewModifyDNRequest(berta.DN(), "uid=bkoch", true, "ou=Bürgerbüro,"+slapdtest.StaffBase)))
		must(t, conn.Del(ldap.NewDelRequest(leaver.DN(), nil)))

		plan, err = syncer.Sync(ctx, admin, m.ID, false)
		if err != nil {
			t.Fatal(err)
		}
		if len(plan.Create) != 0 || len(plan.Update) != 2 || len(plan.Disable) != 1 || plan.Unchanged != 1 {
			t.Fatalf("second sync %+v", plan)
		}
		if u, dep := account(t, db, anna.Mail); u.Name != "Anna Schmidt-Özdemir" || dep != "Bürgerbüro" {
			t.Fatalf("Anna: %q in %q", u.Name, dep)
		}
		if _, dep := account(t, db, berta.Mail); dep != "Bürgerbüro" {
			t.Fatalf("Berta is in %q, want the Bürgerbüro", dep)
		}
		if otto, _ := account(t, db, leaver.Mail); !otto.Disabled {
			t.Fatal("the leaver is not disabled")
		}
		if count(t, db, "bookings", "user_id = ? AND cancelled_at IS NULL", otto.ID) != 0 {
			t.Fatal("the leaver's booking was not cancelled")
		}
		if count(t, db, "waitlist_entries", "user_id = ? AND session_id = ? AND offered_at IS NOT NULL", next.ID, session) != 1 {
			t.Fatal("the freed seat was not offered to the next in line")
		}
		if count(t, db, "audit_entries", "action = ? AND object_id = ?", "directory.disable", fmt.Sprint(otto.ID)) != 1 ||
			count(t, db, "audit_entries", "action = ?", "booking.cancel") != 1 {
			t.Fatal("disabling the leaver is not audited")
		}

		// Nothing changed since: the next sync changes nothing.
		plan, err = syncer.Sync(ctx, admin, m.ID, false)
		if err != nil || len(plan.Create)+len(plan.Update)+len(plan.Disable) != 0 || plan.Unchanged != 3 {
			t.Fatalf("third sync %+v, %v", plan, err)
		}

		// A filter that finds nobody must not disable everyone.
		wrong := townConfig(srv, srv.LDAPSURL)
		wrong.MunicipalityID, wrong.UserFilter = m.ID, "(&(objectClass=inetOrgPerson)(mail=%s)(uid=niemand))"
		must(t, db.SaveDirectoryConfig(ctx, admin, wrong))
		if _, err := syncer.Sync(ctx, admin, m.ID, false); wachsam.ErrorCodeOf(err) != wachsam.ECONFLICT {
			t.Fatalf("empty directory: %v", err)
		}
		if n := count(t, db, "users", "disabled = ?", true); n != 1 {
			t.Fatalf("%d accounts disabled after an empty answer, want only the leaver", n)
		}
	})
}

func TestSyncNeverTouchesAnotherMunicipality(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, srv, _ := town(t, db)
		mine, other := w.Municipalities[0], w.Municipalities[1]
		// Anna's address already belongs to a member of staff of the other town.
		anna := &wachsam.User{Email: slapdtest.Town[0].Mail, Name: "Anna aus Eichhausen", MunicipalityID: &other.ID,
			DepartmentID: &other.Departments[0].ID, PasswordHash: "x", Roles: []wachsam.Role{wachsam.RoleStaff}}
		must(t, db.CreateUser(ctx, admin, anna))
		connect(t, db, srv, mine.ID)
		connect(t, db, srv, other.ID)
		syncer := Syncer{Store: db, Connector: Connector{}}

		plan, err := syncer.Sync(ctx, admin, mine.ID, false)
		if err != nil {
			t.Fatal(err)
		}
		if len(plan.Create) != 3 || len(plan.Skipped) != 1 || plan.Skipped[0].DN != slapdtest.Town[0].DN() {
			t.Fatalf("plan %+v: Anna must be skipped, the other three created", plan)
		}
		if u, _ := account(t, db, anna.Email); u.Name != anna.Name || *u.MunicipalityID != other.ID {
			t.Fatalf("the other town's account was changed: %+v", u)
		}
		// The other town's sync links its own Anna and leaves my staff alone;
		// its staff without a link to the directory are not leavers.
		plan, err = syncer.Sync(ctx, admin, other.ID, false)
		if err != nil {
			t.Fatal(err)
		}
		if len(plan.Create) != 0 || len(plan.Update) != 1 || len(plan.Skipped) != 3 || len(plan.Disable) != 0 {
			t.Fatalf("other town's plan %+v", plan)
		}
		if count(t, db, "users", "disabled = ?", true) != 0 {
			t.Fatal("a sync disabled someone")
		}
		if u, _ := account(t, db, slapdtest.Town[1].Mail); *u.MunicipalityID != mine.ID {
			t.Fatal("Jürgen moved to the other town")
		}
	})
}

func TestScheduledSyncRunsOnceAsAJob(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, srv, clock := town(t, db)
		m := w.Municipalities[0]
		cfg := townConfig(srv, srv.LDAPSURL)
		cfg.MunicipalityID, cfg.SyncIntervalMinutes = m.ID, 60
		must(t, db.SaveDirectoryConfig(ctx, admin, cfg))
		if n, err := db.EnqueueDueDirectorySyncs(ctx, clock.Now()); err != nil || n != 0 {
			t.Fatalf("enqueued %d, %v before the schedule was due", n, err)
		}
		clock.Advance(61 * time.Minute)
		// Two instances look at the schedule at once; one enqueues.
		var wg sync.WaitGroup
		for range 2 {
			wg.Go(func() {
				if _, err := db.EnqueueDueDirectorySyncs(ctx, clock.Now()); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if n := count(t, db, "jobs", "kind = ?", wachsam.DirectorySyncJob); n != 1 {
			t.Fatalf("%d sync jobs, want 1", n)
		}
		runner := jobs.New(db, nil, jobs.Options{})
		runner.Handle(wachsam.DirectorySyncJob, Syncer{Store: db, Connector: Connector{}}.Handle)
		// The town's world queued its trainers' invitations before the
		// sync; mailing them is another package's concern.
		runner.Handle(wachsam.TrainerNoticeJob, func(context.Context, []byte) error { return nil })
		for range 10 {
			if ran, err := runner.RunOnce(ctx); !ran || err != nil {
				t.Fatalf("ran %v, %v", ran, err)
			}
			if count(t, db, "jobs", "kind = ? AND done_at IS NULL", wachsam.DirectorySyncJob) == 0 {
				break
			}
		}
		if count(t, db, "directory_accounts", "municipality_id = ?", m.ID) != 4 || count(t, db, "jobs", "kind = ? AND done_at IS NOT NULL", wachsam.DirectorySyncJob) != 1 {
			t.Fatal("the scheduled sync did not run")
		}
		got, err := db.DirectoryConfig(ctx, m.ID)
		if err != nil || got.LastSyncAt == nil || got.LastSyncResult == "" {
			t.Fatalf("last sync not recorded: %+v, %v", got, err)
		}

		// The next scheduled sync finds the directory down: the job is
		// retried later, and the page says why.
		clock.Advance(61 * time.Minute)
		l, err := net.Listen("tcp", "127.0.0.1:0")
		must(t, err)
		gone := townConfig(srv, "ldaps://"+l.Addr().String())
		l.Close()
		gone.MunicipalityID, gone.SyncIntervalMinutes = m.ID, 60
		must(t, db.SaveDirectoryConfig(ctx, admin, gone))
		clock.Advance(61 * time.Minute)
		if n, err := db.EnqueueDueDirectorySyncs(ctx, clock.Now()); err != nil || n != 1 {
			t.Fatalf("enqueued %d, %v", n, err)
		}
		if ran, err := runner.RunOnce(ctx); !ran || err != nil {
			t.Fatalf("ran %v, %v", ran, err)
		}
		got, err = db.DirectoryConfig(ctx, m.ID)
		if err != nil || got.LastSyncResult != "Fehlgeschlagen: "+ErrUnavailable.Message {
			t.Fatalf("failure not recorded: %q, %v", got.LastSyncResult, err)
		}
		if count(t, db, "jobs", "kind = ? AND done_at IS NULL AND failed_at IS NULL", wachsam.DirectorySyncJob) != 1 {
			t.Fatal("the failed sync is not retried")
		}
	})
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
