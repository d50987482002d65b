package http

import (
	"context"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// CoordinatorAttendance lets a coordinator correct the attendance of their
// own municipality's staff after the trainer's list has closed
// (DESIGN.md §4); internal/store implements it.
type CoordinatorAttendance interface {
	CorrectAttendance(ctx context.Context, actor wachsam.Actor, municipalityID int64, c courses.AttendanceCorrection, loc *time.Location) error
}

// coordinatorAttendanceAPI: POST /api/v1/attendance/corrections.
func (s *Server) coordinatorAttendanceAPI(r chi.Router) {
	r.With(s.requireRole(wachsam.RoleCoordinator)).Post("/attendance/corrections", s.apiCorrectAttendance)
}

type apiCorrected struct {
	Message string `json:"message"`
}

func (s *Server) apiCorrectAttendance(w http.ResponseWriter, r *http.Request) {
	town, ok := s.coordinatorTown(w, r)
	if !ok {
		return
	}
	var in courses.AttendanceCorrection
	if !s.decodeJSON(w, r, &in) {
		return
	}
	err := s.courses.CorrectAttendance(r.Context(), wachsam.UserActor(currentUser(r)), town, in, s.cfg.Location)
	s.reply(w, r, http.StatusOK, apiCorrected{Message: "Die Anwesenheit ist korrigiert; die Person wird per E-Mail informiert."}, err)
}
