package http

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/export"
)

// apiStaffMember is one person in GET /api/v1/staff.
type apiStaffMember struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	Email       string `json:"email"`
	Department  string `json:"department"`
	StaffNumber string `json:"staff_number"`
	Disabled    bool   `json:"disabled"`
}

func (s *Server) apiStaff(w http.ResponseWriter, r *http.Request) {
	town, ok := s.coordinatorTown(w, r)
	if !ok {
		return
	}
	if s.servedAsFile(w, r, func(f export.Format) { s.sendStaffList(w, r, town, f) }) {
		return
	}
	staff, err := s.courses.StaffOf(r.Context(), town)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]apiStaffMember, len(staff))
	for i, p := range staff {
		out[i] = apiStaffMember{ID: p.ID, Name: p.Name, Email: p.Email, Department: p.Department, StaffNumber: p.StaffNumber, Disabled: p.Disabled}
	}
	writeJSON(w, http.StatusOK, out)
}

// apiImportSummary answers POST /api/v1/staff/import.
type apiImportSummary struct {
	Created        int      `json:"created"`
	Updated        int      `json:"updated"`
	Unchanged      int      `json:"unchanged"`
	NewDepartments []string `json:"new_departments"`
	Encoding       string   `json:"encoding"`        // as detected: UTF-8 or Windows-1252
	Delimiter      string   `json:"delimiter"`       // as detected: ";", "," or a tab
	IgnoredColumns []string `json:"ignored_columns"` // headers that were not used
}

// apiRowProblem is one entry of the "problems" member of a refused import.
type apiRowProblem struct {
	Line    int    `json:"line"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

// importProblem is the problem details of a refused import, extended by
// every row problem (RFC 9457 §3.2 allows extension members).
type importProblem struct {
	problem
	Problems []apiRowProblem `json:"problems"`
}

// apiImportStaff takes the raw CSV file as the body (text/csv), so a
// script can send an HR export as it is, in any of the encodings and
// delimiters the page accepts.
func (s *Server) apiImportStaff(w http.ResponseWriter, r *http.Request) {
	town, ok := s.coordinatorTown(w, r)
	if !ok {
		return
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "text/csv" {
		s.failStatus(w, r, http.StatusUnsupportedMediaType, "Bitte senden Sie die Liste als CSV-Datei (Content-Type: text/csv).")
		return
	}
	data, err := io.ReadAll(r.Body)
	if err != nil {
		if isTooLarge(err) {
			s.failStatus(w, r, http.StatusRequestEntityTooLarge, tooLargeMessage(s.cfg.MaxBodyBytes))
		} else {
			s.failStatus(w, r, http.StatusBadRequest, "Die Datei konnte nicht empfangen werden.")
		}
		return
	}
	imp, err := courses.ParseStaffCSV(data)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if len(imp.Problems) > 0 {
		s.writeImportProblems(w, r, imp.Problems)
		return
	}
	sum, err := s.courses.ImportStaff(r.Context(), wachsam.UserActor(currentUser(r)), town, imp.Rows)
	if err != nil {
		var problems courses.ImportProblems
		if errors.As(err, &problems) {
			s.writeImportProblems(w, r, problems)
			return
		}
		s.fail(w, r, err)
		return
	}
	out := apiImportSummary{Created: sum.Created, Updated: sum.Updated, Unchanged: sum.Unchanged,
		NewDepartments: sum.NewDepartments, Encoding: imp.Encoding, Delimiter: string(imp.Delimiter), IgnoredColumns: imp.Ignored}
	if out.NewDepartments == nil {
		out.NewDepartments = []string{}
	}
	if out.IgnoredColumns == nil {
		out.IgnoredColumns = []string{}
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) writeImportProblems(w http.ResponseWriter, r *http.Request, problems []courses.RowProblem) {
	status := http.StatusUnprocessableEntity
	p := importProblem{
		problem: problem{Type: problemType(status), Title: titleOf(status), Status: status, Instance: r.URL.Path,
			Detail: "Die Liste enthält Fehler; es wurde nichts übernommen."},
		Problems: make([]apiRowProblem, len(problems)),
	}
	for i, rp := range problems {
		p.Problems[i] = apiRowProblem{Line: rp.Line, Field: rp.Field, Message: rp.Message}
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(p)
}
