package http

import (
	"context"
	"net/http"
	"strings"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/evidence"
)

// Evidence is the training evidence of a municipality for its ISMS
// (DESIGN.md §5); internal/store implements it.
type Evidence interface {
	RefreshEvidence(ctx context.Context, municipalityID int64) (int64, error)
	EvidenceTenant(ctx context.Context, municipalityID int64) (string, int64, error)
	EvidenceEpoch(ctx context.Context) (string, error)
	EvidencePageIsLast(ctx context.Context, municipalityID, after int64, limit int) (bool, error)
	EvidenceChanges(ctx context.Context, municipalityID, after int64, limit int, each func(position int64, record []byte) error) (bool, error)
	EvidenceRecords(ctx context.Context, municipalityID int64, kind evidence.Kind, each func(evidence.Record) error) error
	EvidenceSettings(ctx context.Context, municipalityID int64) (evidence.Settings, error)
	SaveEvidenceSettings(ctx context.Context, actor wachsam.Actor, municipalityID int64, s evidence.Settings) error
	CreateEvidenceToken(ctx context.Context, actor wachsam.Actor, municipalityID int64, name string) (string, evidence.Token, error)
	EvidenceTokens(ctx context.Context, municipalityID int64) ([]evidence.Token, error)
	RevokeEvidenceToken(ctx context.Context, actor wachsam.Actor, municipalityID, tokenID int64) error
	EvidenceTokenTown(ctx context.Context, token string) (int64, error)
	EvidenceReport(ctx context.Context, municipalityID int64) (evidence.Report, error)
	EvidenceSnapshot(ctx context.Context, municipalityID int64, fn func(ctx context.Context, snap evidence.Snapshot) error) error
}

// requireEvidenceToken admits a request with a valid read-only token
// (Authorization: Bearer wse_…) and remembers its municipality. The token
// is looked up on every request, so a revoked token is refused at once.
func (s *Server) requireEvidenceToken(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
		token = strings.TrimSpace(token)
		if !strings.EqualFold(scheme, "Bearer") || token == "" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="wachsam-evidence"`)
			s.failStatus(w, r, http.StatusUnauthorized, "Bitte senden Sie den Zugangsschlüssel Ihrer Kommune im Kopf „Authorization: Bearer …“.")
			return
		}
		town, err := s.courses.EvidenceTokenTown(r.Context(), token)
		if err != nil {
			if wachsam.ErrorCodeOf(err) == wachsam.EUNAUTHORIZED {
				w.Header().Set("WWW-Authenticate", `Bearer realm="wachsam-evidence", error="invalid_token"`)
			}
			s.fail(w, r, err)
			return
		}
		next.ServeHTTP(w, withValue(r, evidenceTownKey, town))
	})
}

// evidenceTown is the municipality of the request's token.
func evidenceTown(r *http.Request) int64 {
	town, _ := r.Context().Value(evidenceTownKey).(int64)
	return town
}
