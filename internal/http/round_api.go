package http

import (
	"math/big"
	"net/http"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// The round API mirrors the coordinator's pages (JSON, snake_case, times
// in RFC 3339, shares as strings such as "1/3").

type apiRoundTopic struct {
	ID             int64  `json:"id"`
	Name           string `json:"name"`
	ValidityMonths int    `json:"validity_months"`
	RemindDays     int    `json:"remind_days"`
}

type apiRoundTownSeats struct {
	MunicipalityID int64 `json:"municipality_id"`
	Quota          int   `json:"quota"`
	Booked         int   `json:"booked"`
}

type apiRoundSession struct {
	ID                 int64               `json:"id"`
	StartsAt           time.Time           `json:"starts_at"`
	EndsAt             time.Time           `json:"ends_at"`
	Days               []wachsam.Date      `json:"days"`
	Capacity           int                 `json:"capacity"`
	Online             bool                `json:"online"`
	HostMunicipalityID *int64              `json:"host_municipality_id"`
	Location           string              `json:"location"`
	JoinURL            string              `json:"join_url"`
	TrainerID          *int64              `json:"trainer_id"`
	Cancelled          bool                `json:"cancelled"`
	Booked             int                 `json:"booked"`
	Municipalities     []apiRoundTownSeats `json:"municipalities"`
}

type apiRoundOut struct {
	ID                      int64               `json:"id"`
	Name                    string              `json:"name"`
	Topic                   apiRoundTopic       `json:"topic"`
	Mode                    courses.RoundMode   `json:"mode"`
	Status                  courses.RoundStatus `json:"status"`
	CreatedBy               int64               `json:"created_by"`
	Municipalities          []int64             `json:"municipalities"`
	MunicipalityShare       *string             `json:"municipality_share"`
	DepartmentShare         *string             `json:"department_share"`
	CancellationLeadMinutes int64               `json:"cancellation_lead_minutes"`
	OfferTTLMinutes         int64               `json:"offer_ttl_minutes"`
	CostCents               int64               `json:"cost_cents"`
	CostBasis               courses.CostBasis   `json:"cost_basis"`
	Sessions                []apiRoundSession   `json:"sessions"`
}

func roundRatOut(r *big.Rat) *string {
	if r == nil {
		return nil
	}
	s := r.RatString()
	return &s
}

func roundOptionalID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

func roundOut(rd courses.Round, seats map[int64]courses.Seats) apiRoundOut {
	out := apiRoundOut{ID: rd.ID, Name: rd.Name, Mode: rd.Mode, Status: rd.Status, CreatedBy: rd.CreatedBy,
		Topic:          apiRoundTopic{ID: rd.Topic.ID, Name: rd.Topic.Name, ValidityMonths: rd.Topic.ValidityMonths, RemindDays: rd.Topic.RemindDays},
		Municipalities: rd.Municipalities, MunicipalityShare: roundRatOut(rd.Policy.MunicipalityShare), DepartmentShare: roundRatOut(rd.Policy.DepartmentShare),
		CancellationLeadMinutes: int64(rd.Policy.CancellationLead / time.Minute), OfferTTLMinutes: int64(rd.Policy.OfferTTL / time.Minute),
		CostCents: rd.CostCents, CostBasis: rd.CostBasis, Sessions: []apiRoundSession{},
	}
	for _, s := range rd.Sessions {
		a := apiRoundSession{ID: s.ID, StartsAt: s.StartsAt.UTC(), EndsAt: s.EndsAt.UTC(), Days: s.Days, Capacity: s.Capacity, Online: s.Online,
			HostMunicipalityID: roundOptionalID(s.HostMunicipalityID), Location: s.Location, JoinURL: s.JoinURL, TrainerID: roundOptionalID(s.TrainerID),
			Cancelled: s.Cancelled, Booked: seats[s.ID].Taken, Municipalities: []apiRoundTownSeats{}}
		for _, m := range rd.Municipalities {
			a.Municipalities = append(a.Municipalities, apiRoundTownSeats{MunicipalityID: m, Quota: rd.MunicipalityQuota(m), Booked: seats[s.ID].ByMunicipality[m]})
		}
		out.Sessions = append(out.Sessions, a)
	}
	return out
}

func (s *Server) apiRounds(w http.ResponseWriter, r *http.Request) {
	town, ok := s.coordinatorTown(w, r)
	if !ok {
		return
	}
	rounds, err := s.roundsOfTown(r, town)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]apiRoundOut, len(rounds))
	for i, rs := range rounds {
		out[i] = roundOut(rs.Round, rs.Seats)
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiRound(w http.ResponseWriter, r *http.Request) {
	if rd, town, ok := s.roundParam(w, r); ok {
		s.writeRound(w, r, http.StatusOK, town, rd.ID)
	}
}

// writeRound answers with the round as it is stored now.
func (s *Server) writeRound(w http.ResponseWriter, r *http.Request, status int, town, id int64) {
	rd, err := s.courses.RoundFor(r.Context(), town, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	seats, err := s.courses.RoundSeatCounts(r.Context(), town, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, status, roundOut(rd, seats))
}

type apiRoundSessionIn struct {
	StartsAt           time.Time      `json:"starts_at"`
	EndsAt             time.Time      `json:"ends_at"`
	Days               []wachsam.Date `json:"days"`
	Capacity           int            `json:"capacity"`
	Online             bool           `json:"online"`
	HostMunicipalityID int64          `json:"host_municipality_id"`
	Location           string         `json:"location"`
	JoinURL            string         `json:"join_url"`
	TrainerID          int64          `json:"trainer_id"`
}

func (in apiRoundSessionIn) session(loc *time.Location) courses.Session {
	days := in.Days
	if len(days) == 0 && !in.StartsAt.IsZero() {
		days = []wachsam.Date{wachsam.DateIn(in.StartsAt, loc)}
	}
	return courses.Session{StartsAt: in.StartsAt, EndsAt: in.EndsAt, Days: days, Capacity: in.Capacity, Online: in.Online,
		HostMunicipalityID: in.HostMunicipalityID, Location: in.Location, JoinURL: in.JoinURL, TrainerID: in.TrainerID}
}

type apiRoundIn struct {
	Name                    string              `json:"name"`
	TopicID                 int64               `json:"topic_id"`
	NewTopic                *apiRoundTopic      `json:"new_topic"`
	Mode                    string              `json:"mode"`
	Municipalities          []int64             `json:"municipalities"`
	MunicipalityShare       string              `json:"municipality_share"`
	DepartmentShare         string              `json:"department_share"`
	CancellationLeadMinutes int64               `json:"cancellation_lead_minutes"`
	OfferTTLMinutes         int64               `json:"offer_ttl_minutes"`
	CostCents               int64               `json:"cost_cents"`
	CostBasis               string              `json:"cost_basis"`
	Sessions                []apiRoundSessionIn `json:"sessions"`
}

func (in apiRoundIn) round(own int64, loc *time.Location) (courses.Round, error) {
	rd := courses.Round{Name: in.Name, Mode: courses.RoundMode(in.Mode), CreatedBy: own, Municipalities: in.Municipalities,
		CostCents: in.CostCents, CostBasis: courses.CostBasis(in.CostBasis), Topic: courses.Topic{ID: in.TopicID}}
	if in.NewTopic != nil {
		rd.Topic = courses.Topic{Name: in.NewTopic.Name, ValidityMonths: in.NewTopic.ValidityMonths, RemindDays: in.NewTopic.RemindDays}
	}
	if err := wachsam.CheckRange("cancellation_lead_minutes", "Abmeldefrist in Minuten", in.CancellationLeadMinutes, 0, wachsam.MaxLeadMinutes); err != nil {
		return rd, err
	}
	if err := wachsam.CheckRange("offer_ttl_minutes", "Gültigkeit eines Platzangebots in Minuten", in.OfferTTLMinutes, 0, wachsam.MaxLeadMinutes); err != nil {
		return rd, err
	}
	var err error
	if rd.Policy.MunicipalityShare, err = parseShare("municipality_share", in.MunicipalityShare); err != nil {
		return rd, err
	}
	if rd.Policy.DepartmentShare, err = parseShare("department_share", in.DepartmentShare); err != nil {
		return rd, err
	}
	rd.Policy.CancellationLead = time.Duration(in.CancellationLeadMinutes) * time.Minute
	rd.Policy.OfferTTL = time.Duration(in.OfferTTLMinutes) * time.Minute
	for _, s := range in.Sessions {
		rd.Sessions = append(rd.Sessions, s.session(loc))
	}
	return rd, nil
}

func (s *Server) apiCreateRound(w http.ResponseWriter, r *http.Request) {
	town, ok := s.coordinatorTown(w, r)
	if !ok {
		return
	}
	var in apiRoundIn
	if !s.decodeJSON(w, r, &in) {
		return
	}
	rd, err := in.round(town, s.cfg.Location)
	if err == nil {
		err = s.courses.CreateRound(r.Context(), wachsam.UserActor(currentUser(r)), &rd)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/rounds/"+roundIDText(rd.ID))
	s.writeRound(w, r, http.StatusCreated, town, rd.ID)
}

func (s *Server) apiAddSession(w http.ResponseWriter, r *http.Request) {
	rd, town, ok := s.roundParam(w, r)
	if !ok {
		return
	}
	var in apiRoundSessionIn
	if !s.decodeJSON(w, r, &in) {
		return
	}
	sess := in.session(s.cfg.Location)
	sess.RoundID = rd.ID
	if err := s.courses.AddSession(r.Context(), wachsam.UserActor(currentUser(r)), town, &sess); err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeRound(w, r, http.StatusCreated, town, rd.ID)
}

// apiUpdateSession changes a session's time, place and trainer; the store
// mails everyone concerned (see store.UpdateSession).
func (s *Server) apiUpdateSession(w http.ResponseWriter, r *http.Request) {
	rd, town, ok := s.roundParam(w, r)
	if !ok {
		return
	}
	old, ok := s.roundSessionParam(w, r, rd)
	if !ok {
		return
	}
	var in apiRoundSessionIn
	if !s.decodeJSON(w, r, &in) {
		return
	}
	sess := in.session(s.cfg.Location)
	sess.ID, sess.RoundID = old.ID, rd.ID
	if err := s.courses.UpdateSession(r.Context(), wachsam.UserActor(currentUser(r)), town, sess); err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeRound(w, r, http.StatusOK, town, rd.ID)
}

func (s *Server) apiCancelSession(w http.ResponseWriter, r *http.Request) {
	rd, town, ok := s.roundParam(w, r)
	if !ok {
		return
	}
	sess, ok := s.roundSessionParam(w, r, rd)
	if !ok {
		return
	}
	if err := s.courses.CancelSession(r.Context(), wachsam.UserActor(currentUser(r)), town, sess.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeRound(w, r, http.StatusOK, town, rd.ID)
}

func (s *Server) apiSetRoundStatus(w http.ResponseWriter, r *http.Request) {
	rd, town, ok := s.roundParam(w, r)
	if !ok {
		return
	}
	var in struct {
		Status courses.RoundStatus `json:"status"`
	}
	if !s.decodeJSON(w, r, &in) {
		return
	}
	var err error = wachsam.FieldError("status", "Unbekannter Status %q; erlaubt sind draft, collecting, open und closed.", in.Status)
	switch in.Status {
	case courses.StatusDraft, courses.StatusCollecting, courses.StatusOpen, courses.StatusClosed:
		err = s.courses.SetRoundStatus(r.Context(), wachsam.UserActor(currentUser(r)), town, rd.ID, in.Status)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeRound(w, r, http.StatusOK, town, rd.ID)
}
