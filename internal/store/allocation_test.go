package store_test

import (
	"context"
	"testing"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

func countAudit(t *testing.T, db *store.DB) int {
	t.Helper()
	n, err := db.NewSelect().Model((*wachsam.AuditEntry)(nil)).Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

// Everyone ranks the first session first: the quotas and caps of the round
// spread them over the sessions, the result is published as bookings
// exactly as computed, and a second publication books nobody twice.
func TestAllocationRunsAndPublishesWithinTheQuotas(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, _ := neighbours(t, db, storetest.NeighbourOptions{Mode: courses.ModeAllocation})
		s := w.Round.Sessions
		entered := 0
		for _, m := range w.Municipalities {
			for _, u := range w.Staff[m.ID][:4] {
				if err := db.SetPreferences(ctx, wachsam.UserActor(u), u.ID, w.Round.ID, []int64{s[0].ID, s[1].ID, s[2].ID}, nil); err != nil {
					t.Fatal(err)
				}
				entered++
			}
		}
		home := w.Municipalities[0].ID
		progress, err := db.PreferenceProgress(ctx, home, w.Round.ID)
		if err != nil || progress.Entered != 4 || progress.Staff != 6 {
			t.Fatalf("progress %+v, %v", progress, err)
		}
		out, err := db.RunAllocation(ctx, wachsam.UserActor(w.Coordinators[home]), home, w.Round.ID)
		if err != nil {
			t.Fatal(err)
		}
		if out.Placed+out.Unplaced != entered || !out.Computed || out.Published {
			t.Fatalf("outcome %+v", out)
		}
		// 6 staff per town and 3 sessions: at most 2 of a town per session;
		// 3 per department: at most 2 of a department per session.
		r, _ := db.Round(ctx, w.Round.ID)
		n, err := db.PublishAllocation(ctx, wachsam.UserActor(w.Coordinators[home]), home, w.Round.ID)
		if err != nil {
			t.Fatal(err)
		}
		if n != out.Placed || countActiveBookings(t, db) != n || countJobs(t, db, wachsam.BookingNoticeJob) != n {
			t.Fatalf("published %d of %d placed; %d bookings", n, out.Placed, countActiveBookings(t, db))
		}
		seats, err := db.RoundSeatCounts(ctx, home, w.Round.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, sess := range out.Sessions {
			got := seats[sess.Session.ID]
			if got.Taken != sess.Placed {
				t.Fatalf("session %d: %d booked, %d placed", sess.Session.ID, got.Taken, sess.Placed)
			}
			for m, k := range got.ByMunicipality {
				if k > r.MunicipalityQuota(m) {
					t.Fatalf("session %d: %d of town %d, quota %d", sess.Session.ID, k, m, r.MunicipalityQuota(m))
				}
			}
			for d, k := range got.ByDepartment {
				if k > r.DepartmentCap(d) {
					t.Fatalf("session %d: %d of department %d, cap %d", sess.Session.ID, k, d, r.DepartmentCap(d))
				}
			}
		}
		r, _ = db.Round(ctx, w.Round.ID)
		if r.Status != courses.StatusOpen {
			t.Fatalf("status %s", r.Status)
		}
		audits := countAudit(t, db)
		_, err = db.PublishAllocation(ctx, wachsam.UserActor(w.Coordinators[home]), home, w.Round.ID)
		wantCode(t, err, wachsam.ECONFLICT)
		if countActiveBookings(t, db) != n || countAudit(t, db) != audits {
			t.Fatal("a second publication changed something")
		}
	})
}

func TestAllocationScopesAndStates(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, _ := neighbours(t, db, storetest.NeighbourOptions{Mode: courses.ModeAllocation})
		other := storetest.NewNeighboursIn(t, db, "Nord-", storetest.NeighbourOptions{})
		stranger := other.Municipalities[0].ID
		actor := wachsam.UserActor(other.Coordinators[stranger])
		_, err := db.RunAllocation(ctx, actor, stranger, w.Round.ID)
		wantCode(t, err, wachsam.ENOTFOUND)
		_, err = db.AllocationFor(ctx, stranger, w.Round.ID)
		wantCode(t, err, wachsam.ENOTFOUND)
		_, err = db.PublishAllocation(ctx, actor, stranger, w.Round.ID)
		wantCode(t, err, wachsam.ENOTFOUND)
		_, err = db.PreferenceProgress(ctx, stranger, w.Round.ID)
		wantCode(t, err, wachsam.ENOTFOUND)
		// Staff of another group cannot enter preferences for this round.
		u := other.Staff[stranger][0]
		err = db.SetPreferences(ctx, wachsam.UserActor(u), u.ID, w.Round.ID, []int64{w.Round.Sessions[0].ID}, nil)
		wantCode(t, err, wachsam.ENOTFOUND)

		home := w.Municipalities[0].ID
		coord := wachsam.UserActor(w.Coordinators[home])
		// Nothing computed yet: nothing to publish.
		_, err = db.PublishAllocation(ctx, coord, home, w.Round.ID)
		wantCode(t, err, wachsam.ECONFLICT)
		if r, _ := db.Round(ctx, w.Round.ID); r.Status != courses.StatusCollecting {
			t.Fatalf("a refused publication changed the status to %s", r.Status)
		}
		// A booking round has nothing to allocate.
		_, err = db.RunAllocation(ctx, wachsam.UserActor(other.Coordinators[stranger]), stranger, other.Round.ID)
		wantCode(t, err, wachsam.ECONFLICT)
	})
}

