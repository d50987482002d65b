package http_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/demo"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// screenshotDir is where the phone screenshots of docs/mobile.md live,
// relative to this package.
const screenshotDir = "../../docs/screenshots"

// TestScreenshotsOfThePhoneView rewrites docs/screenshots/*.png: the main
// page of each role on a phone 360 CSS px wide, with the demo data (`wachsam
// demo`). It runs only on request, because the pictures are committed:
//
//	WACHSAM_SCREENSHOTS=1 go test -count=1 -run TestScreenshotsOfThePhoneView ./internal/http/
//
// Every page it opens also passes the checks of shows (axe, no sideways
// scrolling at 320 and 1280 px).
func TestScreenshotsOfThePhoneView(t *testing.T) {
	if os.Getenv("WACHSAM_SCREENSHOTS") == "" {
		t.Skip("set WACHSAM_SCREENSHOTS=1 to rewrite docs/screenshots")
	}
	ctx := context.Background()
	db := storetest.OpenSQLite(t)
	h := newHarness(t, db)
	// The demo brings its own Stadt Lindenbach; the harness's empty one
	// would clash with its municipality key.
	for _, q := range []string{"DELETE FROM departments WHERE municipality_id = ?", "DELETE FROM municipalities WHERE id = ?"} {
		if _, err := db.NewRaw(q, h.town.ID).Exec(ctx); err != nil {
			t.Fatal(err)
		}
	}
	hash, err := h.accounts.Hasher.Hash(ctx, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := demo.Load(ctx, db, hash, h.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(screenshotDir, 0o755); err != nil {
		t.Fatal(err)
	}
	account := func(r wachsam.Role) *wachsam.User {
		users, err := db.Users(ctx, wachsam.UserFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for i := range users {
			if users[i].Email == string(r)+"@demo.wachsam.de" {
				return &users[i]
			}
		}
		t.Fatalf("no demo account for %s", r)
		return nil
	}
	phone := func(u *wachsam.User) *chromiumTab {
		b := newBrowser(t, h)
		b.width = 360
		b.restoreWidth()
		if u.Privileged() {
			b.boardSignIn(u)
		} else {
			b.visit("/anmelden")
			b.signInWithPassword(u)
		}
		return b
	}
	// shot opens path, checks it, and captures one phone screen of it,
	// scrolled to the element scrollTo when given.
	shot := func(b *chromiumTab, path, heading, name, scrollTo string) {
		t.Helper()
		b.visit(path)
		b.shows(b.path(), 200, heading)
		tabRun(b, "phone screen", chromedp.EmulateViewport(360, 760))
		if scrollTo != "" {
			tabRun(b, "scroll to "+scrollTo, chromedp.Evaluate[chromedp.Void](
				fmt.Sprintf(`document.querySelector(%q).scrollIntoView()`, scrollTo)))
		}
		png := tabRun(b, "screenshot "+name, chromedp.CaptureScreenshot())
		if err := os.WriteFile(filepath.Join(screenshotDir, name), png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d kB", name, len(png)/1024)
	}

	login := newBrowser(t, h)
	login.width = 360
	login.restoreWidth()
	shot(login, "/", "Anmelden", "01-anmelden.png", "")

	// The staff account books the first session it may, so that its pages
	// show a booking with "In den Kalender" and "Termin absagen".
	staffUser := account(wachsam.RoleStaff)
	rounds, err := db.OpenSessionsFor(ctx, staffUser.ID)
	if err != nil || len(rounds) == 0 || len(rounds[0].Sessions) == 0 {
		t.Fatalf("open sessions %v, %v", rounds, err)
	}
	if _, err := db.Book(ctx, wachsam.UserActor(staffUser), staffUser.ID, rounds[0].Sessions[0].ID); err != nil {
		t.Fatal(err)
	}
	staff := phone(staffUser)
	shot(staff, "/", "Guten Tag", "02-beschaeftigte-start.png", "")
	shot(staff, "/schulungen", "Meine Schulungen", "03-beschaeftigte-schulungen.png", "#buchungen")
	bookings, err := db.MyBookings(ctx, staffUser.ID)
	if err != nil || len(bookings) != 1 {
		t.Fatalf("bookings %v, %v", bookings, err)
	}
	shot(staff, fmt.Sprintf("/schulungen/buchungen/%d/stornieren", bookings[0].ID), "Termin absagen", "04-beschaeftigte-absagen.png", "")
	shot(phone(account(wachsam.RoleCoordinator)), "/", "Guten Tag", "05-koordination-start.png", "#aufgaben-koordination")
	shot(phone(account(wachsam.RoleCandidate)), "/pruefung", "", "06-pruefling-akte.png", "#fristen")
	shot(phone(account(wachsam.RoleExaminer)), "/pruefende", "", "07-pruefende.png", "")
	shot(phone(account(wachsam.RoleExamOffice)), "/", "Guten Tag", "08-pruefungsamt-start.png", "#aufgaben-amt")
	shot(phone(account(wachsam.RoleBoard)), "/", "Guten Tag", "09-ausschuss-start.png", "#aufgaben-ausschuss")

	// The trainer's attendance list on the day of their first session,
	// when the ticks can be set.
	trainer := account(wachsam.RoleTrainer)
	sessions, err := db.TrainerSessions(ctx, trainer.ID, h.location())
	if err != nil || len(sessions) == 0 {
		t.Fatalf("trainer sessions %v, %v", sessions, err)
	}
	first := sessions[0].Session
	h.clock.Set(first.StartsAt.Add(30 * time.Minute))
	shot(phone(trainer), fmt.Sprintf("/trainer/termine/%d", first.ID), "", "10-trainer-anwesenheit.png", "table")
}
