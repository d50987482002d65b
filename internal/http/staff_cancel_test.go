package http_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/emersion/go-ical"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// Cancelling a booking is "Termin absagen", never "Abmelden" (which signs
// out), and it asks first; each booking downloads as its own calendar file.

// twoColleagues builds the neighbours of seeds/003 and picks two members of
// staff of the first town.
func twoColleagues(t *testing.T, db *store.DB) (*harness, *storetest.Neighbours, *wachsam.User, *wachsam.User) {
	t.Helper()
	h := newHarness(t, db)
	w := h.neighbours(storetest.NeighbourOptions{})
	town := w.Staff[w.Municipalities[0].ID]
	return h, w, town[0], town[1]
}

func TestStaffCancelAsksForConfirmation(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h, w, me, colleague := twoColleagues(t, db)
		mine, err := db.Book(context.Background(), wachsam.UserActor(me), me.ID, w.Round.Sessions[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		theirs, err := db.Book(context.Background(), wachsam.UserActor(colleague), colleague.ID, w.Round.Sessions[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		b := h.signedIn(me)
		confirm := staffPath("/schulungen/buchungen/%d/stornieren", mine.ID)

		list := b.get("/schulungen")
		staffWantPage(t, list, http.StatusOK, `href="`+confirm+`"`, ">Termin absagen</a>", "In den Kalender")
		if n := strings.Count(list.body, ">Abmelden<"); n != 1 {
			t.Fatalf(`"Abmelden" appears %d times; only the sign-out button may say it`, n)
		}
		staffWantPage(t, b.get(confirm), http.StatusOK, "Möchten Sie diesen Termin wirklich absagen?",
			"Di. 01.12.2026, 09:00–12:00 Uhr", "Ja, Termin absagen", "Nein, Termin behalten")

		// A post without the confirmation asks again and changes nothing.
		h.staffUnchanged("cancelling without confirmation", func() {
			staffWantPage(t, b.post(confirm, nil), http.StatusOK, "Möchten Sie diesen Termin wirklich absagen?")
			staffWantPage(t, b.post(confirm, url.Values{"confirm": {"vielleicht"}}), http.StatusOK, "wirklich absagen?")
		})
		// Nobody reaches a colleague's booking, not even its question.
		h.staffUnchanged("a colleague's booking", func() {
			other := staffPath("/schulungen/buchungen/%d/stornieren", theirs.ID)
			staffWantPage(t, b.get(other), http.StatusNotFound, "Die Buchung wurde nicht gefunden.")
			staffWantPage(t, b.post(other, url.Values{"confirm": {"ja"}}), http.StatusNotFound, "Die Buchung wurde nicht gefunden.")
			staffWantPage(t, b.get("/schulungen/buchungen/abc/stornieren"), http.StatusNotFound, "Die Buchung wurde nicht gefunden.")
		})

		r := b.post(confirm, url.Values{"confirm": {"ja"}})
		if r.status != http.StatusSeeOther || r.location != "/schulungen" {
			t.Fatalf("confirmed cancel: %d → %s", r.status, r.location)
		}
		staffWantPage(t, b.get("/schulungen"), http.StatusOK, "Termin abgesagt: Informationssicherheit im Rathaus", "Von Ihnen abgesagt am")
		if h.staffActiveBookings() != 1 {
			t.Fatal("the confirmed cancellation did not cancel exactly the own booking")
		}
		staffWantPage(t, b.get(confirm), http.StatusOK, "Diese Buchung ist bereits abgesagt.")
	})
}

func TestStaffBookingCalendarFile(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h, w, me, colleague := twoColleagues(t, db)
		b := h.signedIn(me)
		if r := b.post(staffPath("/schulungen/termine/%d/buchen", w.Round.Sessions[0].ID), nil); r.status != http.StatusSeeOther {
			t.Fatalf("book: %d", r.status)
		}
		mine, err := db.MyBookings(context.Background(), me.ID)
		if err != nil || len(mine) != 1 {
			t.Fatalf("bookings %+v, %v", mine, err)
		}
		file := staffPath("/schulungen/buchungen/%d/termin.ics", mine[0].ID)
		staffWantPage(t, b.get("/schulungen"), http.StatusOK, `href="`+file+`"`)

		r := b.get(file)
		if r.status != http.StatusOK || r.header.Get("Content-Type") != "text/calendar; charset=UTF-8" ||
			!strings.HasPrefix(r.header.Get("Content-Disposition"), "attachment;") {
			t.Fatalf("calendar file: %d %v\n%s", r.status, r.header, r.body)
		}
		cal, err := ical.NewDecoder(bytes.NewReader([]byte(r.body))).Decode()
		if err != nil {
			t.Fatalf("calendar file does not parse: %v", err)
		}
		events := cal.Events()
		if len(events) != 1 {
			t.Fatalf("%d events, want the one booking", len(events))
		}
		// The UID of the invitation mail: a calendar with both shows one entry.
		if uid, _ := events[0].Props.Text(ical.PropUID); uid != fmt.Sprintf("booking-%d@127.0.0.1", mine[0].ID) {
			t.Fatalf("UID %q", uid)
		}
		if start, err := events[0].DateTimeStart(h.location()); err != nil || !start.Equal(w.Round.Sessions[0].StartsAt) {
			t.Fatalf("DTSTART %v, %v", start, err)
		}

		// A colleague cannot download it; a cancelled booking has no file.
		staffWantPage(t, h.signedIn(colleague).get(file), http.StatusNotFound, "Die Buchung wurde nicht gefunden.")
		if r := b.post(staffPath("/schulungen/buchungen/%d/stornieren", mine[0].ID), url.Values{"confirm": {"ja"}}); r.status != http.StatusSeeOther {
			t.Fatalf("cancel: %d", r.status)
		}
		staffWantPage(t, b.get(file), http.StatusNotFound, "abgesagt")
	})
}

// TestFirstVisitShowsTheLoginWithoutAnError: opening the start page
// without a sign-in is no mistake, so the login comes without an error
// box; a deep link still says why the login appears.
func TestFirstVisitShowsTheLoginWithoutAnError(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		b := h.browser()
		r := b.get("/")
		if r.status != http.StatusSeeOther || r.location != "/anmelden" {
			t.Fatalf("/ without a sign-in: %d → %s", r.status, r.location)
		}
		login := b.get("/anmelden")
		staffWantPage(t, login, http.StatusOK, "<h1>Anmelden</h1>")
		if strings.Contains(login.body, "alert") || strings.Contains(login.body, "Bitte melden Sie sich an") {
			t.Fatalf("first visit shows an error box:\n%s", login.body)
		}
		if r := b.get("/schulungen"); r.status != http.StatusSeeOther {
			t.Fatalf("deep link: %d", r.status)
		}
		staffWantPage(t, b.get("/anmelden?weiter=%2Fschulungen"), http.StatusOK, "Bitte melden Sie sich an.")
	})
}
