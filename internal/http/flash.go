package http

import (
	"net/http"
	"net/url"
	"strings"
)

// flash is a one-time notice shown on the next page after a redirect
// ("Passwort geändert."). It travels in a short-lived cookie; the template
// escapes its text, and a forged cookie can only mislead its own sender.
type flash struct {
	Kind string // "ok" or "error": the CSS class of the notice
	Text string
}

const (
	flashOK    = "ok"
	flashError = "error"
	flashName  = "wachsam_hinweis"
)

func (s *Server) setFlash(w http.ResponseWriter, kind, text string) {
	http.SetCookie(w, &http.Cookie{
		Name: flashName, Value: url.QueryEscape(kind + "|" + text), Path: "/", MaxAge: 60,
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode,
	})
}

func (s *Server) takeFlash(w http.ResponseWriter, r *http.Request) *flash {
	c, err := r.Cookie(flashName)
	if err != nil {
		return nil
	}
	http.SetCookie(w, &http.Cookie{Name: flashName, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
	v, err := url.QueryUnescape(c.Value)
	if err != nil {
		return nil
	}
	kind, text, ok := strings.Cut(v, "|")
	if !ok || (kind != flashOK && kind != flashError) {
		return nil
	}
	return &flash{Kind: kind, Text: text}
}
