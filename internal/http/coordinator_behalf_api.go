package http

import (
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// The API of acting on behalf: the same checks as the pages (the person
// is one of the coordinator's own staff, the booking one of the person's),
// answers in problem details.

func (s *Server) coordinatorBehalfAPI(r chi.Router) {
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(wachsam.RoleCoordinator))
		r.Get("/staff/{id}/bookings", s.apiBehalfBookings)
		r.Post("/staff/{id}/bookings", s.apiBehalfBook)
		r.Post("/staff/{id}/bookings/{booking}/cancellation", s.apiBehalfCancel)
		r.Post("/staff/{id}/bookings/{booking}/move", s.apiBehalfMove)
	})
}

// apiBehalfRequest is the body of a booking, cancellation or move on
// behalf; a cancellation has no session.
type apiBehalfRequest struct {
	SessionID int64  `json:"session_id"`
	Reason    string `json:"reason"`
}

func (s *Server) apiBehalfBookings(w http.ResponseWriter, r *http.Request) {
	_, u, ok := s.behalfFor(w, r)
	if ok {
		s.writeBookingsOf(w, r, u.ID)
	}
}

// behalfRequest reads the person, the body and the reason of an API call.
func (s *Server) behalfRequest(w http.ResponseWriter, r *http.Request) (courses.OnBehalf, *wachsam.User, apiBehalfRequest, bool) {
	var req apiBehalfRequest
	o, u, ok := s.behalfFor(w, r)
	if ok {
		ok = s.decodeJSON(w, r, &req)
	}
	o.Reason = req.Reason
	return o, u, req, ok
}

// session is the session a booking or move names, or a field error.
func (req apiBehalfRequest) session() (int64, error) {
	if req.SessionID <= 0 {
		return 0, wachsam.FieldError("session_id", "Bitte nennen Sie den Termin (session_id).")
	}
	return req.SessionID, nil
}

// behalfBooked answers 201 with the booking as its transaction wrote it.
func behalfBooked(w http.ResponseWriter, u *wachsam.User, b courses.BookingView) {
	w.Header().Set("Location", "/api/v1/staff/"+strconv.FormatInt(u.ID, 10)+"/bookings")
	writeJSON(w, http.StatusCreated, apiBookingOf(b))
}

func (s *Server) apiBehalfBook(w http.ResponseWriter, r *http.Request) {
	o, u, req, ok := s.behalfRequest(w, r)
	if !ok {
		return
	}
	var b courses.BookingView
	sessionID, err := req.session()
	if err == nil {
		b, err = s.courses.BookOnBehalf(r.Context(), o, u.ID, sessionID)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	behalfBooked(w, u, b)
}

func (s *Server) apiBehalfCancel(w http.ResponseWriter, r *http.Request) {
	o, u, _, ok := s.behalfRequest(w, r)
	if !ok {
		return
	}
	id, err := s.bookingOf(r, u)
	if err == nil {
		err = s.courses.CancelOnBehalf(r.Context(), o, id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) apiBehalfMove(w http.ResponseWriter, r *http.Request) {
	o, u, req, ok := s.behalfRequest(w, r)
	if !ok {
		return
	}
	id, err := s.bookingOf(r, u)
	var to int64
	if err == nil {
		to, err = req.session()
	}
	var b courses.BookingView
	if err == nil {
		b, err = s.courses.MoveOnBehalf(r.Context(), o, id, to)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	behalfBooked(w, u, b)
}
