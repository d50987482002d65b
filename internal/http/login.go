package http

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/wachsam/wachsam"
)

// parseForm reads a form body; an oversized or malformed body is answered
// here and the handler stops.
func (s *Server) parseForm(w http.ResponseWriter, r *http.Request) bool {
	if err := r.ParseForm(); err != nil {
		if isTooLarge(err) {
			s.failStatus(w, r, http.StatusRequestEntityTooLarge, tooLargeMessage(s.cfg.MaxBodyBytes))
		} else {
			s.failStatus(w, r, http.StatusBadRequest, "Die gesendeten Formulardaten konnten nicht gelesen werden.")
		}
		return false
	}
	return true
}

// localTarget accepts only a path on this site as the place to continue
// after sign-in, so the login form cannot be used to send people elsewhere
// (an open redirect, ASVS 5.0 V3). Anything else becomes "/".
func localTarget(s string) string {
	if isLocalPath(s) {
		return s
	}
	return "/"
}

// isLocalPath refuses what a browser could read as another site, or as a
// broken header: no scheme or host, no "//" (a protocol-relative address),
// no backslash (which browsers treat as a slash), no control character
// (CR/LF would split the Location header) — neither as typed nor after
// percent-decoding, which a proxy or the browser may apply again.
func isLocalPath(s string) bool {
	if s == "" || len(s) > 2048 || s[0] != '/' {
		return false
	}
	for decoded, rounds := s, 0; ; rounds++ {
		if strings.Contains(decoded, "//") || strings.ContainsFunc(decoded, func(r rune) bool {
			return r == '\\' || unicode.IsControl(r) || r == utf8.RuneError
		}) {
			return false
		}
		next, err := url.PathUnescape(decoded)
		if err != nil || rounds == 3 {
			return false
		}
		if next == decoded {
			break
		}
		decoded = next
	}
	u, err := url.Parse(s)
	return err == nil && u.Scheme == "" && u.Host == "" && u.User == nil
}

// targetOf reads the return target of a sign-in step: from the form it
// posted, else from the address, always checked.
func targetOf(r *http.Request) string {
	if t := r.PostForm.Get("weiter"); t != "" {
		return localTarget(t)
	}
	return localTarget(r.URL.Query().Get("weiter"))
}

// withTarget appends the return target to the path of the next sign-in
// step, so it survives the second factor.
func withTarget(path, target string) string {
	if target == "/" {
		return path
	}
	return path + "?weiter=" + url.QueryEscape(target)
}

// signInData is what the sign-in pages carry along: the return target.
func signInData(target string) map[string]any {
	if target == "/" {
		return nil
	}
	return map[string]any{"Weiter": target}
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	if sessionOf(r).state == signedIn {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "login", page{Title: "Anmelden", Data: s.directoryLoginData(r)})
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	email, password := r.PostForm.Get("email"), r.PostForm.Get("password")
	u, err := s.accounts.Login(r.Context(), email, password, clientIPOf(r))
	if err != nil {
		rerender := func(status int) {
			s.render(w, r, status, "login", page{Title: "Anmelden", Form: form{
				Values: map[string][]string{"email": {email}}, General: wachsam.ErrorMessageOf(err),
			}, Data: s.directoryLoginData(r)})
		}
		if wachsam.ErrorCodeOf(err) == wachsam.EUNAVAILABLE {
			// The sign-in form needs no database, so a town's directory (or
			// the database) that does not answer gets the form back with
			// the message and the address typed, not a bare error page.
			rerender(http.StatusServiceUnavailable)
			return
		}
		s.refuse(w, r, err, rerender)
		return
	}
	// A sign-in always starts a new session: an old cookie (perhaps planted
	// by someone else) never becomes signed in.
	if old := sessionOf(r); old.session != nil {
		s.accounts.Logout(r.Context(), old.user, old.session)
	}
	token, sess, err := s.accounts.StartSession(r.Context(), u, false)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.setSessionCookie(w, token)
	continueSignIn(w, r, u, sess, targetOf(r))
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	to := "/anmelden"
	if info := sessionOf(r); info.session != nil {
		to = s.afterLogout(r.Context(), info.session)
		if err := s.accounts.Logout(r.Context(), info.user, info.session); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	s.clearSessionCookie(w)
	s.setFlash(w, flashOK, "Sie haben sich abgemeldet.")
	http.Redirect(w, r, to, http.StatusSeeOther)
}

func (s *Server) secondFactorPage(w http.ResponseWriter, r *http.Request) {
	if sessionOf(r).state != needsSecondFactor {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "second_factor", page{Title: "Bestätigungscode", Data: signInData(targetOf(r))})
}

func (s *Server) secondFactor(w http.ResponseWriter, r *http.Request) {
	s.completeSignIn(w, r, "second_factor", "Bestätigungscode", s.accounts.VerifyCode)
}

func (s *Server) recoveryPage(w http.ResponseWriter, r *http.Request) {
	if sessionOf(r).state != needsSecondFactor {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "recovery", page{Title: "Wiederherstellungscode", Data: signInData(targetOf(r))})
}

func (s *Server) recovery(w http.ResponseWriter, r *http.Request) {
	s.completeSignIn(w, r, "recovery", "Wiederherstellungscode", s.accounts.VerifyRecoveryCode)
}

// completeSignIn checks a second factor and, on success, swaps the cookie
// for the new, fully signed-in session.
func (s *Server) completeSignIn(w http.ResponseWriter, r *http.Request, tmpl, title string,
	verify func(context.Context, *wachsam.User, *wachsam.Session, string, string) (string, *wachsam.Session, error)) {
	info := sessionOf(r)
	if info.state != needsSecondFactor {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	if !s.parseForm(w, r) {
		return
	}
	token, _, err := verify(r.Context(), info.user, info.session, clientIPOf(r), r.PostForm.Get("code"))
	if err != nil {
		s.refuse(w, r, err, func(status int) {
			s.render(w, r, status, tmpl, page{Title: title, Data: signInData(targetOf(r)), Form: formWithError(nil, err)})
		})
		return
	}
	s.setSessionCookie(w, token)
	http.Redirect(w, r, targetOf(r), http.StatusSeeOther)
}
