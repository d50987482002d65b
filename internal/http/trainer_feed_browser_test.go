package http_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// TestBrowserTrainerSubscribesToTheCalendar: on a 320 px phone the trainer
// makes the calendar address on their sessions page, sees it once, and
// revokes it; every page passes axe and reflows (issue 14 §3).
func TestBrowserTrainerSubscribesToTheCalendar(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{})
		trainer := newBrowser(t, h)
		trainer.usePhone()
		trainer.visit("/anmelden")
		trainer.signInWithPassword(w.Trainer)
		trainer.shows("/", http.StatusOK, "Guten Tag")
		trainer.visit("/trainer/")
		trainer.shows("/trainer/", http.StatusOK, "Meine Termine")
		if text := trainer.pageText(); !strings.Contains(text, "Kalender abonnieren") || !strings.Contains(text, "noch keine Kalenderadresse") {
			t.Fatalf("no subscribe section:\n%s", text)
		}
		trainer.press("Kalenderadresse erzeugen")
		trainer.shows("/trainer/kalender", http.StatusOK, "Meine Termine")
		if got := trainer.value("#feed-url"); !strings.Contains(got, "/kalender/leitung/") || !strings.HasSuffix(got, ".ics") {
			t.Fatalf("address field %q", got)
		}
		trainer.press("Adresse sperren")
		trainer.shows("/trainer/", http.StatusOK, "Meine Termine")
		if msg := trainer.text(".alert-ok"); !strings.Contains(msg, "gesperrt") {
			t.Fatalf("confirmation %q", msg)
		}
	})
}
