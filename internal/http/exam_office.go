package http

import (
	"html/template"
	"time"

	"github.com/go-chi/chi/v5"
)

// Prüfungsamt (/pruefungsamt): seminars, canon, exam dates, candidates, attendance, registrations, fees.

// ExamOffice is the part of the exam store these pages use.
type ExamOffice interface{}

func examOfficeFuncs(*time.Location) template.FuncMap { return template.FuncMap{} }

func (s *Server) examOfficePages(r chi.Router) {}

func (s *Server) examOfficeAPI(r chi.Router) {}
