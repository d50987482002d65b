package http_test

import (
	"context"
	"fmt"
	"math/big"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// The staff's self-service pages: every action for the signed-in person
// only, every refusal in German with the fitting status and no change.

func (h *harness) staffActiveBookings() int {
	h.t.Helper()
	n, err := h.db.NewSelect().Table("bookings").Where("cancelled_at IS NULL").Count(context.Background())
	if err != nil {
		h.t.Fatal(err)
	}
	return int(n)
}

// unchanged runs fn and fails the test if it changed bookings, waiting
// lists or the audit log.
func (h *harness) staffUnchanged(what string, fn func()) {
	h.t.Helper()
	count := func() [3]int {
		w, err := h.db.NewSelect().Table("waitlist_entries").Where("left_at IS NULL").Count(context.Background())
		if err != nil {
			h.t.Fatal(err)
		}
		return [3]int{h.staffActiveBookings(), int(w), h.auditCount()}
	}
	before := count()
	fn()
	if after := count(); after != before {
		h.t.Fatalf("%s changed data: bookings, waiting, audit %v → %v", what, before, after)
	}
}

func (b *browser) staffSend(method, path string) response {
	req, _ := http.NewRequest(method, b.h.srv.URL+path, nil)
	return b.do(req)
}

func staffWantPage(t *testing.T, r response, status int, texts ...string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d:\n%s", r.status, status, r.body)
	}
	for _, s := range texts {
		if !strings.Contains(r.body, s) {
			t.Fatalf("page lacks %q:\n%s", s, r.body)
		}
	}
}

func staffPath(format string, id int64) string { return fmt.Sprintf(format, id) }

func TestStaffBooksAndCancels(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{Policy: courses.RoundPolicy{CancellationLead: 48 * time.Hour}})
		u := w.Staff[w.Municipalities[1].ID][0]
		other := w.Staff[w.Municipalities[1].ID][1]
		b := h.signedIn(u)
		session := w.Round.Sessions[0]

		staffWantPage(t, b.get("/schulungen"), http.StatusOK, "Meine Schulungen", "10 von 10 Plätzen frei", "Buchen",
			"Absage möglich bis 29.11.2026, 09:00 Uhr")

		// The form cannot name another person: the booking is the signed-in one's.
		r := b.post(staffPath("/schulungen/termine/%d/buchen", session.ID), url.Values{"user_id": {fmt.Sprint(other.ID)}})
		if r.status != http.StatusSeeOther || r.location != "/schulungen" {
			t.Fatalf("book: %d → %s", r.status, r.location)
		}
		mine, err := db.MyBookings(context.Background(), u.ID)
		if err != nil || len(mine) != 1 || mine[0].SessionID != session.ID {
			t.Fatalf("bookings %+v, %v", mine, err)
		}
		if theirs, _ := db.MyBookings(context.Background(), other.ID); len(theirs) != 0 {
			t.Fatalf("the form booked for someone else: %+v", theirs)
		}
		staffWantPage(t, b.get("/schulungen"), http.StatusOK,
			"Gebucht: Informationssicherheit im Rathaus am Di. 01.12.2026, 09:00–12:00 Uhr", "Die Einladung für Ihren Kalender kommt per E-Mail.",
			"Absage möglich bis 29.11.2026, 09:00 Uhr", "9 von 10 Plätzen frei",
			staffPath("/schulungen/buchungen/%d/stornieren", mine[0].ID))

		r = b.post(staffPath("/schulungen/buchungen/%d/stornieren", mine[0].ID), url.Values{"confirm": {"ja"}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("cancel: %d", r.status)
		}
		staffWantPage(t, b.get("/schulungen"), http.StatusOK, "Termin abgesagt: Informationssicherheit im Rathaus", "10 von 10 Plätzen frei")
		if h.staffActiveBookings() != 0 {
			t.Fatal("the booking was not cancelled")
		}
	})
}

