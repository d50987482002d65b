package http_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// submit presses the button of the form that posts to action and waits
// for the next page; the page has several buttons with the same label
// ("Buchen"), each described by its session.
func (b *chromiumTab) submit(action string) {
	b.t.Helper()
	b.load("submit "+action, chromedp.Click(chromedp.Search(fmt.Sprintf(`//form[@action=%q]//button`, action))))
}

// seminarRound opens a second round for the neighbours with one online
// session of capacity 1, so that one booking fills it.
func seminarRound(t *testing.T, h *harness, w *storetest.Neighbours) courses.Session {
	t.Helper()
	ctx := context.Background()
	start := time.Date(2026, 12, 10, 13, 0, 0, 0, h.location())
	r := courses.Round{Name: "Phishing erkennen", Topic: w.Topic, Mode: courses.ModeBooking, CreatedBy: w.Municipalities[0].ID,
		Municipalities: []int64{w.Municipalities[1].ID, w.Municipalities[2].ID},
		Sessions: []courses.Session{{StartsAt: start, EndsAt: start.Add(2 * time.Hour), Days: []wachsam.Date{wachsam.DateOf(start)},
			Capacity: 1, Online: true, TrainerID: w.Trainer.ID}}}
	actor := wachsam.SystemActor("test")
	if err := h.db.CreateRound(ctx, actor, &r); err != nil {
		t.Fatal(err)
	}
	if err := h.db.SetRoundStatus(ctx, actor, r.CreatedBy, r.ID, courses.StatusOpen); err != nil {
		t.Fatal(err)
	}
	return r.Sessions[0]
}

// TestBrowserStaffBooksWaitsAndAcceptsAnOffer walks a member of staff
// through booking a slot, waiting for a full session and taking the seat
// offered when it frees up, with axe checking every page on the way.
func TestBrowserStaffBooksWaitsAndAcceptsAnOffer(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{})
		staff := w.Staff[w.Municipalities[1].ID]
		u, holder := staff[0], staff[3]
		full := seminarRound(t, h, w)

		b := newBrowser(t, h)
		b.visit("/anmelden")
		b.signInWithPassword(u)
		b.shows("/", http.StatusOK, "Guten Tag")
		b.visit("/schulungen")
		b.shows("/schulungen", http.StatusOK, "Meine Schulungen")

		b.submit(fmt.Sprintf("/schulungen/termine/%d/buchen", w.Round.Sessions[1].ID))
		b.shows("/schulungen", http.StatusOK, "Meine Schulungen")
		if msg := b.text("[role=status]"); !strings.Contains(msg, "Gebucht: Informationssicherheit im Rathaus am Di. 08.12.2026") {
			t.Fatalf("after booking: %q", msg)
		}

		// Someone else takes the only seat of the seminar; the person waits.
		held, err := db.Book(ctx, wachsam.UserActor(holder), holder.ID, full.ID)
		if err != nil {
			t.Fatal(err)
		}
		b.visit("/schulungen")
		b.submit(fmt.Sprintf("/schulungen/termine/%d/warteliste", full.ID))
		b.shows("/schulungen", http.StatusOK, "Meine Schulungen")
		if !strings.Contains(b.pageText(), "Sie stehen auf Platz 1 der Warteliste.") {
			t.Fatalf("no waiting place shown:\n%s", b.pageText())
		}

		// The seat frees up: the offer is on top of the page.
		if err := db.CancelBooking(ctx, wachsam.UserActor(holder), holder.ID, held.ID); err != nil {
			t.Fatal(err)
		}
		b.visit("/schulungen")
		b.shows("/schulungen", http.StatusOK, "Meine Schulungen")
		if offer := b.text(".offer"); !strings.Contains(offer, "reserviert bis 23.11.2026, 10:00 Uhr") {
			t.Fatalf("offer: %q", offer)
		}
		b.press("Platz annehmen")
		b.shows("/schulungen", http.StatusOK, "Meine Schulungen")
		if msg := b.text("[role=status]"); !strings.Contains(msg, "Gebucht: Informationssicherheit im Rathaus am Do. 10.12.2026, 13:00–15:00 Uhr, online") {
			t.Fatalf("after accepting: %q", msg)
		}
		if rows := b.texts("#buchungen + table tbody tr"); len(rows) != 2 {
			t.Fatalf("bookings shown: %q", rows)
		}

		b.follow("Kalender-Abo einrichten")
		b.shows("/schulungen/kalender", http.StatusOK, "Schulungen im Kalender")
		b.press("Neue Adresse erzeugen")
		b.shows("/schulungen/kalender/erneuern", http.StatusOK, "Schulungen im Kalender")
		if hint := b.text("#feed-url-hinweis"); !strings.Contains(hint, "nur jetzt angezeigt") {
			t.Fatalf("the new address is not shown: %q", hint)
		}
	})
}
