package http_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// TestBrowserCoordinatorCorrectsAttendance: the day after the session, on a
// 320 px phone, the coordinator opens "Anwesenheit korrigieren" from the
// start page, picks the person, sends the form without a reason (the
// message stands beside the field, nothing is written), then with one.
func TestBrowserCoordinatorCorrectsAttendance(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		d := newTrainerDay(t, db)
		person := d.booked[0]
		d.at(time.Date(2026, 12, 2, 9, 0, 0, 0, d.h.location()))
		b := newBrowser(t, d.h)
		b.usePhone()
		b.visit("/anmelden")
		b.signInWithPassword(d.w.Coordinators[d.w.Municipalities[0].ID])
		b.shows("/konto/zwei-faktor/einrichten", http.StatusOK, "einrichten")
		b.enrolWithApp()
		b.follow("Weiter")
		b.shows("/", http.StatusOK, "Guten Tag")
		b.follow("Anwesenheit korrigieren")
		b.shows("/koordination/anwesenheit", http.StatusOK, "Anwesenheit korrigieren")
		b.follow("Korrigieren: " + person.Name)
		b.shows("/koordination/anwesenheit/korrektur", http.StatusOK, "Anwesenheit korrigieren")
		b.press("Korrektur speichern")
		b.shows("/koordination/anwesenheit/korrektur", http.StatusUnprocessableEntity, "Anwesenheit korrigieren")
		if msg := b.text("#reason-fehler"); !strings.Contains(msg, "Grund") {
			t.Fatalf("message beside the reason %q", msg)
		}
		if d.count("attendance") != 0 {
			t.Fatal("a correction without a reason was written")
		}
		// The refused form came back with an empty textarea, which
		// chromedp cannot clear; typing into it is what a person does.
		tabRun(b, "type the reason", chromedp.SendKeys(chromedp.ID("reason"), "Teilnahme laut Trainerin, Eintrag vergessen"))
		b.press("Korrektur speichern")
		b.shows("/koordination/anwesenheit", http.StatusOK, "Anwesenheit korrigieren")
		if msg := b.text(".alert-ok"); !strings.Contains(msg, "korrigiert") {
			t.Fatalf("confirmation %q", msg)
		}
		if d.count("attendance") != 1 || d.count("completions") != 1 {
			t.Fatalf("%d marks, %d completions", d.count("attendance"), d.count("completions"))
		}
	})
}
