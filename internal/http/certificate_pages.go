package http

import (
	"net/http"

	"github.com/wachsam/wachsam"
)

// The exam office's certificate page: who may get a certificate now
// (§10(1)), issuing it, and every certificate issued with its state.

func (s *Server) certificateOfficePage(w http.ResponseWriter, r *http.Request) {
	s.renderCertificateOffice(w, r, http.StatusOK, form{})
}

func (s *Server) renderCertificateOffice(w http.ResponseWriter, r *http.Request, status int, f form) {
	due, err := s.exams.CertificatesDue(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	issued, err := s.exams.ExamCertificates(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "certificate_office", page{Title: "Zeugnisse", Section: "office", Form: f, Data: map[string]any{
		"Due": due, "Issued": issued, "VerifyPage": s.certificateVerifyURL(r, ""),
	}})
}

// issueCertificate issues the certificate of one candidate. A refusal of
// the regulation (§10(1)) or a missing signatory (§10(2)) comes back on
// the page with its §; nothing is written then.
func (s *Server) issueCertificate(w http.ResponseWriter, r *http.Request) {
	id, ok := s.certificatePathID(w, r, "candidateID", "Der Prüfling")
	if !ok {
		return
	}
	c, err := s.exams.IssueCertificate(r.Context(), wachsam.UserActor(currentUser(r)), id)
	if err != nil {
		if wachsam.ErrorCodeOf(err) == wachsam.ENOTFOUND {
			s.fail(w, r, err)
			return
		}
		s.refuse(w, r, err, func(status int) {
			s.renderCertificateOffice(w, r, status, form{General: wachsam.ErrorMessageOf(err)})
		})
		return
	}
	s.setFlash(w, flashOK, "Zeugnis für "+c.HolderName+" ("+c.CandidateNumber+") ausgestellt am "+c.IssuedOn.German()+", Prüfcode "+c.Code+".")
	http.Redirect(w, r, "/pruefungsamt/zeugnisse", http.StatusSeeOther)
}

func (s *Server) officeCertificatePDF(w http.ResponseWriter, r *http.Request) {
	id, ok := s.certificatePathID(w, r, "id", "Das Zeugnis")
	if !ok {
		return
	}
	c, err := s.exams.ExamCertificate(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// The office keeps the copy of a revoked certificate; it prints as
	// revoked (pdf.Certificate.RevokedOn).
	s.writeCertificatePDF(w, r, c)
}

// holderCertificatePDF hands the holder their certificate. A revoked one
// is not handed out any more: it is to be withdrawn (§11(4)).
func (s *Server) holderCertificatePDF(w http.ResponseWriter, r *http.Request) {
	id, ok := s.certificatePathID(w, r, "candidateID", "Das Zeugnis")
	if !ok {
		return
	}
	c, err := s.exams.CandidateCertificate(r.Context(), currentUser(r).ID, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if c.Revoked() {
		s.render(w, r, http.StatusGone, "error", page{Title: "Zeugnis widerrufen", Section: "exam", Data: map[string]string{
			"Message": "Ihr Zeugnis vom " + c.IssuedOn.German() + " wurde am " + c.RevokedOn.German() +
				" vom Prüfungsausschuss widerrufen (§11 der Prüfungsordnung). Es ist ungültig und kann nicht mehr heruntergeladen werden.",
			"Back": "/pruefung", "BackLabel": "Zu Ihrer Prüfung",
		}})
		return
	}
	s.writeCertificatePDF(w, r, c)
}
