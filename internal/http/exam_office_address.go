package http

import (
	"net/http"
	"net/url"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

// The candidate's postal address, which the board's decision letters print
// in the window of the envelope (DIN 5008). The exam office keeps it, on
// the candidate's page (fields addr_…) and in the API.

func (s *Server) officeSetAddress(w http.ResponseWriter, r *http.Request) {
	s.officeFileWrite(w, r, "addr_", nil, func(file *exam.OfficeFile, v url.Values, actor wachsam.Actor) (string, error) {
		a, err := s.exams.SetCandidateAddress(r.Context(), actor, file.Candidate.ID, exam.PostalAddress{
			FormOfAddress: v.Get("addr_form_of_address"), Extra: v.Get("addr_extra"), Street: v.Get("addr_street"),
			PostalCode: v.Get("addr_postal_code"), City: v.Get("addr_city")})
		if a.IsZero() {
			return "Die Postanschrift ist gelöscht; Bescheide nennen nur den Namen.", err
		}
		return "Die Postanschrift ist gespeichert.", err
	})
}

// apiPostalAddress is a postal address in the API.
type apiPostalAddress struct {
	FormOfAddress string `json:"form_of_address"`
	Extra         string `json:"extra"`
	Street        string `json:"street"`
	PostalCode    string `json:"postal_code"`
	City          string `json:"city"`
}

// apiOfficeSetAddress replaces the candidate's postal address; all fields
// empty removes it. It answers with the address as stored.
func (s *Server) apiOfficeSetAddress(w http.ResponseWriter, r *http.Request) {
	id, ok := s.officeParam(w, r, "id", "Diesen Prüfling")
	if !ok {
		return
	}
	var in apiPostalAddress
	if !s.decodeJSON(w, r, &in) {
		return
	}
	a, err := s.exams.SetCandidateAddress(r.Context(), wachsam.UserActor(currentUser(r)), id, exam.PostalAddress(in))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, apiPostalAddress(a))
}
