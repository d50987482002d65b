package http

import (
	"net/http"
	"strconv"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/export"
)

// departmentList is the department head's list as a file: one row per
// member and topic, the dates as dates, and the session booked for the
// topic (empty: none ahead).
func departmentList(dep wachsam.Department, loc *time.Location) export.List[courses.DepartmentRow] {
	booked := func(d courses.DepartmentRow) any {
		if d.Booked == nil {
			return ""
		}
		return sessionWhen(courses.SessionView{Session: d.Booked.Session}, loc) + ", " + d.Booked.Place
	}
	// The department's ID names the file: its name may hold any character.
	return export.List[courses.DepartmentRow]{Name: "abteilung-" + strconv.FormatInt(dep.ID, 10), Columns: []export.Column[courses.DepartmentRow]{
		{Header: "Name", Width: 30, Value: func(d courses.DepartmentRow) any { return d.Name }},
		{Header: "E-Mail", Width: 34, Value: func(d courses.DepartmentRow) any { return d.Email }},
		{Header: "Thema", Width: 30, Value: func(d courses.DepartmentRow) any { return d.Topic }},
		{Header: "Letzte Teilnahme", Width: 16, Value: func(d courses.DepartmentRow) any { return d.Last }},
		{Header: "Fällig bis", Width: 12, Value: func(d courses.DepartmentRow) any { return d.Next }},
		{Header: "Status", Width: 14, Value: func(d courses.DepartmentRow) any { return d.State.German() }},
		{Header: "Gebuchter Termin", Width: 44, Value: booked},
	}}
}

// sendDepartmentList answers the head's list in f.
func (s *Server) sendDepartmentList(w http.ResponseWriter, r *http.Request, dep wachsam.Department, f export.Format) {
	members, err := s.departmentStatus(r, dep)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sendList(s, w, r, departmentList(dep, s.cfg.Location), f, eachOf(courses.DepartmentRows(members)))
}

// departmentHeadExport is the download link of the head's page.
func (s *Server) departmentHeadExport(w http.ResponseWriter, r *http.Request) {
	dep, ok := s.headedDepartment(w, r)
	if !ok {
		return
	}
	if f, ok := s.pageExportFormat(w, r); ok {
		s.sendDepartmentList(w, r, dep, f)
	}
}
