package http

import (
	"net/http"
	"slices"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/export"
)

// staffList is the coordinator's staff list as a file. The AGS leads, so
// lists of several towns can be put together; it and the personnel number
// are keys, and stay text with their leading zeros.
func staffList(ags string) export.List[courses.StaffMember] {
	return export.List[courses.StaffMember]{Name: "beschaeftigte-" + ags, Columns: []export.Column[courses.StaffMember]{
		{Header: "Gemeindeschlüssel", Width: 18, Value: func(courses.StaffMember) any { return ags }},
		{Header: "Name", Width: 30, Value: func(m courses.StaffMember) any { return m.Name }},
		{Header: "E-Mail", Width: 34, Value: func(m courses.StaffMember) any { return m.Email }},
		{Header: "Abteilung", Width: 24, Value: func(m courses.StaffMember) any { return m.Department }},
		{Header: "Personalnummer", Width: 16, Value: func(m courses.StaffMember) any { return m.StaffNumber }},
		{Header: "Gesperrt", Width: 10, Value: func(m courses.StaffMember) any { return m.Disabled }},
	}}
}

// dueList is the due list as a file: one row per person and topic, the
// dates as dates (empty: never attended, due at once).
func dueList(ags string) export.List[courses.DueRow] {
	return export.List[courses.DueRow]{Name: "faelligkeiten-" + ags, Columns: []export.Column[courses.DueRow]{
		{Header: "Name", Width: 30, Value: func(d courses.DueRow) any { return d.Name }},
		{Header: "E-Mail", Width: 34, Value: func(d courses.DueRow) any { return d.Email }},
		{Header: "Abteilung", Width: 24, Value: func(d courses.DueRow) any { return d.Department }},
		{Header: "Thema", Width: 30, Value: func(d courses.DueRow) any { return d.Topic }},
		{Header: "Letzte Teilnahme", Width: 16, Value: func(d courses.DueRow) any { return d.Last }},
		{Header: "Fällig bis", Width: 12, Value: func(d courses.DueRow) any { return d.Next }},
		{Header: "Status", Width: 14, Value: func(d courses.DueRow) any { return d.State.German() }},
	}}
}

// townAGS is the key of the coordinator's own town, for the file.
func (s *Server) townAGS(w http.ResponseWriter, r *http.Request, town int64) (string, bool) {
	m, err := s.directory.Municipality(r.Context(), town)
	if err != nil {
		s.fail(w, r, err)
		return "", false
	}
	return m.AGS, true
}

// sendStaffList answers a staff export in f, streamed from the database.
func (s *Server) sendStaffList(w http.ResponseWriter, r *http.Request, town int64, f export.Format) {
	ags, ok := s.townAGS(w, r, town)
	if !ok {
		return
	}
	sendList(s, w, r, staffList(ags), f, func(yield func(courses.StaffMember) error) error {
		return s.courses.EachStaffMember(r.Context(), town, yield)
	})
}

// sendDueList answers a due-list export in f, filtered to state (all if
// empty) exactly as the page or the JSON shows it.
func (s *Server) sendDueList(w http.ResponseWriter, r *http.Request, town int64, state courses.DueState, f export.Format) {
	ags, ok := s.townAGS(w, r, town)
	if !ok {
		return
	}
	// The due list is computed in Go from attendance and topic rules, so
	// it arrives whole; it has one row per person and topic.
	rows, err := s.courses.DueList(r.Context(), town, s.coordinatorToday())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if state != "" {
		rows = slices.DeleteFunc(rows, func(d courses.DueRow) bool { return d.State != state })
	}
	sendList(s, w, r, dueList(ags), f, eachOf(rows))
}

// coordinatorExportStaff is the download button of the staff page.
func (s *Server) coordinatorExportStaff(w http.ResponseWriter, r *http.Request) {
	town, ok := s.coordinatorTown(w, r)
	if !ok {
		return
	}
	if f, ok := s.pageExportFormat(w, r); ok {
		s.sendStaffList(w, r, town, f)
	}
}

// coordinatorExportDue is the download button of the due page; it keeps
// the page's filter.
func (s *Server) coordinatorExportDue(w http.ResponseWriter, r *http.Request) {
	town, ok := s.coordinatorTown(w, r)
	if !ok {
		return
	}
	if f, ok := s.pageExportFormat(w, r); ok {
		s.sendDueList(w, r, town, dueFilterChosen(r).State, f)
	}
}

// pageExportFormat is the format of a page's download link, which always
// names one.
func (s *Server) pageExportFormat(w http.ResponseWriter, r *http.Request) (export.Format, bool) {
	f, ok, err := exportFormat(r)
	if err == nil && !ok {
		err = wachsam.FieldError("format", "Bitte wählen Sie ein Format: xlsx oder csv.")
	}
	if err != nil {
		s.fail(w, r, err)
		return "", false
	}
	return f, true
}

// dueFilterChosen is the due page's filter as its address names it;
// anything unknown shows everyone, as the page does.
func dueFilterChosen(r *http.Request) dueFilterOption {
	options := dueFilterOptions()
	if i := slices.IndexFunc(options, func(o dueFilterOption) bool { return o.Value == r.URL.Query().Get("status") }); i >= 0 {
		return options[i]
	}
	return options[0]
}
