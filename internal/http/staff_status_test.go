package http_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// The status page shows each topic with its state and next step, the next
// booked session with its place, and the person's own history — and
// nothing of a colleague's.
func TestStaffStatusPage(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db) // 2026-11-22 10:00 in Berlin
		w := h.neighbours(storetest.NeighbourOptions{})
		town := w.Staff[w.Municipalities[0].ID]
		trained, never := town[0], town[1]
		// Twelve months' validity, reminders 30 days before: due by today.
		h.completeTopic(trained, w, "2025-11-22")
		if _, err := db.Book(context.Background(), wachsam.UserActor(trained), trained.ID, w.Round.Sessions[1].ID); err != nil {
			t.Fatal(err)
		}

		mine := h.signedIn(trained).get("/schulungen/mein-stand")
		staffWantPage(t, mine, http.StatusOK, "Mein Schulungsstand", "Informationssicherheit im Rathaus",
			"bald fällig", "22.11.2025", "22.11.2026", "Gebucht für", "bitte nehmen Sie teil",
			`id="naechster-ort">Rathaus Eichhausen`, "Besuchte Schulungen", `href="/schulungen/buchungen/`)

		theirs := h.signedIn(never).get("/schulungen/mein-stand")
		staffWantPage(t, theirs, http.StatusOK, "überfällig", "noch nie", "Bitte buchen Sie so bald wie möglich einen Termin.",
			"Sie haben zurzeit keinen Termin gebucht.", "Sie haben noch keine Schulung abgeschlossen.")
		if strings.Contains(theirs.body, "22.11.2025") || strings.Contains(theirs.body, "Rathaus Eichhausen") {
			t.Fatal("a colleague's history or booking shows on the page")
		}
		// Only staff have the page.
		staffWantPage(t, coordinatorOf(h, w, 0).get("/schulungen/mein-stand"), http.StatusForbidden)
	})
}
