package http

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

func (s *Server) officeSeminars(w http.ResponseWriter, r *http.Request) {
	lines, err := s.exams.OfficeSeminarLines(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "exam_office_seminars", page{Title: "Prüfungsamt", Section: "office", Data: lines})
}

// officeNewSeminarView is what the new-seminar form shows.
type officeNewSeminarView struct {
	Rows      []int // the component rows of the form, 0…n-1
	Examiners []wachsam.User
}

func (s *Server) officeNewSeminarPage(w http.ResponseWriter, r *http.Request) {
	s.renderNewSeminar(w, r, http.StatusOK, form{Values: url.Values{"rows": {strconv.Itoa(officeDefaultRows)}}})
}

func (s *Server) renderNewSeminar(w http.ResponseWriter, r *http.Request, status int, f form) {
	examiners, err := s.exams.OfficeExaminers(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := officeNewSeminarView{Examiners: examiners}
	for i := range officeRowCount(f.Values) {
		v.Rows = append(v.Rows, i)
	}
	s.render(w, r, status, "exam_office_seminar_new", page{Title: "Neues Seminar", Section: "office", Form: f, Data: v})
}

func (s *Server) officeCreateSeminar(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	v := r.PostForm
	if v.Get("more") != "" {
		// Another row for a component: the form comes back as typed.
		v.Set("rows", strconv.Itoa(min(officeRowCount(v)+1, officeMaxRows)))
		s.renderNewSeminar(w, r, http.StatusOK, form{Values: v})
		return
	}
	sem, err := officeSeminarFromForm(v)
	if err == nil {
		err = s.exams.CreateExamSeminar(r.Context(), wachsam.UserActor(currentUser(r)), &sem)
	}
	if err != nil {
		s.refuse(w, r, err, func(status int) { s.renderNewSeminar(w, r, status, officeSeminarFormError(v, err)) })
		return
	}
	s.setFlash(w, flashOK, "Das Seminar „"+sem.Title+"“ wurde angelegt.")
	http.Redirect(w, r, "/pruefungsamt/seminare/"+strconv.FormatInt(sem.ID, 10), http.StatusSeeOther)
}

// officeSeminarView is everything the seminar page shows.
type officeSeminarView struct {
	Seminar    exam.OfficeSeminar
	Dates      []exam.ExamDate
	Candidates []exam.OfficeCandidateRow
	Examiners  []wachsam.User
	Enrolable  []wachsam.User
	Today      wachsam.Date
}

func (s *Server) officeSeminarPage(w http.ResponseWriter, r *http.Request) {
	if sem, ok := s.officeSeminarParam(w, r); ok {
		s.renderSeminar(w, r, http.StatusOK, sem, form{Values: s.officeSeminarDefaults(nil)})
	}
}

// officeSeminarDefaults are what the seminar page's forms show before
// anyone types; posted values of a refused form take their place.
func (s *Server) officeSeminarDefaults(posted url.Values) url.Values {
	v := url.Values{"announced_on": {s.officeToday().String()}}
	for k, vs := range posted {
		v[k] = vs
	}
	return v
}

func (s *Server) renderSeminar(w http.ResponseWriter, r *http.Request, status int, sem *exam.OfficeSeminar, f form) {
	v := officeSeminarView{Seminar: *sem, Today: s.officeToday()}
	var err error
	if v.Dates, err = s.exams.ExamDates(r.Context(), sem.ID); err == nil {
		if v.Candidates, err = s.exams.OfficeCandidates(r.Context(), sem.ID); err == nil {
			if v.Examiners, err = s.exams.OfficeExaminers(r.Context()); err == nil {
				v.Enrolable, err = s.exams.OfficeEnrolableAccounts(r.Context(), sem.ID)
			}
		}
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "exam_office_seminar", page{Title: sem.Title, Section: "office", Form: f, Data: v})
}

// officeSeminarDone sends the office back to the seminar page with a notice.
func (s *Server) officeSeminarDone(w http.ResponseWriter, r *http.Request, sem *exam.OfficeSeminar, anchor, text string) {
	s.setFlash(w, flashOK, text)
	http.Redirect(w, r, "/pruefungsamt/seminare/"+strconv.FormatInt(sem.ID, 10)+"#"+anchor, http.StatusSeeOther)
}

func (s *Server) officeAnnounceDate(w http.ResponseWriter, r *http.Request) {
	sem, ok := s.officeSeminarParam(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	v := r.PostForm
	d, err := officeExamDateFromForm(v, sem)
	if err == nil {
		err = s.exams.AnnounceExamDate(r.Context(), wachsam.UserActor(currentUser(r)), &d)
	}
	if err != nil {
		s.refuse(w, r, err, func(status int) {
			s.renderSeminar(w, r, status, sem, officeFormError(s.officeSeminarDefaults(v), err, "", map[string]string{"component": "date_component"}))
		})
		return
	}
	text := "Der Termin für " + d.ComponentName + " am " + d.ExamDay.German() + " ist bekannt gegeben (heute, " + d.AnnouncedOn.German() + ")."
	if d.EnteredLater() {
		text = "Der Termin für " + d.ComponentName + " am " + d.ExamDay.German() + " ist nachgetragen (bekannt gegeben am " + d.AnnouncedOn.German() + " außerhalb von wachsam)."
	}
	s.officeSeminarDone(w, r, sem, "termine", text)
}

// officeExamDateFromForm reads the form that announces an exam date; the
// component must be one of this seminar's.
func officeExamDateFromForm(v url.Values, sem *exam.OfficeSeminar) (exam.ExamDate, error) {
	var d exam.ExamDate
	id, err := strconv.ParseInt(v.Get("date_component"), 10, 64)
	for _, c := range sem.Components {
		if err == nil && c.ID == id {
			d.ComponentID = c.ID
		}
	}
	if d.ComponentID == 0 {
		return d, wachsam.FieldError("date_component", "Bitte wählen Sie eine Prüfungsleistung dieses Seminars.")
	}
	if d.ExamDay, err = roundParseDate("exam_day", v.Get("exam_day")); err != nil {
		return d, err
	}
	if v.Get("announced_on") != "" {
		if d.AnnouncedOn, err = roundParseDate("announced_on", v.Get("announced_on")); err != nil {
			return d, err
		}
	}
	d.EnteredReason = v.Get("entered_reason")
	d.Place = v.Get("place")
	return d, nil
}

func (s *Server) officeChangeExaminer(w http.ResponseWriter, r *http.Request) {
	sem, ok := s.officeSeminarParam(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	cid, ok := s.officeParam(w, r, "cid", "Diese Prüfungsleistung")
	if !ok {
		return
	}
	examiner, err := roundParseID("examiner", r.PostForm.Get("examiner"), "Bitte wählen Sie eine Prüferin oder einen Prüfer aus der Liste.")
	if err == nil {
		err = s.exams.ChangeComponentExaminer(r.Context(), wachsam.UserActor(currentUser(r)), sem.ID, cid, examiner)
	}
	if err != nil {
		if wachsam.ErrorCodeOf(err) == wachsam.ENOTFOUND {
			s.fail(w, r, err)
			return
		}
		// Every component has its own form: the message goes on top.
		s.refuse(w, r, err, func(status int) {
			f := formWithError(s.officeSeminarDefaults(nil), err)
			f.General, f.Errors = wachsam.ErrorMessageOf(err), nil
			s.renderSeminar(w, r, status, sem, f)
		})
		return
	}
	s.officeSeminarDone(w, r, sem, "kanon", "Der Prüfer wurde geändert.")
}

func (s *Server) officeEnrol(w http.ResponseWriter, r *http.Request) {
	sem, ok := s.officeSeminarParam(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	user, err := roundParseID("user", r.PostForm.Get("user"), "Bitte wählen Sie ein Konto aus der Liste.")
	if err == nil && user == 0 {
		err = wachsam.FieldError("user", "Bitte wählen Sie ein Konto aus der Liste.")
	}
	var c *exam.CandidateRecord
	if err == nil {
		c, err = s.exams.AddExamCandidate(r.Context(), wachsam.UserActor(currentUser(r)), sem.ID, user)
	}
	if err != nil {
		s.refuse(w, r, err, func(status int) {
			s.renderSeminar(w, r, status, sem, officeFormError(s.officeSeminarDefaults(r.PostForm), err, "", nil))
		})
		return
	}
	s.officeSeminarDone(w, r, sem, "prueflinge", c.Name+" ist als Prüfling "+c.Number+" aufgenommen.")
}
