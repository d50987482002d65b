package http_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// TestBrowserTrainerCheckInAndAttendance: on the session's day the trainer
// puts the check-in code on the projector; a booked member of staff, in a
// browser of their own, checks in with it; the trainer's list shows them
// present, and the trainer ticks a second person and saves.
func TestBrowserTrainerCheckInAndAttendance(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		d := newTrainerDay(t, db)
		checkingIn, ticked := d.booked[0], d.booked[1]

		trainer := newBrowser(t, d.h)
		trainer.visit("/anmelden")
		trainer.signInWithPassword(d.w.Trainer)
		trainer.shows("/", http.StatusOK, "Guten Tag")
		trainer.follow("Meine Termine")
		trainer.shows("/trainer", http.StatusOK, "Meine Termine")
		trainer.follow("01.12.2026")
		trainer.shows(d.path(""), http.StatusOK, d.w.Topic.Name)
		trainer.follow("Code zum Einchecken anzeigen")
		trainer.shows(d.path("/code"), http.StatusOK, "Code zum Einchecken")
		code := trainer.text("#checkin-code")
		if len(code) != 6 {
			t.Fatalf("code on screen %q", code)
		}

		staff := trainer.otherPerson()
		staff.visit("/anmelden")
		staff.signInWithPassword(checkingIn)
		staff.shows("/", http.StatusOK, "Guten Tag")
		staff.visit("/schulungen/einchecken")
		staff.shows("/schulungen/einchecken", http.StatusOK, "Einchecken")
		staff.fill("code", "123 45")
		staff.press("Einchecken")
		staff.shows("/schulungen/einchecken", http.StatusUnprocessableEntity, "Einchecken")
		staff.fill("code", code)
		staff.press("Einchecken")
		staff.shows("/schulungen/einchecken", http.StatusOK, "Einchecken")
		if msg := staff.text(".alert-ok"); !strings.Contains(msg, "eingecheckt") {
			t.Fatalf("confirmation %q", msg)
		}

		trainer.follow("Zurück zum Termin")
		trainer.shows(d.path(""), http.StatusOK, d.w.Topic.Name)
		present := fmt.Sprintf("#status-%d_%s", checkingIn.ID, d.day)
		if trainer.value(present) != "present" {
			t.Fatalf("%s checked in but is not shown present:\n%s", checkingIn.Name, trainer.pageText())
		}
		second := fmt.Sprintf("status-%d_%s", ticked.ID, d.day)
		if trainer.value("#"+second) != "" {
			t.Fatal("the second person has a status before the trainer chose one")
		}
		trainer.choose(second, "present")
		trainer.press("Anwesenheit speichern")
		trainer.shows(d.path(""), http.StatusOK, d.w.Topic.Name)
		if trainer.value(present) != "present" || trainer.value("#"+second) != "present" {
			t.Fatal("after saving, not both people are shown present")
		}
		if d.count("attendance") != 2 || d.count("completions") != 2 {
			t.Fatalf("%d marks, %d completions", d.count("attendance"), d.count("completions"))
		}
	})
}

// value reads the value of the form field matching selector.
func (b *chromiumTab) value(selector string) string {
	b.t.Helper()
	return tabRun(b, "read "+selector, chromedp.Evaluate[string](fmt.Sprintf(`document.querySelector(%q)?.value ?? "missing"`, selector)))
}

// choose picks the option with value in the select with the id, as a
// person would with the keyboard or a tap.
func (b *chromiumTab) choose(id, value string) {
	b.t.Helper()
	tabRun(b, "choose "+value+" in #"+id, chromedp.SetValue(chromedp.ID(id), value))
}

// otherPerson opens a tab in a separate browser context of the same
// Chromium: its own cookies, as on another person's telephone, without
// starting a second browser.
func (b *chromiumTab) otherPerson() *chromiumTab {
	b.t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	b.t.Cleanup(cancel)
	// As in newBrowser: axe must run whatever the page's policy says.
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tab *chromedp.Target) error {
		_, err := cdp.Call(ctx, tab, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true})
		return err
	}))
	if err != nil {
		b.t.Fatalf("open a second browser context: %v", err)
	}
	return &chromiumTab{t: b.t, h: b.h, ctx: ctx, axe: b.axe}
}

