package http

import (
	"context"
	"html/template"
	"net/http"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// TrainerCourses is what the trainer pages and the self check-in need of
// the store. Every method is scoped: a trainer reaches only the sessions
// they teach, a person checks in only to a session they booked. loc is
// legal time, which decides what "today" is.
type TrainerCourses interface {
	TrainerSessions(ctx context.Context, trainerID int64, loc *time.Location) ([]courses.TrainerSession, error)
	SessionParticipants(ctx context.Context, trainerID, sessionID int64, loc *time.Location) (courses.Roster, error)
	SaveAttendance(ctx context.Context, actor wachsam.Actor, trainerID, sessionID int64, marks []courses.AttendanceMark, loc *time.Location) (int, error)
	CheckInCodeFor(ctx context.Context, trainerID, sessionID int64, loc *time.Location) (courses.TrainerSession, []byte, error)
	CheckIn(ctx context.Context, actor wachsam.Actor, userID int64, code string, loc *time.Location) (courses.CheckedIn, error)
	WalkInCandidates(ctx context.Context, trainerID, sessionID int64, query string) ([]courses.WalkInCandidate, error)
	AddWalkIn(ctx context.Context, actor wachsam.Actor, trainerID, sessionID, userID int64, day wachsam.Date, loc *time.Location) error
}

func (s *Server) trainerPages(r chi.Router) {
	r.Route("/trainer", func(r chi.Router) {
		r.Use(s.requireRole(wachsam.RoleTrainer))
		r.Get("/", s.trainerSessionsPage)
		r.Post("/kalender", s.trainerRenewFeed)
		r.Post("/kalender/sperren", s.trainerRevokeFeed)
		r.Get("/termine/{id}", s.trainerSessionPage)
		r.Post("/termine/{id}/anwesenheit", s.trainerSaveAttendance)
		r.Get("/termine/{id}/anwesenheitsliste.pdf", s.trainerAttendancePDF)
		r.Get("/termine/{id}/code", s.trainerCodePage)
		r.Get("/termine/{id}/ohne-anmeldung", s.trainerWalkInPage)
		r.Post("/termine/{id}/ohne-anmeldung", s.trainerAddWalkIn)
	})
	// Self check-in belongs to the staff's training pages, but it is the
	// other half of the trainer's code screen, so it is served here.
	r.With(s.requireRole(wachsam.RoleStaff)).Get("/schulungen/einchecken", s.checkInPage)
	r.With(s.requireRole(wachsam.RoleStaff)).Post("/schulungen/einchecken", s.checkIn)
}

func (s *Server) trainerAPI(r chi.Router) {
	r.Route("/trainer/sessions", func(r chi.Router) {
		r.Use(s.requireRole(wachsam.RoleTrainer))
		r.Get("/", s.apiTrainerSessions)
		r.Get("/{id}/participants", s.apiTrainerParticipants)
		r.Put("/{id}/attendance", s.apiTrainerAttendance)
		r.Get("/{id}/checkin-code", s.apiTrainerCheckInCode)
		r.Get("/{id}/walk-in-candidates", s.apiTrainerWalkInCandidates)
		r.Post("/{id}/walk-ins", s.apiTrainerAddWalkIn)
	})
	r.With(s.requireRole(wachsam.RoleStaff)).Post("/checkin", s.apiCheckIn)
}

func trainerFuncs(loc *time.Location) template.FuncMap {
	return template.FuncMap{
		// attendanceSource names how a presence was recorded.
		"attendanceSource": func(src courses.AttendanceSource) string {
			switch src {
			case courses.AttendanceCheckIn:
				return "eingecheckt"
			case courses.AttendanceCamera:
				return "Kamera bestätigt"
			case courses.AttendanceTrainerList:
				return "laut Liste"
			}
			return ""
		},
		// trainerTimes: "09:00–12:00 Uhr".
		"trainerTimes": func(s courses.Session) string { return trainerTimes(s, loc) },
	}
}

func trainerTimes(s courses.Session, loc *time.Location) string {
	if s.EndsAt.IsZero() {
		return s.StartsAt.In(loc).Format("15:04") + " Uhr"
	}
	return s.StartsAt.In(loc).Format("15:04") + "–" + s.EndsAt.In(loc).Format("15:04") + " Uhr"
}

// trainerSessionID reads the session id of the address; a malformed id is a
// session that does not exist.
func (s *Server) trainerSessionID(w http.ResponseWriter, r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil || id <= 0 {
		s.failStatus(w, r, http.StatusNotFound, "Diesen Termin gibt es nicht.")
		return 0, false
	}
	return id, true
}

// checkInWindow is the code shown in the room now, when the next one
// replaces it and until when it is accepted (the current step and the next,
// see courses.VerifyCheckInCode).
type checkInWindow struct {
	Code       string
	ChangesAt  time.Time
	ValidUntil time.Time
	ChangesIn  int // seconds
	ValidFor   int // seconds
}

func newCheckInWindow(secret []byte, now time.Time) checkInWindow {
	step := int64(courses.CheckInStep / time.Second)
	sec := now.Unix()
	next := (sec/step + 1) * step
	if sec < 0 && sec%step != 0 {
		next -= step
	}
	w := checkInWindow{Code: courses.CheckInCode(secret, now), ChangesAt: time.Unix(next, 0).UTC()}
	w.ValidUntil = w.ChangesAt.Add(courses.CheckInStep)
	w.ChangesIn = int(w.ChangesAt.Sub(now).Seconds() + 0.999)
	w.ValidFor = int(w.ValidUntil.Sub(now).Seconds() + 0.999)
	return w
}
