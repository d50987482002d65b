package http

import (
	"net/http"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

// The examiner's JSON API (/api/v1/examiner/…): the same components,
// attempts, grades and announcements as the pages, scoped to the signed-in
// examiner. Grades are strings in the German form "1,7", as in the
// candidate's file (docs/exam-file-format.md), so no grade passes through
// a float.

func (s *Server) apiExaminerComponents(w http.ResponseWriter, r *http.Request) {
	list, err := s.exams.ExaminerOverview(r.Context(), currentUser(r).ID)
	s.reply(w, r, http.StatusOK, list, err)
}

func (s *Server) apiExaminerAttempt(w http.ResponseWriter, r *http.Request) {
	ids, ok := s.examinerIDs(w, r, "date", "candidate")
	if !ok {
		return
	}
	a, err := s.exams.ExaminerAttempt(r.Context(), currentUser(r).ID, ids[0], ids[1])
	s.reply(w, r, http.StatusOK, a, err)
}

// apiGrades are the grades of an attempt: "grades" by part for a component
// with parts, "grade" for one graded as a whole.
type apiGrades struct {
	Grades []exam.GradeInput `json:"grades"`
	Grade  *string           `json:"grade"`
	Reason string            `json:"reason"` // corrections only
}

func (g apiGrades) inputs() []exam.GradeInput {
	in := g.Grades
	if g.Grade != nil {
		in = append(in, exam.GradeInput{Grade: *g.Grade})
	}
	return in
}

func (s *Server) apiExaminerGrade(w http.ResponseWriter, r *http.Request) {
	ids, ok := s.examinerIDs(w, r, "date", "candidate")
	if !ok {
		return
	}
	var in apiGrades
	if !s.decodeJSON(w, r, &in) {
		return
	}
	if in.Reason != "" {
		s.fail(w, r, wachsam.FieldError("reason", "Eine Begründung gehört zu einer Korrektur, nicht zur ersten Bewertung."))
		return
	}
	u := currentUser(r)
	a, err := s.exams.GradeAttempt(r.Context(), wachsam.UserActor(u), u.ID, ids[0], ids[1], in.inputs())
	s.reply(w, r, http.StatusCreated, a, err)
}

func (s *Server) apiExaminerCorrect(w http.ResponseWriter, r *http.Request) {
	ids, ok := s.examinerIDs(w, r, "date", "candidate")
	if !ok {
		return
	}
	var in apiGrades
	if !s.decodeJSON(w, r, &in) {
		return
	}
	u := currentUser(r)
	a, err := s.exams.CorrectGrades(r.Context(), wachsam.UserActor(u), u.ID, ids[0], ids[1], in.inputs(), in.Reason, s.resultMail)
	s.reply(w, r, http.StatusOK, a, err)
}

func (s *Server) apiExaminerDisorder(w http.ResponseWriter, r *http.Request) {
	ids, ok := s.examinerIDs(w, r, "date", "candidate")
	if !ok {
		return
	}
	var in struct {
		Note string `json:"note"`
	}
	if !s.decodeJSON(w, r, &in) {
		return
	}
	u := currentUser(r)
	a, err := s.exams.RecordDisorder(r.Context(), wachsam.UserActor(u), u.ID, ids[0], ids[1], in.Note)
	s.reply(w, r, http.StatusCreated, a, err)
}

func (s *Server) apiExaminerPapers(w http.ResponseWriter, r *http.Request) {
	ids, ok := s.examinerIDs(w, r, "date", "candidate")
	if !ok {
		return
	}
	a, err := s.exams.ExaminerAttempt(r.Context(), currentUser(r).ID, ids[0], ids[1])
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, a.Papers)
}

func (s *Server) apiExaminerUploadPaper(w http.ResponseWriter, r *http.Request) {
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
	s.reply(w, r, http.StatusCreated, p, err)
}

func (s *Server) apiExaminerAnnounce(w http.ResponseWriter, r *http.Request) {
	ids, ok := s.examinerIDs(w, r, "date")
	if !ok {
		return
	}
	u := currentUser(r)
	a, err := s.exams.AnnounceResults(r.Context(), wachsam.UserActor(u), u.ID, ids[0], s.resultMail)
	s.reply(w, r, http.StatusOK, a, err)
}
