package http_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

func behalfPath(userID int64, rest string) string {
	return fmt.Sprintf("/koordination/beschaeftigte/%d/buchungen%s", userID, rest)
}

// A coordinator books, moves and cancels for a member of staff on the
// person's page; a missing reason or session is shown beside the field and
// changes nothing; after the self-service deadline only the coordinator
// can still cancel.
func TestCoordinatorActsOnBehalfOnPages(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{Policy: courses.RoundPolicy{CancellationLead: 14 * 24 * time.Hour}})
		town := w.Municipalities[0].ID
		person := w.Staff[town][0]
		b := coordinatorOf(h, w, 0)
		page := behalfPath(person.ID, "")
		staffWantPage(t, b.get("/koordination/beschaeftigte"), http.StatusOK, `href="`+page+`"`)
		staffWantPage(t, b.get(page), http.StatusOK, "Buchungen von "+person.Name, "hat zurzeit keinen Termin gebucht")

		first, second := w.Round.Sessions[0].ID, w.Round.Sessions[1].ID
		h.staffUnchanged("booking without reason or session", func() {
			staffWantPage(t, b.post(page, url.Values{"session": {fmt.Sprint(first)}}), http.StatusUnprocessableEntity,
				`id="reason-buchen-fehler"`, "Bitte geben Sie einen Grund an")
			staffWantPage(t, b.post(page, url.Values{"reason": {"Abteilung meldet an"}}), http.StatusUnprocessableEntity,
				`id="session-buchen-fehler"`, "Bitte wählen Sie einen Termin aus.")
		})
		r := b.post(page, url.Values{"session": {fmt.Sprint(first)}, "reason": {"Abteilung meldet an"}})
		if r.status != http.StatusSeeOther || r.location != page {
			t.Fatalf("book: %d → %s\n%s", r.status, r.location, r.body)
		}
		staffWantPage(t, b.get(page), http.StatusOK, "ist für „Informationssicherheit im Rathaus“ am", "Termin absagen", "Verlegen")
		booking := activeBookingOf(t, db, person.ID)

		// The person can no longer cancel themselves (the deadline is two
		// weeks before the start); the coordinator moves and cancels.
		self := h.signedIn(person)
		staffWantPage(t, self.get("/schulungen"), http.StatusOK, "Die Absagefrist ist vorbei")
		r = b.post(behalfPath(person.ID, fmt.Sprintf("/%d/verlegen", booking)), url.Values{"session": {fmt.Sprint(second)}, "reason": {"Urlaub"}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("move: %d\n%s", r.status, r.body)
		}
		moved := activeBookingOf(t, db, person.ID)
		h.staffUnchanged("cancel without reason", func() {
			staffWantPage(t, b.post(behalfPath(person.ID, fmt.Sprintf("/%d/absagen", moved)), nil), http.StatusUnprocessableEntity,
				fmt.Sprintf(`id="reason-absagen-%d-fehler"`, moved))
			// The old, cancelled booking cannot be cancelled again.
			staffWantPage(t, b.post(behalfPath(person.ID, fmt.Sprintf("/%d/absagen", booking)), url.Values{"reason": {"x"}}), http.StatusConflict,
				"bereits abgesagt")
		})
		r = b.post(behalfPath(person.ID, fmt.Sprintf("/%d/absagen", moved)), url.Values{"reason": {"erkrankt"}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("cancel: %d\n%s", r.status, r.body)
		}
		if h.staffActiveBookings() != 0 {
			t.Fatal("the booking is still active")
		}
	})
}

// wantProblem fails unless r is problem details with the status.
func wantProblem(t *testing.T, r response, status int, field string) {
	t.Helper()
	if !isProblem(r, status, field) {
		t.Fatalf("want problem details %d (field %q), got %d %s: %s", status, field, r.status, r.header.Get("Content-Type"), r.body)
	}
}

