package http

import (
	"fmt"
	"mime"
	"net/http"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

// The candidate's file in JSON (/api/v1/candidate): the same view and the
// same applications as the pages, for the signed-in person's own files only.

type apiCandidateSummary struct {
	ID           int64                 `json:"id"`
	Number       string                `json:"number"`
	SeminarID    int64                 `json:"seminar_id"`
	SeminarTitle string                `json:"seminar_title"`
	Overall      exam.OverallState     `json:"overall"`
	NextDeadline *apiCandidateDeadline `json:"next_deadline"`
}

type apiCandidateDeadline struct {
	exam.DeadlineState
	Title       string `json:"title"`
	Text        string `json:"text"`
	LastDayText string `json:"last_day_text"`
	Shift       string `json:"shift,omitempty"`
	Own         bool   `json:"own"`
}

type apiCandidateFile struct {
	ID              int64                      `json:"id"`
	Number          string                     `json:"number"`
	Name            string                     `json:"name"`
	SeminarID       int64                      `json:"seminar_id"`
	SeminarTitle    string                     `json:"seminar_title"`
	Regulation      string                     `json:"regulation_title"`
	ResultsWithheld bool                       `json:"results_withheld"`
	State           exam.State                 `json:"state"`
	Deadlines       []apiCandidateDeadline     `json:"deadlines"`
	Registration    []apiCandidateRegistration `json:"registration"`
	FeesDue         []apiCandidateFee          `json:"fees_due"`
	Actions         []apiCandidateAction       `json:"actions"`
	Decisions       []apiCandidateCase         `json:"decisions"`
	Documents       []apiCandidateDocument     `json:"documents"`
	CertificateURL  string                     `json:"certificate_url,omitempty"`
	// EnteredLater: facts the office entered after their day, with its reason.
	EnteredLater []exam.CandidateEnteredLater `json:"entered_later"`
}

type apiCandidateRegistration struct {
	Component string             `json:"component"`
	Attempt   int                `json:"attempt"`
	Until     wachsam.Date       `json:"until"`
	Paragraph string             `json:"paragraph"`
	Dates     []apiCandidateDate `json:"dates"`
}

type apiCandidateDate struct {
	ExamDate wachsam.Date `json:"exam_date"`
	Place    string       `json:"place"`
}

type apiCandidateFee struct {
	Fee         string `json:"fee"`
	Component   string `json:"component,omitempty"`
	Attempt     int    `json:"attempt"`
	AmountCents int64  `json:"amount_cents"`
}

type apiCandidateAction struct {
	exam.Action
	Label string `json:"label"`
	Late  bool   `json:"late"`
}

type apiCandidateCase struct {
	ID          int64        `json:"id"`
	Motion      exam.Motion  `json:"motion"`
	MotionLabel string       `json:"motion_label"`
	Component   string       `json:"component,omitempty"`
	ExamDate    wachsam.Date `json:"exam_date,omitzero"`
	Status      string       `json:"status"`
	StatusLabel string       `json:"status_label"`
	OpenedAt    time.Time    `json:"opened_at"`
	DecidedOn   wachsam.Date `json:"decided_on,omitzero"`
	Accepted    *bool        `json:"accepted"`
	Outcome     string       `json:"outcome,omitempty"`
	LetterURL   string       `json:"letter_url,omitempty"`
}

type apiCandidateDocument struct {
	ID          int64        `json:"id"`
	Kind        string       `json:"kind"`
	Filename    string       `json:"filename"`
	ContentType string       `json:"content_type"`
	SizeBytes   int64        `json:"size_bytes"`
	Component   string       `json:"component,omitempty"`
	ExamDate    wachsam.Date `json:"exam_date,omitzero"`
	UploadedAt  time.Time    `json:"uploaded_at"`
	URL         string       `json:"url"`
}

// apiCandidateApplication is the JSON body of an application.
type apiCandidateApplication struct {
	Component string `json:"component"`
	ExamDate  string `json:"exam_date"`
	Text      string `json:"text"`
	Illness   bool   `json:"illness"`
	Until     string `json:"until"`
}

func apiCandidateDeadlineOf(d exam.CandidateDeadline) apiCandidateDeadline {
	return apiCandidateDeadline{DeadlineState: d.DeadlineState, Title: d.Title, Text: d.Text, LastDayText: d.LastDayText, Shift: d.Shift, Own: d.Own}
}

func (s *Server) apiCandidateFiles(w http.ResponseWriter, r *http.Request) {
	files, err := s.exams.CandidateFileSummaries(r.Context(), currentUser(r).ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]apiCandidateSummary, 0, len(files))
	for _, f := range files {
		a := apiCandidateSummary{ID: f.Record.ID, Number: f.Record.Number, SeminarID: f.Record.SeminarID, SeminarTitle: f.SeminarTitle, Overall: f.Overall}
		if f.Next != nil {
			d := apiCandidateDeadlineOf(*f.Next)
			a.NextDeadline = &d
		}
		out = append(out, a)
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiCandidateFile(w http.ResponseWriter, r *http.Request) {
	id, err := candidatePathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.exams.CandidateFile(r.Context(), currentUser(r).ID, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := apiCandidateFile{ID: v.Record.ID, Number: v.Record.Number, Name: v.Record.Name, SeminarID: v.Seminar.ID, SeminarTitle: v.Seminar.Title,
		Regulation: v.Reg, ResultsWithheld: v.Withheld, State: v.State, Deadlines: []apiCandidateDeadline{}, Registration: []apiCandidateRegistration{},
		FeesDue: []apiCandidateFee{}, Actions: []apiCandidateAction{}, Decisions: []apiCandidateCase{}, Documents: []apiCandidateDocument{},
		EnteredLater: v.EnteredLater}
	for _, d := range v.Deadlines {
		out.Deadlines = append(out.Deadlines, apiCandidateDeadlineOf(d))
	}
	for _, reg := range v.Registration {
		ar := apiCandidateRegistration{Component: reg.Component, Attempt: reg.Attempt, Until: reg.Until, Paragraph: reg.Paragraph, Dates: []apiCandidateDate{}}
		for _, d := range reg.Dates {
			ar.Dates = append(ar.Dates, apiCandidateDate{ExamDate: d.ExamDay, Place: d.Place})
		}
		out.Registration = append(out.Registration, ar)
	}
	for _, f := range v.Fees {
		out.FeesDue = append(out.FeesDue, apiCandidateFee{Fee: f.Fee, Component: f.Component, Attempt: f.Attempt, AmountCents: f.AmountCents})
	}
	for _, a := range v.Actions {
		out.Actions = append(out.Actions, apiCandidateAction{Action: a.Action, Label: a.Label, Late: a.Late})
	}
	for _, c := range v.Cases {
		ac := apiCandidateCase{ID: c.ID, Motion: c.Motion, MotionLabel: c.Motion.German(), Component: c.Component, ExamDate: c.ExamDate,
			Status: c.Status, StatusLabel: c.StatusGerman(), OpenedAt: c.OpenedAt.UTC(), DecidedOn: c.DecidedOn, Accepted: c.Accepted, Outcome: c.Outcome}
		if c.Decided() {
			ac.LetterURL = fmt.Sprintf("/pruefung/%d/bescheide/%d.pdf", v.Record.ID, c.ID)
		}
		out.Decisions = append(out.Decisions, ac)
	}
	for _, d := range v.Documents {
		out.Documents = append(out.Documents, apiCandidateDocument{ID: d.ID, Kind: d.Kind, Filename: d.Filename, ContentType: d.ContentType,
			SizeBytes: d.SizeBytes, Component: d.Component, ExamDate: d.ExamDate, UploadedAt: d.UploadedAt.UTC(),
			URL: fmt.Sprintf("/pruefung/%d/dokumente/%d", v.Record.ID, d.ID)})
	}
	if v.State.Certificate != nil {
		out.CertificateURL = fmt.Sprintf("/pruefung/%d/zeugnis.pdf", v.Record.ID)
	}
	writeJSON(w, http.StatusOK, out)
}

// apiCandidateApply takes an application as JSON, or as multipart form
// data with files in the part "document".
func (s *Server) apiCandidateApply(action string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u := currentUser(r)
		id, err := candidatePathID(r, "id")
		if err != nil {
			s.fail(w, r, err)
			return
		}
		var app exam.CandidateApplication
		switch mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt {
		case "multipart/form-data":
			var ok bool
			if app, _, ok, err = s.candidateReadApplication(w, r, action); !ok {
				return
			}
		default:
			var in apiCandidateApplication
			if !s.decodeJSON(w, r, &in) {
				return
			}
			app = exam.CandidateApplication{Action: action, Component: in.Component, Text: in.Text, Illness: in.Illness}
			app.ExamDate, err = candidateFormDate("exam_date", in.ExamDate)
			if err == nil && action == exam.ApplyExtension {
				app.Until, err = roundParseDate("until", in.Until)
			}
		}
		var receipt exam.CandidateReceipt
		if err == nil {
			receipt, err = s.exams.CandidateApply(r.Context(), wachsam.UserActor(u), u.ID, id, app)
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		w.Header().Set("Location", fmt.Sprintf("/api/v1/candidate/files/%d", id))
		writeJSON(w, http.StatusCreated, apiCandidateReceiptOf(receipt))
	}
}

type apiCandidateReceipt struct {
	Action       string        `json:"action"`
	FactID       int64         `json:"fact_id"`
	CaseID       *int64        `json:"case_id"`
	Received     wachsam.Date  `json:"received"`
	Late         bool          `json:"late"`
	Refusal      *exam.Refusal `json:"refusal"`
	Warning      string        `json:"warning,omitempty"`
	Documents    int           `json:"documents"`
	ReasonsUntil wachsam.Date  `json:"reasons_until,omitzero"`
}

func apiCandidateReceiptOf(rc exam.CandidateReceipt) apiCandidateReceipt {
	out := apiCandidateReceipt{Action: rc.Action, FactID: rc.FactID, Received: rc.Received, Late: rc.Late, Refusal: rc.Refusal,
		Warning: rc.Warning, Documents: rc.Documents, ReasonsUntil: rc.ReasonsUntil}
	if rc.CaseID != 0 {
		id := rc.CaseID
		out.CaseID = &id
	}
	return out
}
