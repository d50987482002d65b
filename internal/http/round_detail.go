package http

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// roundTownSeats is one municipality's quota and seats in one session.
type roundTownSeats struct {
	Name   string
	Quota  int
	Booked int
}

type roundSessionLine struct {
	Session courses.Session
	Host    string
	Place   string // courses.PlaceLabel
	Trainer string
	Booked  int
	Towns   []roundTownSeats
}

type roundCostLine struct {
	Name  string
	Cents int64
}

type roundStatusMove struct {
	Status courses.RoundStatus
	Label  string
}

type roundDeptCap struct {
	Name  string
	Staff int
	Cap   int
}

// roundView is everything the round page shows.
type roundView struct {
	Round     courses.Round
	Own       int64
	Towns     []wachsam.Municipality // taking part, by name
	Sessions  []roundSessionLine
	Costs     []roundCostLine
	CostError string
	Moves     []roundStatusMove
	Trainers  []wachsam.User
	OwnDepts  []roundDeptCap
}

var roundMoveLabels = []roundStatusMove{
	{courses.StatusCollecting, "Wünsche sammeln"},
	{courses.StatusOpen, "Buchung öffnen"},
	{courses.StatusClosed, "Runde abschließen"},
	{courses.StatusDraft, "Zurück zum Entwurf"},
}

func (s *Server) roundViewOf(r *http.Request, rd courses.Round, own int64) (roundView, error) {
	v := roundView{Round: rd, Own: own}
	all, err := s.directory.MunicipalitiesWithDepartments(r.Context())
	if err != nil {
		return v, err
	}
	names := map[int64]string{}
	for _, m := range all {
		names[m.ID] = m.Name
		if slices.Contains(rd.Municipalities, m.ID) {
			v.Towns = append(v.Towns, m)
		}
		if m.ID == own {
			for _, d := range m.Departments {
				v.OwnDepts = append(v.OwnDepts, roundDeptCap{Name: d.Name, Staff: rd.Staff.ByDepartment[d.ID], Cap: rd.DepartmentCap(d.ID)})
			}
		}
	}
	if v.Trainers, err = s.courses.TrainersList(r.Context()); err != nil {
		return v, err
	}
	trainers := map[int64]string{}
	for _, t := range v.Trainers {
		trainers[t.ID] = t.Name
	}
	seats, err := s.courses.RoundSeatCounts(r.Context(), own, rd.ID)
	if err != nil {
		return v, err
	}
	used := map[int64]int{}
	for _, sess := range rd.Sessions {
		line := roundSessionLine{Session: sess, Host: names[sess.HostMunicipalityID], Trainer: trainers[sess.TrainerID], Booked: seats[sess.ID].Taken}
		if sess.Online {
			line.Host = "online"
		}
		line.Place = courses.PlaceLabel(sess.Online, sess.Location, names[sess.HostMunicipalityID])
		for _, m := range v.Towns {
			n := seats[sess.ID].ByMunicipality[m.ID]
			used[m.ID] += n
			line.Towns = append(line.Towns, roundTownSeats{Name: m.Name, Quota: rd.MunicipalityQuota(m.ID), Booked: n})
		}
		v.Sessions = append(v.Sessions, line)
	}
	shares := make([]courses.CostShare, len(v.Towns))
	for i, m := range v.Towns {
		shares[i] = courses.CostShare{MunicipalityID: m.ID, Population: m.Population, Seats: used[m.ID]}
	}
	if parts, err := courses.SplitCost(rd.CostCents, shares, rd.CostBasis); err != nil {
		v.CostError = wachsam.ErrorMessageOf(err)
	} else {
		for i, m := range v.Towns {
			v.Costs = append(v.Costs, roundCostLine{Name: m.Name, Cents: parts[i]})
		}
	}
	for _, m := range roundMoveLabels {
		if rd.CanMoveTo(m.Status) == nil {
			v.Moves = append(v.Moves, m)
		}
	}
	return v, nil
}

func (s *Server) roundPage(w http.ResponseWriter, r *http.Request) {
	if rd, town, ok := s.roundParam(w, r); ok {
		s.renderRound(w, r, http.StatusOK, rd, town, form{Values: url.Values{"host": {roundIDText(town)}, "start": {"09:00"}, "end": {"12:00"}}})
	}
}

