package http

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/wachsam/wachsam"
)

func (s *Server) adminMunicipalities(w http.ResponseWriter, r *http.Request) {
	s.renderMunicipalities(w, r, http.StatusOK, form{})
}

func (s *Server) renderMunicipalities(w http.ResponseWriter, r *http.Request, status int, f form) {
	ms, err := s.directory.Municipalities(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "admin_municipalities", page{Title: "Gemeinden", Section: "municipalities", Form: f, Data: map[string]any{
		"Municipalities": ms, "Action": "/verwaltung/gemeinden",
	}})
}

// municipalityFromForm reads the fields of the municipality form.
func municipalityFromForm(v url.Values, m *wachsam.Municipality) error {
	m.Name, m.AGS = v.Get("name"), v.Get("ags")
	n, err := strconv.Atoi(strings.ReplaceAll(strings.TrimSpace(v.Get("population")), ".", ""))
	if err != nil {
		return wachsam.FieldError("population", "Bitte geben Sie die Einwohnerzahl als ganze Zahl an.")
	}
	m.Population = n
	return nil
}

func (s *Server) adminCreateMunicipality(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	m := new(wachsam.Municipality)
	err := municipalityFromForm(r.PostForm, m)
	if err == nil {
		err = s.directory.CreateMunicipality(r.Context(), wachsam.UserActor(currentUser(r)), m)
	}
	if err != nil {
		s.refuse(w, r, err, func(status int) { s.renderMunicipalities(w, r, status, formWithError(r.PostForm, err)) })
		return
	}
	s.setFlash(w, flashOK, "Die Gemeinde "+m.Name+" wurde angelegt.")
	http.Redirect(w, r, "/verwaltung/gemeinden/"+strconv.FormatInt(m.ID, 10), http.StatusSeeOther)
}

func (s *Server) municipalityParam(w http.ResponseWriter, r *http.Request) (*wachsam.Municipality, bool) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil {
		s.failStatus(w, r, http.StatusNotFound, "Diese Gemeinde gibt es nicht.")
		return nil, false
	}
	m, err := s.directory.Municipality(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	return m, true
}

func (s *Server) renderMunicipality(w http.ResponseWriter, r *http.Request, status int, m *wachsam.Municipality, f form) {
	if f.Values == nil {
		f.Values = url.Values{"name": {m.Name}, "ags": {m.AGS}, "population": {strconv.Itoa(m.Population)}}
	}
	s.render(w, r, status, "admin_municipality", page{Title: m.Name, Section: "municipalities", Form: f, Data: map[string]any{
		"Municipality": m, "Action": "/verwaltung/gemeinden/" + strconv.FormatInt(m.ID, 10),
		"DirectorySignIn": s.cfg.DirectorySignIn != nil,
	}})
}

func (s *Server) adminMunicipalityPage(w http.ResponseWriter, r *http.Request) {
	if m, ok := s.municipalityParam(w, r); ok {
		s.renderMunicipality(w, r, http.StatusOK, m, form{})
	}
}

func (s *Server) adminUpdateMunicipality(w http.ResponseWriter, r *http.Request) {
	m, ok := s.municipalityParam(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	original := *m
	err := municipalityFromForm(r.PostForm, m)
	if err == nil {
		err = s.directory.UpdateMunicipality(r.Context(), wachsam.UserActor(currentUser(r)), m)
	}
	if err != nil {
		s.refuse(w, r, err, func(status int) { s.renderMunicipality(w, r, status, &original, formWithError(r.PostForm, err)) })
		return
	}
	s.setFlash(w, flashOK, "Die Angaben wurden gespeichert.")
	http.Redirect(w, r, "/verwaltung/gemeinden/"+strconv.FormatInt(m.ID, 10), http.StatusSeeOther)
}

func (s *Server) adminAddDepartment(w http.ResponseWriter, r *http.Request) {
	m, ok := s.municipalityParam(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	d := &wachsam.Department{MunicipalityID: m.ID, Name: r.PostForm.Get("department")}
	if err := s.directory.AddDepartment(r.Context(), wachsam.UserActor(currentUser(r)), d); err != nil {
		s.refuse(w, r, err, func(status int) { s.renderMunicipality(w, r, status, m, formWithError(nil, err)) })
		return
	}
	s.setFlash(w, flashOK, "Die Abteilung "+d.Name+" wurde hinzugefügt.")
	http.Redirect(w, r, "/verwaltung/gemeinden/"+strconv.FormatInt(m.ID, 10), http.StatusSeeOther)
}

func (s *Server) adminDeleteDepartment(w http.ResponseWriter, r *http.Request) {
	m, ok := s.municipalityParam(w, r)
	if !ok {
		return
	}
	dep, err := strconv.ParseInt(chi.URLParam(r, "dep"), 10, 64)
	if err == nil {
		err = s.directory.DeleteDepartment(r.Context(), wachsam.UserActor(currentUser(r)), m.ID, dep)
	} else {
		err = wachsam.Errorf(wachsam.ENOTFOUND, "Diese Abteilung gibt es nicht.")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, flashOK, "Die Abteilung wurde gelöscht.")
	http.Redirect(w, r, "/verwaltung/gemeinden/"+strconv.FormatInt(m.ID, 10), http.StatusSeeOther)
}
