package http

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

// Opening cases: the board puts cheating (§8(1)), a substitute examiner
// (§3(2)), an equivalent performance (§3(5)) and an invalidation (§11)
// before itself, and the delegation of a task to its chair (§4(3)).

func (s *Server) boardNewCasePage(w http.ResponseWriter, r *http.Request) {
	var candidateID int64
	if v := r.URL.Query().Get("pruefling"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			s.failStatus(w, r, http.StatusNotFound, "Diesen Prüfling gibt es nicht.")
			return
		}
		candidateID = id
	}
	s.renderBoardNewCase(w, r, http.StatusOK, candidateID, form{})
}

func (s *Server) renderBoardNewCase(w http.ResponseWriter, r *http.Request, status int, candidateID int64, f form) {
	choices, err := s.exams.BoardOpenChoices(r.Context(), currentUser(r).ID, candidateID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if f.Values == nil {
		f.Values = map[string][]string{"candidate": {strconv.FormatInt(candidateID, 10)}}
	}
	s.render(w, r, status, "board_new", page{Title: "Neuen Fall eröffnen", Section: "board", Form: f, Data: map[string]any{
		"Choices": choices, "Motions": exam.BoardOpenableMotions(),
	}})
}

// boardOpenCase opens the case; a refusal (a field missing, or a motion
// the regulation excludes, naming its §) shows the form again, filled in.
func (s *Server) boardOpenCase(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	u := currentUser(r)
	candidateID, _ := strconv.ParseInt(r.PostFormValue("candidate"), 10, 64)
	in, err := boardNewCaseForm(r, candidateID)
	var c *exam.BoardCase
	if err == nil {
		c, err = s.exams.OpenBoardCase(r.Context(), wachsam.UserActor(u), u.ID, in)
	}
	if err != nil {
		s.refuse(w, r, err, func(status int) {
			if candidateID <= 0 || status == http.StatusNotFound {
				candidateID = 0
			}
			s.renderBoardNewCase(w, r, status, candidateID, formWithError(r.PostForm, err))
		})
		return
	}
	s.setFlash(w, flashOK, "Der Fall ist eröffnet. Die Mitglieder können jetzt im Umlaufverfahren abstimmen.")
	http.Redirect(w, r, boardCasePath(c.ID), http.StatusSeeOther)
}

// boardNewCaseForm reads the form; the store checks what each motion needs.
func boardNewCaseForm(r *http.Request, candidateID int64) (exam.BoardNewCase, error) {
	in := exam.BoardNewCase{CandidateID: candidateID, Motion: exam.Motion(r.PostFormValue("motion")),
		Component: r.PostFormValue("component"), Ground: r.PostFormValue("ground"), Summary: r.PostFormValue("summary")}
	if candidateID <= 0 {
		return in, wachsam.FieldError("candidate", "Bitte wählen Sie den Prüfling.")
	}
	if v := strings.TrimSpace(r.PostFormValue("exam_date")); v != "" {
		d, err := wachsam.ParseDate(v)
		if err != nil {
			return in, wachsam.FieldError("exam_date", "Bitte wählen Sie einen Prüfungstermin aus der Liste.")
		}
		in.ExamDate = d
	}
	if v := strings.TrimSpace(r.PostFormValue("examiner")); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return in, wachsam.FieldError("examiner", "Bitte wählen Sie die Prüferin oder den Prüfer aus der Liste.")
		}
		in.ExaminerID = id
	}
	return in, nil
}

// boardOpenDelegation puts the delegation of a task before the board.
func (s *Server) boardOpenDelegation(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	u := currentUser(r)
	c, err := s.exams.OpenBoardDelegation(r.Context(), wachsam.UserActor(u), u.ID, exam.Motion(r.PostFormValue("task")), r.PostFormValue("summary"))
	if err != nil {
		s.refuse(w, r, err, func(status int) { s.renderBoardInbox(w, r, status, formWithError(r.PostForm, err)) })
		return
	}
	s.setFlash(w, flashOK, "Die Übertragung ist zur Abstimmung gestellt.")
	http.Redirect(w, r, boardCasePath(c.ID), http.StatusSeeOther)
}
