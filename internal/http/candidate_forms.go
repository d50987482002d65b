package http

import (
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

// The candidate's applications, one page each: reasons for an absence or
// withdrawal (§9(2)), a hardship retake (§6(2),(3)), an extension (§7(2))
// and the withdrawal itself (§9(1)). A page is offered only for what the
// file offers; the store judges every post again by the regulation.

// candidateApplyData is what an application page shows.
type candidateApplyData struct {
	View      *exam.CandidateView
	Action    exam.CandidateAction
	MaxUpload string // the largest upload the server takes, in words
}

func candidateTemplate(action string) string {
	switch action {
	case exam.ApplyReasons:
		return "candidate_reasons"
	case exam.ApplyHardship:
		return "candidate_hardship"
	case exam.ApplyExtension:
		return "candidate_extension"
	case exam.ApplyEvidence:
		return "candidate_evidence"
	case exam.ApplyComplete:
		return "candidate_complete"
	}
	return "candidate_withdraw"
}

func (s *Server) candidateApplyPage(action string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, ok := s.candidateView(w, r)
		if !ok {
			return
		}
		day, _ := candidateFormDate("exam_date", r.URL.Query().Get("termin"))
		a, ok := v.Action(action, r.URL.Query().Get("leistung"), day)
		if !ok {
			s.failStatus(w, r, http.StatusConflict, fmt.Sprintf("„%s“ ist zurzeit nicht möglich (%s der Prüfungsordnung). Was Sie jetzt tun können, steht auf der Seite „Meine Prüfung“.",
				exam.ActionGerman(action), exam.ActionParagraph(action)))
			return
		}
		s.renderCandidateApply(w, r, http.StatusOK, v, a, form{})
	}
}

func (s *Server) renderCandidateApply(w http.ResponseWriter, r *http.Request, status int, v *exam.CandidateView, a exam.CandidateAction, f form) {
	// A document may have 10 MB (the store's limit) if the server takes
	// uploads that large.
	limit := min(int64(10<<20), s.cfg.MaxUploadBytes)
	s.render(w, r, status, candidateTemplate(a.Action.Action), page{Title: a.Label, Section: "exam", Form: f,
		Data: candidateApplyData{View: v, Action: a, MaxUpload: candidateSize(limit)}})
}

func (s *Server) candidateApplyPost(action string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u := currentUser(r)
		id, err := candidatePathID(r, "candidateID")
		if err != nil {
			s.fail(w, r, err)
			return
		}
		app, values, ok, err := s.candidateReadApplication(w, r, action)
		if !ok {
			return
		}
		if err == nil && action == exam.ApplyWithdrawal && values.Get("confirm") != "ja" {
			err = wachsam.FieldError("confirm", "Bitte bestätigen Sie, dass Sie die Folgen des Rücktritts kennen.")
		}
		var receipt exam.CandidateReceipt
		if err == nil {
			receipt, err = s.exams.CandidateApply(r.Context(), wachsam.UserActor(u), u.ID, id, app)
		}
		if err != nil {
			if wachsam.ErrorCodeOf(err) == wachsam.ENOTFOUND {
				s.fail(w, r, err)
				return
			}
			s.refuse(w, r, err, func(status int) {
				v, ok := s.candidateView(w, r)
				if !ok {
					return
				}
				a, found := v.Action(action, app.Component, app.ExamDate)
				if !found {
					a = exam.CandidateAction{Action: exam.Action{Action: action, Paragraph: exam.ActionParagraph(action), Component: app.Component, ExamDate: app.ExamDate},
						Label: exam.ActionGerman(action), ComponentName: v.ComponentName(app.Component)}
				}
				s.renderCandidateApply(w, r, status, v, a, formWithError(values, err))
			})
			return
		}
		kind, msg := candidateReceiptNotice(receipt)
		s.setFlash(w, kind, msg)
		http.Redirect(w, r, candidateFileURL(id), http.StatusSeeOther)
	}
}

