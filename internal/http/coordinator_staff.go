package http

import (
	"html/template"
	"time"

	"github.com/go-chi/chi/v5"
)

// CoordinatorStaff is what the coordinatorStaff pages need of the store.
type CoordinatorStaff interface{}

func (s *Server) coordinatorStaffPages(r chi.Router) {}

func (s *Server) coordinatorStaffAPI(r chi.Router) {}

func coordinatorFuncs(loc *time.Location) template.FuncMap { return template.FuncMap{} }
