package http_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// The status page shows each topic with its state and next step, the next
// booked session with its place, and the person's own history — and
// nothing of a colleague's.
func TestStaffStatusPage(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db) // 2026-11-22 10:00 in Berlin
		w := h.neighbours(storetest.NeighbourOptions{})
		town := w.Staff[w.Municipalities[0].ID]
		trained, never := town[0], town[1]
		// Twelve months' validity, reminders 30 days before: due by today.
		h.completeTopic(trained, w, "2025-11-22")
		if _, err := db.Book(context.Background(), wachsam.UserActor(trained), trained.ID, w.Round.Sessions[1].ID); err != nil {
			t.Fatal(err)
		}

		mine := h.signedIn(trained).get("/schulungen/mein-stand")
		staffWantPage(t, mine, http.StatusOK, "Mein Schulungsstand", "Informationssicherheit im Rathaus",
			"bald fällig", "22.11.2025", "22.11.2026", "Gebucht für", "bitte nehmen Sie teil",
			`id="naechster-ort">Rathaus Eichhausen`, "Besuchte Schulungen", `href="/schulungen/buchungen/`)

		theirs := h.signedIn(never).get("/schulungen/mein-stand")
		staffWantPage(t, theirs, http.StatusOK, "überfällig", "noch nie", "Bitte buchen Sie so bald wie möglich einen Termin.",
			"Sie haben zurzeit keinen Termin gebucht.", "Sie haben noch keine Schulung abgeschlossen.")
		if strings.Contains(theirs.body, "22.11.2025") || strings.Contains(theirs.body, "Rathaus Eichhausen") {
			t.Fatal("a colleague's history or booking shows on the page")
		}
		// Only staff have the page.
		staffWantPage(t, coordinatorOf(h, w, 0).get("/schulungen/mein-stand"), http.StatusForbidden)
	})
}

// The join link of an online session is shown to the person who booked it,
// on the status page and the list of bookings, and to nobody else.
func TestJoinLinkOnlyForBookedPeople(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{})
		ctx := context.Background()
		town := w.Municipalities[0].ID
		const link = "https://konferenz.example/rathaus-7?pwd=geheim"
		first := w.Round.Sessions[0]
		online := courses.Session{RoundID: w.Round.ID, StartsAt: first.StartsAt.Add(2 * time.Hour), EndsAt: first.EndsAt.Add(2 * time.Hour),
			Days: first.Days, Capacity: 20, Online: true, Location: "Videokonferenz", JoinURL: link, TrainerID: w.Trainer.ID}
		if err := db.AddSession(ctx, wachsam.UserActor(w.Coordinators[town]), town, &online); err != nil {
			t.Fatal(err)
		}
		booked, other := w.Staff[town][0], w.Staff[town][1]
		if _, err := db.Book(ctx, wachsam.UserActor(booked), booked.ID, online.ID); err != nil {
			t.Fatal(err)
		}
		b := h.signedIn(booked)
		staffWantPage(t, b.get("/schulungen/mein-stand"), http.StatusOK, `id="naechster-zugang"`, "rathaus-7?pwd=geheim")
		staffWantPage(t, b.get("/schulungen"), http.StatusOK, "Zur Videokonferenz")
		for _, path := range []string{"/schulungen", "/schulungen/mein-stand", "/api/v1/sessions"} {
			if r := h.signedIn(other).get(path); r.status != http.StatusOK || strings.Contains(r.body, "konferenz.example") {
				t.Fatalf("%s shows the join link to someone without a booking (%d)", path, r.status)
			}
		}
	})
}

// The round API takes a join link only as https and only for an online
// session, naming the field otherwise, and stores nothing then.
func TestRoundAPIJoinLinkIsCheckedAndKept(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		w := h.neighbours(storetest.NeighbourOptions{})
		b := h.signedIn(w.Coordinators[w.Municipalities[0].ID])
		round := func(s map[string]any) map[string]any {
			base := map[string]any{"starts_at": "2027-03-02T09:00:00+01:00", "ends_at": "2027-03-02T11:00:00+01:00", "capacity": 6,
				"trainer_id": w.Trainer.ID}
			for k, v := range s {
				base[k] = v
			}
			return map[string]any{"name": "Online-Runde", "topic_id": w.Topic.ID, "mode": "booking",
				"municipalities": []int64{w.Municipalities[1].ID}, "sessions": []map[string]any{base}}
		}
		rounds := h.roundCount("rounds", "")
		for _, s := range []map[string]any{
			{"host_municipality_id": w.Municipalities[1].ID, "join_url": "https://konferenz.example/a"},
			{"online": true, "join_url": "http://konferenz.example/a"},
			{"online": true, "join_url": "javascript:alert(1)"},
		} {
			if r := b.roundJSON(http.MethodPost, "/api/v1/rounds", round(s)); !isProblem(r, http.StatusUnprocessableEntity, "sessions[0].join_url") {
				t.Fatalf("%v: %d %s", s, r.status, r.body)
			}
		}
		if h.roundCount("rounds", "") != rounds {
			t.Fatal("a refused round was stored")
		}
		r := b.roundJSON(http.MethodPost, "/api/v1/rounds", round(map[string]any{"online": true, "join_url": "https://konferenz.example/a"}))
		if r.status != http.StatusCreated || !strings.Contains(r.body, `"join_url":"https://konferenz.example/a"`) {
			t.Fatalf("online round: %d %s", r.status, r.body)
		}
	})
}
