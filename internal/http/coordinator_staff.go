package http

import (
	"context"
	"errors"
	"html/template"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// CoordinatorStaff is what the coordinator's staff pages need of the
// store. Every method is scoped to the one municipality passed in, which
// is always the signed-in coordinator's own.
type CoordinatorStaff interface {
	ImportStaff(ctx context.Context, actor wachsam.Actor, municipalityID int64, rows []courses.StaffRow) (courses.ImportSummary, error)
	StaffOf(ctx context.Context, municipalityID int64) ([]courses.StaffMember, error)
	EachStaffMember(ctx context.Context, municipalityID int64, each func(courses.StaffMember) error) error
	DueList(ctx context.Context, municipalityID int64, today wachsam.Date) ([]courses.DueRow, error)
}

func (s *Server) coordinatorStaffPages(r chi.Router) {
	// A group, not r.Route: the round pages live under /koordination too,
	// and chi allows only one sub-router per prefix.
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(wachsam.RoleCoordinator))
		r.Get("/koordination/beschaeftigte", s.coordinatorStaff)
		r.Post("/koordination/beschaeftigte/import", s.coordinatorImportStaff)
		r.Post("/koordination/beschaeftigte/{id}/zugang", s.coordinatorIssuePassword)
		r.Get("/koordination/abteilungen", s.coordinatorDepartments)
		r.Post("/koordination/abteilungen", s.coordinatorAddDepartment)
		r.Post("/koordination/abteilungen/{id}/loeschen", s.coordinatorDeleteDepartment)
		r.Get("/koordination/faelligkeiten", s.coordinatorDue)
		r.Get("/koordination/beschaeftigte/export", s.coordinatorExportStaff)
		r.Get("/koordination/faelligkeiten/export", s.coordinatorExportDue)
	})
}

func (s *Server) coordinatorStaffAPI(r chi.Router) {
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(wachsam.RoleCoordinator))
		r.Post("/staff/import", s.apiImportStaff)
		r.Get("/staff", s.apiStaff)
		r.Get("/due", s.apiDue)
	})
}

func coordinatorFuncs(loc *time.Location) template.FuncMap {
	return template.FuncMap{"behalfForm": behalfForm}
}

// coordinatorTown is the one municipality a coordinator acts for. It comes
// from the account, never from the request, so no form or URL can point a
// coordinator at another town.
func (s *Server) coordinatorTown(w http.ResponseWriter, r *http.Request) (int64, bool) {
	u := currentUser(r)
	if u == nil || u.MunicipalityID == nil {
		s.failStatus(w, r, http.StatusForbidden, "Ihr Konto ist keiner Kommune zugeordnet. Bitte wenden Sie sich an die Administration.")
		return 0, false
	}
	return *u.MunicipalityID, true
}

func (s *Server) coordinatorStaff(w http.ResponseWriter, r *http.Request) {
	s.renderStaff(w, r, http.StatusOK, form{}, nil)
}

// renderStaff shows the staff list with the import form; problems are the
// rows of a refused upload.
func (s *Server) renderStaff(w http.ResponseWriter, r *http.Request, status int, f form, problems []courses.RowProblem) {
	town, ok := s.coordinatorTown(w, r)
	if !ok {
		return
	}
	staff, err := s.courses.StaffOf(r.Context(), town)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "coordinator_staff", page{Title: "Beschäftigte", Section: "staff", Form: f, Data: map[string]any{
		"Staff": staff, "Problems": problems,
	}})
}

// fileError is the form of a refused upload, its message beside the file
// input.
func fileError(message string) form {
	return form{Errors: map[string]string{"file": message}, General: "Die Datei wurde nicht übernommen."}
}

func (s *Server) coordinatorImportStaff(w http.ResponseWriter, r *http.Request) {
	town, ok := s.coordinatorTown(w, r)
	if !ok {
		return
	}
	data, ok := s.uploadedFile(w, r)
	if !ok {
		return
	}
	imp, err := courses.ParseStaffCSV(data)
	if err != nil {
		s.refuse(w, r, err, func(status int) { s.renderStaff(w, r, status, fileError(wachsam.ErrorMessageOf(err)), nil) })
		return
	}
	if len(imp.Problems) > 0 {
		s.renderStaff(w, r, http.StatusUnprocessableEntity, form{}, imp.Problems)
		return
	}
	sum, err := s.courses.ImportStaff(r.Context(), wachsam.UserActor(currentUser(r)), town, imp.Rows)
	if err != nil {
		var problems courses.ImportProblems
		if errors.As(err, &problems) {
			s.renderStaff(w, r, http.StatusUnprocessableEntity, form{}, problems)
			return
		}
		s.refuse(w, r, err, func(status int) { s.renderStaff(w, r, status, fileError(wachsam.ErrorMessageOf(err)), nil) })
		return
	}
	msg := flashSummary(sum)
	if len(imp.Ignored) > 0 {
		msg += " Nicht verwendete Spalten: " + strings.Join(imp.Ignored, ", ") + "."
	}
	s.setFlash(w, flashOK, msg)
	http.Redirect(w, r, "/koordination/beschaeftigte", http.StatusSeeOther)
}

// flashSummary is the summary, shortened when a list created very many
// departments: the notice travels in a cookie of limited size.
func flashSummary(sum courses.ImportSummary) string {
	const most = 10
	if n := len(sum.NewDepartments); n > most {
		sum.NewDepartments = append(sum.NewDepartments[:most:most], "und "+germanInt(n-most)+" weitere")
	}
	return sum.German()
}

// uploadedFile reads the "file" part of a multipart form. A staff list is
// text: it gets the ordinary body limit (as the API's text/csv import
// does), not the larger one for scanned documents; a larger upload gets the
// German 413 page.
func (s *Server) uploadedFile(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	if r.ContentLength > s.cfg.MaxBodyBytes {
		s.failStatus(w, r, http.StatusRequestEntityTooLarge, tooLargeMessage(s.cfg.MaxBodyBytes))
		return nil, false
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes)
	if err := r.ParseMultipartForm(s.cfg.MaxBodyBytes); err != nil {
		if isTooLarge(err) {
			s.failStatus(w, r, http.StatusRequestEntityTooLarge, tooLargeMessage(s.cfg.MaxBodyBytes))
		} else {
			s.failStatus(w, r, http.StatusBadRequest, "Die Datei konnte nicht empfangen werden. Bitte laden Sie sie über das Formular hoch.")
		}
		return nil, false
	}
	defer r.MultipartForm.RemoveAll()
	file, _, err := r.FormFile("file")
	if err != nil {
		s.renderStaff(w, r, http.StatusUnprocessableEntity, fileError("Bitte wählen Sie eine CSV-Datei aus."), nil)
		return nil, false
	}
	defer file.Close()
	data, err := io.ReadAll(file)
	if err != nil {
		s.serverError(w, r, err)
		return nil, false
	}
	return data, true
}
