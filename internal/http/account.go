package http

import (
	"fmt"
	"net/http"

	"github.com/wachsam/wachsam"
)

func (s *Server) accountPage(w http.ResponseWriter, r *http.Request) {
	s.renderAccount(w, r, http.StatusOK, form{})
}

func (s *Server) renderAccount(w http.ResponseWriter, r *http.Request, status int, f form) {
	info := sessionOf(r)
	ctx := r.Context()
	sessions, err := s.directory.Sessions(ctx, info.user.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	left, err := s.directory.UnusedRecoveryCodes(ctx, info.user.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var municipality *wachsam.Municipality
	if id := info.user.MunicipalityID; id != nil {
		if municipality, err = s.directory.Municipality(ctx, *id); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, status, "account", page{Title: "Mein Konto", Section: "account", Form: f, Data: map[string]any{
		"Sessions": sessions, "CurrentSession": info.session.ID, "RecoveryLeft": left, "Municipality": municipality,
	}})
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	info := sessionOf(r)
	f := r.PostForm
	err := s.accounts.ChangePassword(r.Context(), info.user, info.session, f.Get("current"), f.Get("password"), f.Get("repeat"))
	if err != nil {
		s.refuse(w, r, err, func(status int) { s.renderAccount(w, r, status, formWithError(nil, err)) })
		return
	}
	s.setFlash(w, flashOK, "Ihr Passwort wurde geändert. Alle anderen Sitzungen wurden abgemeldet.")
	http.Redirect(w, r, "/konto", http.StatusSeeOther)
}

func (s *Server) endOtherSessions(w http.ResponseWriter, r *http.Request) {
	info := sessionOf(r)
	n, err := s.accounts.EndOtherSessions(r.Context(), info.user, info.session)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, flashOK, fmt.Sprintf("%d andere Sitzung(en) abgemeldet.", n))
	http.Redirect(w, r, "/konto", http.StatusSeeOther)
}

func (s *Server) renewRecoveryCodes(w http.ResponseWriter, r *http.Request) {
	u := sessionOf(r).user
	codes, err := s.accounts.RenewRecoveryCodes(r.Context(), u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "recovery_codes", page{Title: "Wiederherstellungscodes", Data: map[string]any{"Codes": codes}})
}
