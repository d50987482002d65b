package http

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/wachsam/wachsam"
)

// The coordinator makes a member of their town's staff the head of the
// department the person works in, or withdraws it, on the staff page. The
// administration can assign any department of the account's town in the
// account form. Both are audited by the store.

func (s *Server) coordinatorDepartmentHeadPages(r chi.Router) {
	r.With(s.requireRole(wachsam.RoleCoordinator)).Post("/koordination/beschaeftigte/{id}/abteilungsleitung", s.coordinatorSetDepartmentHead)
}

func (s *Server) coordinatorSetDepartmentHead(w http.ResponseWriter, r *http.Request) {
	town, ok := s.coordinatorTown(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	id, err := staffIDParam(r, "Die Person")
	var head bool
	switch r.PostForm.Get("head") {
	case "1":
		head = true
	case "0":
	default:
		err = wachsam.FieldError("head", "Bitte wählen Sie, ob die Person die Abteilung leitet.")
	}
	if err == nil {
		err = s.courses.SetDepartmentHead(r.Context(), wachsam.UserActor(currentUser(r)), town, id, head)
	}
	switch {
	case wachsam.ErrorCodeOf(err) == wachsam.ENOTFOUND:
		s.failStatus(w, r, http.StatusNotFound, "Diese Person gibt es unter den Beschäftigten Ihrer Kommune nicht.")
		return
	case err != nil:
		// The list has no field for the message: it stands above the list.
		s.refuse(w, r, err, func(status int) { s.renderStaff(w, r, status, form{General: wachsam.ErrorMessageOf(err)}, nil) })
		return
	}
	notice := "Die Abteilungsleitung wurde entzogen; die Person sieht die Abteilung ab sofort nicht mehr."
	if head {
		notice = "Die Person leitet jetzt ihre Abteilung. Bei der nächsten Anmeldung richtet sie die Zwei-Faktor-Anmeldung ein."
	}
	s.setFlash(w, flashOK, notice)
	http.Redirect(w, r, "/koordination/beschaeftigte", http.StatusSeeOther)
}