func TestStaffBookingRefusals(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{})
		lindenbach := w.Staff[w.Municipalities[0].ID]
		first, second, third := w.Round.Sessions[0], w.Round.Sessions[1], w.Round.Sessions[2]
		// 6 staff, 3 sessions: Lindenbach may send 2 people to each session.
		for _, u := range lindenbach[:2] {
			if _, err := db.Book(ctx, wachsam.UserActor(u), u.ID, first.ID); err != nil {
				t.Fatal(err)
			}
		}
		b := h.signedIn(lindenbach[3])
		book := func(id int64) response { return b.post(staffPath("/schulungen/termine/%d/buchen", id), nil) }

		h.staffUnchanged("booking beyond the quota", func() {
			staffWantPage(t, book(first.ID), http.StatusConflict, "Kontingent", "Meine Schulungen")
		})
		if _, err := db.Book(ctx, wachsam.UserActor(lindenbach[3]), lindenbach[3].ID, second.ID); err != nil {
			t.Fatal(err)
		}
		h.staffUnchanged("booking twice", func() {
			staffWantPage(t, book(third.ID), http.StatusConflict, "bereits einen Termin gebucht")
		})

		b = h.signedIn(lindenbach[4])
		other := storetest.NewNeighboursIn(t, db, "Fremd", storetest.NeighbourOptions{})
		h.staffUnchanged("booking another group's session", func() {
			staffWantPage(t, book(other.Round.Sessions[0].ID), http.StatusNotFound, "nicht gefunden")
			staffWantPage(t, book(999999), http.StatusNotFound, "nicht gefunden")
			staffWantPage(t, b.post("/schulungen/termine/abc/buchen", nil), http.StatusNotFound, "nicht gefunden")
		})
		coordinator := w.Coordinators[w.Municipalities[0].ID]
		if err := db.CancelSession(ctx, wachsam.UserActor(coordinator), w.Municipalities[0].ID, third.ID); err != nil {
			t.Fatal(err)
		}
		h.staffUnchanged("booking a cancelled session", func() {
			staffWantPage(t, book(third.ID), http.StatusConflict, "Der Termin ist abgesagt.")
		})
		h.clock.Advance(second.StartsAt.Sub(h.clock.Now()))
		b = h.signedIn(lindenbach[4]) // the old sign-in has expired meanwhile
		h.staffUnchanged("booking a session that has begun", func() {
			staffWantPage(t, book(second.ID), http.StatusConflict, "bereits begonnen")
		})
	})
}

func TestStaffCancelRefusals(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{Policy: courses.RoundPolicy{CancellationLead: 48 * time.Hour}})
		staff := w.Staff[w.Municipalities[0].ID]
		mine, err := db.Book(ctx, wachsam.UserActor(staff[0]), staff[0].ID, w.Round.Sessions[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		theirs, err := db.Book(ctx, wachsam.UserActor(staff[1]), staff[1].ID, w.Round.Sessions[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		b := h.signedIn(staff[0])
		cancel := func(id int64) response {
			return b.post(staffPath("/schulungen/buchungen/%d/stornieren", id), url.Values{"confirm": {"ja"}})
		}
		h.staffUnchanged("cancelling someone else's booking", func() {
			staffWantPage(t, cancel(theirs.ID), http.StatusNotFound, "Die Buchung wurde nicht gefunden.")
		})
		h.clock.Advance(w.Round.Sessions[0].StartsAt.Add(-47 * time.Hour).Sub(h.clock.Now()))
		b = h.signedIn(staff[0]) // the old sign-in has expired meanwhile
		h.staffUnchanged("cancelling after the deadline", func() {
			staffWantPage(t, cancel(mine.ID), http.StatusConflict, "nur bis 2 Tage vor Beginn")
		})
		staffWantPage(t, b.get("/schulungen"), http.StatusOK, "Die Absagefrist ist vorbei")
	})
}

// A full session: join the waiting list, see the place, leave, join again;
// when the seat frees up, the offer appears and is accepted.
func TestStaffWaitlistAndOffer(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		h := newHarness(t, db)
		one := big.NewRat(1, 1)
		w := h.neighbours(storetest.NeighbourOptions{Capacity: 1,
			Policy: courses.RoundPolicy{MunicipalityShare: one, DepartmentShare: one}})
		staff := w.Staff[w.Municipalities[0].ID]
		holder, u := staff[0], staff[1]
		session := w.Round.Sessions[0].ID
		held, err := db.Book(ctx, wachsam.UserActor(holder), holder.ID, session)
		if err != nil {
			t.Fatal(err)
		}
		b := h.signedIn(u)
		staffWantPage(t, b.get("/schulungen"), http.StatusOK, "0 von 1 Platz frei", "Auf die Warteliste")
		h.staffUnchanged("booking a full session", func() {
			staffWantPage(t, b.post(staffPath("/schulungen/termine/%d/buchen", session), nil), http.StatusConflict, "ausgebucht")
		})
		h.staffUnchanged("leaving a list one is not on", func() {
			staffWantPage(t, b.post(staffPath("/schulungen/termine/%d/warteliste/verlassen", session), nil), http.StatusConflict, "nicht auf der Warteliste")
		})
		if r := b.post(staffPath("/schulungen/termine/%d/warteliste", session), nil); r.status != http.StatusSeeOther {
			t.Fatalf("join: %d", r.status)
		}
		staffWantPage(t, b.get("/schulungen"), http.StatusOK, "Sie stehen auf Platz 1 der Warteliste für den Termin am",
			"Sie stehen auf Platz 1 der Warteliste.", "Warteliste verlassen")
		h.staffUnchanged("joining twice", func() {
			staffWantPage(t, b.post(staffPath("/schulungen/termine/%d/warteliste", session), nil), http.StatusConflict)
		})
		h.staffUnchanged("accepting without an offer", func() {
			staffWantPage(t, b.post(staffPath("/schulungen/termine/%d/angebot/annehmen", session), nil), http.StatusConflict, "kein Platzangebot")
		})
		if r := b.post(staffPath("/schulungen/termine/%d/warteliste/verlassen", session), nil); r.status != http.StatusSeeOther {
			t.Fatalf("leave: %d", r.status)
		}
		if r := b.post(staffPath("/schulungen/termine/%d/warteliste", session), nil); r.status != http.StatusSeeOther {
			t.Fatalf("join again: %d", r.status)
		}

		if err := db.CancelBooking(ctx, wachsam.UserActor(holder), holder.ID, held.ID); err != nil {
			t.Fatal(err)
		}
		staffWantPage(t, b.get("/schulungen"), http.StatusOK, "Für Sie ist ein Platz frei", "Platz annehmen", "Ablehnen",
			"reserviert bis <strong>23.11.2026, 10:00 Uhr</strong>")
		if r := b.post(staffPath("/schulungen/termine/%d/angebot/annehmen", session), nil); r.status != http.StatusSeeOther {
			t.Fatalf("accept: %d", r.status)
		}
		staffWantPage(t, b.get("/schulungen"), http.StatusOK, "Gebucht: Informationssicherheit im Rathaus")
		if mine, _ := db.MyBookings(ctx, u.ID); len(mine) != 1 || mine[0].Source != courses.BookedByOffer {
			t.Fatalf("after accepting: %+v", mine)
		}
	})
}

