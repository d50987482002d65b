package http

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/evidence"
)

// evidenceCoordinatorAPI is the coordinator's side of the evidence in the
// JSON API: tokens and settings of the own municipality, with the session.
// It belongs in the /api/v1 group; the paths are relative to it.
func (s *Server) evidenceCoordinatorAPI(r chi.Router) {
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(wachsam.RoleCoordinator))
		r.Get("/evidence/tokens", s.apiEvidenceTokens)
		r.Post("/evidence/tokens", s.apiCreateEvidenceToken)
		r.Delete("/evidence/tokens/{id}", s.apiRevokeEvidenceToken)
		r.Get("/evidence/settings", s.apiEvidenceSettings)
		r.Put("/evidence/settings", s.apiSaveEvidenceSettings)
	})
}

// apiEvidenceToken is a token in the API. Token, the secret, is only in
// the answer that creates it.
type apiEvidenceToken struct {
	ID         int64      `json:"id"`
	Name       string     `json:"name"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
	Active     bool       `json:"active"`
	Token      string     `json:"token,omitempty"`
}

func toAPIEvidenceToken(t evidence.Token) apiEvidenceToken {
	return apiEvidenceToken{ID: t.ID, Name: t.Name, CreatedAt: t.CreatedAt, LastUsedAt: t.LastUsedAt, RevokedAt: t.RevokedAt, Active: t.Active()}
}

func (s *Server) apiEvidenceTokens(w http.ResponseWriter, r *http.Request) {
	town, ok := s.coordinatorTown(w, r)
	if !ok {
		return
	}
	tokens, err := s.courses.EvidenceTokens(r.Context(), town)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]apiEvidenceToken, len(tokens))
	for i, t := range tokens {
		out[i] = toAPIEvidenceToken(t)
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiCreateEvidenceToken(w http.ResponseWriter, r *http.Request) {
	town, ok := s.coordinatorTown(w, r)
	if !ok {
		return
	}
	var in struct {
		Name string `json:"name"`
	}
	if !s.decodeJSON(w, r, &in) {
		return
	}
	secret, tok, err := s.courses.CreateEvidenceToken(r.Context(), wachsam.UserActor(currentUser(r)), town, in.Name)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := toAPIEvidenceToken(tok)
	out.Token = secret
	writeJSON(w, http.StatusCreated, out)
}

func (s *Server) apiRevokeEvidenceToken(w http.ResponseWriter, r *http.Request) {
	town, tok, ok := s.ownEvidenceToken(w, r)
	if !ok {
		return
	}
	if err := s.courses.RevokeEvidenceToken(r.Context(), wachsam.UserActor(currentUser(r)), town, tok.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// apiEvidenceSettings are the settings in the API. Dates are text
// (YYYY-MM-DD, empty or null for none), so a wrong date gets a message
// beside its field instead of a decoding error.
type apiEvidenceSettings struct {
	ShowNames  bool                    `json:"show_names"`
	Title      string                  `json:"title"`
	ApprovedBy string                  `json:"approved_by"`
	ApprovedOn *string                 `json:"approved_on"`
	ReviewOn   *string                 `json:"review_on"`
	Notes      string                  `json:"notes"`
	Topics     []apiEvidenceTopicInput `json:"topics"`
}

// apiEvidenceTopicInput is a topic of the concept. Only topic_id and
// audience are read; the rest is accepted so that what GET answers can be
// sent back changed.
type apiEvidenceTopicInput struct {
	TopicID          int64             `json:"topic_id"`
	Topic            string            `json:"topic,omitempty"`
	Audience         evidence.Audience `json:"audience"`
	FrequencyMonths  int               `json:"frequency_months,omitempty"`
	RemindDaysBefore int               `json:"remind_days_before,omitempty"`
}

func toAPIEvidenceSettings(s evidence.Settings) apiEvidenceSettings {
	out := apiEvidenceSettings{ShowNames: s.ShowNames, Title: s.Title, ApprovedBy: s.ApprovedBy, Notes: s.Notes,
		ApprovedOn: optionalDateText(s.ApprovedOn), ReviewOn: optionalDateText(s.ReviewOn), Topics: []apiEvidenceTopicInput{}}
	for _, a := range s.Audiences {
		out.Topics = append(out.Topics, apiEvidenceTopicInput{TopicID: a.TopicID, Topic: a.Topic, Audience: a.Audience,
			FrequencyMonths: a.FrequencyMonths, RemindDaysBefore: a.RemindDays})
	}
	return out
}

func optionalDateText(d wachsam.Date) *string {
	if d.IsZero() {
		return nil
	}
	text := d.String()
	return &text
}

func (s *Server) apiEvidenceSettings(w http.ResponseWriter, r *http.Request) {
	town, ok := s.coordinatorTown(w, r)
	if !ok {
		return
	}
	settings, err := s.courses.EvidenceSettings(r.Context(), town)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAPIEvidenceSettings(settings))
}

// apiSaveEvidenceSettings replaces the settings: a topic left out of
// "topics" is for all staff again.
func (s *Server) apiSaveEvidenceSettings(w http.ResponseWriter, r *http.Request) {
	town, ok := s.coordinatorTown(w, r)
	if !ok {
		return
	}
	var in apiEvidenceSettings
	if !s.decodeJSON(w, r, &in) {
		return
	}
	stored, err := s.courses.EvidenceSettings(r.Context(), town)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	settings, err := settingsFromAPI(in, stored)
	if err == nil {
		err = s.courses.SaveEvidenceSettings(r.Context(), wachsam.UserActor(currentUser(r)), town, settings)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	saved, err := s.courses.EvidenceSettings(r.Context(), town)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAPIEvidenceSettings(saved))
}

// settingsFromAPI checks a PUT body against the municipality's topics.
func settingsFromAPI(in apiEvidenceSettings, stored evidence.Settings) (evidence.Settings, error) {
	out := evidence.Settings{ShowNames: in.ShowNames, Title: strings.TrimSpace(in.Title),
		ApprovedBy: strings.TrimSpace(in.ApprovedBy), Notes: strings.TrimSpace(in.Notes)}
	var err error
	if in.ApprovedOn != nil {
		if out.ApprovedOn, err = optionalDate("approved_on", *in.ApprovedOn, isoDate); err != nil {
			return out, err
		}
	}
	if in.ReviewOn != nil {
		if out.ReviewOn, err = optionalDate("review_on", *in.ReviewOn, isoDate); err != nil {
			return out, err
		}
	}
	chosen := make(map[int64]evidence.Audience, len(in.Topics))
	for i, t := range in.Topics {
		field := fmt.Sprintf("topics[%d]", i)
		if _, twice := chosen[t.TopicID]; twice {
			return out, wachsam.FieldError(field+".topic_id", "Das Thema %d steht zweimal in der Liste.", t.TopicID)
		}
		if !t.Audience.Valid() {
			return out, wachsam.FieldError(field+".audience", "Die Zielgruppe muss all, management, role oder isb sein.")
		}
		chosen[t.TopicID] = t.Audience
	}
	for _, t := range stored.Audiences {
		t.Audience = evidence.AudienceAll
		if a, ok := chosen[t.TopicID]; ok {
			t.Audience = a
			delete(chosen, t.TopicID)
		}
		out.Audiences = append(out.Audiences, t)
	}
	for i, t := range in.Topics {
		if _, unknown := chosen[t.TopicID]; unknown {
			return out, wachsam.FieldError(fmt.Sprintf("topics[%d].topic_id", i), "Ihre Kommune schult kein Thema mit der Nummer %d.", t.TopicID)
		}
	}
	return out, out.Check()
}

// isoDate reads a date of the API, which takes ISO 8601 only.
func isoDate(field, input string) (wachsam.Date, error) {
	d, err := wachsam.ParseDate(input)
	if err != nil {
		return d, wachsam.FieldError(field, "„%s“ ist kein Datum im Format JJJJ-MM-TT.", input)
	}
	return d, nil
}
