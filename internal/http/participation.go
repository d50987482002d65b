package http

import (
	"bytes"
	"context"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/pdf"
)

// Participation certificates (Teilnahmebescheinigungen, issue 14 §3): a
// member of staff downloads one for each completed training from their
// status page or the API, their coordinator from the staff pages; anyone
// checks one with its code on the public page /zeugnis, which reads exam
// certificates' codes too (certificate_public.go).

// ParticipationCertificates is the part of the course store these pages
// use. Each method is scoped: the holder reaches only their own
// completions, a coordinator only their town's staff, the public check
// only name, topic, days and issuer.
type ParticipationCertificates interface {
	MyParticipationCertificate(ctx context.Context, actor wachsam.Actor, userID, completionID int64) (*courses.ParticipationCertificate, error)
	StaffParticipationCertificate(ctx context.Context, actor wachsam.Actor, municipalityID, userID, completionID int64) (*courses.ParticipationCertificate, error)
	StaffCompletions(ctx context.Context, municipalityID, userID int64) (*wachsam.User, []courses.Completion, error)
	VerifyParticipation(ctx context.Context, code, clientIP string) (*courses.ParticipationCheck, error)
}

func (s *Server) participationPages(r chi.Router) {
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(wachsam.RoleStaff))
		r.Get("/schulungen/mein-stand/teilnahmen/{id}/bescheinigung.pdf", s.myParticipationPDF)
	})
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(wachsam.RoleCoordinator))
		r.Get("/koordination/beschaeftigte/{id}/teilnahmen", s.staffCompletionsPage)
		r.Get("/koordination/beschaeftigte/{id}/teilnahmen/{completion}/bescheinigung.pdf", s.staffParticipationPDF)
	})
}

func (s *Server) participationAPI(r chi.Router) {
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(wachsam.RoleStaff))
		r.Get("/me/completions", s.apiMyCompletions)
		r.Get("/me/completions/{id}/certificate.pdf", s.myParticipationPDF)
	})
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(wachsam.RoleCoordinator))
		r.Get("/staff/{id}/completions", s.apiStaffCompletions)
		r.Get("/staff/{id}/completions/{completion}/certificate.pdf", s.staffParticipationPDF)
	})
}

// myParticipationPDF hands a member of staff the certificate of one of
// their own completions; anyone else's is "not found".
func (s *Server) myParticipationPDF(w http.ResponseWriter, r *http.Request) {
	id, ok := s.certificatePathID(w, r, "id", "Die Teilnahme")
	if !ok {
		return
	}
	u := currentUser(r)
	c, err := s.courses.MyParticipationCertificate(r.Context(), wachsam.UserActor(u), u.ID, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeParticipationPDF(w, r, c)
}

// staffParticipationPDF hands a coordinator the certificate of a
// completion of their own town's staff, named by person and completion.
func (s *Server) staffParticipationPDF(w http.ResponseWriter, r *http.Request) {
	town, ok := s.coordinatorTown(w, r)
	if !ok {
		return
	}
	person, ok := s.certificatePathID(w, r, "id", "Die Person")
	if !ok {
		return
	}
	id, ok := s.certificatePathID(w, r, "completion", "Die Teilnahme")
	if !ok {
		return
	}
	c, err := s.courses.StaffParticipationCertificate(r.Context(), wachsam.UserActor(currentUser(r)), town, person, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeParticipationPDF(w, r, c)
}

// staffCompletionsPage lists the completed trainings of one member of the
// coordinator's staff with their certificates.
func (s *Server) staffCompletionsPage(w http.ResponseWriter, r *http.Request) {
	town, ok := s.coordinatorTown(w, r)
	if !ok {
		return
	}
	person, ok := s.certificatePathID(w, r, "id", "Die Person")
	if !ok {
		return
	}
	u, done, err := s.courses.StaffCompletions(r.Context(), town, person)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "coordinator_completions", page{Title: "Teilnahmen von " + u.Name, Section: "staff", Data: map[string]any{
		"Person": u, "Completions": done,
	}})
}

// writeParticipationPDF renders the certificate with the public address
// of its check.
func (s *Server) writeParticipationPDF(w http.ResponseWriter, r *http.Request, c *courses.ParticipationCertificate) {
	doc := pdf.Participation{
		Issuer: c.Issuer, Holder: c.HolderName, HolderTown: c.HolderTown, Topic: c.Topic,
		Days: c.DaysText(), Times: c.TimesText(s.cfg.Location), Duration: courses.DurationText(c.Duration()),
		Place: c.Place(), Trainer: c.TrainerName, ValidUntil: c.ValidUntil, IssuedOn: c.IssuedOn,
		Code: c.Code, VerifyURL: s.certificateVerifyURL(r, c.Code),
	}
	var buf bytes.Buffer
	if err := pdf.ParticipationPDF(&buf, doc); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="teilnahmebescheinigung-`+strconv.FormatInt(c.CompletionID, 10)+`.pdf"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}

// apiCompletion is one completed training with the address of its
// certificate.
type apiCompletion struct {
	ID             int64        `json:"id"`
	TopicID        int64        `json:"topic_id"`
	Topic          string       `json:"topic"`
	SessionID      int64        `json:"session_id"`
	CompletedOn    wachsam.Date `json:"completed_on"`
	Place          string       `json:"place"`
	CertificateURL string       `json:"certificate_url"`
}

func apiCompletions(done []courses.Completion, prefix string) []apiCompletion {
	out := make([]apiCompletion, len(done))
	for i, c := range done {
		out[i] = apiCompletion{ID: c.ID, TopicID: c.TopicID, Topic: c.Topic, SessionID: c.SessionID, CompletedOn: c.CompletedOn,
			Place: c.Place(), CertificateURL: prefix + strconv.FormatInt(c.ID, 10) + "/certificate.pdf"}
	}
	return out
}

func (s *Server) apiMyCompletions(w http.ResponseWriter, r *http.Request) {
	done, err := s.courses.CompletionsOf(r.Context(), currentUser(r).ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, apiCompletions(done, "/api/v1/me/completions/"))
}

func (s *Server) apiStaffCompletions(w http.ResponseWriter, r *http.Request) {
	town, ok := s.coordinatorTown(w, r)
	if !ok {
		return
	}
	person, ok := s.certificatePathID(w, r, "id", "Die Person")
	if !ok {
		return
	}
	_, done, err := s.courses.StaffCompletions(r.Context(), town, person)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, apiCompletions(done, "/api/v1/staff/"+strconv.FormatInt(person, 10)+"/completions/"))
}
