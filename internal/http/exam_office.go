package http

import (
	"context"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

// Prüfungsamt (/pruefungsamt): seminars, canon, exam dates, candidates,
// attendance, registrations, fees. The office records what happened;
// package exam decides in the store whether the regulation allows it.

// ExamOffice is the part of the exam store these pages use. The office
// sees every seminar and every candidate's file.
type ExamOffice interface {
	OfficeSeminarLines(ctx context.Context) ([]exam.OfficeSeminarLine, error)
	ExamSeminar(ctx context.Context, id int64) (*exam.OfficeSeminar, error)
	CreateExamSeminar(ctx context.Context, actor wachsam.Actor, s *exam.OfficeSeminar) error
	ExamDates(ctx context.Context, seminarID int64) ([]exam.ExamDate, error)
	AnnounceExamDate(ctx context.Context, actor wachsam.Actor, d *exam.ExamDate) error
	AddExamCandidate(ctx context.Context, actor wachsam.Actor, seminarID, userID int64) (*exam.CandidateRecord, error)
	ExamCandidate(ctx context.Context, candidateID int64) (*exam.CandidateRecord, error)
	OfficeExaminers(ctx context.Context) ([]wachsam.User, error)
	OfficeEnrolableAccounts(ctx context.Context, seminarID int64) ([]wachsam.User, error)
	OfficeCandidates(ctx context.Context, seminarID int64) ([]exam.OfficeCandidateRow, error)
	ChangeComponentExaminer(ctx context.Context, actor wachsam.Actor, seminarID, componentID, examinerID int64) error
	OfficeRoster(ctx context.Context, seminarID int64) (*exam.OfficeRoster, error)
	RecordOfficeRoster(ctx context.Context, actor wachsam.Actor, seminarID int64, marks []exam.OfficeAttendanceMark, enteredReason string) (int, error)
	OfficeFile(ctx context.Context, candidateID int64) (*exam.OfficeFile, error)
	RecordSeminarAttendance(ctx context.Context, actor wachsam.Actor, candidateID int64, day wachsam.Date, camera bool, note, enteredReason string) (exam.State, error)
	RecordOnlineNotice(ctx context.Context, actor wachsam.Actor, candidateID int64, on wachsam.Date, note, enteredReason string) (exam.State, error)
	RecordPayment(ctx context.Context, actor wachsam.Actor, candidateID int64, p exam.OfficePayment) (exam.State, error)
	RegisterForExam(ctx context.Context, actor wachsam.Actor, candidateID int64, component string, examDay, on wachsam.Date, note, enteredReason string) (exam.State, error)
	RecordAbsence(ctx context.Context, actor wachsam.Actor, candidateID int64, a exam.OfficeAbsence) (exam.State, error)
	SetCandidateAddress(ctx context.Context, actor wachsam.Actor, candidateID int64, a exam.PostalAddress) (exam.PostalAddress, error)
}

func (s *Server) examOfficePages(r chi.Router) {
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(wachsam.RoleExamOffice))
		r.Get("/pruefungsamt", s.officeSeminars)
		r.Get("/pruefungsamt/seminare/neu", s.officeNewSeminarPage)
		r.Post("/pruefungsamt/seminare/neu", s.officeCreateSeminar)
		r.Get("/pruefungsamt/seminare/{id}", s.officeSeminarPage)
		r.Post("/pruefungsamt/seminare/{id}/termine", s.officeAnnounceDate)
		r.Post("/pruefungsamt/seminare/{id}/pruefungsleistungen/{cid}/pruefer", s.officeChangeExaminer)
		r.Post("/pruefungsamt/seminare/{id}/prueflinge", s.officeEnrol)
		r.Get("/pruefungsamt/seminare/{id}/anwesenheit", s.officeRosterPage)
		r.Get("/pruefungsamt/seminare/{id}/anwesenheit/export", s.officeExportRoster)
		r.Post("/pruefungsamt/seminare/{id}/anwesenheit", s.officeRecordRoster)
		r.Get("/pruefungsamt/pruefling/{id}", s.officeFilePage)
		r.Post("/pruefungsamt/pruefling/{id}/anwesenheit", s.officeRecordAttendance)
		r.Post("/pruefungsamt/pruefling/{id}/hinweis", s.officeRecordNotice)
		r.Post("/pruefungsamt/pruefling/{id}/zahlungen", s.officeRecordPayment)
		r.Post("/pruefungsamt/pruefling/{id}/anmeldungen", s.officeRegister)
		r.Post("/pruefungsamt/pruefling/{id}/versaeumnis", s.officeRecordAbsence)
		r.Post("/pruefungsamt/pruefling/{id}/anschrift", s.officeSetAddress)
	})
}