func (s *Server) renderRound(w http.ResponseWriter, r *http.Request, status int, rd courses.Round, town int64, f form) {
	v, err := s.roundViewOf(r, rd, town)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "round_detail", page{Title: rd.Name, Section: "rounds", Form: f, Data: v})
}

func (s *Server) roundSetStatus(w http.ResponseWriter, r *http.Request) {
	rd, town, ok := s.roundParam(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	next := courses.RoundStatus(r.PostForm.Get("status"))
	if err := s.courses.SetRoundStatus(r.Context(), wachsam.UserActor(currentUser(r)), town, rd.ID, next); err != nil {
		s.refuse(w, r, err, func(status int) { s.renderRound(w, r, status, rd, town, formWithError(nil, err)) })
		return
	}
	s.setFlash(w, flashOK, "Die Runde steht jetzt auf „"+next.German()+"“.")
	http.Redirect(w, r, "/koordination/runden/"+roundIDText(rd.ID), http.StatusSeeOther)
}

func (s *Server) roundAddSession(w http.ResponseWriter, r *http.Request) {
	rd, town, ok := s.roundParam(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	sess, err := sessionFromForm(r.PostForm, s.cfg.Location)
	if err == nil {
		sess.RoundID = rd.ID
		err = s.courses.AddSession(r.Context(), wachsam.UserActor(currentUser(r)), town, &sess)
	}
	if err != nil {
		s.refuse(w, r, err, func(status int) { s.renderRound(w, r, status, rd, town, roundFormError(r.PostForm, err)) })
		return
	}
	s.setFlash(w, flashOK, "Der Termin am "+sess.Days[0].German()+" wurde hinzugefügt.")
	http.Redirect(w, r, "/koordination/runden/"+roundIDText(rd.ID), http.StatusSeeOther)
}

func (s *Server) roundCancelSession(w http.ResponseWriter, r *http.Request) {
	rd, town, ok := s.roundParam(w, r)
	if !ok {
		return
	}
	sess, ok := s.roundSessionParam(w, r, rd)
	if !ok || !s.parseForm(w, r) {
		return
	}
	var err error = wachsam.FieldError("confirm", "Bitte bestätigen Sie die Absage des Termins am %s.", sess.Days[0].German())
	if r.PostForm.Get("confirm") == "ja" {
		err = s.courses.CancelSession(r.Context(), wachsam.UserActor(currentUser(r)), town, sess.ID)
	}
	if err != nil {
		s.refuse(w, r, err, func(status int) {
			f := formWithError(nil, err)
			f.General = wachsam.ErrorMessageOf(err)
			s.renderRound(w, r, status, rd, town, f)
		})
		return
	}
	s.setFlash(w, flashOK, "Der Termin am "+sess.Days[0].German()+" ist abgesagt; alle Angemeldeten werden benachrichtigt.")
	http.Redirect(w, r, "/koordination/runden/"+roundIDText(rd.ID), http.StatusSeeOther)
}

// roundTownCount is how many people of another municipality come or wait.
type roundTownCount struct {
	Name            string
	Booked, Waiting int
}

type roundRosterView struct {
	Round   courses.Round
	Roster  courses.SessionRoster
	Others  []roundTownCount
	OwnName string
	Place   string // courses.PlaceLabel
}

func (s *Server) roundSessionPage(w http.ResponseWriter, r *http.Request) {
	rd, town, ok := s.roundParam(w, r)
	if !ok {
		return
	}
	sess, roster, ok := s.roundSessionRoster(w, r, rd, town)
	if !ok {
		return
	}
	all, err := s.directory.Municipalities(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := roundRosterView{Round: rd, Roster: roster, Place: courses.PlaceLabel(roster.Session.Online, roster.Session.Location, "")}
	for _, m := range all {
		if m.ID == roster.Session.HostMunicipalityID {
			v.Place = courses.PlaceLabel(roster.Session.Online, roster.Session.Location, m.Name)
		}
		switch {
		case m.ID == town:
			v.OwnName = m.Name
		case slices.Contains(rd.Municipalities, m.ID):
			v.Others = append(v.Others, roundTownCount{Name: m.Name, Booked: roster.OthersBooked[m.ID], Waiting: roster.OthersWaiting[m.ID]})
		}
	}
	s.render(w, r, http.StatusOK, "round_session", page{Title: "Teilnehmende am " + sess.Days[0].German(), Section: "rounds", Data: v})
}
