package http

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

// The exam office's API (/api/v1/exam-office) mirrors its pages: JSON with
// snake_case names, dates as "2026-09-07", amounts in cents, components by
// their code. Dates in requests are strings, so a wrong one is a 422 that
// names the field, not a decoding error.

type apiOfficePart struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Weight int64  `json:"weight"`
}

type apiOfficeComponentIn struct {
	Code       string          `json:"code"`
	Name       string          `json:"name"`
	ExaminerID *int64          `json:"examiner_id"`
	Parts      []apiOfficePart `json:"parts"`
}

type apiOfficeComponent struct {
	ID           int64           `json:"id"`
	Code         string          `json:"code"`
	Name         string          `json:"name"`
	ExaminerID   *int64          `json:"examiner_id"`
	ExaminerName string          `json:"examiner_name"`
	Parts        []apiOfficePart `json:"parts"`
}

type apiOfficeDayIn struct {
	Date   string `json:"date"`
	Online bool   `json:"online"`
}

type apiOfficeDay struct {
	Date   wachsam.Date `json:"date"`
	Online bool         `json:"online"`
}

type apiOfficeSeminarIn struct {
	Title          string                 `json:"title"`
	LeaderName     string                 `json:"leader_name"`
	ExamFeeCents   int64                  `json:"exam_fee_cents"`
	RetakeFeeCents int64                  `json:"retake_fee_cents"`
	Days           []apiOfficeDayIn       `json:"days"`
	Components     []apiOfficeComponentIn `json:"components"`
}

type apiOfficeSeminar struct {
	ID             int64                `json:"id"`
	Title          string               `json:"title"`
	LeaderName     string               `json:"leader_name"`
	ExamFeeCents   int64                `json:"exam_fee_cents"`
	RetakeFeeCents int64                `json:"retake_fee_cents"`
	Days           []apiOfficeDay       `json:"days"`
	Components     []apiOfficeComponent `json:"components"`
	Candidates     *int                 `json:"candidates,omitempty"`
	NextExam       *wachsam.Date        `json:"next_exam,omitempty"`
}

type apiOfficeExamDate struct {
	ID            int64        `json:"id"`
	ComponentID   int64        `json:"component_id"`
	Component     string       `json:"component"`
	ComponentName string       `json:"component_name"`
	ExamDay       wachsam.Date `json:"exam_day"`
	AnnouncedOn   wachsam.Date `json:"announced_on"`
	Place         string       `json:"place"`
	EnteredLater  bool         `json:"entered_later"`
	EnteredReason string       `json:"entered_reason,omitempty"`
	RecordedBy    string       `json:"recorded_by,omitempty"`
	RecordedAt    time.Time    `json:"recorded_at"`
}

type apiOfficeAccount struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
}

func officeSeminarOut(sem exam.OfficeSeminar) apiOfficeSeminar {
	out := apiOfficeSeminar{ID: sem.ID, Title: sem.Title, LeaderName: sem.LeaderName, ExamFeeCents: sem.ExamFeeCents,
		RetakeFeeCents: sem.RetakeFeeCents, Days: []apiOfficeDay{}, Components: []apiOfficeComponent{}}
	for _, d := range sem.Days {
		out.Days = append(out.Days, apiOfficeDay{Date: d.Date, Online: d.Online})
	}
	for _, c := range sem.Components {
		ac := apiOfficeComponent{ID: c.ID, Code: c.Code, Name: c.Name, ExaminerID: c.ExaminerID, ExaminerName: c.ExaminerName, Parts: []apiOfficePart{}}
		for _, p := range c.Parts {
			ac.Parts = append(ac.Parts, apiOfficePart(p))
		}
		out.Components = append(out.Components, ac)
	}
	return out
}

func officeDateOut(d exam.ExamDate) apiOfficeExamDate {
	return apiOfficeExamDate{ID: d.ID, ComponentID: d.ComponentID, Component: d.ComponentCode, ComponentName: d.ComponentName,
		ExamDay: d.ExamDay, AnnouncedOn: d.AnnouncedOn, Place: d.Place,
		EnteredLater: d.EnteredLater(), EnteredReason: d.EnteredReason, RecordedBy: d.RecordedBy, RecordedAt: d.RecordedAt}
}

func officeAccountsOut(users []wachsam.User) []apiOfficeAccount {
	out := make([]apiOfficeAccount, len(users))
	for i, u := range users {
		out[i] = apiOfficeAccount{ID: u.ID, Name: u.Name, Email: u.Email}
	}
	return out
}

// officeAPIDate reads a date of a request ("2026-09-07"); empty gives the
// zero date unless the field is required.
func officeAPIDate(field, input string, required bool) (wachsam.Date, error) {
	if strings.TrimSpace(input) == "" {
		if required {
			return wachsam.Date{}, wachsam.FieldError(field, "Bitte geben Sie das Datum an (JJJJ-MM-TT).")
		}
		return wachsam.Date{}, nil
	}
	d, err := wachsam.ParseDate(strings.TrimSpace(input))
	if err != nil {
		return d, wachsam.FieldError(field, "„%s“ ist kein Datum im Format JJJJ-MM-TT.", input)
	}
	return d, nil
}

func (s *Server) apiOfficeExaminers(w http.ResponseWriter, r *http.Request) {
	users, err := s.exams.OfficeExaminers(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, officeAccountsOut(users))
}

