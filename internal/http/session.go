package http

import (
	"log/slog"
	"net/http"
	"net/url"

	"github.com/wachsam/wachsam"
)

func (s *Server) cookieName() string {
	if s.secure {
		return "__Host-wachsam_sitzung" // the prefix forbids a Domain attribute: no subdomain can set it
	}
	return "wachsam_sitzung"
}

func (s *Server) setSessionCookie(w http.ResponseWriter, token string) {
	http.SetCookie(w, &http.Cookie{
		Name: s.cookieName(), Value: token, Path: "/", HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode,
	})
}

func (s *Server) clearSessionCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{
		Name: s.cookieName(), Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode,
	})
}

// sessionState tells how far a sign-in has come.
type sessionState int

const (
	noSession sessionState = iota
	expiredSession
	needsSecondFactor // has TOTP, has not entered a code yet
	needsEnrolment    // privileged role, no TOTP yet: may do nothing else
	signedIn
)

type sessionInfo struct {
	state   sessionState
	user    *wachsam.User
	session *wachsam.Session
}

func stateOf(u *wachsam.User, sess *wachsam.Session) sessionState {
	switch {
	case u.HasTOTP() && !sess.MFAVerified:
		return needsSecondFactor
	// A directory that asserted a second factor the town accepts (amr)
	// stands in for wachsam's TOTP.
	case !u.HasTOTP() && u.Privileged() && !sess.MFAVerified:
		return needsEnrolment
	}
	return signedIn
}

// continueSignIn sends a browser whose new session is set to the step it
// still has to take, or to target once it is signed in.
func continueSignIn(w http.ResponseWriter, r *http.Request, u *wachsam.User, sess *wachsam.Session, target string) {
	switch stateOf(u, sess) {
	case needsSecondFactor:
		http.Redirect(w, r, withTarget("/anmelden/zwei-faktor", target), http.StatusSeeOther)
	case needsEnrolment:
		http.Redirect(w, r, "/konto/zwei-faktor/einrichten", http.StatusSeeOther)
	default:
		http.Redirect(w, r, target, http.StatusSeeOther)
	}
}

// loadSession resolves the session cookie once per request.
func (s *Server) loadSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		info := &sessionInfo{state: noSession}
		if c, err := r.Cookie(s.cookieName()); err == nil && c.Value != "" {
			u, sess, err := s.accounts.Authenticate(r.Context(), c.Value)
			switch {
			case err == nil:
				info = &sessionInfo{state: stateOf(u, sess), user: u, session: sess}
			case wachsam.ErrorCodeOf(err) == wachsam.EUNAUTHORIZED:
				info.state = expiredSession
				s.clearSessionCookie(w)
			default:
				s.sessionUnavailable(w, r, err)
				return
			}
		}
		next.ServeHTTP(w, withValue(r, sessionKey, info))
	})
}

// sessionUnavailable answers a request whose session could not be looked
// up because the database failed: 503, and the cookie stays, so the person
// is still signed in once the database is back. It is never "your session
// has expired" (issue 13 §4).
func (s *Server) sessionUnavailable(w http.ResponseWriter, r *http.Request, err error) {
	s.logger.ErrorContext(r.Context(), "session lookup failed", slog.String("path", routePattern(r)), slog.Any("error", err))
	w.Header().Set("Retry-After", "5")
	s.failStatus(w, r, http.StatusServiceUnavailable, "Der Dienst ist gerade nicht erreichbar. Bitte versuchen Sie es in einigen Sekunden erneut; Sie bleiben angemeldet.")
}

func sessionOf(r *http.Request) *sessionInfo {
	if info, ok := r.Context().Value(sessionKey).(*sessionInfo); ok {
		return info
	}
	return &sessionInfo{state: noSession}
}

// currentUser is the signed-in user, or nil. A half-finished sign-in shows
// no navigation, so it counts as nil here.
func currentUser(r *http.Request) *wachsam.User {
	if info := sessionOf(r); info.state == signedIn {
		return info.user
	}
	return nil
}

// requireSession lets through any session, even one still in the middle of
// signing in; the sign-in step handlers check the exact state.
func (s *Server) requireSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		info := sessionOf(r)
		if info.user == nil {
			s.askToSignIn(w, r, info.state)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// requireSignedIn lets through only a complete sign-in and sends everyone
// else to the step they still have to take.
func (s *Server) requireSignedIn(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		info := sessionOf(r)
		switch info.state {
		case signedIn:
			next.ServeHTTP(w, withValue(r, userKey, info.user))
		case needsSecondFactor:
			s.redirectOrRefuse(w, r, "/anmelden/zwei-faktor", "Bitte schließen Sie die Anmeldung mit dem Bestätigungscode ab.")
		case needsEnrolment:
			s.redirectOrRefuse(w, r, "/konto/zwei-faktor/einrichten", "Bitte richten Sie zuerst die Zwei-Faktor-Anmeldung ein.")
		default:
			s.askToSignIn(w, r, info.state)
		}
	})
}

func (s *Server) redirectOrRefuse(w http.ResponseWriter, r *http.Request, to, message string) {
	if isAPI(r) {
		s.failStatus(w, r, http.StatusUnauthorized, message)
		return
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

func (s *Server) askToSignIn(w http.ResponseWriter, r *http.Request, state sessionState) {
	msg := "Bitte melden Sie sich an."
	if state == expiredSession {
		msg = "Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an."
	}
	if isAPI(r) {
		s.failStatus(w, r, http.StatusUnauthorized, msg)
		return
	}
	// A plain first visit to the start page is no error: it just shows the
	// login. A deep link or an expired sign-in says why the login appears.
	if r.URL.Path != "/" || state == expiredSession {
		s.setFlash(w, flashError, msg)
	}
	to := "/anmelden"
	if r.Method == http.MethodGet && r.URL.Path != "/" {
		to += "?weiter=" + url.QueryEscape(r.URL.RequestURI())
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// requireRole refuses callers without one of the roles.
func (s *Server) requireRole(roles ...wachsam.Role) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if u := currentUser(r); u == nil || !u.HasAny(roles...) {
				s.failStatus(w, r, http.StatusForbidden, "Für diese Seite fehlt Ihnen die Berechtigung.")
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}
