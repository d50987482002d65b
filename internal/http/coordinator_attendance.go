package http

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
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
	AttendanceToCorrect(ctx context.Context, municipalityID int64, loc *time.Location) ([]courses.CorrectableDay, error)
}

// coordinatorAttendanceAPI: POST /api/v1/attendance/corrections.
func (s *Server) coordinatorAttendanceAPI(r chi.Router) {
	r.With(s.requireRole(wachsam.RoleCoordinator)).Post("/attendance/corrections", s.apiCorrectAttendance)
}

// coordinatorAttendancePages: the same correction as a page, for
// coordinators who do not use the API.
func (s *Server) coordinatorAttendancePages(r chi.Router) {
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(wachsam.RoleCoordinator))
		r.Get("/koordination/anwesenheit", s.coordinatorAttendancePage)
		r.Get("/koordination/anwesenheit/korrektur", s.coordinatorCorrectionPage)
		r.Post("/koordination/anwesenheit/korrektur", s.coordinatorCorrectAttendance)
	})
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
	s.reply(w, r, http.StatusOK, apiCorrected{Message: correctedMessage}, err)
}

const correctedMessage = "Die Anwesenheit ist korrigiert; die Person wird per E-Mail informiert."

func (s *Server) coordinatorAttendancePage(w http.ResponseWriter, r *http.Request) {
	town, ok := s.coordinatorTown(w, r)
	if !ok {
		return
	}
	days, err := s.courses.AttendanceToCorrect(r.Context(), town, s.cfg.Location)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "coordinator_attendance", page{Title: "Anwesenheit korrigieren", Section: "attendance",
		Data: map[string]any{"Days": days}})
}

// correctionTarget finds the line of the correction list the form is
// about (termin, person, tag); a line the coordinator may not correct does
// not exist for them.
func (s *Server) correctionTarget(w http.ResponseWriter, r *http.Request, town int64, values url.Values) (courses.CorrectableDay, bool) {
	days, err := s.courses.AttendanceToCorrect(r.Context(), town, s.cfg.Location)
	if err != nil {
		s.fail(w, r, err)
		return courses.CorrectableDay{}, false
	}
	sessionID, _ := strconv.ParseInt(values.Get("termin"), 10, 64)
	userID, _ := strconv.ParseInt(values.Get("person"), 10, 64)
	for _, d := range days {
		if d.SessionID == sessionID && d.UserID == userID && d.Day.String() == values.Get("tag") {
			return d, true
		}
	}
	s.failStatus(w, r, http.StatusNotFound, "Diesen Eintrag gibt es nicht. Bitte wählen Sie ihn in der Liste „Anwesenheit korrigieren“.")
	return courses.CorrectableDay{}, false
}

func (s *Server) coordinatorCorrectionPage(w http.ResponseWriter, r *http.Request) {
	town, ok := s.coordinatorTown(w, r)
	if !ok {
		return
	}
	target, ok := s.correctionTarget(w, r, town, r.URL.Query())
	if !ok {
		return
	}
	present := "ja"
	if target.Status == courses.AttendancePresent {
		present = "nein" // the correction that changes something
	}
	s.renderCorrection(w, r, http.StatusOK, target, form{Values: url.Values{"anwesend": {present}}})
}

func (s *Server) renderCorrection(w http.ResponseWriter, r *http.Request, status int, target courses.CorrectableDay, f form) {
	s.render(w, r, status, "coordinator_correction", page{Title: "Anwesenheit korrigieren", Section: "attendance", Form: f,
		Data: map[string]any{"Target": target}})
}

// coordinatorCorrectAttendance applies the correction (CorrectAttendance):
// a missing reason or a correction that changes nothing shows the form
// again with the message beside the field, and nothing is written.
func (s *Server) coordinatorCorrectAttendance(w http.ResponseWriter, r *http.Request) {
	town, ok := s.coordinatorTown(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	target, ok := s.correctionTarget(w, r, town, r.PostForm)
	if !ok {
		return
	}
	var err error
	switch r.PostForm.Get("anwesend") {
	case "ja", "nein":
		err = s.courses.CorrectAttendance(r.Context(), wachsam.UserActor(currentUser(r)), town, courses.AttendanceCorrection{
			SessionID: target.SessionID, UserID: target.UserID, Day: target.Day,
			Present: r.PostForm.Get("anwesend") == "ja", Reason: r.PostForm.Get("reason")}, s.cfg.Location)
	default:
		err = wachsam.FieldError("anwesend", "Bitte wählen Sie, ob die Person anwesend war.")
	}
	if err != nil {
		s.refuse(w, r, err, func(status int) {
			f := formWithError(r.PostForm, err)
			if wachsam.ErrorCodeOf(err) == wachsam.ECONFLICT {
				f.Errors["anwesend"] = f.General // "already so": it concerns the choice
			}
			s.renderCorrection(w, r, status, target, f)
		})
		return
	}
	s.setFlash(w, flashOK, correctedMessage)
	http.Redirect(w, r, "/koordination/anwesenheit", http.StatusSeeOther)
}