func activeBookingOf(t *testing.T, db *store.DB, userID int64) int64 {
	t.Helper()
	var id int64
	err := db.NewSelect().Table("bookings").Column("id").Where("user_id = ? AND cancelled_at IS NULL", userID).Scan(context.Background(), &id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// A coordinator of one town reaches no one of another town, by page or
// API, and no booking under another person's address.
func TestCoordinatorBehalfStaysInTheTown(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{})
		ctx := context.Background()
		stranger := w.Staff[w.Municipalities[1].ID][0]
		theirs, err := db.Book(ctx, wachsam.UserActor(stranger), stranger.ID, w.Round.Sessions[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		colleague := w.Staff[w.Municipalities[0].ID][1]
		b := coordinatorOf(h, w, 0)
		h.staffUnchanged("another town's person", func() {
			staffWantPage(t, b.get(behalfPath(stranger.ID, "")), http.StatusNotFound, "Diese Person gibt es unter den Beschäftigten Ihrer Kommune nicht.")
			staffWantPage(t, b.post(behalfPath(stranger.ID, ""), url.Values{"session": {fmt.Sprint(w.Round.Sessions[1].ID)}, "reason": {"x"}}), http.StatusNotFound)
			staffWantPage(t, b.post(behalfPath(stranger.ID, fmt.Sprintf("/%d/absagen", theirs.ID)), url.Values{"reason": {"x"}}), http.StatusNotFound)
			// The booking under a colleague's address of the own town.
			staffWantPage(t, b.post(behalfPath(colleague.ID, fmt.Sprintf("/%d/absagen", theirs.ID)), url.Values{"reason": {"x"}}), http.StatusNotFound,
				"Die Buchung wurde nicht gefunden.")
			staffWantPage(t, b.get(behalfPath(w.Coordinators[w.Municipalities[1].ID].ID, "")), http.StatusNotFound)
			staffWantPage(t, b.get("/koordination/beschaeftigte/abc/buchungen"), http.StatusNotFound)
			r := b.sendJSON(http.MethodPost, fmt.Sprintf("/api/v1/staff/%d/bookings/%d/cancellation", stranger.ID, theirs.ID), map[string]string{"reason": "x"})
			wantProblem(t, r, http.StatusNotFound, "")
			wantProblem(t, b.get(fmt.Sprintf("/api/v1/staff/%d/bookings", stranger.ID)), http.StatusNotFound, "")
		})
		// Staff have no access to the coordinator's pages at all.
		staffWantPage(t, h.signedIn(colleague).get(behalfPath(colleague.ID, "")), http.StatusForbidden)
	})
}

// The API books, moves and cancels on behalf with problem details for bad
// input, nothing changed.
func TestCoordinatorBehalfAPI(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{})
		person := w.Staff[w.Municipalities[0].ID][0]
		b := coordinatorOf(h, w, 0)
		base := fmt.Sprintf("/api/v1/staff/%d/bookings", person.ID)
		h.staffUnchanged("bad API input", func() {
			wantProblem(t, b.sendJSON(http.MethodPost, base, map[string]any{"session_id": w.Round.Sessions[0].ID}), http.StatusUnprocessableEntity, "reason")
			wantProblem(t, b.sendJSON(http.MethodPost, base, map[string]any{"reason": "x"}), http.StatusUnprocessableEntity, "session_id")
			wantProblem(t, b.sendJSON(http.MethodPost, base, map[string]any{"session_id": "eins", "reason": "x"}), http.StatusBadRequest, "")
			wantProblem(t, b.sendJSON(http.MethodPost, base, map[string]any{"session_id": 999999, "reason": "x"}), http.StatusNotFound, "")
		})
		r := b.sendJSON(http.MethodPost, base, map[string]any{"session_id": w.Round.Sessions[0].ID, "reason": "Abteilung"})
		if r.status != http.StatusCreated {
			t.Fatalf("book: %d %s", r.status, r.body)
		}
		var got struct {
			ID     int64  `json:"id"`
			Source string `json:"source"`
		}
		if err := json.Unmarshal([]byte(r.body), &got); err != nil || got.Source != "coordinator" {
			t.Fatalf("answer %s (%v)", r.body, err)
		}
		r = b.sendJSON(http.MethodPost, fmt.Sprintf("%s/%d/move", base, got.ID), map[string]any{"session_id": w.Round.Sessions[2].ID, "reason": "Urlaub"})
		if r.status != http.StatusCreated {
			t.Fatalf("move: %d %s", r.status, r.body)
		}
		moved := activeBookingOf(t, db, person.ID)
		r = b.sendJSON(http.MethodPost, fmt.Sprintf("%s/%d/cancellation", base, moved), map[string]any{"reason": "erkrankt"})
		if r.status != http.StatusNoContent {
			t.Fatalf("cancel: %d %s", r.status, r.body)
		}
		r = b.get(base)
		if r.status != http.StatusOK || h.staffActiveBookings() != 0 {
			t.Fatalf("list %d, %d active", r.status, h.staffActiveBookings())
		}
	})
}
