package http

import (
	"net/http"
	"strconv"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

// The board's inbox and the case page.

func (s *Server) boardInboxPage(w http.ResponseWriter, r *http.Request) {
	s.renderBoardInbox(w, r, http.StatusOK, form{})
}

// renderBoardInbox shows the inbox; f carries a refused delegation form.
func (s *Server) renderBoardInbox(w http.ResponseWriter, r *http.Request, status int, f form) {
	u := currentUser(r)
	inbox, err := s.exams.BoardCases(r.Context(), u.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "board_inbox", page{Title: "Prüfungsausschuss", Section: "board", Form: f, Data: map[string]any{
		"Inbox": inbox, "Tasks": exam.BoardDelegableTasks(), "Chair": u.Has(wachsam.RoleBoardChair),
	}})
}

func (s *Server) boardCasePage(w http.ResponseWriter, r *http.Request) {
	id, ok := s.boardCaseID(w, r)
	if !ok {
		return
	}
	s.renderBoardCase(w, r, http.StatusOK, id, form{})
}

// renderBoardCase shows a case; f carries a refused post's values and messages.
func (s *Server) renderBoardCase(w http.ResponseWriter, r *http.Request, status int, id int64, f form) {
	u := currentUser(r)
	file, err := s.exams.BoardCase(r.Context(), u.ID, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c := file.Case
	vote, comment := "", ""
	if c.MyVote != nil {
		vote, comment = string(c.MyVote.Vote), c.MyVote.Comment
	}
	if f.Values == nil {
		f.Values = map[string][]string{"vote": {vote}, "comment": {comment}, "date": {s.boardToday().String()}}
	}
	s.render(w, r, status, "board_case", page{Title: "Fall " + strconv.FormatInt(c.ID, 10), Section: "board", Form: f, Data: map[string]any{
		"File": file, "Case": c, "Base": boardCasePath(c.ID), "Chair": u.Has(wachsam.RoleBoardChair),
		"Votes":    []exam.BoardVoteChoice{exam.BoardYes, exam.BoardNo, exam.BoardAbstain},
		"Hardship": c.Motion == exam.MotionApproveHardshipRetake, "Invalidation": c.Motion == exam.MotionInvalidateCertificate,
		"Today": s.boardToday(),
	}})
}

// boardRefused shows the case page again after a refused post: the
// regulation's message (naming its §) on top, a field's message beside it.
func (s *Server) boardRefused(w http.ResponseWriter, r *http.Request, id int64, err error) {
	s.refuse(w, r, err, func(status int) {
		if status == http.StatusNotFound {
			s.fail(w, r, err)
			return
		}
		// The page has several forms, and the one that failed may not show
		// the field (a hearing posted to a case without one): the message
		// goes on top as well as beside its field.
		f := formWithError(r.PostForm, err)
		f.General = wachsam.ErrorMessageOf(err)
		s.renderBoardCase(w, r, status, id, f)
	})
}
