package http

import (
	"net/http"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/wachsam/wachsam"
)

func (s *Server) adminDirectoryAPI(r chi.Router) {
	admin := r.With(s.requireRole(wachsam.RoleAdmin))
	admin.Get("/municipalities/{id}/directory", s.apiDirectory)
	admin.Put("/municipalities/{id}/directory", s.apiSaveDirectory)
	admin.Post("/municipalities/{id}/directory/sync", s.apiSyncDirectory)
}

// apiDirectoryConfig is a municipality's directory settings in the API.
// bind_password is only ever written; reads tell whether one is stored.
type apiDirectoryConfig struct {
	URL                 string     `json:"url"`
	PlainLDAP           bool       `json:"plain_ldap"`
	BaseDN              string     `json:"base_dn"`
	BindDN              string     `json:"bind_dn"`
	BindPassword        string     `json:"bind_password,omitempty"`
	HasBindPassword     bool       `json:"has_bind_password"`
	UserFilter          string     `json:"user_filter"`
	EmailAttr           string     `json:"email_attribute"`
	GivenNameAttr       string     `json:"given_name_attribute"`
	SurnameAttr         string     `json:"surname_attribute"`
	DepartmentAttr      string     `json:"department_attribute"`
	CACertPEM           string     `json:"ca_certificate_pem"`
	SyncIntervalMinutes int        `json:"sync_interval_minutes"`
	NextSyncAt          *time.Time `json:"next_sync_at"`
	LastSyncAt          *time.Time `json:"last_sync_at"`
	LastSyncResult      string     `json:"last_sync_result"`
}

func apiDirectoryOf(c *wachsam.DirectoryConfig) apiDirectoryConfig {
	return apiDirectoryConfig{URL: c.URL, PlainLDAP: c.PlainLDAP, BaseDN: c.BaseDN, BindDN: c.BindDN, HasBindPassword: c.BindPassword != "",
		UserFilter: c.UserFilter, EmailAttr: c.EmailAttr, GivenNameAttr: c.GivenNameAttr, SurnameAttr: c.SurnameAttr,
		DepartmentAttr: c.DepartmentAttr, CACertPEM: c.CACertPEM, SyncIntervalMinutes: c.SyncIntervalMinutes,
		NextSyncAt: c.NextSyncAt, LastSyncAt: c.LastSyncAt, LastSyncResult: c.LastSyncResult}
}

func municipalityIDParam(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil {
		return 0, wachsam.Errorf(wachsam.ENOTFOUND, "Diese Gemeinde gibt es nicht.")
	}
	return id, nil
}

func (s *Server) apiDirectory(w http.ResponseWriter, r *http.Request) {
	id, err := municipalityIDParam(r)
	var cfg *wachsam.DirectoryConfig
	if err == nil {
		cfg, err = s.directory.DirectoryConfig(r.Context(), id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, apiDirectoryOf(cfg))
}

func (s *Server) apiSaveDirectory(w http.ResponseWriter, r *http.Request) {
	id, err := municipalityIDParam(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in apiDirectoryConfig
	if !s.decodeJSON(w, r, &in) {
		return
	}
	cfg := &wachsam.DirectoryConfig{MunicipalityID: id, URL: in.URL, PlainLDAP: in.PlainLDAP, BaseDN: in.BaseDN, BindDN: in.BindDN,
		BindPassword: in.BindPassword, UserFilter: in.UserFilter, EmailAttr: in.EmailAttr, GivenNameAttr: in.GivenNameAttr,
		SurnameAttr: in.SurnameAttr, DepartmentAttr: in.DepartmentAttr, CACertPEM: in.CACertPEM, SyncIntervalMinutes: in.SyncIntervalMinutes}
	if err := s.directory.SaveDirectoryConfig(r.Context(), wachsam.UserActor(currentUser(r)), cfg); err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, apiDirectoryOf(cfg))
}

// apiSyncDirectory syncs now; ?dry_run=true only reports the plan.
func (s *Server) apiSyncDirectory(w http.ResponseWriter, r *http.Request) {
	id, err := municipalityIDParam(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	dryRun := false
	if v := r.URL.Query().Get("dry_run"); v != "" {
		if dryRun, err = strconv.ParseBool(v); err != nil {
			s.fail(w, r, wachsam.FieldError("dry_run", "dry_run ist true oder false."))
			return
		}
	}
	plan, err := s.syncDirectory(r, id, dryRun)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, plan)
}
