package http

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/wachsam/wachsam"
)

func (s *Server) adminUsers(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query().Get("q")
	users, err := s.directory.Users(r.Context(), wachsam.UserFilter{Query: q, Limit: 500})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ms, err := s.directory.Municipalities(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "admin_users", page{Title: "Konten", Section: "users", Data: map[string]any{
		"Users": users, "Municipalities": ms, "Query": q,
	}})
}

func (s *Server) renderUserForm(w http.ResponseWriter, r *http.Request, status int, existing *wachsam.User, f form) {
	ms, err := s.directory.MunicipalitiesWithDepartments(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	title, action := "Neues Konto", "/verwaltung/benutzer/neu"
	if existing != nil {
		title, action = "Konto bearbeiten: "+existing.Name, "/verwaltung/benutzer/"+strconv.FormatInt(existing.ID, 10)
	}
	s.render(w, r, status, "admin_user_form", page{Title: title, Section: "users", Form: f, Data: map[string]any{
		"Municipalities": ms, "Roles": wachsam.Roles(), "Existing": existing, "Action": action,
	}})
}

func (s *Server) adminNewUserPage(w http.ResponseWriter, r *http.Request) {
	s.renderUserForm(w, r, http.StatusOK, nil, form{})
}

// userFromForm reads the account fields; it reports the first field that
// cannot even be parsed.
func userFromForm(v url.Values, u *wachsam.User) error {
	u.Name = v.Get("name")
	u.Roles = nil
	for _, raw := range v["role"] {
		role, err := wachsam.ParseRole(raw)
		if err != nil {
			return err
		}
		u.Roles = append(u.Roles, role)
	}
	var err error
	if u.MunicipalityID, err = optionalID(v.Get("municipality"), "municipality"); err != nil {
		return err
	}
	if u.DepartmentID, err = optionalID(v.Get("department"), "department"); err != nil {
		return err
	}
	// The store keeps the headed department only with the role.
	if u.HeadOfDepartmentID, err = optionalID(v.Get("head_of_department"), "head_of_department"); err != nil {
		return err
	}
	u.Disabled = v.Get("disabled") == "1"
	return nil
}

func optionalID(raw, field string) (*int64, error) {
	if raw == "" {
		return nil, nil
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return nil, wachsam.FieldError(field, "Die Auswahl ist ungültig.")
	}
	return &id, nil
}

func (s *Server) adminCreateUser(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	u := &wachsam.User{Email: r.PostForm.Get("email")}
	err := userFromForm(r.PostForm, u)
	var password string
	if err == nil {
		password, err = s.accounts.CreateAccount(r.Context(), wachsam.UserActor(currentUser(r)), u, "")
	}
	if err != nil {
		s.refuse(w, r, err, func(status int) { s.renderUserForm(w, r, status, nil, formWithError(r.PostForm, err)) })
		return
	}
	s.render(w, r, http.StatusCreated, "password_issued", page{Title: "Konto angelegt", Section: "users", Data: map[string]any{
		"Message": "Das Konto wurde angelegt.", "Email": u.Email, "Password": password,
	}})
}

// userParam loads the account named in the URL.
func (s *Server) userParam(w http.ResponseWriter, r *http.Request) (*wachsam.User, bool) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil {
		s.failStatus(w, r, http.StatusNotFound, "Dieses Konto gibt es nicht.")
		return nil, false
	}
	u, err := s.directory.User(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	return u, true
}

func (s *Server) adminEditUserPage(w http.ResponseWriter, r *http.Request) {
	u, ok := s.userParam(w, r)
	if !ok {
		return
	}
	values := url.Values{"name": {u.Name}}
	if u.MunicipalityID != nil {
		values.Set("municipality", strconv.FormatInt(*u.MunicipalityID, 10))
	}
	if u.DepartmentID != nil {
		values.Set("department", strconv.FormatInt(*u.DepartmentID, 10))
	}
	if u.HeadOfDepartmentID != nil {
		values.Set("head_of_department", strconv.FormatInt(*u.HeadOfDepartmentID, 10))
	}
	for _, role := range u.Roles {
		values.Add("role", string(role))
	}
	if u.Disabled {
		values.Set("disabled", "1")
	}
	s.renderUserForm(w, r, http.StatusOK, u, form{Values: values})
}

func (s *Server) adminUpdateUser(w http.ResponseWriter, r *http.Request) {
	u, ok := s.userParam(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	original := *u
	err := userFromForm(r.PostForm, u)
	if err == nil && u.ID == currentUser(r).ID && (!u.Has(wachsam.RoleAdmin) || u.Disabled) {
		err = wachsam.FieldError("role", "Sie können sich nicht selbst die Administration entziehen oder Ihr eigenes Konto sperren.")
	}
	if err == nil {
		err = s.directory.UpdateUser(r.Context(), wachsam.UserActor(currentUser(r)), u)
	}
	if err != nil {
		s.refuse(w, r, err, func(status int) { s.renderUserForm(w, r, status, &original, formWithError(r.PostForm, err)) })
		return
	}
	s.setFlash(w, flashOK, "Das Konto wurde gespeichert.")
	http.Redirect(w, r, "/verwaltung/benutzer", http.StatusSeeOther)
}

func (s *Server) adminResetPassword(w http.ResponseWriter, r *http.Request) {
	u, ok := s.userParam(w, r)
	if !ok {
		return
	}
	password, err := s.accounts.ResetPassword(r.Context(), wachsam.UserActor(currentUser(r)), u.ID, "")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "password_issued", page{Title: "Neues Passwort", Section: "users", Data: map[string]any{
		"Message": "Ein neues Passwort wurde erzeugt; alle Sitzungen des Kontos wurden beendet.", "Email": u.Email, "Password": password,
	}})
}

func (s *Server) adminResetTOTP(w http.ResponseWriter, r *http.Request) {
	u, ok := s.userParam(w, r)
	if !ok {
		return
	}
	if err := s.directory.ResetTOTP(r.Context(), wachsam.UserActor(currentUser(r)), u.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, flashOK, "Die Zwei-Faktor-Anmeldung wurde zurückgesetzt. Die Person richtet sie bei der nächsten Anmeldung neu ein.")
	http.Redirect(w, r, "/verwaltung/benutzer/"+strconv.FormatInt(u.ID, 10), http.StatusSeeOther)
}

func (s *Server) adminAudit(w http.ResponseWriter, r *http.Request) {
	entries, err := s.directory.RecentAudit(r.Context(), 200)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "admin_audit", page{Title: "Protokoll", Section: "audit", Data: map[string]any{"Entries": entries}})
}
