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

// Prüflinge (/pruefung): the candidate's own file, applications, calendar feed.

// CandidateExams is the part of the exam store these pages use. Every
// method takes the signed-in person's account: a file of someone else is
// not found, so no request can name whose file it is about.
type CandidateExams interface {
	CandidateFileSummaries(ctx context.Context, userID int64) ([]exam.CandidateFileSummary, error)
	CandidateFile(ctx context.Context, userID, candidateID int64) (*exam.CandidateView, error)
	CandidateDocumentContent(ctx context.Context, userID, candidateID, documentID int64) (exam.CandidateDocument, []byte, error)
	CandidateApply(ctx context.Context, actor wachsam.Actor, userID, candidateID int64, app exam.CandidateApplication) (exam.CandidateReceipt, error)
	CandidateCalendar(ctx context.Context, token string) (exam.CandidateCalendar, error)
}

func candidateFuncs(*time.Location) template.FuncMap {
	return template.FuncMap{
		// candidateDay: "Montag, 04.01.2027".
		"candidateDay": exam.WeekdayDate,
		// candidateFee: "Prüfungsgebühr" or "Gebühr für die Wiederholung".
		"candidateFee": func(fee string) string {
			if fee == "retake" {
				return "Gebühr für die Wiederholung"
			}
			return "Prüfungsgebühr"
		},
		// candidateSize: 1234567 → "1,2 MB".
		"candidateSize": candidateSize,
		// candidateSlug is the path of an application's page.
		"candidateSlug": candidateSlug,
	}
}

func candidateSize(n int64) string {
	switch {
	case n >= 1<<20:
		return candidateDecimal(float64(n)/(1<<20)) + " MB"
	case n >= 1<<10:
		return candidateDecimal(float64(n)/(1<<10)) + " KB"
	}
	return germanInt(int(n)) + " Bytes"
}

// candidateDecimal writes one decimal with a comma, none when it is 0:
// 1.25 → "1,3", 64.0 → "64".
func candidateDecimal(f float64) string {
	return strings.TrimSuffix(strings.Replace(strconv.FormatFloat(f, 'f', 1, 64), ".", ",", 1), ",0")
}

// candidateSlugs are the pages of the applications, by action.
func candidateSlug(action string) string {
	switch action {
	case exam.ApplyReasons:
		return "gruende"
	case exam.ApplyHardship:
		return "haertefall"
	case exam.ApplyExtension:
		return "verlaengerung"
	case exam.ApplyWithdrawal:
		return "ruecktritt"
	case exam.ApplyInspection:
		return "einsicht"
	case exam.ApplyEvidence:
		return "nachweis"
	case exam.ApplyComplete:
		return "vollstaendig"
	}
	return ""
}

func (s *Server) candidatePages(r chi.Router) {
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(wachsam.RoleCandidate))
		r.Get("/pruefung", s.candidateHome)
		r.Get("/pruefung/kalender", s.candidateCalendarPage)
		r.Post("/pruefung/kalender/erneuern", s.candidateRenewCalendar)
		r.Get("/pruefung/{candidateID}", s.candidateFilePage)
		for _, action := range []string{exam.ApplyReasons, exam.ApplyHardship, exam.ApplyExtension, exam.ApplyWithdrawal, exam.ApplyEvidence, exam.ApplyComplete} {
			r.Get("/pruefung/{candidateID}/"+candidateSlug(action), s.candidateApplyPage(action))
			r.Post("/pruefung/{candidateID}/"+candidateSlug(action), s.candidateApplyPost(action))
		}
		r.Post("/pruefung/{candidateID}/einsicht", s.candidateInspection)
		r.Get("/pruefung/{candidateID}/dokumente/{documentID}", s.candidateDocument)
	})
}

func (s *Server) candidateAPI(r chi.Router) {
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(wachsam.RoleCandidate))
		r.Get("/candidate/files", s.apiCandidateFiles)
		r.Get("/candidate/files/{id}", s.apiCandidateFile)
		r.Post("/candidate/files/{id}/reasons", s.apiCandidateApply(exam.ApplyReasons))
		r.Post("/candidate/files/{id}/hardship", s.apiCandidateApply(exam.ApplyHardship))
		r.Post("/candidate/files/{id}/extension", s.apiCandidateApply(exam.ApplyExtension))
		r.Post("/candidate/files/{id}/inspection", s.apiCandidateApply(exam.ApplyInspection))
		r.Post("/candidate/files/{id}/withdrawal", s.apiCandidateApply(exam.ApplyWithdrawal))
		r.Post("/candidate/files/{id}/evidence", s.apiCandidateApply(exam.ApplyEvidence))
		r.Post("/candidate/files/{id}/reasons-complete", s.apiCandidateApply(exam.ApplyComplete))
	})
}

// publicCandidateRoutes serve the exam calendar feed, which calendar
// programs fetch without signing in; the secret token is the key.
func (s *Server) publicCandidateRoutes(r chi.Router) {
	r.Get("/pruefung/kalender/{token}.ics", s.candidateFeed)
}

// candidatePathID reads a positive ID from the path; anything else names
// nothing and is not found.
func candidatePathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(chi.URLParam(r, name), 10, 64)
	if err != nil || id <= 0 {
		return 0, wachsam.Errorf(wachsam.ENOTFOUND, "Die Prüfungsakte wurde nicht gefunden.")
	}
	return id, nil
}

// candidateFileURL is the page of a file.
func candidateFileURL(id int64) string { return fmt.Sprintf("/pruefung/%d", id) }
