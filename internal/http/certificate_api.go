package http

import (
	"net/http"
	"strconv"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
	"github.com/wachsam/wachsam/internal/export"
)

// The certificate API mirrors the pages: the office lists and issues, the
// holder reads their own certificate.

type apiCertificateGrade struct {
	Component string `json:"component"`
	Name      string `json:"name"`
	Grade     string `json:"grade"`
	GradeWord string `json:"grade_word"`
}

type apiCertificate struct {
	ID              int64                 `json:"id"`
	CandidateID     int64                 `json:"candidate_id"`
	CandidateNumber string                `json:"candidate_number"`
	Holder          string                `json:"holder"`
	Seminar         string                `json:"seminar"`
	IssuedOn        wachsam.Date          `json:"issued_on"`
	OverallGrade    string                `json:"overall_grade"`
	OverallWord     string                `json:"overall_grade_word"`
	Grades          []apiCertificateGrade `json:"grades"`
	Director        string                `json:"director"`
	Leader          string                `json:"leader"`
	Code            string                `json:"code"`
	VerifyURL       string                `json:"verify_url"`
	Status          string                `json:"status"` // valid | revoked
	RevokedOn       wachsam.Date          `json:"revoked_on,omitzero"`
	RevokeReason    string                `json:"revoke_reason,omitempty"`
	PDFURL          string                `json:"pdf_url,omitempty"` // absent once revoked, for the holder
}

type apiCertificateDue struct {
	CandidateID     int64                 `json:"candidate_id"`
	CandidateNumber string                `json:"candidate_number"`
	Name            string                `json:"name"`
	Seminar         string                `json:"seminar"`
	OverallGrade    string                `json:"overall_grade"`
	OverallWord     string                `json:"overall_grade_word"`
	Grades          []apiCertificateGrade `json:"grades"`
}

func apiCertificateGrades(gs []exam.CertificateGrade) []apiCertificateGrade {
	out := make([]apiCertificateGrade, len(gs))
	for i, g := range gs {
		out[i] = apiCertificateGrade{Component: g.Component, Name: g.Name, Grade: g.Grade, GradeWord: g.Word}
	}
	return out
}

func (s *Server) apiCertificateOf(r *http.Request, c *exam.CertificateRecord, pdfURL string) apiCertificate {
	out := apiCertificate{
		ID: c.ID, CandidateID: c.CandidateID, CandidateNumber: c.CandidateNumber, Holder: c.HolderName, Seminar: c.SeminarTitle,
		IssuedOn: c.IssuedOn, OverallGrade: c.OverallGrade, OverallWord: c.OverallWord, Grades: apiCertificateGrades(c.Grades),
		Director: c.DirectorName, Leader: c.LeaderName, Code: c.Code, VerifyURL: s.certificateVerifyURL(r, c.Code),
		Status: "valid", PDFURL: pdfURL,
	}
	if c.Revoked() {
		out.Status, out.RevokedOn, out.RevokeReason = "revoked", c.RevokedOn, c.RevokeReason
	}
	return out
}

// apiCertificates lists the certificates issued and the candidates who
// may get one now.
func (s *Server) apiCertificates(w http.ResponseWriter, r *http.Request) {
	if s.servedAsFile(w, r, func(f export.Format) { s.sendCertificates(w, r, f) }) {
		return
	}
	issued, err := s.exams.ExamCertificates(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	due, err := s.exams.CertificatesDue(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := struct {
		Issued []apiCertificate    `json:"issued"`
		Due    []apiCertificateDue `json:"due"`
	}{Issued: []apiCertificate{}, Due: []apiCertificateDue{}}
	for i := range issued {
		c := &issued[i]
		out.Issued = append(out.Issued, s.apiCertificateOf(r, c, "/pruefungsamt/zeugnisse/"+strconv.FormatInt(c.ID, 10)+".pdf"))
	}
	for _, d := range due {
		out.Due = append(out.Due, apiCertificateDue{CandidateID: d.CandidateID, CandidateNumber: d.CandidateNumber, Name: d.Name,
			Seminar: d.SeminarTitle, OverallGrade: d.OverallGrade, OverallWord: d.OverallWord, Grades: apiCertificateGrades(d.Grades)})
	}
	writeJSON(w, http.StatusOK, out)
}

// apiIssueCertificate issues a candidate's certificate (§10(1)).
func (s *Server) apiIssueCertificate(w http.ResponseWriter, r *http.Request) {
	id, ok := s.certificatePathID(w, r, "id", "Der Prüfling")
	if !ok {
		return
	}
	c, err := s.exams.IssueCertificate(r.Context(), wachsam.UserActor(currentUser(r)), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, s.apiCertificateOf(r, c, "/pruefungsamt/zeugnisse/"+strconv.FormatInt(c.ID, 10)+".pdf"))
}

// apiHolderCertificate is the signed-in holder's own certificate; any
// other file answers 404.
func (s *Server) apiHolderCertificate(w http.ResponseWriter, r *http.Request) {
	id, ok := s.certificatePathID(w, r, "id", "Das Zeugnis")
	if !ok {
		return
	}
	c, err := s.exams.CandidateCertificate(r.Context(), currentUser(r).ID, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pdfURL := ""
	if !c.Revoked() {
		pdfURL = "/pruefung/" + strconv.FormatInt(id, 10) + "/zeugnis.pdf"
	}
	writeJSON(w, http.StatusOK, s.apiCertificateOf(r, c, pdfURL))
}
