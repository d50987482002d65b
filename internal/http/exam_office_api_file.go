package http

import (
	"net/http"
	"strconv"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

// The API of candidates' files: the state as package exam folds it (the
// JSON of `wachsam exam check`), what the office recorded, and the writes.
// Every write answers 201 with the file after it.

type apiOfficeCandidate struct {
	ID        int64  `json:"id"`
	SeminarID int64  `json:"seminar_id"`
	UserID    int64  `json:"user_id"`
	Number    string `json:"number"`
	Name      string `json:"name"`
	Email     string `json:"email"`
}

type apiOfficeFee struct {
	Fee         string `json:"fee"`
	Component   string `json:"component,omitempty"`
	Attempt     int    `json:"attempt"`
	AmountCents int64  `json:"amount_cents"`
}

type apiOfficeComponentLine struct {
	Component string               `json:"component"`
	Status    exam.ComponentStatus `json:"status"`
	Grade     string               `json:"grade,omitempty"`
}

type apiOfficeCandidateLine struct {
	apiOfficeCandidate
	Admission  exam.AdmissionState      `json:"admission"`
	Components []apiOfficeComponentLine `json:"components"`
	Overall    exam.OverallState        `json:"overall"`
	FeesDue    []apiOfficeFee           `json:"fees_due"`
}

func officeCandidateOut(c exam.CandidateRecord) apiOfficeCandidate {
	return apiOfficeCandidate{ID: c.ID, SeminarID: c.SeminarID, UserID: c.UserID, Number: c.Number, Name: c.Name, Email: c.Email}
}

func officeFeesOut(fees []exam.OfficeFee) []apiOfficeFee {
	out := make([]apiOfficeFee, len(fees))
	for i, f := range fees {
		out[i] = apiOfficeFee{Fee: f.Fee, Component: f.Component, Attempt: f.Attempt, AmountCents: f.AmountCents}
	}
	return out
}

func officeCandidateLineOut(row exam.OfficeCandidateRow) apiOfficeCandidateLine {
	out := apiOfficeCandidateLine{apiOfficeCandidate: officeCandidateOut(row.Candidate), Admission: row.Admission,
		Components: []apiOfficeComponentLine{}, Overall: row.Overall, FeesDue: officeFeesOut(row.FeesDue)}
	for _, c := range row.Components {
		out.Components = append(out.Components, apiOfficeComponentLine{Component: c.Code, Status: c.Status, Grade: c.Grade})
	}
	return out
}

type apiOfficeAttendance struct {
	Date     wachsam.Date `json:"date"`
	Online   bool         `json:"online"`
	Recorded bool         `json:"recorded"`
}

type apiOfficePayment struct {
	PaidOn      wachsam.Date `json:"paid_on"`
	Fee         string       `json:"fee"`
	Component   string       `json:"component,omitempty"`
	AmountCents int64        `json:"amount_cents"`
	Reference   string       `json:"reference"`
	Note        string       `json:"note"`
}

type apiOfficeRefusal struct {
	Paragraph string `json:"paragraph"`
	Reason    string `json:"reason"`
}

type apiOfficeHistoryLine struct {
	Date        wachsam.Date  `json:"date"`
	Type        exam.FactType `json:"type"`
	Label       string        `json:"label"`
	Component   string        `json:"component,omitempty"`
	ExamDate    wachsam.Date  `json:"exam_date,omitzero"`
	Detail      string        `json:"detail,omitempty"`
	Note        string        `json:"note,omitempty"`
	AmountCents int64         `json:"amount_cents,omitempty"`
	Reference   string        `json:"reference,omitempty"`
	RecordedBy  string        `json:"recorded_by,omitempty"`
	RecordedAt  time.Time     `json:"recorded_at"`
	// EnteredLater: recorded on a later day than its date ("nachgetragen").
	EnteredLater  bool              `json:"entered_later"`
	EnteredReason string            `json:"entered_reason,omitempty"`
	Refused       *apiOfficeRefusal `json:"refused,omitempty"`
}

type apiOfficeFile struct {
	Candidate  apiOfficeCandidate     `json:"candidate"`
	State      exam.State             `json:"state"`
	NoticeOn   *wachsam.Date          `json:"notice_on"`
	Attendance []apiOfficeAttendance  `json:"attendance"`
	Payments   []apiOfficePayment     `json:"payments"`
	FeesDue    []apiOfficeFee         `json:"fees_due"`
	History    []apiOfficeHistoryLine `json:"history"`
}

func officeFileOut(f *exam.OfficeFile) apiOfficeFile {
	out := apiOfficeFile{Candidate: officeCandidateOut(f.Candidate), State: f.State, Attendance: []apiOfficeAttendance{},
		Payments: []apiOfficePayment{}, FeesDue: officeFeesOut(f.FeesDue), History: []apiOfficeHistoryLine{}}
	if !f.NoticeOn.IsZero() {
		out.NoticeOn = &f.NoticeOn
	}
	for _, d := range f.Attendance {
		out.Attendance = append(out.Attendance, apiOfficeAttendance{Date: d.Date, Online: d.Online, Recorded: d.Recorded})
	}
	for _, p := range f.Payments {
		out.Payments = append(out.Payments, apiOfficePayment{PaidOn: p.PaidOn, Fee: p.Fee, Component: p.Component, AmountCents: p.AmountCents, Reference: p.Reference, Note: p.Note})
	}
	for _, h := range f.History {
		l := apiOfficeHistoryLine{Date: h.Date, Type: h.Type, Label: h.Label, Component: h.Component, ExamDate: h.ExamDate, Detail: h.Detail,
			Note: h.Note, AmountCents: h.AmountCents, Reference: h.Reference, RecordedBy: h.RecordedBy, RecordedAt: h.RecordedAt.UTC(),
			EnteredLater: h.EnteredLater, EnteredReason: h.EnteredReason}
		if h.Refusal != nil {
			l.Refused = &apiOfficeRefusal{Paragraph: h.Refusal.Paragraph, Reason: h.Refusal.Reason}
		}
		out.History = append(out.History, l)
	}
	return out
}

func (s *Server) apiOfficeFile(w http.ResponseWriter, r *http.Request) {
	if file, ok := s.officeFileParam(w, r); ok {
		writeJSON(w, http.StatusOK, officeFileOut(file))
	}
}

// apiOfficeWrite decodes the request into in, records it with write and
// answers 201 with the candidate's file after it.
func apiOfficeWrite[T any](s *Server, w http.ResponseWriter, r *http.Request, write func(id int64, in T, actor wachsam.Actor) error) {
	id, ok := s.officeParam(w, r, "id", "Diesen Prüfling")
	if !ok {
		return
	}
	if _, err := s.exams.ExamCandidate(r.Context(), id); err != nil {
		s.fail(w, r, err)
		return
	}
	var in T
	if !s.decodeJSON(w, r, &in) {
		return
	}
	if err := write(id, in, wachsam.UserActor(currentUser(r))); err != nil {
		s.fail(w, r, err)
		return
	}
	file, err := s.exams.OfficeFile(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/exam-office/candidates/"+strconv.FormatInt(id, 10))
	writeJSON(w, http.StatusCreated, officeFileOut(file))
}

type apiOfficeAttendanceIn struct {
	Date            string `json:"date"`
	CameraConfirmed bool   `json:"camera_confirmed"`
	Note            string `json:"note"`
	EnteredReason   string `json:"entered_reason"`
}

func (s *Server) apiOfficeRecordAttendance(w http.ResponseWriter, r *http.Request) {
	apiOfficeWrite(s, w, r, func(id int64, in apiOfficeAttendanceIn, actor wachsam.Actor) error {
		day, err := officeAPIDate("date", in.Date, true)
		if err == nil {
			_, err = s.exams.RecordSeminarAttendance(r.Context(), actor, id, day, in.CameraConfirmed, in.Note, in.EnteredReason)
		}
		return err
	})
}

type apiOfficeNoticeIn struct {
	Date          string `json:"date"`
	Note          string `json:"note"`
	EnteredReason string `json:"entered_reason"`
}

func (s *Server) apiOfficeRecordNotice(w http.ResponseWriter, r *http.Request) {
	apiOfficeWrite(s, w, r, func(id int64, in apiOfficeNoticeIn, actor wachsam.Actor) error {
		on, err := officeAPIDate("date", in.Date, false)
		if err == nil {
			_, err = s.exams.RecordOnlineNotice(r.Context(), actor, id, on, in.Note, in.EnteredReason)
		}
		return err
	})
}

type apiOfficePaymentIn struct {
	Fee           string `json:"fee"`
	Component     string `json:"component"`
	AmountCents   int64  `json:"amount_cents"`
	PaidOn        string `json:"paid_on"`
	Reference     string `json:"reference"`
	Note          string `json:"note"`
	EnteredReason string `json:"entered_reason"`
}

func (s *Server) apiOfficeRecordPayment(w http.ResponseWriter, r *http.Request) {
	apiOfficeWrite(s, w, r, func(id int64, in apiOfficePaymentIn, actor wachsam.Actor) error {
		on, err := officeAPIDate("paid_on", in.PaidOn, false)
		if err == nil {
			_, err = s.exams.RecordPayment(r.Context(), actor, id, exam.OfficePayment{PaidOn: on, Fee: in.Fee, Component: in.Component,
				AmountCents: in.AmountCents, Reference: in.Reference, Note: in.Note, EnteredReason: in.EnteredReason})
		}
		return err
	})
}

type apiOfficeRegistrationIn struct {
	Component     string `json:"component"`
	ExamDate      string `json:"exam_date"`
	Date          string `json:"date"`
	Note          string `json:"note"`
	EnteredReason string `json:"entered_reason"`
}

func (s *Server) apiOfficeRegister(w http.ResponseWriter, r *http.Request) {
	apiOfficeWrite(s, w, r, func(id int64, in apiOfficeRegistrationIn, actor wachsam.Actor) error {
		day, err := officeAPIDate("exam_date", in.ExamDate, true)
		var on wachsam.Date
		if err == nil {
			on, err = officeAPIDate("date", in.Date, false)
		}
		if err == nil {
			_, err = s.exams.RegisterForExam(r.Context(), actor, id, in.Component, day, on, in.Note, in.EnteredReason)
		}
		return err
	})
}

type apiOfficeAbsenceIn struct {
	Kind          string `json:"kind"`
	Component     string `json:"component"`
	ExamDate      string `json:"exam_date"`
	Date          string `json:"date"`
	Note          string `json:"note"`
	EnteredReason string `json:"entered_reason"`
}

func (s *Server) apiOfficeRecordAbsence(w http.ResponseWriter, r *http.Request) {
	apiOfficeWrite(s, w, r, func(id int64, in apiOfficeAbsenceIn, actor wachsam.Actor) error {
		a := exam.OfficeAbsence{Kind: exam.FactType(in.Kind), Component: in.Component, Note: in.Note, EnteredReason: in.EnteredReason}
		var err error
		if a.ExamDate, err = officeAPIDate("exam_date", in.ExamDate, true); err == nil {
			a.On, err = officeAPIDate("date", in.Date, false)
		}
		if err == nil {
			_, err = s.exams.RecordAbsence(r.Context(), actor, id, a)
		}
		return err
	})
}
