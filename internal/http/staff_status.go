package http

import (
	"context"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// StaffStatus is what the personal status page needs beyond the booking
// pages: the trainings the signed-in person completed.
type StaffStatus interface {
	CompletionsOf(ctx context.Context, userID int64) ([]courses.Completion, error)
}

func (s *Server) staffStatusPages(r chi.Router) {
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(wachsam.RoleStaff))
		r.Get("/schulungen/mein-stand", s.myStatusPage)
	})
}

// myStatusPage serves GET /schulungen/mein-stand: every topic that applies
// to the person with its state and next step, the next booked session and
// the trainings completed. It reads only the signed-in person's data.
func (s *Server) myStatusPage(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	ctx := r.Context()
	due, err := s.courses.DueFor(ctx, u.ID, s.homeToday())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	bookings, err := s.courses.MyBookings(ctx, u.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	done, err := s.courses.CompletionsOf(ctx, u.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	st := courses.StatusOf(due, bookings, done, s.cfg.Now(), s.cfg.Location)
	s.render(w, r, http.StatusOK, "staff_status", page{Title: "Mein Schulungsstand", Section: "trainings", Data: st})
}
