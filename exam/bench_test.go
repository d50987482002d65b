package exam

import (
	"fmt"
	"testing"
)

// typicalFile: four components, a failed attempt and its retake, a failed
// retake with a hardship application approved by the board, an absence
// excused by the chair, results, fees — about forty facts.
func typicalFile() *fileBuilder {
	b := newFile()
	b.f.Components = append(b.f.Components, Component{ID: "K3", Name: "Komponente 3"}, Component{ID: "K4", Name: "Komponente 4"})
	b.add(Fact{Type: FactBoardDelegated, Date: d("2025-10-16"), Task: MotionAcceptReasons, Members: 5, Votes: Votes{Yes: 4}})
	b.announce("K3", "2025-10-16", "2025-11-14").announce("K4", "2025-10-16", "2025-11-14")
	for _, c := range []string{"K1", "K2", "K3", "K4"} {
		b.register(c, "2025-10-20", "2025-11-14")
	}
	b.on(FactAbsent, "K4", "2025-11-14", "2025-11-14").
		add(Fact{Type: FactReasonsSubmitted, Date: d("2025-11-17"), Component: "K4", ExamDate: d("2025-11-14"), Illness: true, MedicalCertificate: true}).
		add(Fact{Type: FactBoardDecision, Date: d("2025-11-18"), Motion: MotionAcceptReasons, Component: "K4", ExamDate: d("2025-11-14"), DecidedBy: ByChair, Votes: Votes{Yes: 1}}).
		grade("K1", "2025-11-20", "2025-11-14", Grade50).grade("K2", "2025-11-20", "2025-11-14", Grade50).
		grade("K3", "2025-11-20", "2025-11-14", Grade23)
	for _, c := range []string{"K1", "K2", "K3"} {
		b.on(FactResultAnnounced, c, "2025-12-01", "2025-11-14")
	}
	for _, c := range []string{"K1", "K2", "K4"} {
		b.announce(c, "2025-12-05", "2026-02-13")
	}
	b.fee("K1", "2026-01-09").fee("K2", "2026-01-09")
	for _, c := range []string{"K1", "K2", "K4"} {
		b.register(c, "2026-01-09", "2026-02-13")
	}
	b.grade("K1", "2026-02-20", "2026-02-13", Grade50).grade("K2", "2026-02-20", "2026-02-13", Grade30).
		grade("K4", "2026-02-20", "2026-02-13", Grade17)
	for _, c := range []string{"K1", "K2", "K4"} {
		b.on(FactResultAnnounced, c, "2026-02-27", "2026-02-13")
	}
	b.on(FactInspectionRequested, "K2", "2026-03-02", "2026-02-13").
		add(Fact{Type: FactHardshipApplied, Date: d("2026-03-20"), Component: "K1"}).
		board("2026-04-10", MotionApproveHardshipRetake, Fact{Component: "K1", Findings: Findings{true, true}}).
		announce("K1", "2026-04-13", "2026-05-15").fee("K1", "2026-04-20").register("K1", "2026-04-20", "2026-05-15")
	return b
}

func TestTypicalFileIsTypical(t *testing.T) {
	b := typicalFile()
	s := b.eval(t, "2026-05-04")
	if len(b.f.Facts) < 38 || len(s.Refused) != 0 || s.Overall.Status != OverallInProgress {
		t.Fatalf("%d facts, refused %+v, %+v", len(b.f.Facts), s.Refused, s.Overall)
	}
	if c := component(t, s, "K1"); c.Status != StatusOpen || len(c.Attempts) != 3 {
		t.Fatalf("%+v", c)
	}
}

func BenchmarkEvaluateTypicalFile(b *testing.B) {
	fb := typicalFile()
	reg := preset(b)
	if err := fb.f.Validate(reg); err != nil {
		b.Fatal(err)
	}
	asOf := d("2026-05-04")
	b.ReportAllocs()
	for b.Loop() {
		Evaluate(reg, fb.f, asOf)
	}
}

// manyComponents is a file with n components, each announced, registered,
// graded 2,3 and its result announced: 4n+2 facts.
func manyComponents(n int) File {
	f := File{Candidate: Candidate{ID: "K", Name: "Viele"}, Seminar: Seminar{Days: []SeminarDay{{Date: d("2025-10-06")}}}}
	f.Facts = append(f.Facts, Fact{Type: FactSeminarDayAttended, Date: d("2025-10-06")})
	add := func(typ FactType, on string, extra func(*Fact)) {
		for i := range n {
			x := Fact{Type: typ, Date: d(on), Component: fmt.Sprintf("C%d", i), ExamDate: d("2025-11-14")}
			if extra != nil {
				extra(&x)
			}
			f.Facts = append(f.Facts, x)
		}
	}
	for i := range n {
		f.Components = append(f.Components, Component{ID: fmt.Sprintf("C%d", i), Name: fmt.Sprintf("Komponente %d", i)})
	}
	add(FactExamDateAnnounced, "2025-10-10", nil)
	f.Facts = append(f.Facts, Fact{Type: FactFeePaid, Date: d("2025-10-15"), Fee: "exam"})
	add(FactRegistered, "2025-10-20", nil)
	add(FactAttemptGraded, "2025-11-20", func(x *Fact) { x.Grades, x.has.grade = []PartGrade{{Grade: Grade23}}, true })
	add(FactResultAnnounced, "2025-12-01", nil)
	return f
}

// BenchmarkEvaluateManyComponents shows that evaluation time grows
// linearly with the number of components: compare ns/op at 1,000, 4,000
// and 16,000 (go test ./exam -run '^$' -bench ManyComponents -benchtime 3x).
func BenchmarkEvaluateManyComponents(b *testing.B) {
	reg := preset(b)
	for _, n := range []int{1_000, 4_000, 16_000} {
		f := manyComponents(n)
		if err := f.checkReferences(); err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("components=%d", n), func(b *testing.B) {
			for b.Loop() {
				if s := Evaluate(reg, f, d("2026-01-12")); s.Overall.Status != OverallPassed || len(s.Refused) != 0 {
					b.Fatalf("%+v %v", s.Overall, s.Refused)
				}
			}
		})
	}
}