// Declining an offer passes the seat on to the next person.
func TestStaffDeclinesOffer(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		h := newHarness(t, db)
		one := big.NewRat(1, 1)
		w := h.neighbours(storetest.NeighbourOptions{Capacity: 1,
			Policy: courses.RoundPolicy{MunicipalityShare: one, DepartmentShare: one}})
		staff := w.Staff[w.Municipalities[0].ID]
		session := w.Round.Sessions[0].ID
		held, err := db.Book(ctx, wachsam.UserActor(staff[0]), staff[0].ID, session)
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range staff[1:3] {
			if err := db.JoinWaitlist(ctx, wachsam.UserActor(u), u.ID, session); err != nil {
				t.Fatal(err)
			}
			h.clock.Advance(time.Minute)
		}
		if err := db.CancelBooking(ctx, wachsam.UserActor(staff[0]), staff[0].ID, held.ID); err != nil {
			t.Fatal(err)
		}
		b := h.signedIn(staff[1])
		if r := b.post(staffPath("/schulungen/termine/%d/angebot/ablehnen", session), nil); r.status != http.StatusSeeOther {
			t.Fatalf("decline: %d", r.status)
		}
		staffWantPage(t, b.get("/schulungen"), http.StatusOK, "Platzangebot abgelehnt", "Auf die Warteliste")
		staffWantPage(t, h.signedIn(staff[2]).get("/schulungen"), http.StatusOK, "Platz annehmen")
	})
}

func TestStaffPagesNeedTheStaffRole(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{})
		b := h.signedIn(w.Trainer)
		h.staffUnchanged("a trainer booking", func() {
			staffWantPage(t, b.get("/schulungen"), http.StatusForbidden)
			staffWantPage(t, b.post(staffPath("/schulungen/termine/%d/buchen", w.Round.Sessions[0].ID), nil), http.StatusForbidden)
			staffWantPage(t, b.get("/api/v1/sessions"), http.StatusForbidden)
		})
		if r := h.browser().get("/schulungen"); r.status != http.StatusSeeOther {
			t.Fatalf("signed out: %d", r.status)
		}
	})
}
