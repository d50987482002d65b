package http

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/wachsam/wachsam"
)

// The administrators connect a municipality's LDAP / Active Directory
// (issue 14 §1): the settings, a dry run that shows what a sync would
// change, and a sync now.

func (s *Server) adminDirectoryPages(r chi.Router) {
	r.Get("/gemeinden/{id}/verzeichnis", s.adminDirectoryPage)
	r.Post("/gemeinden/{id}/verzeichnis", s.adminSaveDirectory)
	r.Post("/gemeinden/{id}/verzeichnis/abgleich", s.adminSyncDirectory)
}

// errNoDirectorySync answers where the server was started without the
// directory connector (only in tests of other parts).
var errNoDirectorySync = wachsam.Errorf(wachsam.EUNAVAILABLE, "Der Verzeichnisabgleich ist auf diesem Server nicht eingerichtet.")

// storedDirectory loads the municipality's settings; ok is false and the
// answer written when loading failed. A municipality without settings
// gets a form with the usual defaults.
func (s *Server) storedDirectory(w http.ResponseWriter, r *http.Request, municipalityID int64) (*wachsam.DirectoryConfig, bool, bool) {
	cfg, err := s.directory.DirectoryConfig(r.Context(), municipalityID)
	switch {
	case err == nil:
		return cfg, true, true
	case wachsam.ErrorCodeOf(err) == wachsam.ENOTFOUND:
		return &wachsam.DirectoryConfig{MunicipalityID: municipalityID, UserFilter: "(&(objectClass=person)(mail=%s))",
			EmailAttr: "mail", GivenNameAttr: "givenName", SurnameAttr: "sn", SyncIntervalMinutes: 24 * 60}, false, true
	}
	s.fail(w, r, err)
	return nil, false, false
}

func directoryFormValues(c *wachsam.DirectoryConfig) url.Values {
	v := url.Values{"url": {c.URL}, "base_dn": {c.BaseDN}, "bind_dn": {c.BindDN}, "user_filter": {c.UserFilter},
		"email_attr": {c.EmailAttr}, "given_name_attr": {c.GivenNameAttr}, "surname_attr": {c.SurnameAttr},
		"department_attr": {c.DepartmentAttr}, "ca_cert_pem": {c.CACertPEM}, "sync_interval_minutes": {strconv.Itoa(c.SyncIntervalMinutes)}}
	if c.PlainLDAP {
		v.Set("plain_ldap", "ja")
	}
	return v
}

// directoryFromForm reads the settings form; an empty password keeps the
// stored one.
func directoryFromForm(v url.Values, c *wachsam.DirectoryConfig) error {
	c.URL, c.BaseDN, c.BindDN, c.BindPassword = v.Get("url"), v.Get("base_dn"), v.Get("bind_dn"), v.Get("bind_password")
	c.UserFilter, c.EmailAttr, c.GivenNameAttr = v.Get("user_filter"), v.Get("email_attr"), v.Get("given_name_attr")
	c.SurnameAttr, c.DepartmentAttr, c.CACertPEM = v.Get("surname_attr"), v.Get("department_attr"), v.Get("ca_cert_pem")
	c.PlainLDAP = v.Get("plain_ldap") == "ja"
	n, err := strconv.Atoi(strings.TrimSpace(v.Get("sync_interval_minutes")))
	if err != nil {
		return wachsam.FieldError("sync_interval_minutes", "Bitte geben Sie die Minuten zwischen zwei Abgleichen als ganze Zahl an (0 für nur von Hand).")
	}
	c.SyncIntervalMinutes = n
	return nil
}

func (s *Server) renderDirectory(w http.ResponseWriter, r *http.Request, status int, m *wachsam.Municipality, f form, plan *wachsam.DirectorySyncPlan) {
	cfg, stored, ok := s.storedDirectory(w, r, m.ID)
	if !ok {
		return
	}
	if f.Values == nil {
		f.Values = directoryFormValues(cfg)
	}
	s.render(w, r, status, "admin_directory", page{Title: "Verzeichnis von " + m.Name, Section: "municipalities", Form: f, Data: map[string]any{
		"Municipality": m, "Config": cfg, "Stored": stored, "Plan": plan,
		"Action": "/verwaltung/gemeinden/" + strconv.FormatInt(m.ID, 10) + "/verzeichnis",
	}})
}

func (s *Server) adminDirectoryPage(w http.ResponseWriter, r *http.Request) {
	if m, ok := s.municipalityParam(w, r); ok {
		s.renderDirectory(w, r, http.StatusOK, m, form{}, nil)
	}
}

func (s *Server) adminSaveDirectory(w http.ResponseWriter, r *http.Request) {
	m, ok := s.municipalityParam(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	cfg := &wachsam.DirectoryConfig{MunicipalityID: m.ID}
	err := directoryFromForm(r.PostForm, cfg)
	if err == nil {
		err = s.directory.SaveDirectoryConfig(r.Context(), wachsam.UserActor(currentUser(r)), cfg)
	}
	if err != nil {
		// The password typed is never sent back into the page.
		r.PostForm.Del("bind_password")
		s.refuse(w, r, err, func(status int) { s.renderDirectory(w, r, status, m, formWithError(r.PostForm, err), nil) })
		return
	}
	s.setFlash(w, flashOK, "Die Verzeichnisanbindung wurde gespeichert.")
	http.Redirect(w, r, "/verwaltung/gemeinden/"+strconv.FormatInt(m.ID, 10)+"/verzeichnis", http.StatusSeeOther)
}

// adminSyncDirectory runs a dry run (button "Vorschau") and shows its
// lists, or syncs now and reports the summary.
func (s *Server) adminSyncDirectory(w http.ResponseWriter, r *http.Request) {
	m, ok := s.municipalityParam(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	dryRun := r.PostForm.Get("probelauf") == "ja"
	plan, err := s.syncDirectory(r, m.ID, dryRun)
	if err != nil {
		s.refuse(w, r, err, func(status int) { s.renderDirectory(w, r, status, m, form{General: wachsam.ErrorMessageOf(err)}, nil) })
		return
	}
	if dryRun {
		s.renderDirectory(w, r, http.StatusOK, m, form{}, &plan)
		return
	}
	s.setFlash(w, flashOK, "Verzeichnisabgleich durchgeführt: "+plan.Summary()+".")
	http.Redirect(w, r, "/verwaltung/gemeinden/"+strconv.FormatInt(m.ID, 10)+"/verzeichnis", http.StatusSeeOther)
}

func (s *Server) syncDirectory(r *http.Request, municipalityID int64, dryRun bool) (wachsam.DirectorySyncPlan, error) {
	if s.cfg.DirectorySync == nil {
		return wachsam.DirectorySyncPlan{}, errNoDirectorySync
	}
	return s.cfg.DirectorySync.Sync(r.Context(), wachsam.UserActor(currentUser(r)), municipalityID, dryRun)
}