func (s *Server) apiOfficeSeminars(w http.ResponseWriter, r *http.Request) {
	lines, err := s.exams.OfficeSeminarLines(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]apiOfficeSeminar, len(lines))
	for i, l := range lines {
		out[i] = officeSeminarOut(l.Seminar)
		out[i].Candidates = &lines[i].Candidates
		if !l.NextExam.IsZero() {
			out[i].NextExam = &lines[i].NextExam
		}
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiOfficeCreateSeminar(w http.ResponseWriter, r *http.Request) {
	var in apiOfficeSeminarIn
	if !s.decodeJSON(w, r, &in) {
		return
	}
	sem := exam.OfficeSeminar{Title: in.Title, LeaderName: strings.TrimSpace(in.LeaderName), ExamFeeCents: in.ExamFeeCents, RetakeFeeCents: in.RetakeFeeCents}
	for i, d := range in.Days {
		day, err := officeAPIDate("days["+strconv.Itoa(i)+"].date", d.Date, true)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		sem.Days = append(sem.Days, exam.SeminarDay{Date: day, Online: d.Online})
	}
	for _, c := range in.Components {
		oc := exam.OfficeComponent{Code: c.Code, Name: c.Name, ExaminerID: c.ExaminerID}
		for _, p := range c.Parts {
			oc.Parts = append(oc.Parts, exam.OfficePart(p))
		}
		sem.Components = append(sem.Components, oc)
	}
	err := sem.CheckBounds()
	if err == nil {
		err = s.exams.CreateExamSeminar(r.Context(), wachsam.UserActor(currentUser(r)), &sem)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeOfficeSeminar(w, r, http.StatusCreated, sem.ID)
}

// apiOfficeSeminarDetail is a seminar with its exam dates and candidates.
type apiOfficeSeminarDetail struct {
	Seminar    apiOfficeSeminar         `json:"seminar"`
	ExamDates  []apiOfficeExamDate      `json:"exam_dates"`
	Candidates []apiOfficeCandidateLine `json:"candidates"`
}

func (s *Server) apiOfficeSeminar(w http.ResponseWriter, r *http.Request) {
	if id, ok := s.officeParam(w, r, "id", "Dieses Seminar"); ok {
		s.writeOfficeSeminar(w, r, http.StatusOK, id)
	}
}

// writeOfficeSeminar answers with the seminar as it is stored now.
func (s *Server) writeOfficeSeminar(w http.ResponseWriter, r *http.Request, status int, id int64) {
	sem, err := s.exams.ExamSeminar(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	dates, err := s.exams.ExamDates(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rows, err := s.exams.OfficeCandidates(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := apiOfficeSeminarDetail{Seminar: officeSeminarOut(*sem), ExamDates: []apiOfficeExamDate{}, Candidates: []apiOfficeCandidateLine{}}
	for _, d := range dates {
		out.ExamDates = append(out.ExamDates, officeDateOut(d))
	}
	for _, row := range rows {
		out.Candidates = append(out.Candidates, officeCandidateLineOut(row))
	}
	if status == http.StatusCreated {
		w.Header().Set("Location", "/api/v1/exam-office/seminars/"+strconv.FormatInt(id, 10))
	}
	writeJSON(w, status, out)
}

func (s *Server) apiOfficeAnnounceDate(w http.ResponseWriter, r *http.Request) {
	sem, ok := s.officeSeminarParam(w, r)
	if !ok {
		return
	}
	var in struct {
		Component     string `json:"component"`
		ExamDay       string `json:"exam_day"`
		AnnouncedOn   string `json:"announced_on"`
		EnteredReason string `json:"entered_reason"`
		Place         string `json:"place"`
	}
	if !s.decodeJSON(w, r, &in) {
		return
	}
	d := exam.ExamDate{Place: in.Place, EnteredReason: in.EnteredReason}
	for _, c := range sem.Components {
		if c.Code == strings.TrimSpace(in.Component) {
			d.ComponentID = c.ID
		}
	}
	var err error
	if d.ComponentID == 0 {
		err = wachsam.FieldError("component", "Diese Prüfungsleistung gehört nicht zum Seminar.")
	}
	if err == nil {
		d.ExamDay, err = officeAPIDate("exam_day", in.ExamDay, true)
	}
	if err == nil {
		d.AnnouncedOn, err = officeAPIDate("announced_on", in.AnnouncedOn, false)
	}
	if err == nil {
		err = s.exams.AnnounceExamDate(r.Context(), wachsam.UserActor(currentUser(r)), &d)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/exam-office/seminars/"+strconv.FormatInt(sem.ID, 10))
	writeJSON(w, http.StatusCreated, officeDateOut(d))
}

func (s *Server) apiOfficeChangeExaminer(w http.ResponseWriter, r *http.Request) {
	sem, ok := s.officeSeminarParam(w, r)
	if !ok {
		return
	}
	cid, ok := s.officeParam(w, r, "cid", "Diese Prüfungsleistung")
	if !ok {
		return
	}
	var in struct {
		ExaminerID int64 `json:"examiner_id"`
	}
	if !s.decodeJSON(w, r, &in) {
		return
	}
	if err := s.exams.ChangeComponentExaminer(r.Context(), wachsam.UserActor(currentUser(r)), sem.ID, cid, in.ExaminerID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeOfficeSeminar(w, r, http.StatusOK, sem.ID)
}
