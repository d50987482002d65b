package http_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// A coordinator corrects a forgotten tick through the API the day after the
// session; without a reason the answer is problem details and nothing
// changes; a coordinator of another town reaches neither the person nor
// the session.
func TestCoordinatorCorrectsAttendanceWithAReason(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		d := newTrainerDay(t, db)
		person := d.booked[0] // staff of the first town
		d.at(time.Date(2026, 12, 2, 9, 0, 0, 0, d.h.location()))
		body := map[string]any{"session_id": d.session, "user_id": person.ID, "day": d.day, "present": true, "reason": ""}
		b := coordinatorOf(d.h, d.w, 0)

		audits := d.h.auditCount()
		r := b.sendJSON(http.MethodPost, "/api/v1/attendance/corrections", body)
		if r.status != http.StatusUnprocessableEntity || !strings.HasPrefix(r.header.Get("Content-Type"), "application/problem+json") ||
			!strings.Contains(r.body, "Grund") || d.count("attendance") != 0 || d.h.auditCount() != audits {
			t.Fatalf("without a reason: %d %s", r.status, r.body)
		}
		body["reason"] = "Teilnahme bestätigt, Haken vergessen"
		if r := coordinatorOf(d.h, d.w, 1).sendJSON(http.MethodPost, "/api/v1/attendance/corrections", body); r.status != http.StatusNotFound {
			t.Fatalf("another town's coordinator: %d %s", r.status, r.body)
		}
		if r := b.sendJSON(http.MethodPost, "/api/v1/attendance/corrections", body); r.status != http.StatusOK {
			t.Fatalf("correction: %d %s", r.status, r.body)
		}
		if d.count("attendance") != 1 || d.count("completions") != 1 {
			t.Fatalf("%d marks, %d completions after the correction", d.count("attendance"), d.count("completions"))
		}
		if r := d.h.signedIn(person).sendJSON(http.MethodPost, "/api/v1/attendance/corrections", body); r.status != http.StatusForbidden && r.status != http.StatusNotFound {
			t.Fatalf("staff may not correct: %d", r.status)
		}
	})
}
