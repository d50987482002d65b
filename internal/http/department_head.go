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
	"github.com/wachsam/wachsam/internal/export"
)

// Department heads (issue 14 §2) see the training status of the one
// department their account heads and book, cancel and move for its
// members. The department comes from the account (HeadedDepartment, read
// anew with every request), never from the request: an address naming
// another department, or a person outside the own one, is not found.

// DepartmentHeads is what the department head's pages and the
// coordinator's assignment need of the store.
type DepartmentHeads interface {
	HeadedDepartment(ctx context.Context, userID int64) (wachsam.Department, error)
	DepartmentStatus(ctx context.Context, municipalityID, departmentID int64, today wachsam.Date, loc *time.Location) ([]courses.DepartmentMember, error)
	SetDepartmentHead(ctx context.Context, actor wachsam.Actor, municipalityID, userID int64, head bool) error
}

func (s *Server) departmentHeadPages(r chi.Router) {
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(wachsam.RoleDepartmentHead))
		r.Get("/abteilung", s.departmentHeadPage)
		r.Get("/abteilung/export", s.departmentHeadExport)
		s.behalfRoutes(r, s.departmentHeadDesk())
	})
}

func (s *Server) departmentHeadAPI(r chi.Router) {
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(wachsam.RoleDepartmentHead))
		r.Get("/departments/{id}/status", s.apiDepartmentStatus)
	})
}

func departmentHeadFuncs(loc *time.Location) template.FuncMap {
	return template.FuncMap{
		// bookedWhen: the days and hours of a booked session.
		"bookedWhen": func(b courses.UpcomingBooking) string {
			return sessionWhen(courses.SessionView{Session: b.Session}, loc)
		},
	}
}

const noHeadedDepartment = "Ihrem Konto ist keine Abteilung zugeordnet, die Sie leiten. Bitte wenden Sie sich an die Koordination Ihrer Kommune."

// headedDepartment is the department the signed-in head leads now; without
// one (the department was deleted, the account moved to another town) the
// pages answer 403 and show nothing.
func (s *Server) headedDepartment(w http.ResponseWriter, r *http.Request) (wachsam.Department, bool) {
	d, err := s.courses.HeadedDepartment(r.Context(), currentUser(r).ID)
	switch {
	case wachsam.ErrorCodeOf(err) == wachsam.ENOTFOUND:
		s.failStatus(w, r, http.StatusForbidden, noHeadedDepartment)
		return d, false
	case err != nil:
		s.fail(w, r, err)
		return d, false
	}
	return d, true
}

// departmentHeadDesk acts for the members of the head's department.
func (s *Server) departmentHeadDesk() behalfDesk {
	return behalfDesk{actFor: s.headBehalfFor, list: "/abteilung/beschaeftigte", back: "/abteilung",
		backLabel: "Zurück zur Abteilung", section: "department"}
}

// headBehalfFor is the head's acting context with the member of their
// department named by {id}; anyone else, of the same town or not, answers
// as not found.
func (s *Server) headBehalfFor(w http.ResponseWriter, r *http.Request) (courses.OnBehalf, *wachsam.User, bool) {
	dep, ok := s.headedDepartment(w, r)
	if !ok {
		return courses.OnBehalf{}, nil, false
	}
	u, ok := s.staffMemberFor(w, r, "Diese Person gibt es in Ihrer Abteilung nicht.", func(u *wachsam.User) bool {
		return u.MunicipalityID != nil && *u.MunicipalityID == dep.MunicipalityID &&
			u.DepartmentID != nil && *u.DepartmentID == dep.ID && !u.Disabled
	})
	return courses.OnBehalf{Actor: wachsam.UserActor(currentUser(r)), MunicipalityID: dep.MunicipalityID, DepartmentID: dep.ID}, u, ok
}

// departmentStatus loads the list of the head's department on today.
func (s *Server) departmentStatus(r *http.Request, dep wachsam.Department) ([]courses.DepartmentMember, error) {
	return s.courses.DepartmentStatus(r.Context(), dep.MunicipalityID, dep.ID, s.coordinatorToday(), s.cfg.Location)
}

func (s *Server) departmentHeadPage(w http.ResponseWriter, r *http.Request) {
	dep, ok := s.headedDepartment(w, r)
	if !ok {
		return
	}
	members, err := s.departmentStatus(r, dep)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	overdue, soon := courses.DepartmentCounts(members)
	s.render(w, r, http.StatusOK, "department_head", page{Title: "Abteilung " + dep.Name, Section: "department", Data: map[string]any{
		"Department": dep, "Members": members, "Overdue": overdue, "Soon": soon, "Today": s.coordinatorToday(),
	}})
}

