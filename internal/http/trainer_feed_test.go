package http_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

var trainerFeedPattern = regexp.MustCompile(`value="http://127\.0\.0\.1(/kalender/leitung/[A-Za-z0-9_-]{43}\.ics)"`)

// trainerFeedPathOf reads the address off the page shown right after it was made.
func trainerFeedPathOf(t *testing.T, r response) string {
	t.Helper()
	staffWantPage(t, r, http.StatusOK, "Kalender abonnieren", "nur jetzt angezeigt", `href="webcal://127.0.0.1/kalender/leitung/`)
	m := trainerFeedPattern.FindStringSubmatch(r.body)
	if m == nil {
		t.Fatalf("the page shows no trainer feed address:\n%s", r.body)
	}
	return m[1]
}

// trainerFeedEvents fetches a feed without signing in and parses it as
// iCalendar; it returns the events by UID.
func trainerFeedEvents(t *testing.T, h *harness, path string) map[string]ical.Event {
	t.Helper()
	r := h.browser().get(path)
	if r.status != http.StatusOK {
		t.Fatalf("%s: %d", path, r.status)
	}
	if ct := r.header.Get("Content-Type"); ct != "text/calendar; charset=UTF-8" {
		t.Fatalf("Content-Type %q", ct)
	}
	if cc := r.header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
		t.Fatalf("Cache-Control %q", cc)
	}
	cal, err := ical.NewDecoder(bytes.NewReader([]byte(r.body))).Decode()
	if err != nil {
		t.Fatalf("feed does not parse: %v\n%s", err, r.body)
	}
	out := map[string]ical.Event{}
	for _, e := range cal.Events() {
		out[e.Props.Get(ical.PropUID).Value] = e
	}
	return out
}

func trainerUID(id int64) string { return fmt.Sprintf("session-%d-leitung@127.0.0.1", id) }

