package http

import (
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/wachsam/wachsam"
)

// coordinatorIssuePassword gives a member of staff of the coordinator's own
// municipality a new password, shown once. Imported people cannot sign in
// before this. Only accounts whose one role is staff are the coordinator's;
// every other account stays with the administration (issue 13 §2), so a
// coordinator can never take over a colleague's or a candidate's account.
func (s *Server) coordinatorIssuePassword(w http.ResponseWriter, r *http.Request) {
	town, ok := s.coordinatorTown(w, r)
	if !ok {
		return
	}
	const missing = "Diese Person gibt es unter den Beschäftigten Ihrer Kommune nicht."
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil {
		s.failStatus(w, r, http.StatusNotFound, missing)
		return
	}
	u, err := s.directory.User(r.Context(), id)
	switch {
	case wachsam.ErrorCodeOf(err) == wachsam.ENOTFOUND:
		s.failStatus(w, r, http.StatusNotFound, missing)
		return
	case err != nil:
		s.fail(w, r, err)
		return
	case u.MunicipalityID == nil || *u.MunicipalityID != town || !u.Has(wachsam.RoleStaff):
		s.failStatus(w, r, http.StatusNotFound, missing)
		return
	case len(u.Roles) != 1:
		// Any role beside staff (candidate, trainer, …) makes the account
		// the administration's: a new password would let the coordinator
		// sign in as the person and read, say, their exam file.
		s.failStatus(w, r, http.StatusForbidden, "Dieses Konto hat weitere Rollen; sein Passwort kann nur die Administration neu setzen.")
		return
	case u.Disabled:
		s.failStatus(w, r, http.StatusConflict, "Das Konto ist gesperrt. Bitte lassen Sie es zuerst von der Administration entsperren.")
		return
	}
	password, err := s.accounts.ResetPassword(r.Context(), wachsam.UserActor(currentUser(r)), u.ID, "")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "coordinator_password", page{Title: "Zugang für " + u.Name, Section: "staff", Data: map[string]any{
		"Name": u.Name, "Email": u.Email, "Password": password,
	}})
}
