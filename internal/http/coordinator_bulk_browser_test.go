package http_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// TestBrowserCoordinatorBulkBooksAndReminds: from the round's page a
// coordinator opens the bulk booking, ticks a person and adds a whole
// department, reads who was booked where; then previews and sends the
// reminder to those still without a seat. axe checks every page, at a
// phone's width too.
func TestBrowserCoordinatorBulkBooksAndReminds(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{})
		town := w.Municipalities[0].ID
		staff := w.Staff[town]
		round := fmt.Sprintf("/koordination/runden/%d", w.Round.ID)

		b := newBrowser(t, h)
		b.boardSignIn(w.Coordinators[town])
		b.visit(round)
		b.follow("Sammelbuchung")
		page := round + "/sammelbuchung"
		b.shows(page, http.StatusOK, "Sammelbuchung")

		b.submit(page)
		b.shows(page, http.StatusUnprocessableEntity, "Sammelbuchung")
		if msg := b.text("#person-fehler"); !strings.Contains(msg, "mindestens eine Person") {
			t.Fatalf("message beside the list: %q", msg)
		}
		tabRun(b, "tick a person", chromedp.Click(chromedp.CSS(fmt.Sprintf(`input[name=person][value="%d"]`, staff[0].ID))))
		tabRun(b, "add the Bauamt", chromedp.SetValue(chromedp.ID("department"), fmt.Sprint(*staff[3].DepartmentID)))
		b.submit(page)
		b.shows(page, http.StatusOK, "Sammelbuchung")
		if msg := b.text("main [role=status]"); !strings.Contains(msg, "4 von 4 Personen gebucht") {
			t.Fatalf("result: %q", msg)
		}
		if rows := b.texts("#ergebnisse tbody tr"); len(rows) != 4 || !strings.Contains(rows[0], staff[0].Name) || !strings.Contains(rows[0], "gebucht:") {
			t.Fatalf("result rows: %q", rows)
		}

		b.follow("Erinnerungen senden")
		remind := round + "/erinnern"
		b.shows(remind, http.StatusOK, "Erinnern")
		if rows := b.texts("#empfaenger tbody tr"); len(rows) != 2 {
			t.Fatalf("recipients: %q", rows)
		}
		b.press("2 Erinnerungen senden")
		b.shows(remind, http.StatusOK, "Erinnern")
		if msg := b.text("[role=status]"); !strings.Contains(msg, "2 Personen erhalten eine Erinnerung") {
			t.Fatalf("after sending: %q", msg)
		}
	})
}