func TestTrainerCalendarFeed(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{})
		coordinator := wachsam.UserActor(w.Coordinators[w.Round.CreatedBy])
		s0, s1, s2 := w.Round.Sessions[0], w.Round.Sessions[1], w.Round.Sessions[2]
		staff := w.Staff[w.Municipalities[0].ID][0]
		if _, err := db.Book(ctx, wachsam.UserActor(staff), staff.ID, s0.ID); err != nil {
			t.Fatal(err)
		}

		// No address until the trainer asks for one; then it is shown once.
		a := h.signedIn(w.Trainer)
		staffWantPage(t, a.get("/trainer/"), http.StatusOK, "Kalender abonnieren", "Sie haben noch keine Kalenderadresse", "Kalenderadresse erzeugen")
		audit := h.auditCount()
		feed := trainerFeedPathOf(t, a.post("/trainer/kalender", nil))
		if h.auditCount() != audit+1 {
			t.Fatal("making the address was not logged")
		}
		again := a.get("/trainer/")
		staffWantPage(t, again, http.StatusOK, "wurde am", "Neue Adresse erzeugen", "Adresse sperren")
		if strings.Contains(again.body, feed) {
			t.Fatal("the address is shown a second time")
		}

		events := trainerFeedEvents(t, h, feed)
		if len(events) != 3 {
			t.Fatalf("%d events, want the trainer's 3 sessions", len(events))
		}
		first := events[trainerUID(s0.ID)]
		if first.Props.Get(ical.PropSummary).Value != "Schulung leiten: Informationssicherheit im Rathaus" {
			t.Fatalf("SUMMARY %q", first.Props.Get(ical.PropSummary).Value)
		}
		desc, _ := first.Props.Text(ical.PropDescription)
		loc, _ := first.Props.Text(ical.PropLocation)
		if !strings.Contains(desc, "Angemeldet: 1 von 10 Plätzen") || loc != "Rathaus Lindenbach, Sitzungssaal" {
			t.Fatalf("DESCRIPTION %q, LOCATION %q", desc, loc)
		}
		if start, err := first.DateTimeStart(h.location()); err != nil || !start.Equal(s0.StartsAt) {
			t.Fatalf("DTSTART %v, %v", start, err)
		}

		// Session 1 goes to another trainer, session 0 moves, session 2
		// goes online with a join link.
		other := h.user("zweiter.trainer@example.org", wachsam.RoleTrainer)
		handed := s1
		handed.TrainerID = other.ID
		moved := s0
		moved.StartsAt, moved.EndsAt = s0.StartsAt.Add(time.Hour), s0.EndsAt.Add(time.Hour)
		online := s2
		online.Online, online.HostMunicipalityID, online.Location, online.JoinURL = true, 0, "Videokonferenz", "https://meet.example.org/raum-7"
		if err := db.UpdateSession(ctx, coordinator, w.Round.CreatedBy, handed); err != nil {
			t.Fatal(err)
		}
		if err := db.UpdateSession(ctx, coordinator, w.Round.CreatedBy, moved); err != nil {
			t.Fatal(err)
		}
		if err := db.UpdateSession(ctx, coordinator, w.Round.CreatedBy, online); err != nil {
			t.Fatal(err)
		}
		events = trainerFeedEvents(t, h, feed)
		if _, ok := events[trainerUID(s1.ID)]; ok || len(events) != 2 {
			t.Fatalf("after handing session 1 on, the feed has %d events, with it: %v", len(events), ok)
		}
		if seq := events[trainerUID(s0.ID)].Props.Get(ical.PropSequence).Value; seq != "1" {
			t.Fatalf("moved session: SEQUENCE %s, want 1", seq)
		}
		if desc, _ := events[trainerUID(s2.ID)].Props.Text(ical.PropDescription); !strings.Contains(desc, "Zugang: https://meet.example.org/raum-7") {
			t.Fatalf("online session: DESCRIPTION %q", desc)
		}

		// The other trainer's feed shows only their session.
		b := h.signedIn(other)
		otherFeed := trainerFeedPathOf(t, b.post("/trainer/kalender", nil))
		theirs := trainerFeedEvents(t, h, otherFeed)
		if _, ok := theirs[trainerUID(s1.ID)]; !ok || len(theirs) != 1 {
			t.Fatalf("the other trainer's feed has %d events", len(theirs))
		}

		// A staff feed token is no trainer feed token, and the other way round.
		staffFeed := feedPath(t, h.signedIn(staff))
		for _, path := range []string{
			strings.Replace(staffFeed, "/kalender/", "/kalender/leitung/", 1),
			strings.Replace(feed, "/kalender/leitung/", "/kalender/", 1),
			"/kalender/leitung/" + strings.Repeat("A", 43) + ".ics", "/kalender/leitung/kurz.ics",
		} {
			if r := h.browser().get(path); r.status != http.StatusNotFound || strings.Contains(r.body, "BEGIN:VCALENDAR") {
				t.Fatalf("%s: %d", path, r.status)
			}
		}

		// A new address replaces the old one at once.
		renewed := trainerFeedPathOf(t, a.post("/trainer/kalender", nil))
		if renewed == feed {
			t.Fatal("renewing kept the address")
		}
		if r := h.browser().get(feed); r.status != http.StatusNotFound {
			t.Fatalf("old address after renewal: %d", r.status)
		}
		if len(trainerFeedEvents(t, h, renewed)) != 2 {
			t.Fatal("the new address does not show the sessions")
		}

		// Revoked: nothing any more, and the page says so.
		audit = h.auditCount()
		if r := a.post("/trainer/kalender/sperren", nil); r.status != http.StatusSeeOther {
			t.Fatalf("revoke: %d", r.status)
		}
		if h.auditCount() != audit+1 {
			t.Fatal("revoking was not logged")
		}
		if r := h.browser().get(renewed); r.status != http.StatusNotFound {
			t.Fatalf("revoked address: %d", r.status)
		}
		staffWantPage(t, a.get("/trainer/"), http.StatusOK, "gesperrt", "Sie haben noch keine Kalenderadresse")
		if len(trainerFeedEvents(t, h, otherFeed)) != 1 {
			t.Fatal("revoking one trainer's address ended another's")
		}

		// Staff have no trainer calendar.
		if r := h.signedIn(staff).post("/trainer/kalender", nil); r.status != http.StatusForbidden && r.status != http.StatusNotFound {
			t.Fatalf("staff making a trainer address: %d", r.status)
		}
	})
}
