package http

import (
	"html/template"
	"time"

	"github.com/go-chi/chi/v5"
)

// Prüflinge (/pruefung): the candidate's own file, applications, calendar feed.

// CandidateExams is the part of the exam store these pages use.
type CandidateExams interface{}

func candidateFuncs(*time.Location) template.FuncMap { return template.FuncMap{} }

func (s *Server) candidatePages(r chi.Router) {}

func (s *Server) candidateAPI(r chi.Router) {}

func (s *Server) publicCandidateRoutes(r chi.Router) {}
