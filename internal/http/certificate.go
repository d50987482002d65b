package http

import (
	"html/template"
	"time"

	"github.com/go-chi/chi/v5"
)

// Zeugnisse: issuing, the PDF, public verification, revocation.

// CertificateExams is the part of the exam store these pages use.
type CertificateExams interface{}

func certificateFuncs(*time.Location) template.FuncMap { return template.FuncMap{} }

func (s *Server) certificatePages(r chi.Router) {}

func (s *Server) certificateAPI(r chi.Router) {}

func (s *Server) publicCertificateRoutes(r chi.Router) {}
