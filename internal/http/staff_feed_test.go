package http_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/emersion/go-ical"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

var feedURLPattern = regexp.MustCompile(`value="http://127\.0\.0\.1(/kalender/[A-Za-z0-9_-]{43}\.ics)"`)

// feedPath reads the subscription address off the calendar page, which
// shows it once, when it is made.
func feedPath(t *testing.T, b *browser) string {
	t.Helper()
	return feedPathOf(t, b.get("/schulungen/kalender"))
}

func feedPathOf(t *testing.T, r response) string {
	t.Helper()
	staffWantPage(t, r, http.StatusOK, "Schulungen im Kalender", "Outlook", "Thunderbird", "iPhone")
	m := feedURLPattern.FindStringSubmatch(r.body)
	if m == nil {
		t.Fatalf("calendar page shows no feed address:\n%s", r.body)
	}
	return m[1]
}

func TestStaffCalendarFeed(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{})
		u := w.Staff[w.Municipalities[0].ID][0]
		booking, err := db.Book(ctx, wachsam.UserActor(u), u.ID, w.Round.Sessions[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		b := h.signedIn(u)
		feed := feedPath(t, b)
		// Only the token's hash is stored: later visits say when the address
		// was made, and do not show it again.
		again := b.get("/schulungen/kalender")
		staffWantPage(t, again, http.StatusOK, "wurde am 22.11.2026, 10:00 Uhr erzeugt", "nur einmal angezeigt", "Neue Adresse erzeugen")
		if feedURLPattern.MatchString(again.body) || strings.Contains(again.body, feed) {
			t.Fatal("the address is shown a second time")
		}

		// The feed needs no sign-in: calendar programs have none.
		r := h.browser().get(feed)
		if r.status != http.StatusOK {
			t.Fatalf("feed: %d", r.status)
		}
		if ct := r.header.Get("Content-Type"); ct != "text/calendar; charset=UTF-8" {
			t.Fatalf("Content-Type %q", ct)
		}
		if cc := r.header.Get("Cache-Control"); !strings.Contains(cc, "private") || !strings.Contains(cc, "no-store") {
			t.Fatalf("Cache-Control %q", cc)
		}
		uid := fmt.Sprintf("booking-%d@127.0.0.1", booking.ID)
		for _, want := range []string{"BEGIN:VCALENDAR", "UID:" + uid, "SUMMARY:Schulung: Informationssicherheit im Rathaus", "BEGIN:VTIMEZONE"} {
			if !strings.Contains(r.body, want) {
				t.Fatalf("feed lacks %q:\n%s", want, r.body)
			}
		}
		cal, err := ical.NewDecoder(bytes.NewReader([]byte(r.body))).Decode()
		if err != nil {
			t.Fatalf("feed does not parse: %v", err)
		}
		events := cal.Events()
		if len(events) != 1 {
			t.Fatalf("%d events, want 1", len(events))
		}
		start, err := events[0].DateTimeStart(h.location())
		if err != nil || !start.Equal(w.Round.Sessions[0].StartsAt) {
			t.Fatalf("DTSTART %v, %v; want %v", start, err, w.Round.Sessions[0].StartsAt)
		}

		// A new address replaces the old one at once.
		audit := h.auditCount()
		renewed := feedPathOf(t, b.post("/schulungen/kalender/erneuern", nil))
		if h.auditCount() != audit+1 {
			t.Fatal("renewing the address was not logged")
		}
		if renewed == feed {
			t.Fatal("renewing kept the address")
		}
		if r := h.browser().get(feed); r.status != http.StatusNotFound || strings.Contains(r.body, "BEGIN:VCALENDAR") {
			t.Fatalf("old address after renewal: %d", r.status)
		}
		if r := h.browser().get(renewed); r.status != http.StatusOK || !strings.Contains(r.body, uid) {
			t.Fatalf("new address: %d", r.status)
		}
		for _, bad := range []string{"/kalender/" + strings.Repeat("A", 43) + ".ics", "/kalender/kurz.ics", "/kalender/.ics"} {
			if r := h.browser().get(bad); r.status != http.StatusNotFound {
				t.Fatalf("%s: %d", bad, r.status)
			}
		}
	})
}
