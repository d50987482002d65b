package http

import (
	"html/template"
	"time"

	"github.com/wachsam/wachsam/exam"
)

// Exams is the store of the ISB exam (DESIGN.md §3; internal/store
// implements it). Each part is declared next to the pages that use it.
type Exams interface {
	ExamOffice
	ExaminerExams
	CandidateExams
	BoardExams
	CertificateExams
}

// examFuncs are the template functions every exam page uses: the German
// names of the regulation's states and motions.
func examFuncs(*time.Location) template.FuncMap {
	return template.FuncMap{
		"componentStatus": func(s exam.ComponentStatus) string { return s.German() },
		"overallStatus":   func(s exam.OverallStatus) string { return s.German() },
		"motionLabel":     func(m exam.Motion) string { return m.German() },
		"attemptStatus":   exam.AttemptStatusGerman,
		"actionLabel":     exam.ActionGerman,
		"deadlineLabel":   func(k exam.DeadlineKind) string { return k.German() },
		// euro: 45000 → "450,00 €".
		"euro": formatEuro,
	}
}