// TestBrowserCheckInRefusedBeforeTheStart: at 08:29 on the session's day,
// a minute before the list opens (30 minutes before 09:00), a booked member
// of staff types the room's current code and is told in German from when
// checking in is possible; nothing is recorded. At 08:30 the same page
// accepts the code.
func TestBrowserCheckInRefusedBeforeTheStart(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		d := newTrainerDay(t, db)
		loc := d.h.location()
		_, secret, err := db.CheckInCodeFor(context.Background(), d.w.Trainer.ID, d.session, loc)
		if err != nil {
			t.Fatal(err)
		}
		d.at(time.Date(2026, 12, 1, 8, 29, 0, 0, loc))
		staff := newBrowser(t, d.h)
		staff.visit("/anmelden")
		staff.signInWithPassword(d.booked[0])
		staff.shows("/", http.StatusOK, "Guten Tag")
		staff.visit("/schulungen/einchecken")
		staff.shows("/schulungen/einchecken", http.StatusOK, "Einchecken")
		staff.fill("code", courses.CheckInCode(secret, d.h.clock.Now()))
		staff.press("Einchecken")
		staff.shows("/schulungen/einchecken", http.StatusConflict, "Einchecken")
		if text := staff.pageText(); !strings.Contains(text, "kann erst ab 08:30 Uhr erfasst werden") {
			t.Fatalf("no German refusal naming the opening time:\n%s", text)
		}
		if d.count("attendance") != 0 {
			t.Fatal("a refused check-in recorded attendance")
		}

		d.at(time.Date(2026, 12, 1, 8, 30, 0, 0, loc))
		staff.fill("code", courses.CheckInCode(secret, d.h.clock.Now()))
		staff.press("Einchecken")
		staff.shows("/schulungen/einchecken", http.StatusOK, "Einchecken")
		if msg := staff.text(".alert-ok"); !strings.Contains(msg, "eingecheckt") {
			t.Fatalf("confirmation %q", msg)
		}
	})
}

// TestBrowserTrainerSetsStatusesAndAddsAWalkIn: on a 320 px phone the
// trainer marks one booked person excused and the other present, then adds
// a person of another municipality of the round who came without booking,
// found by e-mail; the list shows the walk-in present and the seats
// unchanged (issue 12 §4).
func TestBrowserTrainerSetsStatusesAndAddsAWalkIn(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		d := newTrainerDay(t, db)
		walkIn := d.w.Staff[d.w.Municipalities[1].ID][0]
		trainer := newBrowser(t, d.h)
		trainer.usePhone()
		trainer.visit("/anmelden")
		trainer.signInWithPassword(d.w.Trainer)
		trainer.shows("/", http.StatusOK, "Guten Tag")
		trainer.visit(d.path(""))
		trainer.shows(d.path(""), http.StatusOK, d.w.Topic.Name)
		excused, present := fmt.Sprintf("status-%d_%s", d.booked[0].ID, d.day), fmt.Sprintf("status-%d_%s", d.booked[1].ID, d.day)
		trainer.choose(excused, "excused")
		trainer.choose(present, "present")
		trainer.press("Anwesenheit speichern")
		trainer.shows(d.path(""), http.StatusOK, d.w.Topic.Name)
		if trainer.value("#"+excused) != "excused" || trainer.value("#"+present) != "present" {
			t.Fatalf("statuses after saving: %q, %q", trainer.value("#"+excused), trainer.value("#"+present))
		}
		if d.count("attendance") != 1 || d.count("attendance_statuses") != 1 {
			t.Fatalf("%d marks, %d statuses", d.count("attendance"), d.count("attendance_statuses"))
		}

		trainer.follow("Ohne Anmeldung teilgenommen hinzufügen")
		trainer.shows(d.path("/ohne-anmeldung"), http.StatusOK, "Ohne Anmeldung")
		trainer.fill("suche", walkIn.Email)
		trainer.press("Suchen")
		trainer.shows(d.path("/ohne-anmeldung"), http.StatusOK, "Ohne Anmeldung")
		trainer.press("Hinzufügen: " + walkIn.Name)
		trainer.shows(d.path(""), http.StatusOK, d.w.Topic.Name)
		if msg := trainer.text(".alert-ok"); !strings.Contains(msg, "ohne Anmeldung") {
			t.Fatalf("confirmation %q", msg)
		}
		if got := trainer.value(fmt.Sprintf("#status-%d_%s", walkIn.ID, d.day)); got != "present" {
			t.Fatalf("the walk-in is %q, want present:\n%s", got, trainer.pageText())
		}
		if !strings.Contains(trainer.pageText(), "2 von") || d.count("bookings") != 2 || d.count("walk_ins") != 1 {
			t.Fatal("the walk-in took a seat")
		}
	})
}
