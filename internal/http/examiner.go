package http

import (
	"html/template"
	"time"

	"github.com/go-chi/chi/v5"
)

// Prüfende (/pruefende): part grades for their own components, corrections, announcing results.

// ExaminerExams is the part of the exam store these pages use.
type ExaminerExams interface{}

func examinerFuncs(*time.Location) template.FuncMap { return template.FuncMap{} }

func (s *Server) examinerPages(r chi.Router) {}

func (s *Server) examinerAPI(r chi.Router) {}
