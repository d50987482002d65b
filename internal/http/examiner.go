package http

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

// Prüfende (/pruefende): the examiner grades the components they teach
// (§3(2)), corrects grades, records a breach of order (§8(2)), keeps the
// written papers (§12(1)) and announces the results of an exam date, which
// starts the candidates' periods (§6(1), §6(3), §12(2)).

// ExaminerExams is the part of the exam store these pages use. Every
// method is scoped to the examiner: another examiner's attempt is not
// found. compose writes the mail a candidate gets about a result.
type ExaminerExams interface {
	ExaminerOverview(ctx context.Context, examinerID int64) ([]exam.GradingComponent, error)
	ExaminerAttempt(ctx context.Context, examinerID, dateID, candidateID int64) (*exam.GradingAttempt, error)
	GradeAttempt(ctx context.Context, actor wachsam.Actor, examinerID, dateID, candidateID int64, in []exam.GradeInput) (*exam.GradingAttempt, error)
	CorrectGrades(ctx context.Context, actor wachsam.Actor, examinerID, dateID, candidateID int64, in []exam.GradeInput, reason string,
		compose func(exam.ResultNotice) (*wachsam.Mail, error)) (*exam.GradingAttempt, error)
	RecordDisorder(ctx context.Context, actor wachsam.Actor, examinerID, dateID, candidateID int64, note string) (*exam.GradingAttempt, error)
	UploadPaper(ctx context.Context, actor wachsam.Actor, examinerID, dateID, candidateID int64, up exam.PaperUpload) (*exam.GradingPaper, error)
	ExaminerPaper(ctx context.Context, examinerID, dateID, candidateID, paperID int64) (*exam.GradingPaper, []byte, error)
	AnnounceResults(ctx context.Context, actor wachsam.Actor, examinerID, dateID int64, compose func(exam.ResultNotice) (*wachsam.Mail, error)) (*exam.GradingAnnouncement, error)
}

func (s *Server) examinerPages(r chi.Router) {
	r.Route("/pruefende", func(r chi.Router) {
		r.Use(s.requireRole(wachsam.RoleExaminer))
		r.Get("/", s.examinerOverviewPage)
		r.Post("/termine/{date}/bekanntgabe", s.examinerAnnounce)
		r.Route("/termine/{date}/prueflinge/{candidate}", func(r chi.Router) {
			r.Get("/", s.examinerAttemptPage)
			r.Post("/bewertung", s.examinerGrade)
			r.Post("/korrektur", s.examinerCorrect)
			r.Post("/ordnungsverstoss", s.examinerDisorder)
			r.Post("/arbeiten", s.examinerUploadPaper)
			r.Get("/arbeiten/{paper}", s.examinerPaper)
		})
	})
}

func (s *Server) examinerAPI(r chi.Router) {
	r.Route("/examiner", func(r chi.Router) {
		r.Use(s.requireRole(wachsam.RoleExaminer))
		r.Get("/components", s.apiExaminerComponents)
		r.Post("/dates/{date}/announcement", s.apiExaminerAnnounce)
		r.Route("/dates/{date}/candidates/{candidate}", func(r chi.Router) {
			r.Get("/", s.apiExaminerAttempt)
			r.Post("/grades", s.apiExaminerGrade)
			r.Post("/correction", s.apiExaminerCorrect)
			r.Post("/disorder", s.apiExaminerDisorder)
			r.Get("/papers", s.apiExaminerPapers)
			r.Post("/papers", s.apiExaminerUploadPaper)
			r.Get("/papers/{paper}", s.examinerPaper)
		})
	})
}

func examinerFuncs(*time.Location) template.FuncMap {
	return template.FuncMap{
		// examinerScale: the grades of §5(2) for a select box.
		"examinerScale": func() []string {
			scale := exam.StandardScale()
			out := make([]string, len(scale))
			for i, g := range scale {
				out[i] = g.String()
			}
			return out
		},
		// examinerGradeWord: "2,0" → "gut" (§5(2)).
		"examinerGradeWord": func(s string) string {
			g, err := exam.ParseGrade(s)
			if err != nil {
				return ""
			}
			return g.Word()
		},
		// examinerFieldset groups grade boxes under a legend.
		"examinerFieldset": func(legend string, fields []examinerGradeField) examinerFieldset {
			return examinerFieldset{Legend: legend, Fields: fields}
		},
		// examinerSize: 123456 → "121 KB".
		"examinerSize": examinerSize,
	}
}

// examinerFieldset is a fieldset of grade boxes.
type examinerFieldset struct {
	Legend string
	Fields []examinerGradeField
}

func examinerSize(n int64) string {
	switch {
	case n < 1024:
		return germanInt(int(n)) + " Byte"
	case n < 1024*1024:
		return germanInt(int((n+512)/1024)) + " KB"
	}
	return strings.Replace(fmt.Sprintf("%.1f MB", float64(n)/(1024*1024)), ".", ",", 1)
}

// examinerIDs reads the exam date and candidate of the address; a malformed
// id is an attempt that does not exist.
func (s *Server) examinerIDs(w http.ResponseWriter, r *http.Request, names ...string) ([]int64, bool) {
	ids := make([]int64, len(names))
	for i, name := range names {
		id, err := strconv.ParseInt(chi.URLParam(r, name), 10, 64)
		if err != nil || id <= 0 {
			s.failStatus(w, r, http.StatusNotFound, "Diesen Prüfling gibt es zu diesem Termin nicht oder Sie sind nicht sein Prüfer.")
			return nil, false
		}
		ids[i] = id
	}
	return ids, true
}

// examinerPath is the page of one attempt.
func examinerPath(dateID, candidateID int64) string {
	return fmt.Sprintf("/pruefende/termine/%d/prueflinge/%d", dateID, candidateID)
}

// resultMail composes the mail about a result, pointing to the candidate's
// own exam page.
func (s *Server) resultMail(n exam.ResultNotice) (*wachsam.Mail, error) {
	return n.Mail(strings.TrimSuffix(s.cfg.BaseURL, "/") + "/pruefung/" + strconv.FormatInt(n.CandidateID, 10)), nil
}

// gradeSummary says what was saved: "Note 1,9 (gut), gewichtetes Mittel
// der Einzelleistungen (§5(4))". The component's grade is the exact mean
// unless the regulation rounds components; then both are named.
func gradeSummary(a *exam.GradingAttempt) string {
	grade := a.Attempt.Grade
	if a.Attempt.GradeWord != "" {
		grade += " (" + a.Attempt.GradeWord + ")"
	}
	switch {
	case len(a.Parts) > 0 && a.Attempt.Mean != a.Attempt.Grade:
		return "gewichtetes Mittel " + a.Attempt.Mean + " (§5(4)), Note " + grade
	case len(a.Parts) > 0:
		return "Note " + grade + ", gewichtetes Mittel der Einzelleistungen (§5(4))"
	}
	return "Note " + grade
}
