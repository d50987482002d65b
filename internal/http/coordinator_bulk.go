package http

import (
	"context"
	"net/http"
	"slices"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// CoordinatorBulk is what the bulk actions on a round need of the store
// (issue 14 §2). Every method is scoped to the coordinator's municipality:
// a round it does not share does not exist, and a list naming anyone but
// its own active staff is refused whole.
type CoordinatorBulk interface {
	BulkStaff(ctx context.Context, municipalityID, roundID int64, today wachsam.Date) (courses.Round, []courses.BulkPerson, error)
	BulkBook(ctx context.Context, o courses.OnBehalf, roundID int64, userIDs []int64, today wachsam.Date) ([]courses.BulkOutcome, error)
	PlanReminders(ctx context.Context, municipalityID, roundID int64, g courses.ReminderGroup, today wachsam.Date) (courses.ReminderPlan, error)
	RemindRound(ctx context.Context, actor wachsam.Actor, municipalityID, roundID int64, g courses.ReminderGroup, today wachsam.Date) (courses.ReminderPlan, error)
}

func (s *Server) coordinatorBulkPages(r chi.Router) {
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(wachsam.RoleCoordinator))
		r.Get("/koordination/runden/{id}/sammelbuchung", s.bulkPage)
		r.Post("/koordination/runden/{id}/sammelbuchung", s.bulkBook)
		r.Get("/koordination/runden/{id}/erinnern", s.remindPage)
		r.Post("/koordination/runden/{id}/erinnern", s.remindSend)
	})
}

func (s *Server) bulkToday() wachsam.Date { return wachsam.DateIn(s.cfg.Now(), s.cfg.Location) }

// bulkRound reads {id} and the coordinator's town; a malformed ID is a
// round that does not exist.
func (s *Server) bulkRound(w http.ResponseWriter, r *http.Request) (town, roundID int64, ok bool) {
	town, ok = s.coordinatorTown(w, r)
	if !ok {
		return 0, 0, false
	}
	roundID, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil || roundID <= 0 {
		s.failStatus(w, r, http.StatusNotFound, "Diese Schulungsrunde gibt es nicht.")
		return 0, 0, false
	}
	return town, roundID, true
}

// bulkRow is one person on the bulk booking page.
type bulkRow struct {
	Person courses.BulkPerson
	State  string // booked where, preferences, last completion: German
}

// bulkDepartment is one department of the town, for "the whole department".
type bulkDepartment struct {
	ID   int64
	Name string
	Open int // people without a seat in the round
}

// bulkData is the bulk booking page: the form, and after a run its results.
type bulkData struct {
	Round       courses.Round
	Rows        []bulkRow
	Departments []bulkDepartment
	Results     []bulkResult
	Booked      int
	Max         int
}

// bulkResult is one line of the result table.
type bulkResult struct {
	Name, Department string
	Booked           bool
	Text             string // where the person was booked, or why not
}

func (s *Server) bulkPage(w http.ResponseWriter, r *http.Request) {
	town, roundID, ok := s.bulkRound(w, r)
	if ok {
		s.renderBulk(w, r, http.StatusOK, town, roundID, form{}, nil)
	}
}

func (s *Server) renderBulk(w http.ResponseWriter, r *http.Request, status int, town, roundID int64, f form, results []courses.BulkOutcome) {
	rd, people, err := s.courses.BulkStaff(r.Context(), town, roundID, s.bulkToday())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := bulkData{Round: rd, Max: courses.MaxBulkPeople}
	for _, p := range people {
		d.Rows = append(d.Rows, bulkRow{Person: p, State: s.bulkState(rd, p)})
		if p.DepartmentID == 0 {
			continue
		}
		i := slices.IndexFunc(d.Departments, func(x bulkDepartment) bool { return x.ID == p.DepartmentID })
		if i < 0 {
			d.Departments = append(d.Departments, bulkDepartment{ID: p.DepartmentID, Name: p.Department})
			i = len(d.Departments) - 1
		}
		if p.BookedSession == 0 {
			d.Departments[i].Open++
		}
	}
	for _, res := range results {
		line := bulkResult{Name: res.Person.Name, Department: res.Person.Department, Text: res.Reason}
		if res.Booking != nil {
			line.Booked, line.Text = true, sessionWhen(res.Booking.Session, s.cfg.Location)+", "+res.Booking.Session.Place()
			d.Booked++
		}
		d.Results = append(d.Results, line)
	}
	s.render(w, r, status, "coordinator_bulk", page{Title: "Sammelbuchung: " + rd.Name, Section: "rounds", Form: f, Data: d})
}

