package http_test

import (
	"context"
	"encoding/json"
	"math/big"
	"net/http"
	"testing"

	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

func staffDecode[T any](t *testing.T, r response, status int) T {
	t.Helper()
	var v T
	if r.status != status {
		t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	if err := json.Unmarshal([]byte(r.body), &v); err != nil {
		t.Fatalf("%v: %s", err, r.body)
	}
	return v
}

type staffAPISession struct {
	ID                   int64    `json:"id"`
	Days                 []string `json:"days"`
	StartsAt             string   `json:"starts_at"`
	CancellationDeadline string   `json:"cancellation_deadline"`
	Capacity             int      `json:"capacity"`
	Free                 int      `json:"free"`
	Place                string   `json:"place"`
	Trainer              string   `json:"trainer"`
	BookingID            *int64   `json:"booking_id"`
	WaitlistPosition     *int     `json:"waitlist_position"`
	OfferExpiresAt       *string  `json:"offer_expires_at"`
	Action               string   `json:"action"`
}

type staffAPIRound struct {
	ID          int64             `json:"id"`
	Topic       string            `json:"topic"`
	BookingOpen bool              `json:"booking_open"`
	Sessions    []staffAPISession `json:"sessions"`
}

type staffAPIBooking struct {
	ID          int64   `json:"id"`
	SessionID   int64   `json:"session_id"`
	Source      string  `json:"source"`
	CancelledAt *string `json:"cancelled_at"`
	Cancellable bool    `json:"cancellable"`
	StartsAt    string  `json:"starts_at"`
}

type staffProblem struct {
	Type   string `json:"type"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
}

func TestStaffAPI(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		h := newHarness(t, db)
		one := big.NewRat(1, 1)
		w := h.neighbours(storetest.NeighbourOptions{Capacity: 1,
			Policy: courses.RoundPolicy{MunicipalityShare: one, DepartmentShare: one}})
		staff := w.Staff[w.Municipalities[0].ID]
		holder, u := staff[0], staff[1]
		first, second := w.Round.Sessions[0].ID, w.Round.Sessions[1].ID
		b := h.signedIn(holder)

		rounds := staffDecode[[]staffAPIRound](t, b.get("/api/v1/sessions"), http.StatusOK)
		if len(rounds) != 1 || !rounds[0].BookingOpen || len(rounds[0].Sessions) != 3 {
			t.Fatalf("sessions %+v", rounds)
		}
		s0 := rounds[0].Sessions[0]
		if s0.Days[0] != "2026-12-01" || s0.StartsAt != "2026-12-01T08:00:00Z" || s0.Action != "book" || s0.Free != 1 ||
			s0.BookingID != nil || s0.WaitlistPosition != nil || s0.Trainer != w.Trainer.Name {
			t.Fatalf("session %+v", s0)
		}

		booked := staffDecode[staffAPIBooking](t, b.staffSend(http.MethodPost, staffPath("/api/v1/sessions/%d/booking", first)), http.StatusCreated)
		if booked.SessionID != first || booked.Source != "self" || !booked.Cancellable || booked.CancelledAt != nil {
			t.Fatalf("booking %+v", booked)
		}
		// Booking twice in the round: problem details in German, nothing changed.
		h.staffUnchanged("booking twice over the API", func() {
			r := b.staffSend(http.MethodPost, staffPath("/api/v1/sessions/%d/booking", second))
			if ct := r.header.Get("Content-Type"); ct != "application/problem+json" {
				t.Fatalf("Content-Type %q", ct)
			}
			p := staffDecode[staffProblem](t, r, http.StatusConflict)
			if p.Status != http.StatusConflict || p.Type != "/probleme/konflikt" || p.Detail != "Sie haben in dieser Schulungsrunde bereits einen Termin gebucht." {
				t.Fatalf("problem %+v", p)
			}
			staffDecode[staffProblem](t, b.staffSend(http.MethodPost, "/api/v1/sessions/999999/booking"), http.StatusNotFound)
			staffDecode[staffProblem](t, b.staffSend(http.MethodDelete, "/api/v1/bookings/999999"), http.StatusNotFound)
		})

		// The other person waits for the full session and is offered the seat.
		other := h.signedIn(u)
		h.staffUnchanged("booking a full session over the API", func() {
			staffDecode[staffProblem](t, other.staffSend(http.MethodPost, staffPath("/api/v1/sessions/%d/booking", first)), http.StatusConflict)
		})
		waiting := staffDecode[map[string]int64](t, other.staffSend(http.MethodPost, staffPath("/api/v1/sessions/%d/waitlist", first)), http.StatusCreated)
		if waiting["position"] != 1 || waiting["session_id"] != first {
			t.Fatalf("waiting %+v", waiting)
		}
		if r := other.staffSend(http.MethodDelete, staffPath("/api/v1/sessions/%d/waitlist", first)); r.status != http.StatusNoContent {
			t.Fatalf("leave: %d %s", r.status, r.body)
		}
		staffDecode[map[string]int64](t, other.staffSend(http.MethodPost, staffPath("/api/v1/sessions/%d/waitlist", first)), http.StatusCreated)

		if r := b.staffSend(http.MethodDelete, staffPath("/api/v1/bookings/%d", booked.ID)); r.status != http.StatusNoContent {
			t.Fatalf("cancel: %d %s", r.status, r.body)
		}
		mine := staffDecode[[]staffAPIBooking](t, b.get("/api/v1/bookings"), http.StatusOK)
		if len(mine) != 1 || mine[0].CancelledAt == nil || mine[0].Cancellable {
			t.Fatalf("bookings after cancelling %+v", mine)
		}

		rounds = staffDecode[[]staffAPIRound](t, other.get("/api/v1/sessions"), http.StatusOK)
		if s := rounds[0].Sessions[0]; s.OfferExpiresAt == nil || *s.OfferExpiresAt != "2026-11-23T09:00:00Z" || s.WaitlistPosition == nil {
			t.Fatalf("offered session %+v", s)
		}
		accepted := staffDecode[staffAPIBooking](t, other.staffSend(http.MethodPost, staffPath("/api/v1/sessions/%d/offer/accept", first)), http.StatusCreated)
		if accepted.Source != "offer" || accepted.SessionID != first {
			t.Fatalf("accepted %+v", accepted)
		}
		if all, _ := db.MyBookings(ctx, u.ID); len(all) != 1 || !all[0].Active() {
			t.Fatalf("stored %+v", all)
		}
	})
}
