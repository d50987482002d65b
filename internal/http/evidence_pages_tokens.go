package http

import (
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/evidence"
)

// missingEvidenceToken is the answer for a token id that is not the
// municipality's own, whether it exists elsewhere or not.
const missingEvidenceToken = "Diesen Zugang gibt es in Ihrer Kommune nicht."

// coordinatorCreateEvidenceToken makes a token and shows its secret on the
// answer to the post itself: the secret is never stored, and never travels
// in an address or a cookie, so this page is the only time anyone sees it.
func (s *Server) coordinatorCreateEvidenceToken(w http.ResponseWriter, r *http.Request) {
	town, ok := s.coordinatorTown(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	name := r.PostForm.Get("name")
	secret, tok, err := s.courses.CreateEvidenceToken(r.Context(), wachsam.UserActor(currentUser(r)), town, name)
	if err != nil {
		s.refuse(w, r, err, func(status int) { s.renderEvidence(w, r, status, formWithError(r.PostForm, err)) })
		return
	}
	s.render(w, r, http.StatusOK, "coordinator_evidence_token", page{Title: "Neuer Zugang für das ISMS", Section: "evidence", Data: map[string]any{
		"Token": tok, "Secret": secret, "FeedURL": s.evidenceFeedURL(), "Command": s.evidencePullCommand(),
	}})
}

// coordinatorRevokeEvidenceToken ends a token of the own municipality; the
// next request with it is refused.
func (s *Server) coordinatorRevokeEvidenceToken(w http.ResponseWriter, r *http.Request) {
	town, tok, ok := s.ownEvidenceToken(w, r)
	if !ok {
		return
	}
	if !tok.Active() {
		s.setFlash(w, flashOK, "Der Zugang „"+tok.Name+"“ war bereits widerrufen.")
		http.Redirect(w, r, "/koordination/nachweise#zugaenge", http.StatusSeeOther)
		return
	}
	if err := s.courses.RevokeEvidenceToken(r.Context(), wachsam.UserActor(currentUser(r)), town, tok.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, flashOK, "Der Zugang „"+tok.Name+"“ wurde widerrufen. Wer ihn verwendet, wird ab sofort abgewiesen.")
	http.Redirect(w, r, "/koordination/nachweise#zugaenge", http.StatusSeeOther)
}

// ownEvidenceToken finds the token named by the {id} of the address among
// the coordinator's municipality's own and answers the request itself when
// there is none: another municipality's token is not found.
func (s *Server) ownEvidenceToken(w http.ResponseWriter, r *http.Request) (int64, evidence.Token, bool) {
	town, ok := s.coordinatorTown(w, r)
	if !ok {
		return 0, evidence.Token{}, false
	}
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil {
		s.failStatus(w, r, http.StatusNotFound, missingEvidenceToken)
		return 0, evidence.Token{}, false
	}
	tokens, err := s.courses.EvidenceTokens(r.Context(), town)
	if err != nil {
		s.fail(w, r, err)
		return 0, evidence.Token{}, false
	}
	for _, t := range tokens {
		if t.ID == id {
			return town, t, true
		}
	}
	s.failStatus(w, r, http.StatusNotFound, missingEvidenceToken)
	return 0, evidence.Token{}, false
}
