package http

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/wachsam/wachsam"
)

// departmentRow is one line of the departments table: the staff count
// tells the coordinator which departments can be deleted.
type departmentRow struct {
	wachsam.Department
	Staff int
}

func (s *Server) coordinatorDepartments(w http.ResponseWriter, r *http.Request) {
	s.renderDepartments(w, r, http.StatusOK, form{})
}

func (s *Server) renderDepartments(w http.ResponseWriter, r *http.Request, status int, f form) {
	town, ok := s.coordinatorTown(w, r)
	if !ok {
		return
	}
	m, err := s.directory.Municipality(r.Context(), town)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	staff, err := s.courses.StaffOf(r.Context(), town)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	counts := map[string]int{}
	for _, p := range staff {
		counts[p.Department]++
	}
	rows := make([]departmentRow, len(m.Departments))
	for i, d := range m.Departments {
		rows[i] = departmentRow{Department: d, Staff: counts[d.Name]}
	}
	s.render(w, r, status, "coordinator_departments", page{Title: "Abteilungen", Section: "staff", Form: f, Data: map[string]any{
		"Municipality": m, "Departments": rows,
	}})
}

// townDepartments lists the departments of the coordinator's municipality.
func (s *Server) townDepartments(r *http.Request, town int64) ([]wachsam.Department, error) {
	m, err := s.directory.Municipality(r.Context(), town)
	if err != nil {
		return nil, err
	}
	return m.Departments, nil
}

func (s *Server) coordinatorAddDepartment(w http.ResponseWriter, r *http.Request) {
	town, ok := s.coordinatorTown(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	d := &wachsam.Department{MunicipalityID: town, Name: strings.Join(strings.Fields(r.PostForm.Get("department")), " ")}
	deps, err := s.townDepartments(r, town)
	for _, e := range deps {
		// The staff import matches departments regardless of case, so
		// "bauamt" beside "Bauamt" would be a second name for one office.
		if err == nil && strings.EqualFold(e.Name, d.Name) {
			err = wachsam.FieldError("department", "Die Abteilung „%s“ gibt es bereits.", e.Name)
		}
	}
	if err == nil {
		err = s.directory.AddDepartment(r.Context(), wachsam.UserActor(currentUser(r)), d)
	}
	if err != nil {
		s.refuse(w, r, err, func(status int) { s.renderDepartments(w, r, status, formWithError(r.PostForm, err)) })
		return
	}
	s.setFlash(w, flashOK, "Die Abteilung "+d.Name+" wurde angelegt.")
	http.Redirect(w, r, "/koordination/abteilungen", http.StatusSeeOther)
}

func (s *Server) coordinatorDeleteDepartment(w http.ResponseWriter, r *http.Request) {
	town, ok := s.coordinatorTown(w, r)
	if !ok {
		return
	}
	deps, err := s.townDepartments(r, town)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// Only a department of the own town is even looked at: another town's
	// department is "not found", whether it is in use there or not.
	id, _ := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	var dep *wachsam.Department
	for i := range deps {
		if deps[i].ID == id {
			dep = &deps[i]
		}
	}
	if dep == nil {
		s.failStatus(w, r, http.StatusNotFound, "Diese Abteilung gibt es in Ihrer Kommune nicht.")
		return
	}
	if err := s.directory.DeleteDepartment(r.Context(), wachsam.UserActor(currentUser(r)), town, dep.ID); err != nil {
		s.refuse(w, r, err, func(status int) { s.renderDepartments(w, r, status, formWithError(nil, err)) })
		return
	}
	s.setFlash(w, flashOK, "Die Abteilung "+dep.Name+" wurde gelöscht.")
	http.Redirect(w, r, "/koordination/abteilungen", http.StatusSeeOther)
}
