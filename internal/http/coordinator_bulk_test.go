package http_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

func bulkPath(roundID int64, rest string) string {
	return fmt.Sprintf("/koordination/runden/%d/%s", roundID, rest)
}

func (h *harness) reminderJobs() int {
	h.t.Helper()
	n, err := h.db.NewSelect().Table("jobs").Where("kind = ?", wachsam.RoundReminderJob).Count(context.Background())
	if err != nil {
		h.t.Fatal(err)
	}
	return int(n)
}

// A coordinator ticks people and a whole department on the round's page;
// the result names where each is booked and why someone is not.
func TestCoordinatorBulkBooksOnThePage(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{})
		town := w.Municipalities[0].ID
		staff := w.Staff[town]
		b := coordinatorOf(h, w, 0)
		page := bulkPath(w.Round.ID, "sammelbuchung")
		staffWantPage(t, b.get(fmt.Sprintf("/koordination/runden/%d", w.Round.ID)), http.StatusOK, `href="`+page+`"`)
		staffWantPage(t, b.get(page), http.StatusOK, "Sammelbuchung", staff[0].Name, "Bürgerbüro (3 ohne Termin)")
		h.staffUnchanged("nobody chosen", func() {
			staffWantPage(t, b.post(page, url.Values{"reason": {"x"}}), http.StatusUnprocessableEntity, `id="person-fehler"`)
			staffWantPage(t, b.post(page, url.Values{"person": {"abc"}, "reason": {"x"}}), http.StatusUnprocessableEntity, "ungültige Personennummer")
			staffWantPage(t, b.post(page, url.Values{"person": {fmt.Sprint(staff[0].ID)}, "reason": {" "}}), http.StatusUnprocessableEntity, `id="reason-fehler"`)
		})
		bauamt := fmt.Sprint(*staff[3].DepartmentID)
		r := b.post(page, url.Values{"person": {fmt.Sprint(staff[0].ID)}, "department": {bauamt}, "reason": {"Sammelbuchung"}})
		staffWantPage(t, r, http.StatusOK, "4 von 4 Personen gebucht", staff[0].Name, staff[5].Name)
		if h.staffActiveBookings() != 4 {
			t.Fatalf("%d bookings, want 4", h.staffActiveBookings())
		}
		r = b.post(page, url.Values{"person": {fmt.Sprint(staff[0].ID), fmt.Sprint(staff[1].ID)}, "reason": {"Sammelbuchung"}})
		staffWantPage(t, r, http.StatusOK, "1 von 2 Personen gebucht", "nicht gebucht:", "bereits einen Termin")
	})
}

// A coordinator of town A cannot book town B's staff nor use town B's
// department, nor reach a round of another group; nothing is written.
func TestCoordinatorBulkStaysInTheTown(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{})
		mine, theirs := w.Municipalities[0].ID, w.Municipalities[1].ID
		stranger := w.Staff[theirs][0]
		b := coordinatorOf(h, w, 0)
		page := bulkPath(w.Round.ID, "sammelbuchung")
		api := fmt.Sprintf("/api/v1/rounds/%d/bulk-bookings", w.Round.ID)
		tooMany := make([]int64, 10_001)
		for i := range tooMany {
			tooMany[i] = int64(i + 1)
		}
		h.staffUnchanged("foreign people and bad lists", func() {
			staffWantPage(t, b.post(page, url.Values{"person": {fmt.Sprint(w.Staff[mine][0].ID), fmt.Sprint(stranger.ID)}, "reason": {"x"}}),
				http.StatusUnprocessableEntity, "nicht zu den aktiven Beschäftigten Ihrer Kommune")
			staffWantPage(t, b.post(page, url.Values{"department": {fmt.Sprint(*stranger.DepartmentID)}, "reason": {"x"}}),
				http.StatusUnprocessableEntity, `id="department-fehler"`)
			// 1,001 people are refused beside the list; 10,001 already at
			// the door, as a body too large for a form.
			many := url.Values{"reason": {"x"}}
			for _, id := range tooMany[:1001] {
				many.Add("person", fmt.Sprint(id))
			}
			staffWantPage(t, b.post(page, many), http.StatusUnprocessableEntity, "höchstens 1000 Personen")
			for _, id := range tooMany[1001:] {
				many.Add("person", fmt.Sprint(id))
			}
			staffWantPage(t, b.post(page, many), http.StatusRequestEntityTooLarge)
			staffWantPage(t, b.get(bulkPath(99_999_999, "sammelbuchung")), http.StatusNotFound)
			staffWantPage(t, b.get("/koordination/runden/abc/sammelbuchung"), http.StatusNotFound)
			wantProblem(t, b.sendJSON(http.MethodPost, api, map[string]any{"user_ids": []int64{w.Staff[mine][0].ID, stranger.ID}, "reason": "x"}),
				http.StatusUnprocessableEntity, "user_ids")
			wantProblem(t, b.sendJSON(http.MethodPost, api, map[string]any{"user_ids": []int64{}, "reason": "x"}), http.StatusUnprocessableEntity, "user_ids")
			wantProblem(t, b.sendJSON(http.MethodPost, api, map[string]any{"user_ids": tooMany, "reason": "x"}), http.StatusUnprocessableEntity, "user_ids")
			wantProblem(t, b.sendJSON(http.MethodPost, api, map[string]any{"department_id": *stranger.DepartmentID, "reason": "x"}),
				http.StatusUnprocessableEntity, "department_id")
			wantProblem(t, b.sendJSON(http.MethodPost, "/api/v1/rounds/99999999/bulk-bookings", map[string]any{"user_ids": []int64{w.Staff[mine][0].ID}, "reason": "x"}),
				http.StatusNotFound, "")
			wantProblem(t, b.sendJSON(http.MethodPost, api, map[string]any{"user_ids": []int64{w.Staff[mine][0].ID}}), http.StatusUnprocessableEntity, "reason")
			wantProblem(t, b.sendJSON(http.MethodPost, api, map[string]any{"user_ids": "alle"}), http.StatusBadRequest, "")
		})
		// Staff cannot use it at all.
		self := h.signedIn(w.Staff[mine][0])
		h.staffUnchanged("staff", func() { staffWantPage(t, self.post(page, url.Values{"reason": {"x"}}), http.StatusForbidden) })
	})
}

