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

// examinerChoose picks an option of a select box as a person would.
func (b *chromiumTab) examinerChoose(id, value string) {
	b.t.Helper()
	tabRun(b, "choose #"+id, chromedp.SetValue(chromedp.ID(id), value))
}

// TestBrowserExaminerGradesAndAnnounces: an examiner signs in (enrolling
// the second factor), opens a candidate from the overview, enters the part
// grades, sees the exact mean and the rounded grade (§5(4),(5)), and
// announces the results of the date. Every page passes axe.
func TestBrowserExaminerGradesAndAnnounces(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w := newExaminerWorld(t, db)
		w.register(0, "ISM")
		w.register(1, "ISM")
		b := newBrowser(t, w.h)
		b.visit("/anmelden")
		b.signInWithPassword(w.a.Examiners[0])
		b.shows("/konto/zwei-faktor/einrichten", http.StatusOK, "einrichten")
		b.enrolWithApp()
		b.follow("Weiter")
		b.follow("Bewertung")
		b.shows("/pruefende", http.StatusOK, "Bewertung")

		b.follow(w.a.Candidates[0].Number)
		page := w.attempt(w.ism, 0, "")
		b.shows(page, http.StatusOK, w.a.Users[0].Name)

		// A box left empty comes back with its message beside it.
		b.examinerChoose("bewertung-note-0", "1,7")
		b.press("Bewertung speichern")
		b.shows(w.attempt(w.ism, 0, "/bewertung"), http.StatusUnprocessableEntity, w.a.Users[0].Name)
		if msg := b.text("#bewertung-note-1-fehler"); !strings.Contains(msg, "Bitte wählen Sie die Note für Fallstudie (ISM-F)") {
			t.Fatalf("message beside the empty box: %q", msg)
		}
		b.examinerChoose("bewertung-note-1", "2,3")
		b.press("Bewertung speichern")
		b.shows(page, http.StatusOK, w.a.Users[0].Name)
		if msg := b.text("[role=status]"); !strings.Contains(msg, "Note 1,9 (gut), gewichtetes Mittel der Einzelleistungen (§5(4))") {
			t.Fatalf("after grading: %q", msg)
		}
		if result := b.text("#ergebnis"); !strings.Contains(result, "1,9") || !strings.Contains(result, "1,9 (gut)") || !strings.Contains(result, "noch nicht bekannt gegeben") {
			t.Fatalf("result shown: %q", result)
		}

		b.follow("Zurück zur Übersicht")
		b.shows("/pruefende", http.StatusOK, "Bewertung")
		b.press("Ergebnisse vom 12.10.2026 bekannt geben")
		b.shows("/pruefende", http.StatusOK, "Bewertung")
		if msg := b.text("[role=status]"); !strings.Contains(msg, "1 Prüfling wurde per E-Mail benachrichtigt") {
			t.Fatalf("after announcing: %q", msg)
		}
		rows := b.texts(fmt.Sprintf("#termin-%d + table tbody tr", w.ism))
		if len(rows) != 2 || !strings.Contains(rows[0], "am 22.11.2026") || !strings.Contains(rows[1], "noch nicht") {
			t.Fatalf("rows after announcing: %q", rows)
		}
	})
}
