package http

import (
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// The API of the bulk actions: the same checks as the pages, answers in
// problem details.

func (s *Server) coordinatorBulkAPI(r chi.Router) {
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(wachsam.RoleCoordinator))
		r.Get("/rounds/{id}/reminders", s.apiPlanReminders)
		r.Post("/rounds/{id}/reminders", s.apiRemind)
		r.Post("/rounds/{id}/bulk-bookings", s.apiBulkBook)
	})
}

// apiBulkPerson is one member of staff named in an answer.
type apiBulkPerson struct {
	ID         int64  `json:"id"`
	Name       string `json:"name"`
	Department string `json:"department"`
}

func apiBulkPersonOf(p courses.BulkPerson) apiBulkPerson {
	return apiBulkPerson{ID: p.ID, Name: p.Name, Department: p.Department}
}

// apiReminderPlan is a preview of reminders, or what a run queued.
type apiReminderPlan struct {
	Group        courses.ReminderGroup `json:"group"`
	Recipients   []apiBulkPerson       `json:"recipients"`
	AlreadyToday int                   `json:"already_reminded_today"`
}

func apiReminderPlanOf(p courses.ReminderPlan) apiReminderPlan {
	out := apiReminderPlan{Group: p.Group, Recipients: []apiBulkPerson{}, AlreadyToday: p.AlreadyToday}
	for _, x := range p.Recipients {
		out.Recipients = append(out.Recipients, apiBulkPersonOf(x))
	}
	return out
}

func (s *Server) apiPlanReminders(w http.ResponseWriter, r *http.Request) {
	town, roundID, ok := s.bulkRound(w, r)
	if !ok {
		return
	}
	g, err := courses.ParseReminderGroup(r.URL.Query().Get("group"))
	var plan courses.ReminderPlan
	if err == nil {
		plan, err = s.courses.PlanReminders(r.Context(), town, roundID, g, s.bulkToday())
	}
	s.reply(w, r, http.StatusOK, apiReminderPlanOf(plan), err)
}

// apiRemindRequest is the body of a reminder run.
type apiRemindRequest struct {
	Group string `json:"group"`
}

func (s *Server) apiRemind(w http.ResponseWriter, r *http.Request) {
	town, roundID, ok := s.bulkRound(w, r)
	if !ok {
		return
	}
	var req apiRemindRequest
	if !s.decodeJSON(w, r, &req) {
		return
	}
	g, err := courses.ParseReminderGroup(req.Group)
	var plan courses.ReminderPlan
	if err == nil {
		plan, err = s.courses.RemindRound(r.Context(), wachsam.UserActor(currentUser(r)), town, roundID, g, s.bulkToday())
	}
	s.reply(w, r, http.StatusOK, apiReminderPlanOf(plan), err)
}

// apiBulkRequest is the body of a bulk booking: people by ID, and/or a
// whole department's people without a seat in the round.
type apiBulkRequest struct {
	UserIDs      []int64 `json:"user_ids"`
	DepartmentID int64   `json:"department_id"`
	Reason       string  `json:"reason"`
}

// apiBulkResult is what the bulk booking did for one person.
type apiBulkResult struct {
	Person  apiBulkPerson `json:"person"`
	Booked  bool          `json:"booked"`
	Booking *apiBooking   `json:"booking,omitempty"`
	Reason  string        `json:"reason,omitempty"`
}

// apiBulkAnswer is the answer of a bulk booking.
type apiBulkAnswer struct {
	Booked    int             `json:"booked"`
	NotBooked int             `json:"not_booked"`
	Results   []apiBulkResult `json:"results"`
}

func (s *Server) apiBulkBook(w http.ResponseWriter, r *http.Request) {
	town, roundID, ok := s.bulkRound(w, r)
	if !ok {
		return
	}
	var req apiBulkRequest
	if !s.decodeJSON(w, r, &req) {
		return
	}
	if len(req.UserIDs) > courses.MaxBulkPeople {
		s.fail(w, r, wachsam.FieldError("user_ids", "Bitte nennen Sie höchstens %d Personen auf einmal.", courses.MaxBulkPeople))
		return
	}
	ids := req.UserIDs
	if req.DepartmentID != 0 {
		more, err := s.departmentOpen(r.Context(), town, roundID, strconv.FormatInt(req.DepartmentID, 10), "department_id")
		if err != nil {
			s.fail(w, r, err)
			return
		}
		ids = append(ids, more...)
	}
	o := courses.OnBehalf{Actor: wachsam.UserActor(currentUser(r)), MunicipalityID: town, Reason: req.Reason}
	results, err := s.courses.BulkBook(r.Context(), o, roundID, ids, s.bulkToday())
	if err != nil && results == nil {
		s.fail(w, r, err)
		return
	}
	if err != nil {
		s.logger.ErrorContext(r.Context(), "bulk booking partly failed", "error", err)
	}
	out := apiBulkAnswer{Results: make([]apiBulkResult, 0, len(results))}
	for _, res := range results {
		line := apiBulkResult{Person: apiBulkPersonOf(res.Person), Reason: res.Reason}
		if res.Booking != nil {
			b := apiBookingOf(*res.Booking)
			line.Booked, line.Booking = true, &b
			out.Booked++
		} else {
			out.NotBooked++
		}
		out.Results = append(out.Results, line)
	}
	writeJSON(w, http.StatusOK, out)
}
