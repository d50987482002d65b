package http

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

// The office's page of one candidate's file: the state package exam folds,
// the history, and the forms to record attendance, the notice, payments,
// registrations and absences. Each form's fields carry a prefix (att_,
// notice_, pay_, reg_, abs_) so a refusal lands beside the right field.

// officeFileView is what the candidate's page shows.
type officeFileView struct {
	File     *exam.OfficeFile
	Today    wachsam.Date
	OpenDays []exam.OfficeAttendanceDay // seminar days still to record
}

func (s *Server) officeFilePage(w http.ResponseWriter, r *http.Request) {
	if file, ok := s.officeFileParam(w, r); ok {
		s.renderFile(w, r, http.StatusOK, file, form{Values: s.officeFileDefaults(file, nil)})
	}
}

// officeFileDefaults are what the forms of the page show before anyone
// types: today's date, the fee due and its amount. Posted values (a
// refused form) take their place in that form; the others keep them.
func (s *Server) officeFileDefaults(file *exam.OfficeFile, posted url.Values) url.Values {
	today := s.officeToday().String()
	v := url.Values{"pay_date": {today}, "reg_date": {today}, "notice_date": {today}, "pay_fee": {"exam"}, "abs_kind": {string(exam.FactAbsent)}}
	if due := file.FeesDue; len(due) > 0 {
		v.Set("pay_fee", due[0].Fee)
		v.Set("pay_component", due[0].Component)
		v.Set("pay_amount", formatEuro(due[0].AmountCents))
	}
	a := file.Address
	for k, val := range map[string]string{"addr_form_of_address": a.FormOfAddress, "addr_extra": a.Extra, "addr_street": a.Street,
		"addr_postal_code": a.PostalCode, "addr_city": a.City} {
		v.Set(k, val)
	}
	for k, vs := range posted {
		v[k] = vs
	}
	return v
}

