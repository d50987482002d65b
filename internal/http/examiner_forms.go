package http

import (
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

// The examiner's form posts. Each redirects to the attempt's page with a
// notice on success and shows the page again with the message otherwise.

func (s *Server) examinerGrade(w http.ResponseWriter, r *http.Request) {
	ids, ok := s.examinerIDs(w, r, "date", "candidate")
	if !ok || !s.parseForm(w, r) {
		return
	}
	u := currentUser(r)
	a, err := s.exams.GradeAttempt(r.Context(), wachsam.UserActor(u), u.ID, ids[0], ids[1], examinerGradeInputs(r.PostForm))
	if err != nil {
		s.examinerRefuse(w, r, err, ids[0], ids[1], "bewertung")
		return
	}
	s.setFlash(w, flashOK, "Die Bewertung wurde gespeichert: "+gradeSummary(a)+".")
	http.Redirect(w, r, examinerPath(ids[0], ids[1])+"#bewertung", http.StatusSeeOther)
}

func (s *Server) examinerCorrect(w http.ResponseWriter, r *http.Request) {
	ids, ok := s.examinerIDs(w, r, "date", "candidate")
	if !ok || !s.parseForm(w, r) {
		return
	}
	u := currentUser(r)
	a, err := s.exams.CorrectGrades(r.Context(), wachsam.UserActor(u), u.ID, ids[0], ids[1], examinerGradeInputs(r.PostForm), r.PostForm.Get("reason"), s.resultMail)
	if err != nil {
		s.examinerRefuse(w, r, err, ids[0], ids[1], "korrektur")
		return
	}
	msg := "Die Korrektur wurde gespeichert und protokolliert: " + gradeSummary(a) + "."
	if a.Announced() {
		msg += " " + a.Name + " wurde per E-Mail benachrichtigt."
	}
	s.setFlash(w, flashOK, msg)
	http.Redirect(w, r, examinerPath(ids[0], ids[1])+"#bewertung", http.StatusSeeOther)
}

func (s *Server) examinerDisorder(w http.ResponseWriter, r *http.Request) {
	ids, ok := s.examinerIDs(w, r, "date", "candidate")
	if !ok || !s.parseForm(w, r) {
		return
	}
	u := currentUser(r)
	a, err := s.exams.RecordDisorder(r.Context(), wachsam.UserActor(u), u.ID, ids[0], ids[1], r.PostForm.Get("note"))
	if err != nil {
		s.examinerRefuse(w, r, err, ids[0], ids[1], "ordnungsverstoss")
		return
	}
	s.setFlash(w, flashOK, fmt.Sprintf("Der Ausschluss wegen eines Ordnungsverstoßes wurde erfasst; die Prüfungsleistung gilt als nicht bestanden (%s, §8(2)).", a.Attempt.Grade))
	http.Redirect(w, r, examinerPath(ids[0], ids[1]), http.StatusSeeOther)
}

// examinerUpload reads the "file" part of a multipart upload. It reports
// ok=false after answering a body that is too large or unreadable; a
// missing file is an empty upload, which the store refuses in German.
func (s *Server) examinerUpload(w http.ResponseWriter, r *http.Request) (exam.PaperUpload, bool) {
	if err := r.ParseMultipartForm(s.cfg.MaxBodyBytes); err != nil {
		if isTooLarge(err) {
			s.failStatus(w, r, http.StatusRequestEntityTooLarge, tooLargeMessage(s.cfg.MaxBodyBytes))
		} else {
			s.failStatus(w, r, http.StatusBadRequest, "Die Datei konnte nicht empfangen werden. Bitte laden Sie sie über das Formular hoch.")
		}
		return exam.PaperUpload{}, false
	}
	defer r.MultipartForm.RemoveAll()
	file, header, err := r.FormFile("file")
	if err != nil {
		return exam.PaperUpload{}, true
	}
	defer file.Close()
	data, err := io.ReadAll(file)
	if err != nil {
		s.serverError(w, r, err)
		return exam.PaperUpload{}, false
	}
	return exam.PaperUpload{Filename: header.Filename, Content: data}, true
}

func (s *Server) examinerUploadPaper(w http.ResponseWriter, r *http.Request) {
	ids, ok := s.examinerIDs(w, r, "date", "candidate")
	if !ok {
		return
	}
	up, ok := s.examinerUpload(w, r)
	if !ok {
		return
	}
	u := currentUser(r)
	p, err := s.exams.UploadPaper(r.Context(), wachsam.UserActor(u), u.ID, ids[0], ids[1], up)
	if err != nil {
		s.examinerRefuse(w, r, err, ids[0], ids[1], "arbeiten")
		return
	}
	s.setFlash(w, flashOK, "Die Arbeit „"+p.Filename+"“ wurde gespeichert.")
	http.Redirect(w, r, examinerPath(ids[0], ids[1])+"#arbeiten", http.StatusSeeOther)
}

// examinerPaper sends a paper as a download (pages and API alike).
func (s *Server) examinerPaper(w http.ResponseWriter, r *http.Request) {
	ids, ok := s.examinerIDs(w, r, "date", "candidate", "paper")
	if !ok {
		return
	}
	p, content, err := s.exams.ExaminerPaper(r.Context(), currentUser(r).ID, ids[0], ids[1], ids[2])
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sendDocument(w, p.ContentType, p.Filename, content)
}

func (s *Server) examinerAnnounce(w http.ResponseWriter, r *http.Request) {
	ids, ok := s.examinerIDs(w, r, "date")
	if !ok {
		return
	}
	u := currentUser(r)
	a, err := s.exams.AnnounceResults(r.Context(), wachsam.UserActor(u), u.ID, ids[0], s.resultMail)
	if err != nil {
		if wachsam.ErrorCodeOf(err) == wachsam.ENOTFOUND {
			s.fail(w, r, err)
			return
		}
		s.refuse(w, r, err, func(status int) {
			s.renderExaminerOverview(w, r, status, form{General: wachsam.ErrorMessageOf(err)})
		})
		return
	}
	s.setFlash(w, flashOK, fmt.Sprintf("Die Ergebnisse vom %s (%s) wurden am %s bekannt gegeben; %s per E-Mail benachrichtigt. Die Fristen nach §6(1), §6(3) und §12(2) laufen ab heute.",
		a.ExamDay.German(), a.Component, a.On.German(), examinerCount(len(a.Announced))))
	http.Redirect(w, r, fmt.Sprintf("/pruefende#termin-%d", a.DateID), http.StatusSeeOther)
}

func examinerCount(n int) string {
	if n == 1 {
		return "1 Prüfling wurde"
	}
	return strconv.Itoa(n) + " Prüflinge wurden"
}
