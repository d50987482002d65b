package http_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// Issue 12 §4: the trainer records excused and absent on the page and in
// the API; only present writes a mark; an unknown status is refused with
// problem details and nothing changes.
func TestTrainerRecordsStatusesOnThePageAndAPI(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		d := newTrainerDay(t, db)
		b := d.h.signedIn(d.w.Trainer)
		key := fmt.Sprintf("%d_%s", d.booked[0].ID, d.day)
		if r := b.post(d.path("/anwesenheit"), statusForm(key, "excused", "")); r.status != http.StatusSeeOther {
			t.Fatalf("excused: %d", r.status)
		}
		if d.count("attendance_statuses") != 1 || d.count("attendance") != 0 || d.count("completions") != 0 {
			t.Fatal("excused was not recorded as a status, or counted as present")
		}
		if r := b.get(d.path("")); !strings.Contains(r.body, `<option value="excused" selected>entschuldigt</option>`) {
			t.Fatal("the page does not show the excused status")
		}
		audits := d.h.auditCount()
		if r := b.post(d.path("/anwesenheit"), statusForm(key, "krank", "excused")); r.status != http.StatusUnprocessableEntity ||
			!strings.Contains(r.body, "Unbekannter Anwesenheitsstatus") || d.h.auditCount() != audits {
			t.Fatalf("unknown status on the page: %d", r.status)
		}

		attendance := fmt.Sprintf("/api/v1/trainer/sessions/%d/attendance", d.session)
		r := b.sendJSON(http.MethodPut, attendance, []map[string]any{{"user_id": d.booked[0].ID, "day": d.day, "present": false, "status": "krank"}})
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.header.Get("Content-Type"), "problem+json") || d.h.auditCount() != audits {
			t.Fatalf("unknown status in the API: %d %s", r.status, r.body)
		}
		r = b.sendJSON(http.MethodPut, attendance, []map[string]any{{"user_id": d.booked[0].ID, "day": d.day, "present": false, "status": "absent"}})
		var out struct {
			Participants []struct {
				UserID   int64 `json:"user_id"`
				Statuses []struct {
					Day    string `json:"day"`
					Status string `json:"status"`
				} `json:"statuses"`
			} `json:"participants"`
		}
		if err := json.Unmarshal([]byte(r.body), &out); err != nil || r.status != http.StatusOK {
			t.Fatalf("absent: %d %s", r.status, r.body)
		}
		found := false
		for _, p := range out.Participants {
			found = found || (p.UserID == d.booked[0].ID && len(p.Statuses) == 1 && p.Statuses[0].Status == "absent")
		}
		if !found || d.count("attendance_statuses") != 1 {
			t.Fatalf("absent not answered: %s", r.body)
		}
	})
}

