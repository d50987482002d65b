package http_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// A coordinator changes a session over the API: a new time re-invites the
// booked people, a new trainer queues the replaced trainer's cancellation
// and the new one's invitation; bad input and strangers change nothing.
func TestRoundAPIUpdatesSessionAndQueuesInvitations(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{})
		sess := w.Round.Sessions[0]
		u := w.Staff[w.Municipalities[0].ID][0]
		if _, err := db.Book(ctx, wachsam.UserActor(u), u.ID, sess.ID); err != nil {
			t.Fatal(err)
		}
		other := h.user("zweiter.trainer@example.org", wachsam.RoleTrainer)
		path := fmt.Sprintf("/api/v1/rounds/%d/sessions/%d", w.Round.ID, sess.ID)
		body := map[string]any{
			"starts_at": "2026-12-01T10:00:00+01:00", "ends_at": "2026-12-01T13:00:00+01:00", "days": []string{"2026-12-01"},
			"host_municipality_id": sess.HostMunicipalityID, "location": sess.Location, "trainer_id": other.ID,
		}

		// Strangers: not found, nothing written.
		_, stranger := h.roundStrangers()
		b := h.signedIn(w.Coordinators[w.Municipalities[0].ID])
		audits, jobs := h.auditCount(), h.roundCount("jobs", "")
		roundWantStatus(t, stranger.roundJSON(http.MethodPut, path, body), http.StatusNotFound)
		// Bad input: refused with a problem, nothing written.
		bad := map[string]any{}
		for k, v := range body {
			bad[k] = v
		}
		bad["ends_at"] = "2026-12-01T09:00:00+01:00"
		roundWantStatus(t, b.roundJSON(http.MethodPut, path, bad), http.StatusUnprocessableEntity, "/probleme/ungueltige-angaben")
		bad["ends_at"], bad["trainer_id"] = body["ends_at"], u.ID // not a trainer
		roundWantStatus(t, b.roundJSON(http.MethodPut, path, bad), http.StatusUnprocessableEntity)
		if h.auditCount() != audits || h.roundCount("jobs", "") != jobs {
			t.Fatal("a refused change wrote something")
		}

		roundWantStatus(t, b.roundJSON(http.MethodPut, path, body), http.StatusOK, `"trainer_id":`+fmt.Sprint(other.ID))
		if got := h.roundCount("jobs", "kind = ?", wachsam.BookingNoticeJob); got != 2 {
			t.Fatalf("%d booking notices, want the booking's and its update", got)
		}
		for _, trainer := range []int64{w.Trainer.ID, other.ID} {
			if got := h.roundCount("jobs", "kind = ? AND payload LIKE ?", wachsam.TrainerNoticeJob, fmt.Sprintf(`%%"trainer_id":%d}`, trainer)); got == 0 {
				t.Errorf("no trainer notice for trainer %d", trainer)
			}
		}
		if h.roundCount("bookings", "sequence = 1") != 1 || h.roundCount("course_sessions", "trainer_sequence = 1") != 1 {
			t.Fatal("the booking's and the trainer's SEQUENCE did not rise")
		}
		if h.roundCount("audit_entries", "action = ?", "session.update") != 1 {
			t.Fatal("the change was not audited")
		}

		// A cancelled session keeps what it had.
		if err := db.CancelSession(ctx, wachsam.SystemActor("test"), w.Round.CreatedBy, sess.ID); err != nil {
			t.Fatal(err)
		}
		body["trainer_id"] = w.Trainer.ID
		roundWantStatus(t, b.roundJSON(http.MethodPut, path, body), http.StatusConflict)
	})
}
