package http

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

// The seminar's attendance list (§2(1)): one box per candidate and day; on
// an online day the box confirms presence shown by the camera. Days already
// recorded show as recorded; only new boxes are written.

func (s *Server) officeRosterPage(w http.ResponseWriter, r *http.Request) {
	if sem, ok := s.officeSeminarParam(w, r); ok {
		s.renderRoster(w, r, http.StatusOK, sem, form{})
	}
}

func (s *Server) renderRoster(w http.ResponseWriter, r *http.Request, status int, sem *exam.OfficeSeminar, f form) {
	roster, err := s.exams.OfficeRoster(r.Context(), sem.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "exam_office_roster", page{Title: "Anwesenheitsliste: " + sem.Title, Section: "office", Form: f, Data: roster})
}

func (s *Server) officeRecordRoster(w http.ResponseWriter, r *http.Request) {
	sem, ok := s.officeSeminarParam(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	marks, err := officeRosterMarks(r.PostForm)
	n := 0
	if err == nil {
		n, err = s.exams.RecordOfficeRoster(r.Context(), wachsam.UserActor(currentUser(r)), sem.ID, marks, r.PostFormValue("entered_reason"))
	}
	if err != nil {
		if wachsam.ErrorCodeOf(err) == wachsam.ENOTFOUND {
			s.fail(w, r, err)
			return
		}
		s.refuse(w, r, err, func(status int) { s.renderRoster(w, r, status, sem, formWithError(r.PostForm, err)) })
		return
	}
	text := "Keine Änderungen: alle angekreuzten Tage waren bereits erfasst."
	switch {
	case n == 1:
		text = "1 Anwesenheit ist erfasst."
	case n > 1:
		text = strconv.Itoa(n) + " Anwesenheiten sind erfasst."
	}
	s.setFlash(w, flashOK, text)
	http.Redirect(w, r, "/pruefungsamt/seminare/"+strconv.FormatInt(sem.ID, 10)+"/anwesenheit", http.StatusSeeOther)
}

// officeRosterMarks reads the ticked boxes "m_<candidate>_<day>". A box
// always means present; on an online day its label says presence by
// camera, so the camera is confirmed with it.
func officeRosterMarks(v url.Values) ([]exam.OfficeAttendanceMark, error) {
	keys := make([]string, 0, len(v))
	for k := range v {
		if strings.HasPrefix(k, "m_") {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	marks := make([]exam.OfficeAttendanceMark, 0, len(keys))
	for _, k := range keys {
		id, day, ok := strings.Cut(strings.TrimPrefix(k, "m_"), "_")
		cid, err := strconv.ParseInt(id, 10, 64)
		d, derr := wachsam.ParseDate(day)
		if !ok || err != nil || derr != nil || v.Get(k) != "ja" {
			return nil, wachsam.Errorf(wachsam.EINVALID, "Die Anwesenheitsliste enthält ein unbekanntes Feld; bitte laden Sie die Seite neu.")
		}
		marks = append(marks, exam.OfficeAttendanceMark{CandidateID: cid, Day: d, CameraConfirmed: true})
	}
	return marks, nil
}
