package exam

import (
	"testing"

	"github.com/wachsam/wachsam"
)

// A fact built in code that Evaluate could not fold is refused before it
// reaches the file: no panic for an unknown component or a day that is not
// a seminar day.
func TestCheckFactRefusesWhatEvaluateCannotFold(t *testing.T) {
	f := File{
		Seminar:    Seminar{Days: []SeminarDay{{Date: wachsam.MustDate("2026-09-07")}}},
		Components: []Component{{ID: "ISM", Parts: []Part{{ID: "K", Weight: 2}, {ID: "F", Weight: 1}}}, {ID: "RECHT"}},
	}
	day := wachsam.MustDate("2026-10-12")
	bad := map[string]Fact{
		"unknown type":          {Type: "lunch", Date: day},
		"no component":          {Type: FactRegistered, Date: day, ExamDate: day},
		"unknown component":     {Type: FactRegistered, Date: day, Component: "X", ExamDate: day},
		"no exam date":          {Type: FactRegistered, Date: day, Component: "ISM"},
		"not a seminar day":     {Type: FactSeminarDayAttended, Date: day},
		"retake fee, no comp":   {Type: FactFeePaid, Date: day, Fee: "retake"},
		"missing part":          {Type: FactAttemptGraded, Date: day, Component: "ISM", ExamDate: day, Grades: []PartGrade{{Part: "K", Grade: Grade20}}},
		"part of a whole":       {Type: FactAttemptGraded, Date: day, Component: "RECHT", ExamDate: day, Grades: []PartGrade{{Part: "K", Grade: Grade20}}},
		"unknown motion":        {Type: FactBoardDecision, Date: day, Motion: "x", DecidedBy: ByBoard},
		"decision without comp": {Type: FactBoardDecision, Date: day, Motion: MotionFindCheating, ExamDate: day, DecidedBy: ByBoard},
	}
	for name, fact := range bad {
		if err := f.CheckFact(fact); wachsam.ErrorCodeOf(err) != wachsam.EINVALID {
			t.Errorf("%s: err = %v", name, err)
		}
	}
	good := []Fact{
		{Type: FactSeminarDayAttended, Date: wachsam.MustDate("2026-09-07")},
		{Type: FactRegistered, Date: day, Component: "ISM", ExamDate: day},
		{Type: FactAttemptGraded, Date: day, Component: "ISM", ExamDate: day, Grades: []PartGrade{{Part: "F", Grade: Grade20}, {Part: "K", Grade: Grade13}}},
		{Type: FactAttemptGraded, Date: day, Component: "RECHT", ExamDate: day, Grades: []PartGrade{{Grade: Grade20}}},
		{Type: FactFeePaid, Date: day, Fee: "exam"},
	}
	for _, fact := range good {
		if err := f.CheckFact(fact); err != nil {
			t.Errorf("%+v: %v", fact, err)
		}
	}
}
