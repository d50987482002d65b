package http

import (
	"bytes"
	"context"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
	"github.com/wachsam/wachsam/internal/pdf"
)

// Zeugnisse (§10, §11): the exam office issues them, the holder downloads
// their own, and anyone with the code checks one without signing in.
// Revocation is the board's decision (its pages); here a revoked
// certificate is shown as revoked and no longer handed to its holder.

// CertificateExams is the part of the exam store these pages use. Each
// method is scoped: the holder reaches only their own certificate, the
// public check sees only name, date and overall grade.
type CertificateExams interface {
	CertificatesDue(ctx context.Context) ([]exam.CertificateDue, error)
	ExamCertificates(ctx context.Context) ([]exam.CertificateRecord, error)
	ExamCertificate(ctx context.Context, id int64) (*exam.CertificateRecord, error)
	IssueCertificate(ctx context.Context, actor wachsam.Actor, candidateID int64) (*exam.CertificateRecord, error)
	CandidateCertificate(ctx context.Context, userID, candidateID int64) (*exam.CertificateRecord, error)
	VerifyCertificate(ctx context.Context, code, clientIP string) (*exam.CertificateCheck, error)
}

func certificateFuncs(*time.Location) template.FuncMap {
	return template.FuncMap{
		// certificateGrade: "1,7 (gut)".
		"certificateGrade": func(grade, word string) string {
			if word == "" {
				return grade
			}
			return grade + " (" + word + ")"
		},
	}
}

func (s *Server) certificatePages(r chi.Router) {
	// Full paths: /pruefungsamt and /pruefung belong to other pages.
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(wachsam.RoleExamOffice))
		r.Get("/pruefungsamt/zeugnisse", s.certificateOfficePage)
		r.Get("/pruefungsamt/zeugnisse/export", s.officeExportCertificates)
		r.Post("/pruefungsamt/zeugnisse/{candidateID}/ausstellen", s.issueCertificate)
		r.Get("/pruefungsamt/zeugnisse/{id}.pdf", s.officeCertificatePDF)
	})
	// No role check: the store finds only the signed-in holder's own
	// certificate, so anyone else gets "not found".
	r.Get("/pruefung/{candidateID}/zeugnis.pdf", s.holderCertificatePDF)
}

func (s *Server) certificateAPI(r chi.Router) {
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(wachsam.RoleExamOffice))
		r.Get("/exam-office/certificates", s.apiCertificates)
		r.Post("/exam-office/candidates/{id}/certificate", s.apiIssueCertificate)
	})
	r.Get("/candidate/files/{id}/certificate", s.apiHolderCertificate)
}

func (s *Server) publicCertificateRoutes(r chi.Router) {
	r.Get("/zeugnis", s.verifyCertificateForm)
	r.Get("/zeugnis/{code}", s.verifyCertificatePage)
}

// certificatePathID reads a positive id from the address; anything else names a
// thing that does not exist.
func (s *Server) certificatePathID(w http.ResponseWriter, r *http.Request, name, what string) (int64, bool) {
	id, err := strconv.ParseInt(chi.URLParam(r, name), 10, 64)
	if err != nil || id <= 0 {
		s.failStatus(w, r, http.StatusNotFound, what+" wurde nicht gefunden.")
		return 0, false
	}
	return id, true
}

// certificateVerifyURL is the public address of a certificate's check,
// printed on it and encoded in its QR code; with an empty code, the
// address of the check's form.
func (s *Server) certificateVerifyURL(r *http.Request, code string) string {
	base := strings.TrimRight(s.cfg.BaseURL, "/")
	if base == "" {
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		base = scheme + "://" + r.Host
	}
	if code == "" {
		return base + "/zeugnis"
	}
	return base + "/zeugnis/" + code
}

// writeCertificatePDF renders a certificate with the wording of the
// regulation it was issued under.
func (s *Server) writeCertificatePDF(w http.ResponseWriter, r *http.Request, c *exam.CertificateRecord) {
	wd := exam.WordingOf(c.Regulation)
	doc := pdf.Certificate{
		Academy: wd.Academy, Title: wd.Title, Subject: wd.Subject, Statement: wd.StatementAbout(c.HolderName),
		Holder: c.HolderName, Seminar: c.SeminarTitle, SeminarFrom: c.SeminarFirstDay, SeminarTo: c.SeminarLastDay,
		OverallGrade: c.OverallGrade, OverallWord: c.OverallWord, IssuedOn: c.IssuedOn,
		Director: c.DirectorName, DirectorRole: wd.DirectorRole, Leader: c.LeaderName, LeaderRole: wd.LeaderRole,
		SealRing: wd.SealRing, SealCenter: wd.SealCenter, Code: c.Code, VerifyURL: s.certificateVerifyURL(r, c.Code), RevokedOn: c.RevokedOn,
	}
	for _, g := range c.Grades {
		doc.Grades = append(doc.Grades, pdf.CertificateGrade{Name: g.Name, Grade: g.Grade, Word: g.Word})
	}
	var buf bytes.Buffer
	if err := pdf.CertificatePDF(&buf, doc); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="zeugnis-`+c.CandidateNumber+`.pdf"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}
