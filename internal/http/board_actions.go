package http

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

// The board's actions on a case page: the vote (§4(4)), closing it, the
// chair's decision alone (§4(3)), the findings of §6(3) and the hearing of
// §11(3). Each answers with the case page: a redirect with a notice, or
// the page again with the refusal.

func (s *Server) boardVote(w http.ResponseWriter, r *http.Request) {
	id, ok := s.boardCaseID(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	u := currentUser(r)
	vote, err := exam.ParseBoardVote(r.PostFormValue("vote"))
	if err != nil {
		s.boardRefused(w, r, id, err)
		return
	}
	out, err := s.exams.CastBoardVote(r.Context(), wachsam.UserActor(u), u.ID, id, vote, r.PostFormValue("comment"), boardLetterPDF)
	if err != nil {
		s.boardRefused(w, r, id, err)
		return
	}
	msg, kind := fmt.Sprintf("Ihre Stimme „%s“ ist gespeichert.", vote.German()), flashOK
	switch {
	case out.Closed:
		msg += fmt.Sprintf(" Alle Mitglieder haben abgestimmt. %s Der Bescheid ist erstellt.", out.Case.DecisionSentence())
	case out.Note != "":
		msg, kind = msg+" "+out.Note, flashError
	}
	s.setFlash(w, kind, msg)
	http.Redirect(w, r, boardCasePath(id), http.StatusSeeOther)
}

func (s *Server) boardClose(w http.ResponseWriter, r *http.Request) {
	id, ok := s.boardCaseID(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	u := currentUser(r)
	c, err := s.exams.CloseBoardVote(r.Context(), wachsam.UserActor(u), u.ID, id, boardLetterPDF)
	if err != nil {
		s.boardRefused(w, r, id, err)
		return
	}
	s.setFlash(w, flashOK, fmt.Sprintf("Die Abstimmung ist geschlossen: %s Der Bescheid ist erstellt.", c.Outcome))
	http.Redirect(w, r, boardCasePath(id), http.StatusSeeOther)
}

func (s *Server) boardChairDecides(w http.ResponseWriter, r *http.Request) {
	id, ok := s.boardCaseID(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	u := currentUser(r)
	var accept bool
	switch r.PostFormValue("decision") {
	case "accept":
		accept = true
	case "reject":
	default:
		s.boardRefused(w, r, id, wachsam.FieldError("decision", "Bitte wählen Sie, ob dem Antrag stattgegeben oder ob er abgelehnt wird."))
		return
	}
	c, err := s.exams.DecideBoardCaseAsChair(r.Context(), wachsam.UserActor(u), u.ID, id, accept, boardLetterPDF)
	if err != nil {
		s.boardRefused(w, r, id, err)
		return
	}
	s.setFlash(w, flashOK, fmt.Sprintf("Sie haben allein entschieden (§4(3)). %s Der Bescheid ist erstellt.", c.DecisionSentence()))
	http.Redirect(w, r, boardCasePath(id), http.StatusSeeOther)
}

func (s *Server) boardFindings(w http.ResponseWriter, r *http.Request) {
	id, ok := s.boardCaseID(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	u := currentUser(r)
	f := exam.Findings{NotResponsible: r.PostFormValue("not_responsible") == "ja", ExpectationOfSuccess: r.PostFormValue("expectation") == "ja"}
	n, err := s.exams.SetBoardFindings(r.Context(), wachsam.UserActor(u), u.ID, id, f)
	if err != nil {
		s.boardRefused(w, r, id, err)
		return
	}
	msg := "Die Feststellungen nach §6(3) sind gespeichert."
	if n > 0 {
		msg += fmt.Sprintf(" %d bereits abgegebene Stimmen galten dem früheren Antrag und wurden zurückgesetzt; bitte erneut abstimmen.", n)
	}
	s.setFlash(w, flashOK, msg)
	http.Redirect(w, r, boardCasePath(id), http.StatusSeeOther)
}

func (s *Server) boardHearing(w http.ResponseWriter, r *http.Request) {
	id, ok := s.boardCaseID(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	u := currentUser(r)
	on, err := boardFormDate("date", r.PostFormValue("date"))
	if err == nil {
		err = s.exams.RecordBoardHearing(r.Context(), wachsam.UserActor(u), u.ID, id, on, r.PostFormValue("minutes"))
	}
	if err != nil {
		s.boardRefused(w, r, id, err)
		return
	}
	s.setFlash(w, flashOK, fmt.Sprintf("Die Anhörung vom %s ist erfasst (§11(3)).", on.German()))
	http.Redirect(w, r, boardCasePath(id), http.StatusSeeOther)
}

// boardRequestEvidence asks the candidate for evidence; they are mailed.
func (s *Server) boardRequestEvidence(w http.ResponseWriter, r *http.Request) {
	id, ok := s.boardCaseID(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	u := currentUser(r)
	if err := s.exams.RequestBoardEvidence(r.Context(), wachsam.UserActor(u), u.ID, id, r.PostFormValue("evidence")); err != nil {
		s.boardRefused(w, r, id, err)
		return
	}
	s.setFlash(w, flashOK, "Der Prüfling ist per E-Mail um die Beweismittel gebeten worden.")
	http.Redirect(w, r, boardCasePath(id), http.StatusSeeOther)
}

// boardFormDate reads a date field: the browser's date input sends
// 2026-11-22; a person typing may write 22.11.2026.
func boardFormDate(field, input string) (wachsam.Date, error) {
	s := strings.TrimSpace(input)
	if s == "" {
		return wachsam.Date{}, wachsam.FieldError(field, "Bitte geben Sie ein Datum an.")
	}
	if d, err := wachsam.ParseDate(s); err == nil {
		return d, nil
	}
	if parts := strings.Split(s, "."); len(parts) == 3 && len(parts[2]) == 4 && len(parts[0]) <= 2 && len(parts[1]) <= 2 {
		if d, err := wachsam.ParseDate(fmt.Sprintf("%s-%02s-%02s", parts[2], parts[1], parts[0])); err == nil {
			return d, nil
		}
	}
	return wachsam.Date{}, wachsam.FieldError(field, "„%s“ ist kein Datum. Bitte geben Sie es wie 22.11.2026 an.", input)
}