// The API books and reports per person.
func TestCoordinatorBulkBookingAPI(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{})
		staff := w.Staff[w.Municipalities[0].ID]
		b := coordinatorOf(h, w, 0)
		r := b.sendJSON(http.MethodPost, fmt.Sprintf("/api/v1/rounds/%d/bulk-bookings", w.Round.ID),
			map[string]any{"user_ids": []int64{staff[0].ID, staff[0].ID}, "department_id": *staff[3].DepartmentID, "reason": "Sammelbuchung"})
		var got struct {
			Booked    int `json:"booked"`
			NotBooked int `json:"not_booked"`
			Results   []struct {
				Person struct {
					ID int64 `json:"id"`
				} `json:"person"`
				Booked  bool `json:"booked"`
				Booking *struct {
					SessionID int64 `json:"session_id"`
				} `json:"booking"`
			} `json:"results"`
		}
		if r.status != http.StatusOK || json.Unmarshal([]byte(r.body), &got) != nil {
			t.Fatalf("%d %s", r.status, r.body)
		}
		if got.Booked != 4 || got.NotBooked != 0 || len(got.Results) != 4 || got.Results[0].Person.ID != staff[0].ID ||
			got.Results[0].Booking == nil || got.Results[0].Booking.SessionID != w.Round.Sessions[0].ID {
			t.Fatalf("answer %s", r.body)
		}
	})
}

// The reminder page previews whom a reminder reaches, sends once and says
// so; a second send the same day queues nothing. Town B's staff never
// appear, and the API does the same.
func TestCoordinatorRemindsOnThePageAndAPI(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{})
		mine := w.Municipalities[0].ID
		stranger := w.Staff[w.Municipalities[1].ID][0]
		if _, err := db.Book(context.Background(), wachsam.UserActor(w.Staff[mine][0]), w.Staff[mine][0].ID, w.Round.Sessions[0].ID); err != nil {
			t.Fatal(err)
		}
		b := coordinatorOf(h, w, 0)
		page := bulkPath(w.Round.ID, "erinnern")
		r := b.get(page)
		staffWantPage(t, r, http.StatusOK, "5 Personen erhalten eine Erinnerung", "5 Erinnerungen senden", w.Staff[mine][1].Name)
		if strings.Contains(r.body, stranger.Name) || strings.Contains(r.body, w.Staff[mine][0].Name) {
			t.Fatal("the preview lists someone it must not")
		}
		staffWantPage(t, b.get(page+"?gruppe="+string(courses.RemindNoPreferences)), http.StatusOK, "werden keine Wünsche gesammelt")
		staffWantPage(t, b.get(page+"?gruppe=alle"), http.StatusUnprocessableEntity, `id="group-fehler"`)
		if h.reminderJobs() != 0 {
			t.Fatal("a preview queued reminders")
		}
		r = b.post(page, url.Values{"gruppe": {string(courses.RemindNotBooked)}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("send: %d %s", r.status, r.body)
		}
		staffWantPage(t, b.get(r.location), http.StatusOK, "5 Personen erhalten eine Erinnerung per E-Mail.")
		r = b.post(page, url.Values{"gruppe": {string(courses.RemindNotBooked)}})
		staffWantPage(t, b.get(r.location), http.StatusOK, "Niemand erhält eine neue Erinnerung. 5 Personen wurden heute bereits erinnert")
		if h.reminderJobs() != 5 {
			t.Fatalf("%d reminder jobs, want 5", h.reminderJobs())
		}

		api := fmt.Sprintf("/api/v1/rounds/%d/reminders", w.Round.ID)
		r = b.get(api + "?group=not_booked")
		if r.status != http.StatusOK || !strings.Contains(r.body, `"already_reminded_today":5`) || !strings.Contains(r.body, `"recipients":[]`) {
			t.Fatalf("api preview %d %s", r.status, r.body)
		}
		wantProblem(t, b.get(api+"?group=x"), http.StatusUnprocessableEntity, "group")
		wantProblem(t, b.sendJSON(http.MethodPost, api, map[string]string{"group": "no_preferences"}), http.StatusConflict, "")
		other := coordinatorOf(h, w, 1)
		r = other.sendJSON(http.MethodPost, api, map[string]string{"group": "not_booked"})
		if r.status != http.StatusOK || !strings.Contains(r.body, stranger.Name) || strings.Contains(r.body, w.Staff[mine][1].Name) {
			t.Fatalf("town B's run: %d %s", r.status, r.body)
		}
		wantProblem(t, b.sendJSON(http.MethodPost, "/api/v1/rounds/99999999/reminders", map[string]string{"group": "not_booked"}), http.StatusNotFound, "")
	})
}
