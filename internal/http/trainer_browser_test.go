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
		present := fmt.Sprintf("#anwesend-%d_%s", checkingIn.ID, d.day)
		if !trainer.checked(present) {
			t.Fatalf("%s checked in but is not shown present:\n%s", checkingIn.Name, trainer.pageText())
		}
		second := fmt.Sprintf("anwesend-%d_%s", ticked.ID, d.day)
		if trainer.checked("#" + second) {
			t.Fatal("the second person is ticked before the trainer ticked them")
		}
		tabRun(trainer, "tick "+second, chromedp.Click(chromedp.ID(second)))
		trainer.press("Anwesenheit speichern")
		trainer.shows(d.path(""), http.StatusOK, d.w.Topic.Name)
		if !trainer.checked(present) || !trainer.checked("#"+second) {
			t.Fatal("after saving, not both people are shown present")
		}
		if d.count("attendance") != 2 || d.count("completions") != 2 {
			t.Fatalf("%d marks, %d completions", d.count("attendance"), d.count("completions"))
		}
	})
}

// checked reads whether the checkbox matching selector is ticked.
func (b *chromiumTab) checked(selector string) bool {
	b.t.Helper()
	return tabRun(b, "read "+selector, chromedp.Evaluate[bool](fmt.Sprintf(`!!document.querySelector(%q)?.checked`, selector)))
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
