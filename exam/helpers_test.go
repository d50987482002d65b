package exam

import (
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/wachsam/wachsam"
)

var d = wachsam.MustDate

func berlin(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func preset(t testing.TB) Regulation { return UdisISB2025(berlin(t)) }

// fileBuilder builds a candidate's file: a five-day seminar 06.–10.10.2025
// (ends Friday; the entitlement ends Monday 12.10.2026 by §193 BGB),
// components K1 (parts a:2, b:1) and K2 (whole), all days attended, exam
// dates 14.11.2025 announced on 10.10.2025, the exam fee paid.
type fileBuilder struct{ f File }

func newFile() *fileBuilder {
	b := &fileBuilder{f: File{
		Candidate: Candidate{ID: "T1", Name: "Test"},
		Components: []Component{
			{ID: "K1", Name: "Komponente 1", Parts: []Part{{"a", 2}, {"b", 1}}},
			{ID: "K2", Name: "Komponente 2"},
		},
	}}
	for day := d("2025-10-06"); !day.After(d("2025-10-10")); day = day.AddDays(1) {
		b.f.Seminar.Days = append(b.f.Seminar.Days, SeminarDay{Date: day})
		b.add(Fact{Type: FactSeminarDayAttended, Date: day})
	}
	b.announce("K1", "2025-10-10", "2025-11-14").announce("K2", "2025-10-10", "2025-11-14")
	b.add(Fact{Type: FactFeePaid, Date: d("2025-10-15"), Fee: "exam"})
	return b
}

func (b *fileBuilder) add(f Fact) *fileBuilder { b.f.Facts = append(b.f.Facts, f); return b }

func (b *fileBuilder) announce(c, on, exam string) *fileBuilder {
	return b.add(Fact{Type: FactExamDateAnnounced, Date: d(on), Component: c, ExamDate: d(exam)})
}
func (b *fileBuilder) register(c, on, exam string) *fileBuilder {
	return b.add(Fact{Type: FactRegistered, Date: d(on), Component: c, ExamDate: d(exam)})
}
func (b *fileBuilder) on(typ FactType, c, on, exam string) *fileBuilder {
	return b.add(Fact{Type: typ, Date: d(on), Component: c, ExamDate: d(exam)})
}

// grade grades K1 with both parts at g, K2 as a whole.
func (b *fileBuilder) grade(c, on, exam string, g Grade) *fileBuilder {
	f := Fact{Type: FactAttemptGraded, Date: d(on), Component: c, ExamDate: d(exam)}
	if c == "K1" {
		f.Grades, f.has.grades = []PartGrade{{"a", g}, {"b", g}}, true
	} else {
		f.Grades, f.has.grade = []PartGrade{{Grade: g}}, true
	}
	return b.add(f)
}
func (b *fileBuilder) fee(c, on string) *fileBuilder {
	return b.add(Fact{Type: FactFeePaid, Date: d(on), Fee: "retake", Component: c})
}
func (b *fileBuilder) board(on string, m Motion, f Fact) *fileBuilder {
	f.Type, f.Date, f.Motion, f.DecidedBy, f.Members = FactBoardDecision, d(on), m, ByBoard, 5
	f.Votes = Votes{Yes: 3, No: 1}
	return b.add(f)
}

// failK1 takes K1 at 14.11.2025 and fails it, result announced 01.12.2025.
func (b *fileBuilder) failK1() *fileBuilder {
	return b.register("K1", "2025-10-20", "2025-11-14").grade("K1", "2025-11-20", "2025-11-14", Grade50).
		on(FactResultAnnounced, "K1", "2025-12-01", "2025-11-14")
}

// failK1Twice adds the failed retake at 13.02.2026, result 27.02.2026.
func (b *fileBuilder) failK1Twice() *fileBuilder {
	return b.failK1().announce("K1", "2025-12-05", "2026-02-13").fee("K1", "2026-01-09").
		register("K1", "2026-01-09", "2026-02-13").grade("K1", "2026-02-20", "2026-02-13", Grade50).
		on(FactResultAnnounced, "K1", "2026-02-27", "2026-02-13")
}

func (b *fileBuilder) eval(t testing.TB, asOf string) State {
	t.Helper()
	reg := preset(t)
	if err := b.f.checkReferences(); err != nil {
		t.Fatal(err)
	}
	if err := b.f.Validate(reg); err != nil {
		t.Fatal(err)
	}
	return Evaluate(reg, b.f, d(asOf))
}

// lastRefusal is the refusal of the file's last fact, if it was refused.
func (b *fileBuilder) lastRefusal(s State) (Refusal, bool) {
	for _, r := range s.Refused {
		if r.Fact == len(b.f.Facts)-1 {
			return r, true
		}
	}
	return Refusal{}, false
}

// expectLast checks whether the last fact was refused, and under which §.
func (b *fileBuilder) expectLast(t *testing.T, s State, refusedUnder string) {
	t.Helper()
	r, refused := b.lastRefusal(s)
	switch {
	case refusedUnder == "" && refused:
		t.Fatalf("last fact refused under %s: %s", r.Paragraph, r.Reason)
	case refusedUnder != "" && !refused:
		t.Fatalf("last fact accepted, want refusal under %s", refusedUnder)
	case refusedUnder != "" && r.Paragraph != refusedUnder:
		t.Fatalf("refused under %s (%s), want %s", r.Paragraph, r.Reason, refusedUnder)
	}
}

func component(t *testing.T, s State, id string) ComponentState {
	t.Helper()
	for _, c := range s.Components {
		if c.ID == id {
			return c
		}
	}
	t.Fatalf("no component %s", id)
	return ComponentState{}
}

func berlinLoc() (*time.Location, error) { return time.LoadLocation("Europe/Berlin") }
