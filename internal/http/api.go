package http

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"reflect"
	"unicode/utf8"

	"github.com/wachsam/wachsam"
)

// decodeJSON reads a JSON request body strictly: the right media type, one
// object, no unknown fields. Every failure is a problem-details answer.
func (s *Server) decodeJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		s.failStatus(w, r, http.StatusUnsupportedMediaType, "Bitte senden Sie die Daten als JSON (Content-Type: application/json).")
		return false
	}
	body, err := io.ReadAll(r.Body)
	if err == nil && !utf8.Valid(body) {
		s.failStatus(w, r, http.StatusUnprocessableEntity, "Der JSON-Inhalt enthält ungültige Zeichen (keine gültige UTF-8-Kodierung).")
		return false
	}
	if err == nil {
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.DisallowUnknownFields()
		err = dec.Decode(v)
		if err == nil && dec.Decode(&struct{}{}) != io.EOF {
			err = errors.New("trailing data")
		}
	}
	if err != nil {
		if isTooLarge(err) {
			s.failStatus(w, r, http.StatusRequestEntityTooLarge, tooLargeMessage(s.cfg.MaxBodyBytes))
		} else {
			s.failStatus(w, r, http.StatusBadRequest, "Der JSON-Inhalt ist fehlerhaft: "+jsonErrorText(err))
		}
		return false
	}
	if err := checkDecodedStrings(reflect.ValueOf(v), ""); err != nil {
		s.fail(w, r, err)
		return false
	}
	return true
}

// jsonErrorText explains a decoding error in German without echoing input.
func jsonErrorText(err error) string {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return "ungültige Syntax."
	case errors.As(err, &typ):
		return "das Feld „" + typ.Field + "“ hat den falschen Typ."
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "der Inhalt ist leer oder unvollständig."
	}
	return "unbekannte Felder oder mehr als ein Objekt."
}

// reply answers an API call with v as JSON, or, if the call failed, with
// the problem of err.
func (s *Server) reply(w http.ResponseWriter, r *http.Request, status int, v any, err error) {
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, status, v)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

type apiUser struct {
	ID             int64          `json:"id"`
	Email          string         `json:"email"`
	Name           string         `json:"name"`
	MunicipalityID *int64         `json:"municipality_id"`
	Roles          []wachsam.Role `json:"roles"`
	// HeadOfDepartmentID is the department a department head leads.
	HeadOfDepartmentID *int64 `json:"head_of_department_id"`
}

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	writeJSON(w, http.StatusOK, apiUser{ID: u.ID, Email: u.Email, Name: u.Name, MunicipalityID: u.MunicipalityID, Roles: u.Roles, HeadOfDepartmentID: u.HeadOfDepartmentID})
}

type apiMunicipality struct {
	ID          int64    `json:"id"`
	Name        string   `json:"name"`
	AGS         string   `json:"ags"`
	Population  int      `json:"population"`
	Departments []string `json:"departments,omitempty"`
}

func (s *Server) apiMunicipalities(w http.ResponseWriter, r *http.Request) {
	ms, err := s.directory.Municipalities(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]apiMunicipality, len(ms))
	for i, m := range ms {
		out[i] = apiMunicipality{ID: m.ID, Name: m.Name, AGS: m.AGS, Population: m.Population}
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiCreateMunicipality(w http.ResponseWriter, r *http.Request) {
	var in apiMunicipality
	if !s.decodeJSON(w, r, &in) {
		return
	}
	m := &wachsam.Municipality{Name: in.Name, AGS: in.AGS, Population: in.Population}
	for _, d := range in.Departments {
		m.Departments = append(m.Departments, wachsam.Department{Name: d})
	}
	if err := s.directory.CreateMunicipality(r.Context(), wachsam.UserActor(currentUser(r)), m); err != nil {
		s.fail(w, r, err)
		return
	}
	in.ID = m.ID
	w.Header().Set("Location", "/api/v1/municipalities")
	writeJSON(w, http.StatusCreated, in)
}

// openAPIDocument serves the description of the API; it is public, like the
// documentation of any API, and describes no data.
func (s *Server) openAPIDocument(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/yaml; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Write(s.cfg.OpenAPI)
}
