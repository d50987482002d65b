package http

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/wachsam/wachsam"
)

// Walk-ins (issue 12 §4): on the session's day the trainer searches the
// staff of the round's municipalities by name or e-mail and adds a person
// who attended without booking. It is a page of its own, so that nobody is
// added by a slip on the attendance list.

func (s *Server) trainerWalkInPage(w http.ResponseWriter, r *http.Request) {
	id, ok := s.trainerSessionID(w, r)
	if !ok {
		return
	}
	f := form{Values: url.Values{"suche": {r.URL.Query().Get("suche")}}}
	s.renderWalkIn(w, r, http.StatusOK, id, f)
}

// renderWalkIn shows the search form and, for a search, the people found.
func (s *Server) renderWalkIn(w http.ResponseWriter, r *http.Request, status int, id int64, f form) {
	u := currentUser(r)
	roster, err := s.courses.SessionParticipants(r.Context(), u.ID, id, s.cfg.Location)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	today := wachsam.DateIn(s.cfg.Now(), s.cfg.Location)
	data := map[string]any{"Session": roster.Session, "Today": today, "RunsToday": roster.Session.Session.Runs(today),
		"Base": "/trainer/termine/" + strconv.FormatInt(id, 10)}
	if query := f.Value("suche"); query != "" && f.Err("suche") == "" {
		found, err := s.courses.WalkInCandidates(r.Context(), u.ID, id, query)
		switch {
		case wachsam.ErrorCodeOf(err) == wachsam.EINVALID:
			f = formWithError(f.Values, err)
			status = http.StatusUnprocessableEntity
		case err != nil:
			s.fail(w, r, err)
			return
		default:
			data["Found"], data["Searched"] = found, true
		}
	}
	s.render(w, r, status, "trainer_walkin", page{Title: "Ohne Anmeldung teilgenommen hinzufügen", Section: "trainer", Form: f, Data: data})
}

// trainerAddWalkIn adds the chosen person as present today.
func (s *Server) trainerAddWalkIn(w http.ResponseWriter, r *http.Request) {
	id, ok := s.trainerSessionID(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	u := currentUser(r)
	userID, err := strconv.ParseInt(r.PostForm.Get("user_id"), 10, 64)
	if err == nil {
		today := wachsam.DateIn(s.cfg.Now(), s.cfg.Location)
		err = s.courses.AddWalkIn(r.Context(), wachsam.UserActor(u), u.ID, id, userID, today, s.cfg.Location)
	} else {
		err = wachsam.FieldError("suche", "Bitte wählen Sie eine Person aus der Trefferliste.")
	}
	if err != nil {
		s.refuse(w, r, err, func(status int) {
			f := formWithError(r.PostForm, err)
			if f.Errors["suche"] == "" {
				f.Errors = nil // the message concerns the person or the day; it goes on top
			}
			s.renderWalkIn(w, r, status, id, f)
		})
		return
	}
	s.setFlash(w, flashOK, "Die Person wurde als ohne Anmeldung teilgenommen und für heute als anwesend eingetragen.")
	http.Redirect(w, r, "/trainer/termine/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

type apiWalkInCandidate struct {
	UserID       int64  `json:"user_id"`
	Name         string `json:"name"`
	Email        string `json:"email"`
	Municipality string `json:"municipality"`
}

func (s *Server) apiTrainerWalkInCandidates(w http.ResponseWriter, r *http.Request) {
	id, ok := s.trainerSessionID(w, r)
	if !ok {
		return
	}
	found, err := s.courses.WalkInCandidates(r.Context(), currentUser(r).ID, id, r.URL.Query().Get("q"))
	out := make([]apiWalkInCandidate, len(found))
	for i, c := range found {
		out[i] = apiWalkInCandidate(c)
	}
	s.reply(w, r, http.StatusOK, out, err)
}

type apiWalkIn struct {
	UserID int64        `json:"user_id"`
	Day    wachsam.Date `json:"day"`
}

// apiTrainerAddWalkIn adds a walk-in present on the given day and answers
// the list as it is now.
func (s *Server) apiTrainerAddWalkIn(w http.ResponseWriter, r *http.Request) {
	id, ok := s.trainerSessionID(w, r)
	if !ok {
		return
	}
	var in apiWalkIn
	if !s.decodeJSON(w, r, &in) {
		return
	}
	u := currentUser(r)
	if err := s.courses.AddWalkIn(r.Context(), wachsam.UserActor(u), u.ID, id, in.UserID, in.Day, s.cfg.Location); err != nil {
		s.fail(w, r, err)
		return
	}
	roster, err := s.courses.SessionParticipants(r.Context(), u.ID, id, s.cfg.Location)
	s.reply(w, r, http.StatusCreated, newAPIRoster(roster), err)
}
