package http

import "github.com/go-chi/chi/v5"

// evidencePages are the coordinator's pages of the ISMS evidence.
func (s *Server) evidencePages(r chi.Router) {}
