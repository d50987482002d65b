package http

import (
	"net/http"
	"strconv"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
	"github.com/wachsam/wachsam/internal/export"
)

// The API of a seminar's people: the accounts that can be enrolled, the
// enrolment, and the attendance list (§2(1)).

func (s *Server) apiOfficeEnrolable(w http.ResponseWriter, r *http.Request) {
	id, ok := s.officeParam(w, r, "id", "Dieses Seminar")
	if !ok {
		return
	}
	users, err := s.exams.OfficeEnrolableAccounts(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, officeAccountsOut(users))
}

func (s *Server) apiOfficeEnrol(w http.ResponseWriter, r *http.Request) {
	sem, ok := s.officeSeminarParam(w, r)
	if !ok {
		return
	}
	var in struct {
		UserID int64 `json:"user_id"`
	}
	if !s.decodeJSON(w, r, &in) {
		return
	}
	c, err := s.exams.AddExamCandidate(r.Context(), wachsam.UserActor(currentUser(r)), sem.ID, in.UserID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/exam-office/candidates/"+strconv.FormatInt(c.ID, 10))
	writeJSON(w, http.StatusCreated, officeCandidateOut(*c))
}

type apiOfficeRoster struct {
	SeminarID  int64                 `json:"seminar_id"`
	Days       []apiOfficeDay        `json:"days"`
	Candidates []apiOfficeRosterLine `json:"candidates"`
}

type apiOfficeRosterLine struct {
	apiOfficeCandidate
	Admitted bool           `json:"admitted"`
	Attended []wachsam.Date `json:"attended"`
}

func (s *Server) apiOfficeRoster(w http.ResponseWriter, r *http.Request) {
	if id, ok := s.officeParam(w, r, "id", "Dieses Seminar"); ok {
		if s.servedAsFile(w, r, func(f export.Format) { s.sendRoster(w, r, id, f) }) {
			return
		}
		s.writeOfficeRoster(w, r, id)
	}
}

func (s *Server) writeOfficeRoster(w http.ResponseWriter, r *http.Request, id int64) {
	roster, err := s.exams.OfficeRoster(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := apiOfficeRoster{SeminarID: roster.Seminar.ID, Days: []apiOfficeDay{}, Candidates: []apiOfficeRosterLine{}}
	for _, d := range roster.Seminar.Days {
		out.Days = append(out.Days, apiOfficeDay{Date: d.Date, Online: d.Online})
	}
	for _, row := range roster.Rows {
		l := apiOfficeRosterLine{apiOfficeCandidate: officeCandidateOut(row.Candidate), Admitted: row.Admission.Granted, Attended: []wachsam.Date{}}
		for _, d := range row.Days {
			if d.Recorded {
				l.Attended = append(l.Attended, d.Date)
			}
		}
		out.Candidates = append(out.Candidates, l)
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiOfficeRecordRoster(w http.ResponseWriter, r *http.Request) {
	id, ok := s.officeParam(w, r, "id", "Dieses Seminar")
	if !ok {
		return
	}
	var in struct {
		Marks []struct {
			CandidateID     int64  `json:"candidate_id"`
			Date            string `json:"date"`
			CameraConfirmed bool   `json:"camera_confirmed"`
		} `json:"marks"`
		EnteredReason string `json:"entered_reason"`
	}
	if !s.decodeJSON(w, r, &in) {
		return
	}
	marks := make([]exam.OfficeAttendanceMark, len(in.Marks))
	for i, m := range in.Marks {
		d, err := officeAPIDate("marks["+strconv.Itoa(i)+"].date", m.Date, true)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		marks[i] = exam.OfficeAttendanceMark{CandidateID: m.CandidateID, Day: d, CameraConfirmed: m.CameraConfirmed}
	}
	n, err := s.exams.RecordOfficeRoster(r.Context(), wachsam.UserActor(currentUser(r)), id, marks, in.EnteredReason)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]int{"recorded": n})
}
