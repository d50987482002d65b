package http

import (
	"fmt"
	"net/http"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// Self check-in: a member of staff types the code shown in the room.

func (s *Server) checkInPage(w http.ResponseWriter, r *http.Request) {
	s.renderCheckIn(w, r, http.StatusOK, form{})
}

func (s *Server) renderCheckIn(w http.ResponseWriter, r *http.Request, status int, f form) {
	s.render(w, r, status, "checkin", page{Title: "Einchecken", Section: "trainings", Form: f})
}

func (s *Server) checkIn(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	u := currentUser(r)
	done, err := s.courses.CheckIn(r.Context(), wachsam.UserActor(u), u.ID, r.PostForm.Get("code"), s.cfg.Location)
	if err != nil {
		// The code is spent within a minute: never show it again.
		s.refuse(w, r, err, func(status int) { s.renderCheckIn(w, r, status, formWithError(nil, err)) })
		return
	}
	s.setFlash(w, flashOK, checkedInText(done))
	http.Redirect(w, r, "/schulungen/einchecken", http.StatusSeeOther)
}

func checkedInText(c courses.CheckedIn) string {
	return fmt.Sprintf("Sie sind für „%s“ am %s (%s) eingecheckt.", c.Session.Topic.Name, c.Day.German(), c.Session.Place())
}

type apiCheckInRequest struct {
	Code string `json:"code"`
}

type apiCheckedIn struct {
	SessionID int64        `json:"session_id"`
	Topic     string       `json:"topic"`
	Round     string       `json:"round"`
	Place     string       `json:"place"`
	Day       wachsam.Date `json:"day"`
	Message   string       `json:"message"`
}

func (s *Server) apiCheckIn(w http.ResponseWriter, r *http.Request) {
	var in apiCheckInRequest
	if !s.decodeJSON(w, r, &in) {
		return
	}
	u := currentUser(r)
	done, err := s.courses.CheckIn(r.Context(), wachsam.UserActor(u), u.ID, in.Code, s.cfg.Location)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, apiCheckedIn{
		SessionID: done.Session.Session.ID, Topic: done.Session.Topic.Name, Round: done.Session.Round,
		Place: done.Session.Place(), Day: done.Day, Message: checkedInText(done),
	})
}

type apiCheckInCode struct {
	Code       string    `json:"code"`
	ValidUntil time.Time `json:"valid_until"` // the last moment the code is accepted (exclusive)
	ChangesAt  time.Time `json:"changes_at"`  // when the room shows the next code
}

func (s *Server) apiTrainerCheckInCode(w http.ResponseWriter, r *http.Request) {
	id, ok := s.trainerSessionID(w, r)
	if !ok {
		return
	}
	sess, secret, err := s.courses.CheckInCodeFor(r.Context(), currentUser(r).ID, id, s.cfg.Location)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	switch {
	case sess.Session.Cancelled:
		s.failStatus(w, r, http.StatusConflict, "Der Termin ist abgesagt.")
		return
	case sess.Session.Online:
		s.failStatus(w, r, http.StatusConflict, "Bei einem Online-Termin gibt es kein Einchecken; bestätigen Sie die Kamera-Anwesenheit in der Liste.")
		return
	}
	win := newCheckInWindow(secret, s.cfg.Now())
	writeJSON(w, http.StatusOK, apiCheckInCode{Code: win.Code, ValidUntil: win.ValidUntil, ChangesAt: win.ChangesAt})
}
