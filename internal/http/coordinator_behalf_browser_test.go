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

// TestBrowserCoordinatorBooksOnBehalfAndStaffSeeTheirStatus: a coordinator
// opens a person from the staff list, is refused without a reason (the
// message beside the field), books with one; the person then finds the
// session on their status page. axe checks every page.
func TestBrowserCoordinatorBooksOnBehalfAndStaffSeeTheirStatus(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{})
		town := w.Municipalities[0].ID
		person := w.Staff[town][0]
		session := w.Round.Sessions[1].ID

		b := newBrowser(t, h)
		b.boardSignIn(w.Coordinators[town])
		b.visit("/koordination/beschaeftigte")
		b.shows("/koordination/beschaeftigte", http.StatusOK, "Beschäftigte")
		b.follow(person.Name)
		page := behalfPath(person.ID, "")
		b.shows(page, http.StatusOK, "Buchungen von "+person.Name)

		tabRun(b, "choose the session", chromedp.SetValue(chromedp.ID("session-buchen"), fmt.Sprint(session)))
		b.submit(page)
		b.shows(page, http.StatusUnprocessableEntity, "Buchungen von")
		if msg := b.text("#reason-buchen-fehler"); !strings.Contains(msg, "Bitte geben Sie einen Grund an") {
			t.Fatalf("message beside the reason: %q", msg)
		}
		tabRun(b, "choose the session", chromedp.SetValue(chromedp.ID("session-buchen"), fmt.Sprint(session)))
		b.fill("reason-buchen", "Abteilung meldet an")
		b.submit(page)
		b.shows(page, http.StatusOK, "Buchungen von")
		if msg := b.text("[role=status]"); !strings.Contains(msg, "erhält eine E-Mail mit dem Termin") {
			t.Fatalf("after booking: %q", msg)
		}
		if rows := b.texts("#buchungen tbody tr"); len(rows) != 1 {
			t.Fatalf("bookings shown: %q", rows)
		}

		staff := newBrowser(t, h)
		staff.visit("/anmelden")
		staff.signInWithPassword(person)
		staff.follow("Mein Schulungsstand")
		staff.shows("/schulungen/mein-stand", http.StatusOK, "Mein Schulungsstand")
		if next := staff.text("#naechster-ort"); !strings.Contains(next, "Rathaus Eichhausen") {
			t.Fatalf("next session's place: %q", next)
		}
		if rows := staff.texts("#stand tbody tr"); len(rows) != 1 || !strings.Contains(rows[0], "Gebucht für") {
			t.Fatalf("topics: %q", rows)
		}
	})
}
