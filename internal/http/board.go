package http

import (
	"html/template"
	"time"

	"github.com/go-chi/chi/v5"
)

// Prüfungsausschuss (/ausschuss): cases, circular votes, the chair's decisions, decision letters.

// BoardExams is the part of the exam store these pages use.
type BoardExams interface{}

func boardFuncs(*time.Location) template.FuncMap { return template.FuncMap{} }

func (s *Server) boardPages(r chi.Router) {}

func (s *Server) boardAPI(r chi.Router) {}