// Issue 12 §4: a walk-in is added on a page of its own, found by name or
// e-mail among the staff of the round's municipalities only; they are
// present for the day and take no seat. Another trainer, and a person of
// another round, are not reachable on the page or in the API.
func TestTrainerAddsAWalkInOnlyFromTheRoundsMunicipalities(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		d := newTrainerDay(t, db)
		other := storetest.NewNeighboursIn(t, db, "Nord", storetest.NeighbourOptions{})
		walkIn := d.w.Staff[d.w.Municipalities[2].ID][0]
		stranger := other.Staff[other.Municipalities[0].ID][0]
		b := d.h.signedIn(d.w.Trainer)

		if r := b.get(d.path("")); !strings.Contains(r.body, "Ohne Anmeldung teilgenommen hinzufügen") {
			t.Fatal("the session page has no walk-in link")
		}
		if r := b.get(d.path("/ohne-anmeldung?suche=x")); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `id="suche-fehler"`) {
			t.Fatalf("a one-letter search: %d", r.status)
		}
		r := b.get(d.path("/ohne-anmeldung?suche=" + url.QueryEscape(walkIn.Email)))
		if r.status != http.StatusOK || !strings.Contains(r.body, walkIn.Name) {
			t.Fatalf("search by e-mail: %d", r.status)
		}
		if r := b.get(d.path("/ohne-anmeldung?suche=" + url.QueryEscape(stranger.Email))); strings.Contains(r.body, stranger.Name) {
			t.Fatal("the search offers a person of another round")
		}
		if r := b.get(d.path("/ohne-anmeldung?suche=" + url.QueryEscape(d.booked[0].Email))); strings.Contains(r.body, `value="`+fmt.Sprint(d.booked[0].ID)+`"`) {
			t.Fatal("the search offers a person already booked")
		}

		secondTrainer := d.h.signedIn(d.h.user("zweiter.trainer@example.de", wachsam.RoleTrainer))
		audits := d.h.auditCount()
		for _, r := range []response{
			secondTrainer.get(d.path("/ohne-anmeldung?suche=person")),
			secondTrainer.post(d.path("/ohne-anmeldung"), url.Values{"user_id": {fmt.Sprint(walkIn.ID)}}),
			secondTrainer.sendJSON(http.MethodPost, fmt.Sprintf("/api/v1/trainer/sessions/%d/walk-ins", d.session),
				map[string]any{"user_id": walkIn.ID, "day": d.day}),
			b.post(d.path("/ohne-anmeldung"), url.Values{"user_id": {fmt.Sprint(stranger.ID)}}),
			b.sendJSON(http.MethodPost, fmt.Sprintf("/api/v1/trainer/sessions/%d/walk-ins", d.session),
				map[string]any{"user_id": stranger.ID, "day": d.day}),
		} {
			if r.status != http.StatusNotFound {
				t.Errorf("status %d, want 404: %.200s", r.status, r.body)
			}
		}
		if d.count("walk_ins") != 0 || d.count("attendance") != 0 || d.h.auditCount() != audits {
			t.Fatal("a refused walk-in wrote something")
		}

		r = b.post(d.path("/ohne-anmeldung"), url.Values{"user_id": {fmt.Sprint(walkIn.ID)}})
		if r.status != http.StatusSeeOther || r.location != d.path("") {
			t.Fatalf("add: %d %s", r.status, r.body)
		}
		if d.count("walk_ins") != 1 || d.count("attendance") != 1 || d.count("bookings") != 2 {
			t.Fatalf("%d walk-ins, %d marks, %d bookings", d.count("walk_ins"), d.count("attendance"), d.count("bookings"))
		}
		if r := b.get(d.path("")); !strings.Contains(r.body, walkIn.Name) || !strings.Contains(r.body, "(ohne Anmeldung)") ||
			!strings.Contains(r.body, "2 von") {
			t.Fatal("the list does not show the walk-in, or the walk-in took a seat")
		}
		// The API: a second walk-in of the round; the same person again is a conflict.
		second := d.w.Staff[d.w.Municipalities[1].ID][0]
		if r := b.get(fmt.Sprintf("/api/v1/trainer/sessions/%d/walk-in-candidates?q=%s", d.session, url.QueryEscape(second.Email))); r.status != http.StatusOK ||
			!strings.Contains(r.body, second.Name) {
			t.Fatalf("API search: %d %s", r.status, r.body)
		}
		if r := b.sendJSON(http.MethodPost, fmt.Sprintf("/api/v1/trainer/sessions/%d/walk-ins", d.session),
			map[string]any{"user_id": second.ID, "day": d.day}); r.status != http.StatusCreated || !strings.Contains(r.body, `"walk_in":true`) {
			t.Fatalf("API add: %d %s", r.status, r.body)
		}
		if r := b.sendJSON(http.MethodPost, fmt.Sprintf("/api/v1/trainer/sessions/%d/walk-ins", d.session),
			map[string]any{"user_id": second.ID, "day": d.day}); r.status != http.StatusConflict {
			t.Fatalf("API add twice: %d %s", r.status, r.body)
		}
	})
}