// candidateReadApplication reads an application from a form, with its
// files when it is multipart. A body too large or broken is answered here
// (ok false); a bad field comes back as err, for the form.
func (s *Server) candidateReadApplication(w http.ResponseWriter, r *http.Request, action string) (app exam.CandidateApplication, values url.Values, ok bool, err error) {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var uploads []exam.CandidateUpload
	if mt == "multipart/form-data" {
		if err := r.ParseMultipartForm(s.cfg.MaxBodyBytes); err != nil {
			s.candidateBodyFailed(w, r, err)
			return app, nil, false, nil
		}
		defer r.MultipartForm.RemoveAll()
		values = r.MultipartForm.Value
		for _, fh := range r.MultipartForm.File["document"] {
			if fh.Filename == "" && fh.Size == 0 {
				continue // the browser sends an empty part when no file was chosen
			}
			f, err := fh.Open()
			if err != nil {
				s.serverError(w, r, err)
				return app, nil, false, nil
			}
			data, err := io.ReadAll(f)
			f.Close()
			if err != nil {
				s.serverError(w, r, err)
				return app, nil, false, nil
			}
			uploads = append(uploads, exam.CandidateUpload{Filename: fh.Filename, Content: data})
		}
	} else {
		if err := r.ParseForm(); err != nil {
			s.candidateBodyFailed(w, r, err)
			return app, nil, false, nil
		}
		values = r.PostForm
	}
	app = exam.CandidateApplication{Action: action, Component: values.Get("component"), Text: values.Get("text"),
		Illness: values.Get("illness") == "ja", MedicalCertificate: values.Get("medical_certificate") == "ja", Uploads: uploads}
	app.ExamDate, err = candidateFormDate("exam_date", values.Get("exam_date"))
	if err == nil && action == exam.ApplyExtension {
		app.Until, err = roundParseDate("until", values.Get("until"))
	}
	return app, values, true, err
}

func (s *Server) candidateBodyFailed(w http.ResponseWriter, r *http.Request, err error) {
	if isTooLarge(err) {
		s.failStatus(w, r, http.StatusRequestEntityTooLarge, tooLargeMessage(s.bodyLimit(r)))
		return
	}
	s.failStatus(w, r, http.StatusBadRequest, "Die Angaben konnten nicht empfangen werden. Bitte senden Sie sie über das Formular.")
}

// candidateReceiptNotice is the notice after an application: what happens
// next, and in red what the candidate must not overlook.
func candidateReceiptNotice(rc exam.CandidateReceipt) (kind, text string) {
	label := exam.ActionGerman(rc.Action)
	if rc.Late && rc.Refusal != nil {
		return flashError, fmt.Sprintf("Eingegangen am %s und vermerkt, aber als verfristet abgelehnt: %s (%s der Prüfungsordnung)",
			rc.Received.German(), rc.Refusal.Reason, rc.Refusal.Paragraph)
	}
	var msg string
	switch rc.Action {
	case exam.ApplyWithdrawal:
		msg = "Ihr Rücktritt ist erfasst. Ohne triftige Gründe gilt die Prüfungsleistung als nicht bestanden (5,0)."
		if !rc.ReasonsUntil.IsZero() {
			msg += " Gründe können Sie bis " + exam.WeekdayDate(rc.ReasonsUntil) + " anzeigen (§9(2))."
		}
		return flashError, msg
	case exam.ApplyInspection:
		msg = "Ihr Antrag auf Einsicht ist eingegangen."
	default:
		msg = fmt.Sprintf("Eingegangen am %s: %s.", rc.Received.German(), label)
		if rc.CaseID != 0 {
			msg += " Der Prüfungsausschuss entscheidet darüber; die Entscheidung erhalten Sie schriftlich."
		}
	}
	msg += " Eine Bestätigung kommt per E-Mail."
	if rc.Warning != "" {
		return flashError, msg + " Bitte beachten Sie: " + rc.Warning
	}
	return flashOK, msg
}
