package http

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
)

// clientIP records the caller's address: from X-Forwarded-For only when the
// direct peer is a configured proxy, so no client can forge its address to
// escape throttling (chi's RealIP trusts anyone and is deprecated).
func (s *Server) clientIP() func(http.Handler) http.Handler {
	if len(s.cfg.TrustedProxies) > 0 {
		return middleware.ClientIPFromXFF(s.cfg.TrustedProxies...)
	}
	return middleware.ClientIPFromRemoteAddr
}

func clientIPOf(r *http.Request) string { return middleware.GetClientIP(r.Context()) }

// recoverPanics turns a panic into a logged 500 instead of a dropped
// connection.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.serverError(w, r, fmt.Errorf("panic: %v", v))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// logRequests writes one structured line per request. It logs the route
// pattern, not the path, and no address or account: paths can carry names
// and the log must hold no personal data (DESIGN.md §8).
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
		next.ServeHTTP(ww, r)
		s.logger.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("method", r.Method),
			slog.String("route", routePattern(r)),
			slog.Int("status", ww.Status()),
			slog.Int("bytes", ww.BytesWritten()),
			slog.Duration("duration", time.Since(start)),
		)
	})
}

func routePattern(r *http.Request) string {
	if rc := chi.RouteContext(r.Context()); rc != nil {
		if p := rc.RoutePattern(); p != "" {
			return p
		}
	}
	return "(unmatched)"
}

// securityHeaders sets a strict Content-Security-Policy (no inline script or
// style, nothing from other origins) and the usual hardening headers.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "+
			"font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

// limitBody caps request bodies; a handler reading past the cap gets an
// error that tooLarge recognises.
func (s *Server) limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		limit := s.bodyLimit(r)
		if r.ContentLength > limit {
			s.failStatus(w, r, http.StatusRequestEntityTooLarge, tooLargeMessage(limit))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		next.ServeHTTP(w, r)
	})
}

// bodyLimit is the size a request body may have: uploads (multipart forms)
// may carry a document, everything else is small.
func (s *Server) bodyLimit(r *http.Request) int64 {
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err == nil && mt == "multipart/form-data" {
		return s.cfg.MaxUploadBytes
	}
	return s.cfg.MaxBodyBytes
}

func tooLargeMessage(limit int64) string {
	return fmt.Sprintf("Die gesendeten Daten sind zu groß (höchstens %s Bytes).", germanInt(int(limit)))
}

func isTooLarge(err error) bool {
	var mbe *http.MaxBytesError
	return errors.As(err, &mbe)
}

// refuseCrossOrigin rejects state-changing requests from other sites using
// the browser's Sec-Fetch-Site and Origin headers (net/http's
// CrossOriginProtection, DESIGN.md §8), with a German answer.
func (s *Server) refuseCrossOrigin(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.failStatus(w, r, http.StatusForbidden,
			"Die Anfrage kam von einer anderen Website und wurde deshalb abgelehnt. Bitte nutzen Sie die Formulare von wachsam selbst.")
	}))
	return cop.Handler(next)
}

type contextKey int

const (
	userKey contextKey = iota
	sessionKey
	evidenceTownKey // the municipality an evidence token reads
)

func withValue(r *http.Request, k contextKey, v any) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), k, v))
}
