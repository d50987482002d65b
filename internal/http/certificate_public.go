package http

import (
	"net/http"
	"net/url"

	"github.com/go-chi/chi/v5"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

// The public check of a certificate: an auditor or an employer types the
// code from the paper (or scans its QR code) and learns whether the
// certificate stands. The answer holds the holder's name, the day of issue
// and the overall grade, nothing more; unknown codes count against the
// caller's address (store.VerifyWindow).

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
	code, err := exam.NormalizeCertificateCode(typed[0])
	if err != nil {
		s.renderVerifyForm(w, r, http.StatusUnprocessableEntity, formWithError(url.Values{"code": typed}, err))
		return
	}
	http.Redirect(w, r, "/zeugnis/"+code, http.StatusSeeOther)
}

func (s *Server) renderVerifyForm(w http.ResponseWriter, r *http.Request, status int, f form) {
	s.render(w, r, status, "certificate_verify", page{Title: "Zeugnis prüfen", Form: f})
}

// verifyCertificatePage answers for one code: valid, revoked (and when),
// or not found.
func (s *Server) verifyCertificatePage(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Robots-Tag", "noindex")
	typed := chi.URLParam(r, "code")
	c, err := s.exams.VerifyCertificate(r.Context(), typed, clientIPOf(r))
	if err != nil {
		code := wachsam.ErrorCodeOf(err)
		if code == wachsam.EINTERNAL {
			s.serverError(w, r, err)
			return
		}
		status := statusOf(code)
		if code == wachsam.EINVALID {
			status = http.StatusNotFound // an address that names no certificate
		}
		f := form{Values: url.Values{"code": {typed}}, Errors: map[string]string{"code": wachsam.ErrorMessageOf(err)}}
		if code == wachsam.ETOOMANY {
			f = form{General: wachsam.ErrorMessageOf(err)}
		}
		s.renderVerifyForm(w, r, status, f)
		return
	}
	title := "Zeugnis gültig"
	if !c.Valid() {
		title = "Zeugnis widerrufen"
	}
	s.render(w, r, http.StatusOK, "certificate_check", page{Title: title, Data: c})
}