// officeFileParam loads the file of the candidate in the URL.
func (s *Server) officeFileParam(w http.ResponseWriter, r *http.Request) (*exam.OfficeFile, bool) {
	id, ok := s.officeParam(w, r, "id", "Diesen Prüfling")
	if !ok {
		return nil, false
	}
	file, err := s.exams.OfficeFile(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	return file, true
}

func (s *Server) renderFile(w http.ResponseWriter, r *http.Request, status int, file *exam.OfficeFile, f form) {
	v := officeFileView{File: file, Today: s.officeToday()}
	for _, d := range file.Attendance {
		if !d.Recorded && !d.Future {
			v.OpenDays = append(v.OpenDays, d)
		}
	}
	s.render(w, r, status, "exam_office_candidate", page{Title: file.Candidate.Name + " (" + file.Candidate.Number + ")", Section: "office", Form: f, Data: v})
}

// officeFileWrite reads the posted form, records it with write and sends
// the office back to the file; a refusal shows the page again with the
// message beside the field of the form (prefix).
func (s *Server) officeFileWrite(w http.ResponseWriter, r *http.Request, prefix string, rename map[string]string,
	write func(file *exam.OfficeFile, v url.Values, actor wachsam.Actor) (string, error)) {
	file, ok := s.officeFileParam(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	v := r.PostForm
	done, err := write(file, v, wachsam.UserActor(currentUser(r)))
	if err != nil {
		s.refuse(w, r, err, func(status int) {
			s.renderFile(w, r, status, file, officeFormError(s.officeFileDefaults(file, v), err, prefix, rename))
		})
		return
	}
	s.setFlash(w, flashOK, done)
	http.Redirect(w, r, "/pruefungsamt/pruefling/"+strconv.FormatInt(file.Candidate.ID, 10), http.StatusSeeOther)
}

func (s *Server) officeRecordAttendance(w http.ResponseWriter, r *http.Request) {
	s.officeFileWrite(w, r, "att_", nil, func(file *exam.OfficeFile, v url.Values, actor wachsam.Actor) (string, error) {
		id := file.Candidate.ID
		day, err := roundParseDate("date", v.Get("att_date"))
		if err != nil {
			return "", err
		}
		_, err = s.exams.RecordSeminarAttendance(r.Context(), actor, id, day, v.Get("att_camera") == "ja", v.Get("att_note"), v.Get("att_entered_reason"))
		return "Die Teilnahme am " + day.German() + " ist erfasst.", err
	})
}

func (s *Server) officeRecordNotice(w http.ResponseWriter, r *http.Request) {
	s.officeFileWrite(w, r, "notice_", nil, func(file *exam.OfficeFile, v url.Values, actor wachsam.Actor) (string, error) {
		id := file.Candidate.ID
		on, err := officeOptionalDate("date", v.Get("notice_date"))
		if err != nil {
			return "", err
		}
		_, err = s.exams.RecordOnlineNotice(r.Context(), actor, id, on, v.Get("notice_note"), v.Get("notice_entered_reason"))
		return "Der schriftliche Hinweis auf den Kameranachweis ist vermerkt.", err
	})
}

func (s *Server) officeRecordPayment(w http.ResponseWriter, r *http.Request) {
	s.officeFileWrite(w, r, "pay_", nil, func(file *exam.OfficeFile, v url.Values, actor wachsam.Actor) (string, error) {
		id := file.Candidate.ID
		p := exam.OfficePayment{Fee: v.Get("pay_fee"), Reference: v.Get("pay_reference"), Note: v.Get("pay_note"), EnteredReason: v.Get("pay_entered_reason")}
		if p.Fee == "retake" {
			p.Component = v.Get("pay_component")
		}
		var err error
		if p.AmountCents, err = parseEuro("amount", v.Get("pay_amount")); err != nil {
			return "", err
		}
		if p.PaidOn, err = officeOptionalDate("date", v.Get("pay_date")); err != nil {
			return "", err
		}
		_, err = s.exams.RecordPayment(r.Context(), actor, id, p)
		return "Die Zahlung ist erfasst.", err
	})
}

func (s *Server) officeRegister(w http.ResponseWriter, r *http.Request) {
	rename := map[string]string{"component": "reg_exam_date", "exam_date": "reg_exam_date"}
	s.officeFileWrite(w, r, "reg_", rename, func(file *exam.OfficeFile, v url.Values, actor wachsam.Actor) (string, error) {
		id := file.Candidate.ID
		d, err := officeChosenDate(file, v.Get("reg_exam_date"))
		if err != nil {
			return "", err
		}
		on, err := officeOptionalDate("date", v.Get("reg_date"))
		if err != nil {
			return "", err
		}
		_, err = s.exams.RegisterForExam(r.Context(), actor, id, d.ComponentCode, d.ExamDay, on, v.Get("reg_note"), v.Get("reg_entered_reason"))
		return "Angemeldet zu " + d.ComponentName + " am " + d.ExamDay.German() + ".", err
	})
}

func (s *Server) officeRecordAbsence(w http.ResponseWriter, r *http.Request) {
	rename := map[string]string{"component": "abs_attempt", "exam_date": "abs_attempt"}
	s.officeFileWrite(w, r, "abs_", rename, func(file *exam.OfficeFile, v url.Values, actor wachsam.Actor) (string, error) {
		id := file.Candidate.ID
		d, err := officeChosenDate(file, v.Get("abs_attempt"))
		if err != nil {
			return "", err
		}
		a := exam.OfficeAbsence{Kind: exam.FactType(v.Get("abs_kind")), Component: d.ComponentCode, ExamDate: d.ExamDay, Note: v.Get("abs_note"), EnteredReason: v.Get("abs_entered_reason")}
		if a.On, err = officeOptionalDate("date", v.Get("abs_date")); err != nil {
			return "", err
		}
		_, err = s.exams.RecordAbsence(r.Context(), actor, id, a)
		what := "Das Versäumnis"
		if a.Kind == exam.FactWithdrew {
			what = "Der Rücktritt"
		}
		return what + " (" + d.ComponentName + ", " + d.ExamDay.German() + ") ist erfasst.", err
	})
}

// officeChosenDate finds the exam date chosen in a select box among the
// dates of the candidate's seminar.
func officeChosenDate(file *exam.OfficeFile, input string) (exam.ExamDate, error) {
	id, err := strconv.ParseInt(input, 10, 64)
	for _, d := range file.Dates {
		if err == nil && d.ID == id {
			return d, nil
		}
	}
	return exam.ExamDate{}, wachsam.FieldError("exam_date", "Bitte wählen Sie einen Prüfungstermin aus der Liste.")
}
