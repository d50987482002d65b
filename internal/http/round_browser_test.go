package http_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// roundChoose sets a select box, date or time field the way the browser's
// own picker would.
func (b *chromiumTab) roundChoose(id, value string) {
	b.t.Helper()
	tabRun(b, "choose #"+id, chromedp.SetValue(chromedp.ID(id), value))
}

// TestBrowserCoordinatorSetsUpARoundAndAllocates: a coordinator creates a
// round with a new topic in the form, sees it with its first session, looks
// at a session's participants and runs the allocation of the round that
// collects preferences; a member of staff ranks the sessions. Every page
// passes axe.
func TestBrowserCoordinatorSetsUpARoundAndAllocates(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{Mode: courses.ModeAllocation, StaffPerDepartment: 1})
		home := w.Municipalities[0]
		b := newBrowser(t, h)

		// A member of staff ranks the sessions.
		staff := w.Staff[home.ID][0]
		b.visit("/anmelden")
		b.signInWithPassword(staff)
		prefs := fmt.Sprintf("/schulungen/runden/%d/wuensche", w.Round.ID)
		b.visit(prefs)
		b.shows(prefs, http.StatusOK, "Wunschtermine")
		b.roundChoose(fmt.Sprintf("rank_%d", w.Round.Sessions[1].ID), "1")
		b.roundChoose(fmt.Sprintf("rank_%d", w.Round.Sessions[2].ID), "2")
		b.press("Wünsche speichern")
		b.shows(prefs, http.StatusOK, "Wunschtermine")
		if got, _ := db.Preferences(context.Background(), staff.ID, w.Round.ID); len(got.Sessions) != 2 || got.Sessions[0] != w.Round.Sessions[1].ID {
			t.Fatalf("preferences stored: %+v", got)
		}
		b.signOut()

		b.visit("/anmelden")
		b.signInWithPassword(w.Coordinators[home.ID])
		b.shows("/konto/zwei-faktor/einrichten", http.StatusOK, "einrichten")
		b.enrolWithApp()
		b.follow("Weiter")
		b.follow("Schulungsrunden")
		b.shows("/koordination/runden", http.StatusOK, "Schulungsrunden")

		b.follow("Neue Runde anlegen")
		b.shows("/koordination/runden/neu", http.StatusOK, "Neue Schulungsrunde")
		b.fill("name", "Phishing-Woche")
		b.roundChoose("topic", "neu")
		b.fill("new_topic_name", "Phishing erkennen")
		b.fill("municipality_share", "ein Drittel") // refused: not a share
		b.fill("cost", "1.250,00 €")
		b.roundChoose("date", "2027-02-02")
		b.fill("capacity", "12")
		b.roundChoose("trainer", fmt.Sprint(w.Trainer.ID))
		b.press("Runde anlegen")
		b.shows("/koordination/runden/neu", http.StatusUnprocessableEntity, "Neue Schulungsrunde")
		if msg := b.text("#municipality_share-fehler"); !strings.Contains(msg, "kein Anteil") {
			t.Fatalf("message %q", msg)
		}
		b.fill("municipality_share", "1/3")
		b.press("Runde anlegen")
		path := b.path()
		b.shows(path, http.StatusOK, "Phishing-Woche")
		if cells := b.pageText(); !strings.Contains(cells, "Di. 02.02.2027") || !strings.Contains(cells, "1.250,00 €") {
			t.Fatalf("round page:\n%s", cells)
		}

		// The round that collects preferences: its page, a session's
		// participants and the allocation.
		round := fmt.Sprintf("/koordination/runden/%d", w.Round.ID)
		b.visit(round)
		b.shows(round, http.StatusOK, w.Round.Name)
		b.follow("Teilnehmende")
		b.shows(fmt.Sprintf("%s/termine/%d", round, w.Round.Sessions[0].ID), http.StatusOK, "Teilnehmende")
		b.visit(round)
		b.follow("Wünsche und Zuteilung")
		b.shows(round+"/zuteilung", http.StatusOK, "Zuteilung")
		b.press("Zuteilung berechnen")
		b.shows(round+"/zuteilung", http.StatusOK, "Zuteilung")
		if !strings.Contains(b.pageText(), staff.Name) {
			t.Fatalf("allocation does not show %s:\n%s", staff.Name, b.pageText())
		}
		b.press("Zuteilung veröffentlichen und Buchung öffnen")
		b.shows(round+"/zuteilung", http.StatusOK, "Zuteilung")
		if r, _ := db.Round(context.Background(), w.Round.ID); r.Status != courses.StatusOpen {
			t.Fatalf("status %s after publishing", r.Status)
		}
		if n := h.roundCount("bookings", "user_id = ? AND session_id = ? AND source = ?", staff.ID, w.Round.Sessions[1].ID, "allocation"); n != 1 {
			t.Fatal("the first choice was not booked")
		}
	})
}
