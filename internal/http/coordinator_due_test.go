package http_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// completeTopic records a completed training directly, as the attendance pages
// would on the last day of a session.
func (h *harness) completeTopic(u *wachsam.User, w *storetest.Neighbours, on string) {
	h.t.Helper()
	_, err := h.db.NewRaw("INSERT INTO completions (user_id, topic_id, session_id, completed_on, created_at) VALUES (?, ?, ?, ?, ?)",
		u.ID, w.Topic.ID, w.Round.Sessions[0].ID, wachsam.MustDate(on), h.clock.Now().UTC()).Exec(context.Background())
	if err != nil {
		h.t.Fatal(err)
	}
}

// TestDueListOnTheLastDayAndTheDayAfter: a completion on 2025-11-22 with
// twelve months' validity is due by 2026-11-22; that day it is "bald
// fällig", the next day "überfällig".
func TestDueListOnTheLastDayAndTheDayAfter(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db) // 2026-11-22 10:00 in Berlin
		w := h.neighbours(storetest.NeighbourOptions{StaffPerDepartment: 1})
		town := w.Municipalities[0]
		trained := w.Staff[town.ID][0]
		h.completeTopic(trained, w, "2025-11-22")
		b := coordinatorOf(h, w, 0)

		soon := b.get("/koordination/faelligkeiten?status=bald-faellig")
		if soon.status != http.StatusOK || !strings.Contains(soon.body, trained.Name) ||
			!strings.Contains(soon.body, "22.11.2025") || !strings.Contains(soon.body, "22.11.2026") {
			t.Fatalf("on the last valid day the person is not listed as bald fällig (status %d)", soon.status)
		}
		all := b.get("/koordination/faelligkeiten")
		if !strings.Contains(all.body, "1 überfällig</strong>, 1 bald fällig") || !strings.Contains(all.body, w.Topic.Name) {
			t.Errorf("counts on the last valid day wrong")
		}
		for _, p := range w.Staff[w.Municipalities[1].ID] {
			if strings.Contains(all.body, p.Name) {
				t.Errorf("due list shows %s of another town", p.Name)
			}
		}

		h.clock.Advance(24 * time.Hour)
		b = h.browser() // the session has timed out overnight
		b.login(w.Coordinators[town.ID])
		if r := b.get("/koordination/faelligkeiten?status=bald-faellig"); strings.Contains(r.body, trained.Name) {
			t.Error("the day after, the person is still bald fällig")
		}
		over := b.get("/koordination/faelligkeiten?status=ueberfaellig")
		if !strings.Contains(over.body, trained.Name) || !strings.Contains(over.body, "2 überfällig</strong>, 0 bald fällig") {
			t.Error("the day after, the person is not überfällig")
		}

		r := b.get("/api/v1/due?status=overdue")
		var out struct {
			Today string `json:"today"`
			Rows  []struct {
				UserID int64   `json:"user_id"`
				Last   *string `json:"last_completed"`
				Next   *string `json:"next_due"`
				Status string  `json:"status"`
			} `json:"rows"`
		}
		if r.status != http.StatusOK || json.Unmarshal([]byte(r.body), &out) != nil || out.Today != "2026-11-23" || len(out.Rows) != 2 {
			t.Fatalf("API: status %d %s", r.status, r.body)
		}
		for _, row := range out.Rows {
			if row.Status != "overdue" || (row.UserID == trained.ID && (row.Next == nil || *row.Next != "2026-11-22")) ||
				(row.UserID != trained.ID && row.Last != nil) {
				t.Errorf("API row %+v", row)
			}
		}
		if r := b.get("/api/v1/due?status=bald"); r.status != http.StatusUnprocessableEntity {
			t.Errorf("unknown filter: status %d", r.status)
		}
	})
}
