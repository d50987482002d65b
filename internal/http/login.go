package http

import (
	"context"
	"net/http"
	"strings"

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
// after sign-in, so the login form cannot be used to send people elsewhere.
func localTarget(s string) string {
	if strings.HasPrefix(s, "/") && !strings.HasPrefix(s, "//") && !strings.HasPrefix(s, "/\\") {
		return s
	}
	return "/"
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
		s.refuse(w, r, err, func(status int) {
			s.render(w, r, status, "login", page{Title: "Anmelden", Form: form{
				Values: map[string][]string{"email": {email}}, General: wachsam.ErrorMessageOf(err),
			}, Data: s.directoryLoginData(r)})
		})
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
	continueSignIn(w, r, u, sess, localTarget(r.URL.Query().Get("weiter")))
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
	s.render(w, r, http.StatusOK, "second_factor", page{Title: "Bestätigungscode"})
}

func (s *Server) secondFactor(w http.ResponseWriter, r *http.Request) {
	s.completeSignIn(w, r, "second_factor", "Bestätigungscode", s.accounts.VerifyCode)
}

func (s *Server) recoveryPage(w http.ResponseWriter, r *http.Request) {
	if sessionOf(r).state != needsSecondFactor {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "recovery", page{Title: "Wiederherstellungscode"})
}

func (s *Server) recovery(w http.ResponseWriter, r *http.Request) {
	s.completeSignIn(w, r, "recovery", "Wiederherstellungscode", s.accounts.VerifyRecoveryCode)
}

// completeSignIn checks a second factor and, on success, swaps the cookie
// for the new, fully signed-in session.
func (s *Server) completeSignIn(w http.ResponseWriter, r *http.Request, tmpl, title string,
	verify func(context.Context, *wachsam.User, *wachsam.Session, string) (string, *wachsam.Session, error)) {
	info := sessionOf(r)
	if info.state != needsSecondFactor {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	if !s.parseForm(w, r) {
		return
	}
	token, _, err := verify(r.Context(), info.user, info.session, r.PostForm.Get("code"))
	if err != nil {
		s.refuse(w, r, err, func(status int) { s.render(w, r, status, tmpl, page{Title: title, Form: formWithError(nil, err)}) })
		return
	}
	s.setSessionCookie(w, token)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}