func (s *Server) examOfficeAPI(r chi.Router) {
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(wachsam.RoleExamOffice))
		r.Get("/exam-office/examiners", s.apiOfficeExaminers)
		r.Get("/exam-office/seminars", s.apiOfficeSeminars)
		r.Post("/exam-office/seminars", s.apiOfficeCreateSeminar)
		r.Get("/exam-office/seminars/{id}", s.apiOfficeSeminar)
		r.Post("/exam-office/seminars/{id}/exam-dates", s.apiOfficeAnnounceDate)
		r.Put("/exam-office/seminars/{id}/components/{cid}/examiner", s.apiOfficeChangeExaminer)
		r.Get("/exam-office/seminars/{id}/enrolable", s.apiOfficeEnrolable)
		r.Post("/exam-office/seminars/{id}/candidates", s.apiOfficeEnrol)
		r.Get("/exam-office/seminars/{id}/attendance", s.apiOfficeRoster)
		r.Post("/exam-office/seminars/{id}/attendance", s.apiOfficeRecordRoster)
		r.Get("/exam-office/candidates/{id}", s.apiOfficeFile)
		r.Post("/exam-office/candidates/{id}/attendance", s.apiOfficeRecordAttendance)
		r.Post("/exam-office/candidates/{id}/online-notice", s.apiOfficeRecordNotice)
		r.Post("/exam-office/candidates/{id}/payments", s.apiOfficeRecordPayment)
		r.Post("/exam-office/candidates/{id}/registrations", s.apiOfficeRegister)
		r.Post("/exam-office/candidates/{id}/absences", s.apiOfficeRecordAbsence)
		r.Put("/exam-office/candidates/{id}/address", s.apiOfficeSetAddress)
	})
}

// examOfficeFuncs are the office pages' template functions.
func examOfficeFuncs(loc *time.Location) template.FuncMap {
	return template.FuncMap{
		// officeInstant: when something was entered, "22.11.2026, 10:00 Uhr" in legal time.
		"officeInstant": func(t time.Time) string { return t.In(loc).Format("02.01.2006, 15:04") + " Uhr" },
		"officeID":      func(id int64) string { return strconv.FormatInt(id, 10) },
		"officeISO":     func(d wachsam.Date) string { return d.String() },
		"officeAdd1":    func(i int) int { return i + 1 },
		// officeDay: "Mo. 07.09.2026", with "(online)" for an online day.
		"officeDay": func(d wachsam.Date, online bool) string {
			s := officeWeekday(d) + " " + d.German()
			if online {
				s += " (online)"
			}
			return s
		},
		"officeWeekday":   officeWeekday,
		"officeField":     func(prefix, name string) string { return prefix + name },
		"officeCell":      func(candidateID int64, d wachsam.Date) string { return officeCellName(candidateID, d) },
		"officeFactLabel": exam.OfficeFactLabel,
		"officeMissing": func(ds []wachsam.Date) string {
			parts := make([]string, len(ds))
			for i, d := range ds {
				parts[i] = d.German()
			}
			return strings.Join(parts, ", ")
		},
	}
}

func officeWeekday(d wachsam.Date) string {
	return [...]string{"So.", "Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa."}[d.Weekday()]
}

// officeCellName names the box of one candidate and day in the
// attendance list: "m_12_2026-09-07".
func officeCellName(candidateID int64, d wachsam.Date) string {
	return "m_" + strconv.FormatInt(candidateID, 10) + "_" + d.String()
}

// officeParam reads a numeric ID from the URL; anything else is a page
// that does not exist.
func (s *Server) officeParam(w http.ResponseWriter, r *http.Request, name, what string) (int64, bool) {
	id, err := strconv.ParseInt(chi.URLParam(r, name), 10, 64)
	if err != nil || id <= 0 {
		s.failStatus(w, r, http.StatusNotFound, what+" gibt es nicht.")
		return 0, false
	}
	return id, true
}

// officeSeminarParam loads the seminar of the URL.
func (s *Server) officeSeminarParam(w http.ResponseWriter, r *http.Request) (*exam.OfficeSeminar, bool) {
	id, ok := s.officeParam(w, r, "id", "Dieses Seminar")
	if !ok {
		return nil, false
	}
	sem, err := s.exams.ExamSeminar(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	return sem, true
}

// officeToday is today in legal time, for the forms' defaults.
func (s *Server) officeToday() wachsam.Date { return wachsam.DateIn(s.cfg.Now(), s.cfg.Location) }
