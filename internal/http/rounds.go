package http

import (
	"html/template"
	"time"

	"github.com/go-chi/chi/v5"
)

// RoundCourses is what the round pages need of the store.
type RoundCourses interface{}

func (s *Server) roundPages(r chi.Router) {}

func (s *Server) roundAPI(r chi.Router) {}

func roundFuncs(loc *time.Location) template.FuncMap { return template.FuncMap{} }
