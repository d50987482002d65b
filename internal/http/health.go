package http

import (
	"context"
	"net/http"
	"time"
)

// healthz says the process runs; it never touches the database, so an
// orchestrator does not restart a healthy process during a database outage.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}

// readyz says the service can answer requests: the database responds.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := s.directory.Ready(ctx); err != nil {
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("Datenbank nicht erreichbar\n"))
		return
	}
	w.Write([]byte("ok\n"))
}
