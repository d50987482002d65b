package http

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/evidence"
)

// audienceOption is one choice of a topic's audience.
type audienceOption struct {
	Value, Label string
}

func audienceOptions() []audienceOption {
	out := make([]audienceOption, len(evidence.Audiences))
	for i, a := range evidence.Audiences {
		out[i] = audienceOption{Value: string(a), Label: a.German()}
	}
	return out
}

// settingsValues fills the concept form with what is stored.
func settingsValues(s evidence.Settings) url.Values {
	v := url.Values{
		"title": {s.Title}, "approved_by": {s.ApprovedBy}, "approved_on": {s.ApprovedOn.String()},
		"review_on": {s.ReviewOn.String()}, "notes": {s.Notes},
	}
	if s.ShowNames {
		v.Set("show_names", "ja")
	}
	for _, a := range s.Audiences {
		v.Set(evidence.AudienceField(a.TopicID), string(a.Audience))
	}
	return v
}

func (s *Server) coordinatorEvidenceSettings(w http.ResponseWriter, r *http.Request) {
	s.renderEvidenceSettings(w, r, http.StatusOK, form{})
}

// renderEvidenceSettings shows the concept form: with what is stored, or,
// after a refused post, with what was typed and the message beside its
// field.
func (s *Server) renderEvidenceSettings(w http.ResponseWriter, r *http.Request, status int, f form) {
	town, ok := s.coordinatorTown(w, r)
	if !ok {
		return
	}
	settings, err := s.courses.EvidenceSettings(r.Context(), town)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if f.Values == nil {
		f.Values = settingsValues(settings)
	}
	s.render(w, r, status, "coordinator_evidence_settings", page{Title: "Schulungskonzept", Section: "evidence", Form: f, Data: map[string]any{
		"Topics": settings.Audiences, "Audiences": audienceOptions(),
	}})
}

func (s *Server) coordinatorSaveEvidenceSettings(w http.ResponseWriter, r *http.Request) {
	town, ok := s.coordinatorTown(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	stored, err := s.courses.EvidenceSettings(r.Context(), town)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	settings, err := settingsFromForm(r.PostForm, stored)
	if err == nil {
		err = s.courses.SaveEvidenceSettings(r.Context(), wachsam.UserActor(currentUser(r)), town, settings)
	}
	if err != nil {
		s.refuse(w, r, err, func(status int) { s.renderEvidenceSettings(w, r, status, formWithError(r.PostForm, err)) })
		return
	}
	msg := "Das Schulungskonzept wurde gespeichert. Personen erscheinen in den Nachweisen unter Pseudonym."
	if settings.ShowNames {
		msg = "Das Schulungskonzept wurde gespeichert. Personen erscheinen in den Nachweisen mit Namen."
	}
	s.setFlash(w, flashOK, msg)
	http.Redirect(w, r, "/koordination/nachweise", http.StatusSeeOther)
}

// settingsFromForm reads the concept form. Topics come from what is
// stored: a form can set a topic's audience, never add a topic.
func settingsFromForm(v url.Values, stored evidence.Settings) (evidence.Settings, error) {
	out := evidence.Settings{
		ShowNames:  v.Get("show_names") == "ja",
		Title:      strings.TrimSpace(v.Get("title")),
		ApprovedBy: strings.TrimSpace(v.Get("approved_by")),
		Notes:      strings.TrimSpace(v.Get("notes")),
	}
	var err error
	if out.ApprovedOn, err = optionalDate("approved_on", v.Get("approved_on"), roundParseDate); err != nil {
		return out, err
	}
	if out.ReviewOn, err = optionalDate("review_on", v.Get("review_on"), roundParseDate); err != nil {
		return out, err
	}
	for _, t := range stored.Audiences {
		if chosen, ok := v[evidence.AudienceField(t.TopicID)]; ok && len(chosen) > 0 {
			t.Audience = evidence.Audience(chosen[0])
			if !t.Audience.Valid() {
				return out, wachsam.FieldError(evidence.AudienceField(t.TopicID), "Bitte wählen Sie eine der angebotenen Zielgruppen.")
			}
		}
		out.Audiences = append(out.Audiences, t)
	}
	return out, out.Check()
}

// optionalDate reads a date field that may stay empty.
func optionalDate(field, input string, parse func(field, input string) (wachsam.Date, error)) (wachsam.Date, error) {
	if strings.TrimSpace(input) == "" {
		return wachsam.Date{}, nil
	}
	return parse(field, input)
}
