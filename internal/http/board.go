package http

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

// Prüfungsausschuss (/ausschuss): cases, circular votes, the chair's decisions, decision letters.

// BoardExams is the part of the exam store these pages use. Every method
// takes the signed-in account and finds nothing for anyone who is not an
// active member of the board (the candidate's own letter excepted).
// Decisions take the function that prints the decision letter, since the
// store mails it in the decision's transaction.
type BoardExams interface {
	BoardCases(ctx context.Context, userID int64) (*exam.BoardInbox, error)
	BoardCase(ctx context.Context, userID, caseID int64) (*exam.BoardCaseFile, error)
	BoardCaseDocument(ctx context.Context, userID, caseID, documentID int64) (*exam.BoardDocument, error)
	BoardOpenChoices(ctx context.Context, userID, candidateID int64) (*exam.BoardOpenChoices, error)
	OpenBoardCase(ctx context.Context, actor wachsam.Actor, userID int64, in exam.BoardNewCase) (*exam.BoardCase, error)
	OpenBoardDelegation(ctx context.Context, actor wachsam.Actor, userID int64, task exam.Motion, summary string) (*exam.BoardCase, error)
	CastBoardVote(ctx context.Context, actor wachsam.Actor, userID, caseID int64, vote exam.BoardVoteChoice, comment string, render exam.RenderLetter) (*exam.BoardVoteOutcome, error)
	CloseBoardVote(ctx context.Context, actor wachsam.Actor, userID, caseID int64, render exam.RenderLetter) (*exam.BoardCase, error)
	DecideBoardCaseAsChair(ctx context.Context, actor wachsam.Actor, userID, caseID int64, accept bool, render exam.RenderLetter) (*exam.BoardCase, error)
	SetBoardFindings(ctx context.Context, actor wachsam.Actor, userID, caseID int64, f exam.Findings) (int, error)
	RecordBoardHearing(ctx context.Context, actor wachsam.Actor, userID, caseID int64, on wachsam.Date, minutes string) error
	RequestBoardEvidence(ctx context.Context, actor wachsam.Actor, userID, caseID int64, what string) error
	BoardCaseLetter(ctx context.Context, userID, caseID int64) (exam.BoardLetter, error)
	CandidateBoardLetter(ctx context.Context, userID, candidateID, caseID int64) (exam.BoardLetter, error)
}

func boardFuncs(*time.Location) template.FuncMap {
	return template.FuncMap{
		"boardVote":   func(v exam.BoardVoteChoice) string { return v.German() },
		"boardGround": exam.GroundGerman,
		"boardISO":    func(d wachsam.Date) string { return d.String() },
		// boardSize: 1536 → "2 KB".
		"boardSize": func(n int64) string {
			if n < 1024*1024 {
				return fmt.Sprintf("%d KB", (n+1023)/1024)
			}
			return fmt.Sprintf("%.1f MB", float64(n)/(1024*1024))
		},
		"boardDecider": func(d exam.Decider) string {
			if d == exam.ByChair {
				return "Vorsitzender allein (§4(3))"
			}
			return "Prüfungsausschuss im Umlaufverfahren (§4(4))"
		},
	}
}

func (s *Server) boardPages(r chi.Router) {
	r.Route("/ausschuss", func(r chi.Router) {
		r.Use(s.requireBoard)
		r.Get("/", s.boardInboxPage)
		r.Post("/delegationen", s.boardOpenDelegation)
		r.Get("/faelle/neu", s.boardNewCasePage)
		r.Post("/faelle", s.boardOpenCase)
		r.Get("/faelle/{id}", s.boardCasePage)
		r.Post("/faelle/{id}/stimme", s.boardVote)
		r.Post("/faelle/{id}/schliessen", s.boardClose)
		r.Post("/faelle/{id}/vorsitz", s.boardChairDecides)
		r.Post("/faelle/{id}/feststellungen", s.boardFindings)
		r.Post("/faelle/{id}/anhoerung", s.boardHearing)
		r.Post("/faelle/{id}/beweismittel", s.boardRequestEvidence)
		r.Get("/faelle/{id}/bescheid.pdf", s.boardLetterDownload)
		r.Get("/faelle/{id}/dokumente/{doc}", s.boardDocumentDownload)
	})
	// The candidate's copy of a decision letter lives under the candidate's
	// pages, but it is printed here; the full path keeps clear of the
	// candidate pages' own routes.
	r.Group(func(r chi.Router) {
		r.Use(s.requireRoleOr404(wachsam.RoleCandidate))
		r.Get("/pruefung/{candidateID}/bescheide/{caseID}.pdf", s.candidateLetterDownload)
	})
}

func (s *Server) boardAPI(r chi.Router) {
	r.Route("/board", func(r chi.Router) {
		r.Use(s.requireBoard)
		r.Get("/cases", s.apiBoardCases)
		r.Post("/cases", s.apiBoardOpenCase)
		r.Post("/delegations", s.apiBoardOpenDelegation)
		r.Get("/cases/{id}", s.apiBoardCase)
		r.Put("/cases/{id}/vote", s.apiBoardVote)
		r.Post("/cases/{id}/close", s.apiBoardClose)
		r.Post("/cases/{id}/chair-decision", s.apiBoardChairDecision)
		r.Put("/cases/{id}/findings", s.apiBoardFindings)
		r.Post("/cases/{id}/hearing", s.apiBoardHearing)
		r.Post("/cases/{id}/evidence-request", s.apiBoardEvidenceRequest)
		r.Get("/cases/{id}/letter", s.boardLetterDownload)
		r.Get("/cases/{id}/documents/{doc}", s.boardDocumentDownload)
	})
}

// requireBoard lets only members of the board (§4(1),(2)) through; to
// everyone else the board's pages do not exist.
func (s *Server) requireBoard(next http.Handler) http.Handler {
	return s.requireRoleOr404(wachsam.RoleBoard, wachsam.RoleBoardChair)(next)
}

// requireRoleOr404 answers "not found" to callers without one of the roles,
// so that the pages reveal nothing about cases to those who may not see them.
func (s *Server) requireRoleOr404(roles ...wachsam.Role) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if u := currentUser(r); u == nil || !u.HasAny(roles...) {
				s.failStatus(w, r, http.StatusNotFound, "Unter dieser Adresse gibt es nichts. Bitte prüfen Sie die Adresse oder gehen Sie zur Startseite.")
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// boardParam reads a positive ID from the address; anything else is a
// case (or document) that does not exist.
func (s *Server) boardParam(w http.ResponseWriter, r *http.Request, name string) (int64, bool) {
	id, err := strconv.ParseInt(chi.URLParam(r, name), 10, 64)
	if err != nil || id <= 0 {
		s.failStatus(w, r, http.StatusNotFound, "Diesen Fall gibt es nicht.")
		return 0, false
	}
	return id, true
}

func (s *Server) boardCaseID(w http.ResponseWriter, r *http.Request) (int64, bool) {
	return s.boardParam(w, r, "id")
}

func boardCasePath(id int64) string { return "/ausschuss/faelle/" + strconv.FormatInt(id, 10) }

// boardToday is today in legal time, for the hearing form's default.
func (s *Server) boardToday() wachsam.Date { return wachsam.DateIn(s.cfg.Now(), s.cfg.Location) }
