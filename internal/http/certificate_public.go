package http

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/exam"
)

// The public check of a certificate: an auditor or an employer types the
// code from the paper (or scans its QR code) and learns whether the
// certificate stands. An exam certificate's answer holds the holder's
// name, the day of issue and the overall grade; a participation
// certificate's the name, the topic, the days and the issuer; nothing
// more. Unknown codes of either kind count against the caller's address
// together (store.VerifyWindow).

// verifyCertificateForm shows the form; with a code typed in it sends the
// browser to that code's page, so the address can be bookmarked or
// passed on like the one in the QR code.
func (s *Server) verifyCertificateForm(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Robots-Tag", "noindex")
	typed, asked := r.URL.Query()["code"]
	if !asked {
		s.renderVerifyForm(w, r, http.StatusOK, form{})
		return
	}
	code, err := normalizeVerificationCode(typed[0])
	if err != nil {
		s.renderVerifyForm(w, r, http.StatusUnprocessableEntity, formWithError(url.Values{"code": typed}, err))
		return
	}
	http.Redirect(w, r, "/zeugnis/"+code, http.StatusSeeOther)
}

func (s *Server) renderVerifyForm(w http.ResponseWriter, r *http.Request, status int, f form) {
	s.render(w, r, status, "certificate_verify", page{Title: "Zeugnis oder Teilnahmebescheinigung prüfen", Form: f})
}

// normalizeVerificationCode reads a code of either kind of document; its
// length says which (exam.CertificateCodeLength or
// courses.ParticipationCodeLength).
func normalizeVerificationCode(typed string) (string, error) {
	return wachsam.NormalizeVerificationCode(typed, exam.CertificateCodeLength, courses.ParticipationCodeLength)
}

// verifyCertificatePage answers for one code: valid, revoked or
// withdrawn (and when), or not found. A code the form would refuse names
// no document; it is not counted as a guess.
func (s *Server) verifyCertificatePage(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Robots-Tag", "noindex")
	typed := chi.URLParam(r, "code")
	code, err := normalizeVerificationCode(typed)
	if err == nil && len(strings.ReplaceAll(code, "-", "")) == exam.CertificateCodeLength {
		var c *exam.CertificateCheck
		if c, err = s.exams.VerifyCertificate(r.Context(), code, clientIPOf(r)); err == nil {
			title := "Zeugnis gültig"
			if !c.Valid() {
				title = "Zeugnis widerrufen"
			}
			s.render(w, r, http.StatusOK, "certificate_check", page{Title: title, Data: c})
			return
		}
	} else if err == nil {
		var c *courses.ParticipationCheck
		if c, err = s.courses.VerifyParticipation(r.Context(), code, clientIPOf(r)); err == nil {
			title := "Teilnahmebescheinigung gültig"
			if !c.Valid() {
				title = "Teilnahmebescheinigung zurückgezogen"
			}
			s.render(w, r, http.StatusOK, "participation_check", page{Title: title, Data: c})
			return
		}
	}
	errCode := wachsam.ErrorCodeOf(err)
	if errCode == wachsam.EINTERNAL {
		s.serverError(w, r, err)
		return
	}
	status := statusOf(errCode)
	if errCode == wachsam.EINVALID {
		status = http.StatusNotFound // an address that names no document
	}
	f := form{Values: url.Values{"code": {typed}}, Errors: map[string]string{"code": wachsam.ErrorMessageOf(err)}}
	if errCode == wachsam.ETOOMANY {
		f = form{General: wachsam.ErrorMessageOf(err)}
	}
	s.renderVerifyForm(w, r, status, f)
}
