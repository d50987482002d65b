package http

import (
	"html/template"
	"time"

	"github.com/go-chi/chi/v5"
)

// StaffCourses is what the staff pages need of the store.
type StaffCourses interface{}

func (s *Server) staffPages(r chi.Router) {}

func (s *Server) staffAPI(r chi.Router) {}

func staffFuncs(loc *time.Location) template.FuncMap { return template.FuncMap{} }

// publicCourseRoutes serve what needs no sign-in: the private calendar feed.
func (s *Server) publicCourseRoutes(r chi.Router) {}