// apiDepartmentStatus is GET /api/v1/departments/{id}/status: the head's
// list as JSON, or as a file with ?format= or an Accept header. {id} must
// be the head's own department; any other is not found.
func (s *Server) apiDepartmentStatus(w http.ResponseWriter, r *http.Request) {
	dep, ok := s.headedDepartment(w, r)
	if !ok {
		return
	}
	if id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64); err != nil || id != dep.ID {
		s.failStatus(w, r, http.StatusNotFound, "Diese Abteilung gibt es unter den von Ihnen geleiteten nicht.")
		return
	}
	if s.servedAsFile(w, r, func(f export.Format) { s.sendDepartmentList(w, r, dep, f) }) {
		return
	}
	members, err := s.departmentStatus(r, dep)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := apiDepartmentStatus{ID: dep.ID, Name: dep.Name, Today: s.coordinatorToday(), Members: []apiDepartmentMember{}}
	for _, m := range members {
		am := apiDepartmentMember{UserID: m.UserID, Name: m.Name, Email: m.Email, Status: string(m.Worst()), Topics: []apiDepartmentTopic{}}
		if m.Next != nil {
			am.NextSession = apiHeadBookedOf(m.Next)
		}
		for _, t := range m.Topics {
			at := apiDepartmentTopic{TopicID: t.TopicID, Topic: t.Topic, Last: t.Last, Next: t.Next, Status: string(t.State)}
			if t.Booked != nil {
				at.Booked = apiHeadBookedOf(t.Booked)
			}
			am.Topics = append(am.Topics, at)
		}
		out.Members = append(out.Members, am)
	}
	writeJSON(w, http.StatusOK, out)
}

type apiDepartmentStatus struct {
	ID      int64                 `json:"id"`
	Name    string                `json:"name"`
	Today   wachsam.Date          `json:"today"`
	Members []apiDepartmentMember `json:"members"`
}

type apiDepartmentMember struct {
	UserID      int64                `json:"user_id"`
	Name        string               `json:"name"`
	Email       string               `json:"email"`
	Status      string               `json:"status"` // the worst of the topics: current, due_soon, overdue
	NextSession *apiHeadBooked       `json:"next_session"`
	Topics      []apiDepartmentTopic `json:"topics"`
}

type apiDepartmentTopic struct {
	TopicID int64          `json:"topic_id"`
	Topic   string         `json:"topic"`
	Last    wachsam.Date   `json:"last_completed"` // null: never
	Next    wachsam.Date   `json:"next_due"`       // null: never completed, due now
	Status  string         `json:"status"`
	Booked  *apiHeadBooked `json:"booked_session"`
}

// apiHeadBooked is a booked session that lies ahead.
type apiHeadBooked struct {
	BookingID int64     `json:"booking_id"`
	SessionID int64     `json:"session_id"`
	Topic     string    `json:"topic"`
	StartsAt  time.Time `json:"starts_at"`
	Place     string    `json:"place"`
}

func apiHeadBookedOf(b *courses.UpcomingBooking) *apiHeadBooked {
	return &apiHeadBooked{BookingID: b.BookingID, SessionID: b.Session.ID, Topic: b.Topic, StartsAt: b.Session.StartsAt.UTC(), Place: b.Place}
}

// homeDepartmentHead is the start page's part for a department head: how
// many of the department are overdue or due soon, each person once.
type homeDepartmentHead struct {
	Department       string
	Overdue, DueSoon int
}

func (s *Server) homeDepartmentHeadTasks(ctx context.Context, u *wachsam.User, d *homeData) error {
	dep, err := s.courses.HeadedDepartment(ctx, u.ID)
	if wachsam.ErrorCodeOf(err) == wachsam.ENOTFOUND {
		return nil // the role without its department shows nothing
	}
	if err != nil {
		return err
	}
	members, err := s.courses.DepartmentStatus(ctx, dep.MunicipalityID, dep.ID, s.homeToday(), s.cfg.Location)
	if err != nil {
		return err
	}
	h := &homeDepartmentHead{Department: dep.Name}
	h.Overdue, h.DueSoon = courses.DepartmentCounts(members)
	d.DepartmentHead = h
	return nil
}