func TestPreferencesAreValidatedAndReplaced(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, _ := neighbours(t, db, storetest.NeighbourOptions{Mode: courses.ModeAllocation})
		u := w.Staff[w.Municipalities[1].ID][0]
		s := w.Round.Sessions
		set := func(ranked []int64, days []wachsam.Date) error {
			return db.SetPreferences(ctx, wachsam.UserActor(u), u.ID, w.Round.ID, ranked, days)
		}
		if err := set([]int64{s[2].ID, s[0].ID}, []wachsam.Date{s[1].Days[0]}); err != nil {
			t.Fatal(err)
		}
		audits := countAudit(t, db)
		wantCode(t, set([]int64{s[0].ID, s[0].ID}, nil), wachsam.EINVALID)
		wantCode(t, set([]int64{s[0].ID, 999999}, nil), wachsam.EINVALID)
		wantCode(t, set(nil, []wachsam.Date{wachsam.MustDate("2027-01-01")}), wachsam.EINVALID)
		if countAudit(t, db) != audits {
			t.Fatal("refused preferences were written")
		}
		got, err := db.Preferences(ctx, u.ID, w.Round.ID)
		if err != nil || len(got.Sessions) != 2 || got.Sessions[0] != s[2].ID || len(got.Unavailable) != 1 || got.Unavailable[0] != s[1].Days[0] {
			t.Fatalf("preferences %+v, %v", got, err)
		}
		if err := set([]int64{s[1].ID}, nil); err != nil {
			t.Fatal(err)
		}
		got, _ = db.Preferences(ctx, u.ID, w.Round.ID)
		if len(got.Sessions) != 1 || got.Sessions[0] != s[1].ID || len(got.Unavailable) != 0 {
			t.Fatalf("not replaced: %+v", got)
		}
		// An unavailable day strikes the session from the allocation.
		home := w.Municipalities[0].ID
		if err := set([]int64{s[0].ID, s[1].ID}, []wachsam.Date{s[0].Days[0]}); err != nil {
			t.Fatal(err)
		}
		out, err := db.RunAllocation(ctx, wachsam.UserActor(w.Coordinators[home]), home, w.Round.ID)
		if err != nil {
			t.Fatal(err)
		}
		if out.Placed != 1 || out.Sessions[1].Placed != 1 {
			t.Fatalf("outcome %+v", out)
		}
		// Once the round no longer collects, preferences are refused.
		if err := db.SetRoundStatus(ctx, wachsam.UserActor(w.Coordinators[home]), home, w.Round.ID, courses.StatusDraft); err != nil {
			t.Fatal(err)
		}
		wantCode(t, set([]int64{s[0].ID}, nil), wachsam.ECONFLICT)
	})
}
