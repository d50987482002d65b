package http

import (
	"html/template"
	"time"

	"github.com/go-chi/chi/v5"
)

// TrainerCourses is what the trainer pages need of the store.
type TrainerCourses interface{}

func (s *Server) trainerPages(r chi.Router) {}

func (s *Server) trainerAPI(r chi.Router) {}

func trainerFuncs(loc *time.Location) template.FuncMap { return template.FuncMap{} }
