package http

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

// The board's JSON API (/api/v1/board/…): the same cases, votes and
// decisions as the pages, for members of the board only.

func (s *Server) apiBoardCases(w http.ResponseWriter, r *http.Request) {
	inbox, err := s.exams.BoardCases(r.Context(), currentUser(r).ID)
	s.reply(w, r, http.StatusOK, inbox, err)
}

func (s *Server) apiBoardCase(w http.ResponseWriter, r *http.Request) {
	id, ok := s.boardCaseID(w, r)
	if !ok {
		return
	}
	file, err := s.exams.BoardCase(r.Context(), currentUser(r).ID, id)
	s.reply(w, r, http.StatusOK, file, err)
}

// apiBoardNewCase is a case the board opens; dates are strings so that a
// wrong one is a field error, not a broken document.
type apiBoardNewCase struct {
	CandidateID int64  `json:"candidate_id"`
	Motion      string `json:"motion"`
	Component   string `json:"component"`
	ExamDate    string `json:"exam_date"`
	Ground      string `json:"ground"`
	ExaminerID  int64  `json:"examiner_id"`
	Summary     string `json:"summary"`
}

func (s *Server) apiBoardOpenCase(w http.ResponseWriter, r *http.Request) {
	var in apiBoardNewCase
	if !s.decodeJSON(w, r, &in) {
		return
	}
	nc := exam.BoardNewCase{CandidateID: in.CandidateID, Motion: exam.Motion(in.Motion), Component: in.Component,
		Ground: in.Ground, ExaminerID: in.ExaminerID, Summary: in.Summary}
	var err error
	if strings.TrimSpace(in.ExamDate) != "" {
		nc.ExamDate, err = boardAPIDate("exam_date", in.ExamDate)
	}
	var c *exam.BoardCase
	if err == nil {
		u := currentUser(r)
		c, err = s.exams.OpenBoardCase(r.Context(), wachsam.UserActor(u), u.ID, nc)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/board/cases/"+strconv.FormatInt(c.ID, 10))
	writeJSON(w, http.StatusCreated, c)
}

func (s *Server) apiBoardOpenDelegation(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Task    string `json:"task"`
		Summary string `json:"summary"`
	}
	if !s.decodeJSON(w, r, &in) {
		return
	}
	u := currentUser(r)
	c, err := s.exams.OpenBoardDelegation(r.Context(), wachsam.UserActor(u), u.ID, exam.Motion(in.Task), in.Summary)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/board/cases/"+strconv.FormatInt(c.ID, 10))
	writeJSON(w, http.StatusCreated, c)
}

func (s *Server) apiBoardVote(w http.ResponseWriter, r *http.Request) {
	id, ok := s.boardCaseID(w, r)
	if !ok {
		return
	}
	var in struct {
		Vote    string `json:"vote"`
		Comment string `json:"comment"`
	}
	if !s.decodeJSON(w, r, &in) {
		return
	}
	vote, err := exam.ParseBoardVote(in.Vote)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u := currentUser(r)
	out, err := s.exams.CastBoardVote(r.Context(), wachsam.UserActor(u), u.ID, id, vote, in.Comment, boardLetterPDF)
	s.reply(w, r, http.StatusOK, out, err)
}

func (s *Server) apiBoardClose(w http.ResponseWriter, r *http.Request) {
	id, ok := s.boardCaseID(w, r)
	if !ok {
		return
	}
	u := currentUser(r)
	c, err := s.exams.CloseBoardVote(r.Context(), wachsam.UserActor(u), u.ID, id, boardLetterPDF)
	s.reply(w, r, http.StatusOK, c, err)
}

func (s *Server) apiBoardChairDecision(w http.ResponseWriter, r *http.Request) {
	id, ok := s.boardCaseID(w, r)
	if !ok {
		return
	}
	var in struct {
		Accept *bool `json:"accept"`
	}
	if !s.decodeJSON(w, r, &in) {
		return
	}
	if in.Accept == nil {
		s.fail(w, r, wachsam.FieldError("accept", "Bitte geben Sie an, ob dem Antrag stattgegeben wird (true) oder nicht (false)."))
		return
	}
	u := currentUser(r)
	c, err := s.exams.DecideBoardCaseAsChair(r.Context(), wachsam.UserActor(u), u.ID, id, *in.Accept, boardLetterPDF)
	s.reply(w, r, http.StatusOK, c, err)
}

func (s *Server) apiBoardFindings(w http.ResponseWriter, r *http.Request) {
	id, ok := s.boardCaseID(w, r)
	if !ok {
		return
	}
	var in struct {
		NotResponsible       bool `json:"not_responsible"`
		ExpectationOfSuccess bool `json:"expectation_of_success"`
	}
	if !s.decodeJSON(w, r, &in) {
		return
	}
	u := currentUser(r)
	n, err := s.exams.SetBoardFindings(r.Context(), wachsam.UserActor(u), u.ID, id, exam.Findings{NotResponsible: in.NotResponsible, ExpectationOfSuccess: in.ExpectationOfSuccess})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]int{"withdrawn_votes": n})
}

func (s *Server) apiBoardHearing(w http.ResponseWriter, r *http.Request) {
	id, ok := s.boardCaseID(w, r)
	if !ok {
		return
	}
	var in struct {
		Date    string `json:"date"`
		Minutes string `json:"minutes"`
	}
	if !s.decodeJSON(w, r, &in) {
		return
	}
	u := currentUser(r)
	on, err := boardAPIDate("date", in.Date)
	if err == nil {
		err = s.exams.RecordBoardHearing(r.Context(), wachsam.UserActor(u), u.ID, id, on, in.Minutes)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	file, err := s.exams.BoardCase(r.Context(), u.ID, id)
	s.reply(w, r, http.StatusCreated, file, err)
}

// apiBoardEvidenceRequest asks the candidate of a case for evidence, as
// the case page does; the answer is the case with its cut-off.
func (s *Server) apiBoardEvidenceRequest(w http.ResponseWriter, r *http.Request) {
	id, ok := s.boardCaseID(w, r)
	if !ok {
		return
	}
	var in struct {
		Evidence string `json:"evidence"`
	}
	if !s.decodeJSON(w, r, &in) {
		return
	}
	u := currentUser(r)
	if err := s.exams.RequestBoardEvidence(r.Context(), wachsam.UserActor(u), u.ID, id, in.Evidence); err != nil {
		s.fail(w, r, err)
		return
	}
	file, err := s.exams.BoardCase(r.Context(), u.ID, id)
	s.reply(w, r, http.StatusCreated, file, err)
}

// boardAPIDate reads an ISO date (2026-11-22) of a JSON request.
func boardAPIDate(field, input string) (wachsam.Date, error) {
	d, err := wachsam.ParseDate(strings.TrimSpace(input))
	if err != nil {
		return wachsam.Date{}, wachsam.FieldError(field, "„%s“ ist kein Datum im Format JJJJ-MM-TT.", input)
	}
	return d, nil
}
