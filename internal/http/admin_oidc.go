package http

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/wachsam/wachsam"
)

// The administrator connects a municipality's directory (OpenID Connect):
// a page under the municipality and the same through the API.

func (s *Server) adminOIDCPages(r chi.Router) {
	r = r.With(s.requireDirectorySignIn)
	r.Get("/gemeinden/{id}/oidc", s.adminOIDCPage)
	r.Post("/gemeinden/{id}/oidc", s.adminSaveOIDC)
	r.Post("/gemeinden/{id}/oidc/entfernen", s.adminRemoveOIDC)
}

func (s *Server) adminOIDCAPI(r chi.Router) {
	admin := r.With(s.requireRole(wachsam.RoleAdmin), s.requireDirectorySignIn)
	admin.Get("/municipalities/{id}/oidc", s.apiOIDC)
	admin.Put("/municipalities/{id}/oidc", s.apiSaveOIDC)
	admin.Delete("/municipalities/{id}/oidc", s.apiRemoveOIDC)
}

// oidcForm is the form's view of a provider. The secret is never put
// back into the page.
func oidcForm(p *wachsam.OIDCProvider) url.Values {
	v := url.Values{"issuer_url": {p.IssuerURL}, "client_id": {p.ClientID}, "email_claim": {p.EmailClaim},
		"group_claim": {p.GroupClaim}, "mfa_methods": {strings.Join(p.MFAMethods, " ")}, "email_domains": {strings.Join(p.EmailDomains, " ")}}
	var lines []string
	for g, r := range p.GroupRoles {
		lines = append(lines, g+" = "+string(r))
	}
	slices.Sort(lines)
	v.Set("group_roles", strings.Join(lines, "\n"))
	for name, on := range map[string]bool{"require_email_verified": p.RequireEmailVerified, "link_subject": p.LinkSubject, "provision": p.Provision} {
		if on {
			v.Set(name, "on")
		}
	}
	return v
}

// oidcFromForm reads the form; group roles come one per line as
// "group = role".
func oidcFromForm(v url.Values, p *wachsam.OIDCProvider) error {
	p.IssuerURL, p.ClientID, p.ClientSecret = v.Get("issuer_url"), v.Get("client_id"), v.Get("client_secret")
	p.EmailClaim, p.GroupClaim = v.Get("email_claim"), v.Get("group_claim")
	p.RequireEmailVerified, p.LinkSubject, p.Provision = v.Get("require_email_verified") == "on", v.Get("link_subject") == "on", v.Get("provision") == "on"
	p.MFAMethods = strings.FieldsFunc(v.Get("mfa_methods"), isListSeparator)
	p.EmailDomains = strings.FieldsFunc(v.Get("email_domains"), isListSeparator)
	p.GroupRoles = map[string]wachsam.Role{}
	for i, line := range strings.Split(v.Get("group_roles"), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		group, role, ok := strings.Cut(line, "=")
		if !ok || strings.TrimSpace(group) == "" {
			return wachsam.FieldError("group_roles", "Zeile %d: bitte als „Gruppe = Rolle“ angeben, z. B. „GG-Wachsam-Koordination = coordinator“.", i+1)
		}
		p.GroupRoles[strings.TrimSpace(group)] = wachsam.Role(strings.TrimSpace(role))
	}
	return nil
}

