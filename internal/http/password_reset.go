package http

import (
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/wachsam/wachsam"
)

// "Passwort vergessen" (issue 13 §1): a form for the address, a link by
// mail, a form for the new password. The answer to the first form is the
// same whether the address has an account or not.

const resetRequested = "Wenn zu dieser Adresse ein Konto gehört, das sich mit Passwort anmeldet, haben wir soeben eine E-Mail " +
	"mit einem Link zum Zurücksetzen geschickt. Der Link gilt 30 Minuten und nur einmal. Kommt keine E-Mail, prüfen Sie " +
	"bitte den Spam-Ordner oder wenden Sie sich an Ihre Koordination."

func (s *Server) forgotPasswordPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "password_forgot", page{Title: "Passwort vergessen"})
}

func (s *Server) forgotPassword(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	email := r.PostForm.Get("email")
	err := s.accounts.RequestPasswordReset(r.Context(), email, clientIPOf(r), s.resetLink)
	if err != nil {
		s.refuse(w, r, err, func(status int) {
			s.render(w, r, status, "password_forgot", page{Title: "Passwort vergessen", Form: formWithError(map[string][]string{"email": {email}}, err)})
		})
		return
	}
	s.render(w, r, http.StatusOK, "password_forgot", page{Title: "Passwort vergessen", Data: map[string]any{"Sent": resetRequested}})
}

func (s *Server) resetLink(token string) string {
	return strings.TrimSuffix(s.cfg.BaseURL, "/") + "/anmelden/passwort-neu/" + token
}

func (s *Server) resetPasswordPage(w http.ResponseWriter, r *http.Request) {
	u, err := s.accounts.PasswordResetAccount(r.Context(), chi.URLParam(r, "token"))
	if err != nil {
		s.refuse(w, r, err, func(status int) { s.renderResetPage(w, r, status, nil, formWithError(nil, err)) })
		return
	}
	s.renderResetPage(w, r, http.StatusOK, u, form{})
}

func (s *Server) renderResetPage(w http.ResponseWriter, r *http.Request, status int, u *wachsam.User, f form) {
	data := map[string]any{"Valid": u != nil}
	if u != nil {
		data["Email"] = u.Email
	}
	s.render(w, r, status, "password_reset", page{Title: "Neues Passwort festlegen", Form: f, Data: data})
}

func (s *Server) resetPassword(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	token := chi.URLParam(r, "token")
	err := s.accounts.CompletePasswordReset(r.Context(), token, r.PostForm.Get("password"), r.PostForm.Get("repeat"))
	if err != nil {
		s.refuse(w, r, err, func(status int) {
			u, _ := s.accounts.PasswordResetAccount(r.Context(), token)
			s.renderResetPage(w, r, status, u, formWithError(nil, err))
		})
		return
	}
	// Whoever used the link may be signed in elsewhere; that session ended
	// with the reset, and this browser's cookie goes too.
	s.clearSessionCookie(w)
	s.setFlash(w, flashOK, "Ihr Passwort wurde geändert, alle Sitzungen wurden beendet. Bitte melden Sie sich mit dem neuen Passwort an.")
	http.Redirect(w, r, "/anmelden", http.StatusSeeOther)
}