// bulkState describes the person's state in the round in German.
func (s *Server) bulkState(rd courses.Round, p courses.BulkPerson) string {
	var state string
	switch {
	case p.BookedSession != 0:
		state = "gebucht"
		if sess, ok := rd.Session(p.BookedSession); ok {
			state += ": " + sessionWhen(courses.SessionView{Session: sess}, s.cfg.Location)
		}
	case p.DepartmentID == 0:
		state = "keine Abteilung zugeordnet"
	case p.Preferences:
		state = "Wünsche abgegeben, noch nicht gebucht"
	default:
		state = "noch nicht gebucht"
	}
	if !p.LastCompleted.IsZero() {
		state += "; zuletzt abgeschlossen am " + p.LastCompleted.German()
	}
	return state
}

// bulkSelection reads the ticked people and the department to add whole
// (its people without a seat in the round). An ID that is not a number is
// a field error; whether the IDs are the town's staff the store checks.
func (s *Server) bulkSelection(r *http.Request, town, roundID int64) ([]int64, error) {
	var ids []int64
	if len(r.PostForm["person"]) > courses.MaxBulkPeople {
		return nil, wachsam.FieldError("person", "Bitte wählen Sie höchstens %d Personen auf einmal aus.", courses.MaxBulkPeople)
	}
	for _, v := range r.PostForm["person"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return nil, wachsam.FieldError("person", "Die Auswahl enthält eine ungültige Personennummer.")
		}
		ids = append(ids, id)
	}
	if dep := r.PostFormValue("department"); dep != "" {
		more, err := s.departmentOpen(r.Context(), town, roundID, dep, "department")
		if err != nil {
			return nil, err
		}
		ids = append(ids, more...)
	}
	if len(ids) == 0 {
		return nil, wachsam.FieldError("person", "Bitte kreuzen Sie mindestens eine Person an oder wählen Sie eine Abteilung.")
	}
	return ids, nil
}

// departmentOpen lists the people of one of the town's departments who
// hold no seat in the round; a department of another town is not found.
func (s *Server) departmentOpen(ctx context.Context, town, roundID int64, value, field string) ([]int64, error) {
	depID, err := strconv.ParseInt(value, 10, 64)
	if err != nil || depID <= 0 {
		return nil, wachsam.FieldError(field, "Bitte wählen Sie eine Abteilung aus der Liste.")
	}
	_, people, err := s.courses.BulkStaff(ctx, town, roundID, s.bulkToday())
	if err != nil {
		return nil, err
	}
	var ids []int64
	found := false
	for _, p := range people {
		if p.DepartmentID == depID {
			found = true
			if p.BookedSession == 0 {
				ids = append(ids, p.ID)
			}
		}
	}
	if !found {
		return nil, wachsam.FieldError(field, "Diese Abteilung gibt es in Ihrer Kommune nicht, oder sie hat keine Beschäftigten.")
	}
	if len(ids) == 0 {
		return nil, wachsam.FieldError(field, "Alle Beschäftigten dieser Abteilung haben in dieser Runde bereits einen Termin.")
	}
	return ids, nil
}

func (s *Server) bulkBook(w http.ResponseWriter, r *http.Request) {
	town, roundID, ok := s.bulkRound(w, r)
	if !ok {
		return
	}
	o := courses.OnBehalf{Actor: wachsam.UserActor(currentUser(r)), MunicipalityID: town, Reason: r.PostFormValue("reason")}
	ids, err := s.bulkSelection(r, town, roundID)
	var results []courses.BulkOutcome
	if err == nil {
		results, err = s.courses.BulkBook(r.Context(), o, roundID, ids, s.bulkToday())
	}
	if err != nil && results == nil {
		s.refuse(w, r, err, func(status int) { s.renderBulk(w, r, status, town, roundID, formWithError(r.PostForm, err), nil) })
		return
	}
	if err != nil {
		// Some bookings failed for a fault of ours; the others stand and
		// the results say who is booked.
		s.logger.ErrorContext(r.Context(), "bulk booking partly failed", "error", err)
	}
	s.renderBulk(w, r, http.StatusOK, town, roundID, form{}, results)
}
