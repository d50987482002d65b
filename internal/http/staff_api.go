package http

import (
	"context"
	"net/http"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// The staff's self-service in JSON (/api/v1): the same views and actions as
// the page "Meine Schulungen", for the signed-in person only.

type apiStaffRound struct {
	ID          int64             `json:"id"`
	Name        string            `json:"name"`
	Topic       string            `json:"topic"`
	Mode        courses.RoundMode `json:"mode"`
	Status      string            `json:"status"`
	StatusLabel string            `json:"status_label"`
	BookingOpen bool              `json:"booking_open"`
	Sessions    []apiStaffSession `json:"sessions"`
}

type apiStaffSession struct {
	ID                   int64          `json:"id"`
	Days                 []wachsam.Date `json:"days"`
	StartsAt             time.Time      `json:"starts_at"`
	EndsAt               time.Time      `json:"ends_at"`
	Place                string         `json:"place"`
	Online               bool           `json:"online"`
	HostMunicipality     string         `json:"host_municipality,omitempty"`
	Trainer              string         `json:"trainer,omitempty"`
	Capacity             int            `json:"capacity"`
	Taken                int            `json:"taken"`
	Free                 int            `json:"free"`
	Cancelled            bool           `json:"cancelled"`
	CancellationDeadline time.Time      `json:"cancellation_deadline"`
	BookingID            *int64         `json:"booking_id"`
	WaitlistPosition     *int           `json:"waitlist_position"`
	OfferExpiresAt       *time.Time     `json:"offer_expires_at"`
	// Action is what the person can do now: "book", "waitlist" or "none".
	Action string `json:"action"`
	Reason string `json:"reason,omitempty"`
}

type apiBooking struct {
	ID                   int64          `json:"id"`
	SessionID            int64          `json:"session_id"`
	RoundID              int64          `json:"round_id"`
	RoundName            string         `json:"round_name"`
	Topic                string         `json:"topic"`
	Days                 []wachsam.Date `json:"days"`
	StartsAt             time.Time      `json:"starts_at"`
	EndsAt               time.Time      `json:"ends_at"`
	Place                string         `json:"place"`
	Trainer              string         `json:"trainer,omitempty"`
	Source               string         `json:"source"`
	Sequence             int            `json:"sequence"`
	BookedAt             time.Time      `json:"booked_at"`
	CancelledAt          *time.Time     `json:"cancelled_at"`
	SessionCancelled     bool           `json:"session_cancelled"`
	CancellationDeadline time.Time      `json:"cancellation_deadline"`
	Cancellable          bool           `json:"cancellable"`
}

// apiWaiting answers joining a waiting list.
type apiWaiting struct {
	SessionID int64 `json:"session_id"`
	Position  int   `json:"position"`
}

func apiSessionOf(sv courses.SessionView) apiStaffSession {
	out := apiStaffSession{
		ID: sv.ID, Days: sv.Days, StartsAt: sv.StartsAt.UTC(), EndsAt: sv.EndsAt.UTC(), Place: sv.Place(), Online: sv.Online,
		HostMunicipality: sv.HostName, Trainer: sv.TrainerName, Capacity: sv.Capacity, Taken: sv.Taken, Free: sv.Free(),
		Cancelled: sv.Cancelled, CancellationDeadline: sv.CancellationDeadline.UTC(), Action: string(sv.Action), Reason: sv.Reason,
	}
	if out.Days == nil {
		out.Days = []wachsam.Date{}
	}
	if out.Action == "" {
		out.Action = "none"
	}
	if sv.Mine.BookingID != 0 {
		id := sv.Mine.BookingID
		out.BookingID = &id
	}
	if sv.Mine.Position != 0 {
		p := sv.Mine.Position
		out.WaitlistPosition = &p
	}
	if sv.Mine.HasOffer() {
		t := sv.Mine.OfferExpiresAt.UTC()
		out.OfferExpiresAt = &t
	}
	return out
}

func apiBookingOf(b courses.BookingView) apiBooking {
	out := apiBooking{
		ID: b.ID, SessionID: b.SessionID, RoundID: b.RoundID, RoundName: b.RoundName, Topic: b.Topic.Name,
		Days: b.Session.Days, StartsAt: b.Session.StartsAt.UTC(), EndsAt: b.Session.EndsAt.UTC(), Place: b.Session.Place(),
		Trainer: b.Session.TrainerName, Source: string(b.Source), Sequence: b.Sequence, BookedAt: b.BookedAt.UTC(),
		SessionCancelled: b.Session.Cancelled, CancellationDeadline: b.Session.CancellationDeadline.UTC(), Cancellable: b.Cancellable,
	}
	if out.Days == nil {
		out.Days = []wachsam.Date{}
	}
	if b.CancelledAt != nil {
		t := b.CancelledAt.UTC()
		out.CancelledAt = &t
	}
	return out
}

func (s *Server) apiOpenSessions(w http.ResponseWriter, r *http.Request) {
	rounds, err := s.courses.OpenSessionsFor(r.Context(), currentUser(r).ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]apiStaffRound, 0, len(rounds))
	for _, rv := range rounds {
		ar := apiStaffRound{ID: rv.ID, Name: rv.Name, Topic: rv.Topic.Name, Mode: rv.Mode, Status: string(rv.Status),
			StatusLabel: rv.Status.German(), BookingOpen: rv.BookingOpen(), Sessions: []apiStaffSession{}}
		for _, sv := range rv.Sessions {
			ar.Sessions = append(ar.Sessions, apiSessionOf(sv))
		}
		out = append(out, ar)
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiMyBookings(w http.ResponseWriter, r *http.Request) {
	s.writeBookingsOf(w, r, currentUser(r).ID)
}

// writeBookingsOf answers the person's bookings, cancelled ones included.
func (s *Server) writeBookingsOf(w http.ResponseWriter, r *http.Request, userID int64) {
	all, err := s.courses.MyBookings(r.Context(), userID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]apiBooking, 0, len(all))
	for _, b := range all {
		out = append(out, apiBookingOf(b))
	}
	writeJSON(w, http.StatusOK, out)
}

// apiAction runs an action for the signed-in person on the {id} of the
// path; it answers problem details on any refusal.
func (s *Server) apiAction(w http.ResponseWriter, r *http.Request, what string,
	act func(ctx context.Context, actor wachsam.Actor, userID, id int64) error) bool {
	u := currentUser(r)
	id, err := staffIDParam(r, what)
	if err == nil {
		err = act(r.Context(), wachsam.UserActor(u), u.ID, id)
	}
	if err != nil {
		s.fail(w, r, err)
		return false
	}
	return true
}

// apiBooked answers 201 with the booking just made, as the transaction that
// made it wrote it: no read after the commit can turn a stored booking into
// an error answer.
func apiBooked(w http.ResponseWriter, b courses.BookingView) {
	w.Header().Set("Location", "/api/v1/bookings")
	writeJSON(w, http.StatusCreated, apiBookingOf(b))
}

func (s *Server) apiBook(w http.ResponseWriter, r *http.Request) {
	var booking courses.BookingView
	if s.apiAction(w, r, "Der Termin", func(ctx context.Context, a wachsam.Actor, userID, id int64) (err error) {
		booking, err = s.courses.Book(ctx, a, userID, id)
		return err
	}) {
		apiBooked(w, booking)
	}
}

func (s *Server) apiAcceptOffer(w http.ResponseWriter, r *http.Request) {
	var booking courses.BookingView
	if s.apiAction(w, r, "Der Termin", func(ctx context.Context, a wachsam.Actor, userID, id int64) (err error) {
		booking, err = s.courses.AcceptOffer(ctx, a, userID, id)
		return err
	}) {
		apiBooked(w, booking)
	}
}

func (s *Server) apiCancelBooking(w http.ResponseWriter, r *http.Request) {
	if s.apiAction(w, r, "Die Buchung", s.courses.CancelBooking) {
		w.WriteHeader(http.StatusNoContent)
	}
}

func (s *Server) apiJoinWaitlist(w http.ResponseWriter, r *http.Request) {
	if !s.apiAction(w, r, "Der Termin", s.courses.JoinWaitlist) {
		return
	}
	id, _ := staffIDParam(r, "Der Termin")
	sv, _ := s.openSession(r.Context(), currentUser(r).ID, id)
	w.Header().Set("Location", "/api/v1/sessions")
	writeJSON(w, http.StatusCreated, apiWaiting{SessionID: id, Position: sv.Mine.Position})
}

func (s *Server) apiLeaveWaitlist(w http.ResponseWriter, r *http.Request) {
	if s.apiAction(w, r, "Der Termin", s.courses.LeaveWaitlist) {
		w.WriteHeader(http.StatusNoContent)
	}
}