// isListSeparator splits a field that lists several short values.
func isListSeparator(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\r' || r == ';' }

func (s *Server) renderOIDC(w http.ResponseWriter, r *http.Request, status int, m *wachsam.Municipality, p *wachsam.OIDCProvider, f form) {
	if f.Values == nil {
		f.Values = oidcForm(p)
	}
	s.render(w, r, status, "admin_oidc", page{Title: "Anmeldung über OpenID Connect " + m.Name, Section: "municipalities", Form: f, Data: map[string]any{
		"Municipality": m, "Configured": p.ClientSecret != "", "RedirectURI": s.cfg.BaseURL + OIDCCallbackPath,
		"Roles": wachsam.DirectoryRoles(), "Action": "/verwaltung/gemeinden/" + strconv.FormatInt(m.ID, 10) + "/oidc",
	}})
}

// storedOIDC is the municipality's provider, or the defaults for a
// new one: addresses must be verified, nothing is created on the fly.
func (s *Server) storedOIDC(r *http.Request, m *wachsam.Municipality) (*wachsam.OIDCProvider, error) {
	p, err := s.cfg.DirectorySignIn.Store.OIDCProvider(r.Context(), m.ID)
	if wachsam.ErrorCodeOf(err) == wachsam.ENOTFOUND {
		return &wachsam.OIDCProvider{MunicipalityID: m.ID, EmailClaim: "email", RequireEmailVerified: true, LinkSubject: true}, nil
	}
	return p, err
}

func (s *Server) adminOIDCPage(w http.ResponseWriter, r *http.Request) {
	m, ok := s.municipalityParam(w, r)
	if !ok {
		return
	}
	p, err := s.storedOIDC(r, m)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderOIDC(w, r, http.StatusOK, m, p, form{})
}

func (s *Server) adminSaveOIDC(w http.ResponseWriter, r *http.Request) {
	m, ok := s.municipalityParam(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	stored, err := s.storedOIDC(r, m)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := &wachsam.OIDCProvider{MunicipalityID: m.ID}
	err = oidcFromForm(r.PostForm, p)
	if err == nil {
		err = s.cfg.DirectorySignIn.Store.SaveOIDCProvider(r.Context(), wachsam.UserActor(currentUser(r)), p)
	}
	if err != nil {
		values := url.Values{}
		for k, v := range r.PostForm {
			if k != "client_secret" {
				values[k] = v
			}
		}
		s.refuse(w, r, err, func(status int) { s.renderOIDC(w, r, status, m, stored, formWithError(values, err)) })
		return
	}
	s.setFlash(w, flashOK, "Die Verzeichnis-Anmeldung wurde gespeichert.")
	http.Redirect(w, r, "/verwaltung/gemeinden/"+strconv.FormatInt(m.ID, 10)+"/oidc", http.StatusSeeOther)
}

// removeOIDC turns the municipality's directory sign-in off; it has
// answered the request itself when it returns false.
func (s *Server) removeOIDC(w http.ResponseWriter, r *http.Request) (*wachsam.Municipality, bool) {
	m, ok := s.municipalityParam(w, r)
	if !ok {
		return nil, false
	}
	if err := s.cfg.DirectorySignIn.Store.DeleteOIDCProvider(r.Context(), wachsam.UserActor(currentUser(r)), m.ID); err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	return m, true
}

func (s *Server) adminRemoveOIDC(w http.ResponseWriter, r *http.Request) {
	m, ok := s.removeOIDC(w, r)
	if !ok {
		return
	}
	s.setFlash(w, flashOK, "Die Verzeichnis-Anmeldung wurde entfernt.")
	http.Redirect(w, r, "/verwaltung/gemeinden/"+strconv.FormatInt(m.ID, 10), http.StatusSeeOther)
}

// apiOIDCProvider is a provider in the API; the secret is accepted
// but never returned.
type apiOIDCProvider struct {
	IssuerURL            string                  `json:"issuer_url"`
	ClientID             string                  `json:"client_id"`
	ClientSecret         string                  `json:"client_secret,omitempty"`
	HasClientSecret      bool                    `json:"has_client_secret"`
	EmailClaim           string                  `json:"email_claim"`
	RequireEmailVerified bool                    `json:"require_email_verified"`
	LinkSubject          bool                    `json:"link_subject"`
	Provision            bool                    `json:"provision"`
	GroupClaim           string                  `json:"group_claim"`
	GroupRoles           map[string]wachsam.Role `json:"group_roles"`
	MFAMethods           []string                `json:"mfa_methods"`
	EmailDomains         []string                `json:"email_domains"`
	RedirectURI          string                  `json:"redirect_uri"`
}

func (s *Server) apiOIDCOf(p *wachsam.OIDCProvider) apiOIDCProvider {
	return apiOIDCProvider{IssuerURL: p.IssuerURL, ClientID: p.ClientID, HasClientSecret: p.ClientSecret != "",
		EmailClaim: p.EmailClaim, RequireEmailVerified: p.RequireEmailVerified, LinkSubject: p.LinkSubject, Provision: p.Provision,
		GroupClaim: p.GroupClaim, GroupRoles: p.GroupRoles, MFAMethods: p.MFAMethods, EmailDomains: p.EmailDomains, RedirectURI: s.cfg.BaseURL + OIDCCallbackPath}
}

func (s *Server) apiOIDC(w http.ResponseWriter, r *http.Request) {
	m, ok := s.municipalityParam(w, r)
	if !ok {
		return
	}
	p, err := s.cfg.DirectorySignIn.Store.OIDCProvider(r.Context(), m.ID)
	s.replyOIDC(w, r, p, err)
}

// replyOIDC answers with the provider's settings, or the error.
func (s *Server) replyOIDC(w http.ResponseWriter, r *http.Request, p *wachsam.OIDCProvider, err error) {
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.apiOIDCOf(p))
}

func (s *Server) apiSaveOIDC(w http.ResponseWriter, r *http.Request) {
	m, ok := s.municipalityParam(w, r)
	if !ok {
		return
	}
	var in apiOIDCProvider
	if !s.decodeJSON(w, r, &in) {
		return
	}
	p := &wachsam.OIDCProvider{MunicipalityID: m.ID, IssuerURL: in.IssuerURL, ClientID: in.ClientID, ClientSecret: in.ClientSecret,
		EmailClaim: in.EmailClaim, RequireEmailVerified: in.RequireEmailVerified, LinkSubject: in.LinkSubject, Provision: in.Provision,
		GroupClaim: in.GroupClaim, GroupRoles: in.GroupRoles, MFAMethods: in.MFAMethods, EmailDomains: in.EmailDomains}
	s.replyOIDC(w, r, p, s.cfg.DirectorySignIn.Store.SaveOIDCProvider(r.Context(), wachsam.UserActor(currentUser(r)), p))
}

func (s *Server) apiRemoveOIDC(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.removeOIDC(w, r); ok {
		w.WriteHeader(http.StatusNoContent)
	}
}
