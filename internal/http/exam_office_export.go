package http

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/wachsam/wachsam/exam"
	"github.com/wachsam/wachsam/internal/export"
)

// The exam office's lists as files: a seminar's attendance list (§2(1))
// and the certificates issued (§10). Both are the office's own records,
// read whole as the pages read them; a seminar has tens of candidates.

// rosterList is a seminar's attendance list: a column per seminar day,
// its header the day as the page shows it, "anwesend" where an attendance
// is recorded, then whether the candidate is admitted (§2(1)).
func rosterList(sem exam.OfficeSeminar) export.List[exam.OfficeRosterRow] {
	columns := []export.Column[exam.OfficeRosterRow]{
		{Header: "Prüflingsnummer", Width: 16, Value: func(r exam.OfficeRosterRow) any { return r.Candidate.Number }},
		{Header: "Name", Width: 30, Value: func(r exam.OfficeRosterRow) any { return r.Candidate.Name }},
		{Header: "E-Mail", Width: 34, Value: func(r exam.OfficeRosterRow) any { return r.Candidate.Email }},
	}
	for _, d := range sem.Days {
		header := officeWeekday(d.Date) + " " + d.Date.German()
		if d.Online {
			header += " (online, Kamera)"
		}
		columns = append(columns, export.Column[exam.OfficeRosterRow]{Header: header, Width: 16, Value: func(r exam.OfficeRosterRow) any {
			if i := slices.IndexFunc(r.Days, func(x exam.OfficeAttendanceDay) bool { return x.Date == d.Date }); i >= 0 && r.Days[i].Recorded {
				return "anwesend"
			}
			return ""
		}})
	}
	columns = append(columns,
		export.Column[exam.OfficeRosterRow]{Header: "Zugelassen (§2(1))", Width: 18, Value: func(r exam.OfficeRosterRow) any { return r.Admission.Granted }},
		export.Column[exam.OfficeRosterRow]{Header: "Begründung", Width: 40, Value: func(r exam.OfficeRosterRow) any { return r.Admission.Reason }})
	return export.List[exam.OfficeRosterRow]{Name: "anwesenheit-seminar-" + strconv.FormatInt(sem.ID, 10), Columns: columns}
}

// certificateList is every certificate issued, revoked ones with the day
// and reason of revocation (§11(4)). The overall grade is a number, so
// the office can sort and average it.
var certificateList = export.List[exam.CertificateRecord]{Name: "zeugnisse", Columns: []export.Column[exam.CertificateRecord]{
	{Header: "Prüfcode", Width: 16, Value: func(c exam.CertificateRecord) any { return c.Code }},
	{Header: "Prüflingsnummer", Width: 16, Value: func(c exam.CertificateRecord) any { return c.CandidateNumber }},
	{Header: "Name", Width: 30, Value: func(c exam.CertificateRecord) any { return c.HolderName }},
	{Header: "Seminar", Width: 30, Value: func(c exam.CertificateRecord) any { return c.SeminarTitle }},
	{Header: "Erster Seminartag", Width: 18, Value: func(c exam.CertificateRecord) any { return c.SeminarFirstDay }},
	{Header: "Letzter Seminartag", Width: 18, Value: func(c exam.CertificateRecord) any { return c.SeminarLastDay }},
	{Header: "Ausgestellt am", Width: 14, Value: func(c exam.CertificateRecord) any { return c.IssuedOn }},
	{Header: "Gesamtnote", Width: 12, Value: func(c exam.CertificateRecord) any { return germanDecimal(c.OverallGrade) }},
	{Header: "Prädikat", Width: 14, Value: func(c exam.CertificateRecord) any { return c.OverallWord }},
	{Header: "Widerrufen am", Width: 14, Value: func(c exam.CertificateRecord) any { return c.RevokedOn }},
	{Header: "Grund des Widerrufs", Width: 40, Value: func(c exam.CertificateRecord) any { return c.RevokeReason }},
}}

// germanDecimal is "1,7" as the number 1.7; anything else stays its text.
func germanDecimal(s string) any {
	if f, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64); err == nil {
		return f
	}
	return s
}

// eachOf hands the rows of a slice to yield.
func eachOf[T any](rows []T) export.Rows[T] {
	return func(yield func(T) error) error {
		for _, row := range rows {
			if err := yield(row); err != nil {
				return err
			}
		}
		return nil
	}
}

// sendRoster answers a seminar's attendance list in f.
func (s *Server) sendRoster(w http.ResponseWriter, r *http.Request, seminarID int64, f export.Format) {
	roster, err := s.exams.OfficeRoster(r.Context(), seminarID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sendList(s, w, r, rosterList(roster.Seminar), f, eachOf(roster.Rows))
}

// sendCertificates answers the certificates issued in f.
func (s *Server) sendCertificates(w http.ResponseWriter, r *http.Request, f export.Format) {
	issued, err := s.exams.ExamCertificates(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sendList(s, w, r, certificateList, f, eachOf(issued))
}

// officeExportRoster is the download button of the attendance list page.
func (s *Server) officeExportRoster(w http.ResponseWriter, r *http.Request) {
	id, ok := s.officeParam(w, r, "id", "Dieses Seminar")
	if !ok {
		return
	}
	if f, ok := s.pageExportFormat(w, r); ok {
		s.sendRoster(w, r, id, f)
	}
}

// officeExportCertificates is the download button of the certificate page.
func (s *Server) officeExportCertificates(w http.ResponseWriter, r *http.Request) {
	if f, ok := s.pageExportFormat(w, r); ok {
		s.sendCertificates(w, r, f)
	}
}
