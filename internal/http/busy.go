package http

import "net/http"

// busyRequests is how many requests answered at once make the server busy
// (Busy). One person's page with its stylesheet and scripts is three or
// four; a town booking its round keeps dozens under way.
const busyRequests = 8

// Busy reports whether people are waiting for answers: busyRequests or
// more requests are being answered right now. The job runner paces itself
// while it is true (jobs.Options.Busy), so background mail does not take
// the CPU and the database from them.
func (s *Server) Busy() bool { return s.inFlight.Load() >= busyRequests }

// countInFlight counts the requests being answered, for Busy.
func (s *Server) countInFlight(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.inFlight.Add(1)
		defer s.inFlight.Add(-1)
		next.ServeHTTP(w, r)
	})
}
