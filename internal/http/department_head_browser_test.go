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

// TestBrowserDepartmentHead: the coordinator appoints a head on the staff
// page; the head signs in with a second factor, finds the department on
// the start page, opens a member and books for them. axe and the 320 px
// reflow check every page on the way.
func TestBrowserDepartmentHead(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{})
		town := w.Municipalities[0].ID
		head, member := w.Staff[town][0], w.Staff[town][1]

		c := newBrowser(t, h)
		c.boardSignIn(w.Coordinators[town])
		c.visit("/koordination/beschaeftigte")
		c.shows("/koordination/beschaeftigte", http.StatusOK, "Beschäftigte")
		c.submit(fmt.Sprintf("/koordination/beschaeftigte/%d/abteilungsleitung", head.ID))
		c.shows("/koordination/beschaeftigte", http.StatusOK, "Beschäftigte")
		if msg := c.text("[role=status]"); !strings.Contains(msg, "leitet jetzt ihre Abteilung") {
			t.Fatalf("after appointing: %q", msg)
		}

		b := newBrowser(t, h)
		b.boardSignIn(head)
		if text := b.text("#abteilung-ueberfaellig"); !strings.Contains(text, "3 Beschäftigte sind überfällig") {
			t.Fatalf("start page: %q", text)
		}
		b.follow("3 Beschäftigte sind überfällig")
		b.shows("/abteilung", http.StatusOK, "Abteilung Bürgerbüro")
		if rows := b.texts("#abteilung tbody tr"); len(rows) != 3 {
			t.Fatalf("rows: %q", rows)
		}
		b.follow(member.Name)
		page := headPath(member.ID, "")
		b.shows(page, http.StatusOK, "Buchungen von "+member.Name)
		tabRun(b, "choose the session", chromedp.SetValue(chromedp.ID("session-buchen"), fmt.Sprint(w.Round.Sessions[0].ID)))
		b.fill("reason-buchen", "Abteilung meldet an")
		b.submit(page)
		b.shows(page, http.StatusOK, "Buchungen von")
		if msg := b.text("[role=status]"); !strings.Contains(msg, "erhält eine E-Mail mit dem Termin") {
			t.Fatalf("after booking: %q", msg)
		}
		b.follow("Zurück zur Abteilung")
		b.shows("/abteilung", http.StatusOK, "Abteilung Bürgerbüro")
		if text := b.text("#abteilung"); !strings.Contains(text, "Rathaus Lindenbach") {
			t.Fatalf("the booked session is not listed: %q", text)
		}
	})
}
