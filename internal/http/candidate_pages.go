package http

import (
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

// The pages "Meine Prüfung": the list of a person's files (most have one),
// and a file with grades, deadlines, decisions and what the candidate may
// do next.

// candidateHome shows the person's file, or the list when there are several.
func (s *Server) candidateHome(w http.ResponseWriter, r *http.Request) {
	files, err := s.exams.CandidateFileSummaries(r.Context(), currentUser(r).ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if len(files) == 1 {
		http.Redirect(w, r, candidateFileURL(files[0].Record.ID), http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "candidate_files", page{Title: "Meine Prüfung", Section: "exam", Data: files})
}

func (s *Server) candidateFilePage(w http.ResponseWriter, r *http.Request) {
	v, ok := s.candidateView(w, r)
	if !ok {
		return
	}
	s.renderCandidateFile(w, r, http.StatusOK, v, form{})
}

// candidateView loads the signed-in person's file named in the path; a
// file of anyone else answers 404.
func (s *Server) candidateView(w http.ResponseWriter, r *http.Request) (*exam.CandidateView, bool) {
	id, err := candidatePathID(r, "candidateID")
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	v, err := s.exams.CandidateFile(r.Context(), currentUser(r).ID, id)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	return v, true
}

func (s *Server) renderCandidateFile(w http.ResponseWriter, r *http.Request, status int, v *exam.CandidateView, f form) {
	s.render(w, r, status, "candidate_file", page{Title: "Meine Prüfung", Section: "exam", Form: f, Data: v})
}

// candidateInspection takes a request for inspection (§12(2)) from the
// button on the file page; a refusal shows the page again with the reason.
func (s *Server) candidateInspection(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	id, err := candidatePathID(r, "candidateID")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	app := exam.CandidateApplication{Action: exam.ApplyInspection, Component: r.PostFormValue("component")}
	app.ExamDate, err = candidateFormDate("exam_date", r.PostFormValue("exam_date"))
	if err == nil {
		_, err = s.exams.CandidateApply(r.Context(), wachsam.UserActor(u), u.ID, id, app)
	}
	if err != nil {
		if wachsam.ErrorCodeOf(err) == wachsam.ENOTFOUND {
			s.fail(w, r, err)
			return
		}
		s.refuse(w, r, err, func(status int) {
			if v, ok := s.candidateView(w, r); ok {
				s.renderCandidateFile(w, r, status, v, form{General: wachsam.ErrorMessageOf(err)})
			}
		})
		return
	}
	s.setFlash(w, flashOK, "Ihr Antrag auf Einsicht ist eingegangen. Das Prüfungsamt vereinbart mit Ihnen, wann und wo Sie Ihre Prüfungsarbeit einsehen können. Eine Bestätigung kommt per E-Mail.")
	http.Redirect(w, r, candidateFileURL(id), http.StatusSeeOther)
}

// candidateFormDate reads the exam day of a hidden field (2026-10-12).
func candidateFormDate(field, value string) (wachsam.Date, error) {
	if value == "" {
		return wachsam.Date{}, nil
	}
	d, err := wachsam.ParseDate(value)
	if err != nil {
		return wachsam.Date{}, wachsam.FieldError(field, "Das Datum „%s“ ist ungültig.", value)
	}
	return d, nil
}

// candidateDocument sends a document the candidate uploaded, as a download.
func (s *Server) candidateDocument(w http.ResponseWriter, r *http.Request) {
	id, err := candidatePathID(r, "candidateID")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	docID, err := strconv.ParseInt(chi.URLParam(r, "documentID"), 10, 64)
	if err != nil || docID <= 0 {
		s.fail(w, r, wachsam.Errorf(wachsam.ENOTFOUND, "Das Dokument wurde nicht gefunden."))
		return
	}
	doc, content, err := s.exams.CandidateDocumentContent(r.Context(), currentUser(r).ID, id, docID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sendDocument(w, doc.ContentType, doc.Filename, content)
}
