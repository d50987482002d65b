package http

import (
	"net/http"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// The trainer's JSON API (/api/v1/trainer/…): the same sessions, lists and
// marks as the pages, scoped to the signed-in trainer.

type apiTrainerSession struct {
	ID        int64          `json:"id"`
	RoundID   int64          `json:"round_id"`
	Round     string         `json:"round"`
	TopicID   int64          `json:"topic_id"`
	Topic     string         `json:"topic"`
	StartsAt  time.Time      `json:"starts_at"`
	EndsAt    time.Time      `json:"ends_at"`
	Days      []wachsam.Date `json:"days"`
	Online    bool           `json:"online"`
	Place     string         `json:"place"`
	Capacity  int            `json:"capacity"`
	Booked    int            `json:"booked"`
	Cancelled bool           `json:"cancelled"`
	Past      bool           `json:"past"`
}

func newAPITrainerSession(t courses.TrainerSession) apiTrainerSession {
	s := t.Session
	return apiTrainerSession{
		ID: s.ID, RoundID: s.RoundID, Round: t.Round, TopicID: t.Topic.ID, Topic: t.Topic.Name,
		StartsAt: s.StartsAt.UTC(), EndsAt: s.EndsAt.UTC(), Days: s.Days, Online: s.Online, Place: t.Place(),
		Capacity: s.Capacity, Booked: t.Booked, Cancelled: s.Cancelled, Past: t.Past,
	}
}

type apiDayAttendance struct {
	Day    wachsam.Date             `json:"day"`
	Source courses.AttendanceSource `json:"source"`
}

// apiDayStatus is a day recorded excused or absent.
type apiDayStatus struct {
	Day    wachsam.Date             `json:"day"`
	Status courses.AttendanceStatus `json:"status"`
}

type apiParticipant struct {
	UserID       int64              `json:"user_id"`
	Name         string             `json:"name"`
	Municipality string             `json:"municipality"`
	Department   string             `json:"department"`
	Attendance   []apiDayAttendance `json:"attendance"`
	Statuses     []apiDayStatus     `json:"statuses"`
	WalkIn       bool               `json:"walk_in"`
	Complete     bool               `json:"complete"`
}

type apiRoster struct {
	Session      apiTrainerSession `json:"session"`
	Participants []apiParticipant  `json:"participants"`
	Changed      *int              `json:"changed,omitempty"`
}

func newAPIRoster(r courses.Roster) apiRoster {
	out := apiRoster{Session: newAPITrainerSession(r.Session), Participants: []apiParticipant{}}
	for _, p := range r.Participants {
		ap := apiParticipant{UserID: p.UserID, Name: p.Name, Municipality: p.Municipality, Department: p.Department,
			Attendance: []apiDayAttendance{}, Statuses: []apiDayStatus{}, WalkIn: p.WalkIn, Complete: p.Complete}
		for _, a := range p.Attendance {
			ap.Attendance = append(ap.Attendance, apiDayAttendance{Day: a.Day, Source: a.Source})
		}
		for _, st := range p.Statuses {
			ap.Statuses = append(ap.Statuses, apiDayStatus{Day: st.Day, Status: st.Status})
		}
		out.Participants = append(out.Participants, ap)
	}
	return out
}

func (s *Server) apiTrainerSessions(w http.ResponseWriter, r *http.Request) {
	list, err := s.courses.TrainerSessions(r.Context(), currentUser(r).ID, s.cfg.Location)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]apiTrainerSession, len(list))
	for i, t := range list {
		out[i] = newAPITrainerSession(t)
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiTrainerParticipants(w http.ResponseWriter, r *http.Request) {
	id, ok := s.trainerSessionID(w, r)
	if !ok {
		return
	}
	roster, err := s.courses.SessionParticipants(r.Context(), currentUser(r).ID, id, s.cfg.Location)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, newAPIRoster(roster))
}

// apiAttendanceMark is one cell of the attendance list. The source follows from the
// session: camera presence online, the trainer's list on site. Status
// (present, excused, absent, or "" for not recorded), when given, wins
// over Present.
type apiAttendanceMark struct {
	UserID  int64                    `json:"user_id"`
	Day     wachsam.Date             `json:"day"`
	Present bool                     `json:"present"`
	Status  courses.AttendanceStatus `json:"status,omitempty"`
}

// apiTrainerAttendance applies a list of marks: all of them or none.
func (s *Server) apiTrainerAttendance(w http.ResponseWriter, r *http.Request) {
	id, ok := s.trainerSessionID(w, r)
	if !ok {
		return
	}
	var in []apiAttendanceMark
	if !s.decodeJSON(w, r, &in) {
		return
	}
	marks := make([]courses.AttendanceMark, len(in))
	for i, m := range in {
		marks[i] = courses.AttendanceMark{UserID: m.UserID, Day: m.Day, Present: m.Present, Status: m.Status}
	}
	u := currentUser(r)
	n, err := s.courses.SaveAttendance(r.Context(), wachsam.UserActor(u), u.ID, id, marks, s.cfg.Location)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	roster, err := s.courses.SessionParticipants(r.Context(), u.ID, id, s.cfg.Location)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := newAPIRoster(roster)
	out.Changed = &n
	writeJSON(w, http.StatusOK, out)
}
