package http

import "github.com/go-chi/chi/v5"

// evidenceExportAPI serves the ZIP export and the auditor's report to a
// token.
func (s *Server) evidenceExportAPI(r chi.Router) {}
