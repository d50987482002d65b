package http

import (
	"net/http"

	"github.com/wachsam/wachsam"
)

// enrolPage offers a fresh secret each time it is opened: a secret that was
// shown but never confirmed is simply replaced.
func (s *Server) enrolPage(w http.ResponseWriter, r *http.Request) {
	info := sessionOf(r)
	if info.state == needsSecondFactor {
		http.Redirect(w, r, "/anmelden/zwei-faktor", http.StatusSeeOther)
		return
	}
	if info.user.HasTOTP() {
		s.setFlash(w, flashOK, "Die Zwei-Faktor-Anmeldung ist bereits eingerichtet.")
		http.Redirect(w, r, "/konto", http.StatusSeeOther)
		return
	}
	secret, err := s.accounts.BeginEnrolment(r.Context(), info.user)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderEnrol(w, r, http.StatusOK, secret, form{})
}

func (s *Server) renderEnrol(w http.ResponseWriter, r *http.Request, status int, secret string, f form) {
	info := sessionOf(r)
	s.render(w, r, status, "enrol", page{Title: "Zwei-Faktor-Anmeldung einrichten", User: currentUser(r), Form: f, Data: map[string]any{
		"Secret": secret, "Required": info.state == needsEnrolment,
	}})
}

func (s *Server) enrol(w http.ResponseWriter, r *http.Request) {
	info := sessionOf(r)
	if info.state == needsSecondFactor || info.user.HasTOTP() {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	if !s.parseForm(w, r) {
		return
	}
	codes, token, err := s.accounts.ConfirmEnrolment(r.Context(), info.user, info.session, r.PostForm.Get("code"))
	if err != nil {
		if wachsam.ErrorCodeOf(err) == wachsam.EINTERNAL || info.user.TOTPPending == nil {
			s.fail(w, r, err)
			return
		}
		s.renderEnrol(w, r, statusOf(wachsam.ErrorCodeOf(err)), *info.user.TOTPPending, formWithError(nil, err))
		return
	}
	s.setSessionCookie(w, token)
	s.render(w, r, http.StatusOK, "recovery_codes", page{Title: "Wiederherstellungscodes", User: info.user, Data: map[string]any{"Codes": codes}})
}

func (s *Server) enrolQRCode(w http.ResponseWriter, r *http.Request) {
	png, err := s.accounts.EnrolmentQRCode(sessionOf(r).user)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(png)
}
