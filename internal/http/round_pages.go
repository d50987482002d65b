package http

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// roundRow is one line of the coordinator's list of rounds.
type roundListRow struct {
	Round    courses.Round
	Sessions int
	Booked   int
}

// roundWithSeats is a round with the seats taken in each of its sessions.
type roundWithSeats struct {
	Round courses.Round
	Seats map[int64]courses.Seats
}

// roundsOfTown lists the rounds the coordinator's town takes part in, each
// with its seats; the page and the API show the same.
func (s *Server) roundsOfTown(r *http.Request, town int64) ([]roundWithSeats, error) {
	rounds, err := s.courses.RoundsOf(r.Context(), town)
	if err != nil {
		return nil, err
	}
	out := make([]roundWithSeats, len(rounds))
	for i, rd := range rounds {
		seats, err := s.courses.RoundSeatCounts(r.Context(), town, rd.ID)
		if err != nil {
			return nil, err
		}
		out[i] = roundWithSeats{Round: rd, Seats: seats}
	}
	return out, nil
}

func (s *Server) roundList(w http.ResponseWriter, r *http.Request) {
	town, ok := s.coordinatorTown(w, r)
	if !ok {
		return
	}
	rounds, err := s.roundsOfTown(r, town)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rows := make([]roundListRow, len(rounds))
	for i, rs := range rounds {
		rows[i] = roundListRow{Round: rs.Round, Sessions: rs.Round.ActiveSessions()}
		for _, st := range rs.Seats {
			rows[i].Booked += st.Taken
		}
	}
	s.render(w, r, http.StatusOK, "round_list", page{Title: "Schulungsrunden", Section: "rounds", Data: rows})
}

// roundChoices are the select boxes of the round forms.
type roundChoices struct {
	Own            int64
	Topics         []courses.Topic
	Municipalities []wachsam.Municipality
	Trainers       []wachsam.User
}

func (s *Server) roundChoicesFor(r *http.Request, own int64) (roundChoices, error) {
	c := roundChoices{Own: own}
	var err error
	if c.Topics, err = s.courses.Topics(r.Context()); err != nil {
		return c, err
	}
	if c.Municipalities, err = s.directory.Municipalities(r.Context()); err != nil {
		return c, err
	}
	c.Trainers, err = s.courses.TrainersList(r.Context())
	return c, err
}

func (s *Server) roundNewPage(w http.ResponseWriter, r *http.Request) {
	town, ok := s.coordinatorTown(w, r)
	if !ok {
		return
	}
	s.renderRoundNew(w, r, http.StatusOK, town, form{Values: url.Values{
		"mode": {string(courses.ModeBooking)}, "cost_basis": {string(courses.CostByPopulation)},
		"cancellation_unit": {"hours"}, "host": {strconv.FormatInt(town, 10)}, "new_topic_validity": {"12"},
		"new_topic_remind": {"30"}, "start": {"09:00"}, "end": {"12:00"},
	}})
}

func (s *Server) renderRoundNew(w http.ResponseWriter, r *http.Request, status int, town int64, f form) {
	choices, err := s.roundChoicesFor(r, town)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "round_new", page{Title: "Neue Schulungsrunde", Section: "rounds", Form: f, Data: choices})
}

func (s *Server) roundCreate(w http.ResponseWriter, r *http.Request) {
	town, ok := s.coordinatorTown(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	rd, err := roundFromForm(r.PostForm, town, s.cfg.Location)
	if err == nil {
		err = s.courses.CreateRound(r.Context(), wachsam.UserActor(currentUser(r)), &rd)
	}
	if err != nil {
		s.refuse(w, r, err, func(status int) { s.renderRoundNew(w, r, status, town, roundFormError(r.PostForm, err)) })
		return
	}
	s.setFlash(w, flashOK, "Die Runde „"+rd.Name+"“ wurde als Entwurf angelegt.")
	http.Redirect(w, r, "/koordination/runden/"+roundIDText(rd.ID), http.StatusSeeOther)
}

// roundParam loads the round of the URL for the coordinator's town; a
// round the town does not share is not found.
func (s *Server) roundParam(w http.ResponseWriter, r *http.Request) (courses.Round, int64, bool) {
	town, ok := s.coordinatorTown(w, r)
	if !ok {
		return courses.Round{}, 0, false
	}
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil {
		s.failStatus(w, r, http.StatusNotFound, "Diese Schulungsrunde gibt es nicht.")
		return courses.Round{}, 0, false
	}
	rd, err := s.courses.RoundFor(r.Context(), town, id)
	if err != nil {
		s.fail(w, r, err)
		return courses.Round{}, 0, false
	}
	return rd, town, true
}

// roundSessionParam finds the session of the URL in the round.
func (s *Server) roundSessionParam(w http.ResponseWriter, r *http.Request, rd courses.Round) (courses.Session, bool) {
	id, err := strconv.ParseInt(chi.URLParam(r, "sid"), 10, 64)
	sess, ok := rd.Session(id)
	if err != nil || !ok {
		s.failStatus(w, r, http.StatusNotFound, "Diesen Termin gibt es in dieser Runde nicht.")
		return courses.Session{}, false
	}
	return sess, true
}
