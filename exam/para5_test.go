package exam

import (
	"slices"
	"strings"
	"testing"
)

// equalPartsFile has K1 of two parts with equal share (a:1, b:1) and K2
// graded as a whole; both taken on 14.11.2025, results announced 01.12.2025.
func equalPartsFile(a, b, k2 Grade) *fileBuilder {
	fb := newFile()
	fb.f.Components[0].Parts = []Part{{"a", 1}, {"b", 1}}
	fb.register("K1", "2025-10-20", "2025-11-14").register("K2", "2025-10-20", "2025-11-14")
	g := Fact{Type: FactAttemptGraded, Date: d("2025-11-20"), Component: "K1", ExamDate: d("2025-11-14"),
		Grades: []PartGrade{{"a", a}, {"b", b}}}
	g.has.grades = true
	fb.add(g).grade("K2", "2025-11-20", "2025-11-14", k2)
	return fb.on(FactResultAnnounced, "K1", "2025-12-01", "2025-11-14").on(FactResultAnnounced, "K2", "2025-12-01", "2025-11-14")
}

// evalUnder evaluates the file as of 02.12.2025 under the preset, with
// component rounding switched on or off.
func evalUnder(t *testing.T, fb *fileBuilder, roundComponents bool) State {
	t.Helper()
	reg := preset(t)
	reg.RoundComponents = roundComponents
	if err := fb.f.Validate(reg); err != nil {
		t.Fatal(err)
	}
	return Evaluate(reg, fb.f, d("2025-12-02"))
}

// TestPara5_4_ComponentGradeIsTheExactMean: §5(4) "gewichtet und gemittelt"
// without rounding; §5(3) judges the exact mean; §5(5) rounds once, the
// overall grade. The example: parts 2,3 and 3,0 of equal share, the
// other component 2,3 → exact (2,65 + 2,3)/2 = 2,475 → 2,3. An academy that
// rounds components first (RoundComponents): (2,7 + 2,3)/2 = 2,5 → 2,7.
func TestPara5_4_ComponentGradeIsTheExactMean(t *testing.T) {
	for _, tc := range []struct {
		name                 string
		round                bool
		a, b, k2             Grade
		k1Grade, k1Word      string
		k1Status             ComponentStatus
		overall, mean, grade string
	}{
		{"exact: 2,65 enters the mean unrounded", false, Grade23, Grade30, Grade23, "2,65", "befriedigend", StatusPassed, "passed", "2,475", "2,3"},
		{"rounded components: 2,65 → 2,7 first", true, Grade23, Grade30, Grade23, "2,7", "befriedigend", StatusPassed, "passed", "2,5", "2,7"},
		{"exact 4,0 is the last passing mean", false, Grade30, Grade50, Grade10, "4,0", "ausreichend", StatusPassed, "passed", "2,5", "2,7"},
		{"exact 4,15 is not passed (§5(3))", false, Grade33, Grade50, Grade10, "", "", StatusFailedRetakePossible, "in_progress", "", ""},
		{"rounded components: 4,15 → 4,0 passes", true, Grade33, Grade50, Grade10, "4,0", "ausreichend", StatusPassed, "passed", "2,5", "2,7"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := evalUnder(t, equalPartsFile(tc.a, tc.b, tc.k2), tc.round)
			k1 := component(t, s, "K1")
			if k1.Status != tc.k1Status || k1.Grade != tc.k1Grade || k1.GradeWord != tc.k1Word {
				t.Fatalf("K1 %s grade %q (%s), want %s %q (%s)", k1.Status, k1.Grade, k1.GradeWord, tc.k1Status, tc.k1Grade, tc.k1Word)
			}
			if string(s.Overall.Status) != tc.overall || s.Overall.Mean != tc.mean || s.Overall.Grade != tc.grade {
				t.Fatalf("overall %+v, want %s %s → %s", s.Overall, tc.overall, tc.mean, tc.grade)
			}
		})
	}
}

// TestPara5_3_AttemptShowsItsExactGrade: the attempt's grade in the JSON is
// the exact mean ("4,15", "nicht ausreichend"), the same value that was
// judged, never a rounded grade that would look passed.
func TestPara5_3_AttemptShowsItsExactGrade(t *testing.T) {
	s := evalUnder(t, equalPartsFile(Grade33, Grade50, Grade10), false)
	a := component(t, s, "K1").Attempts[0]
	if a.Grade != "4,15" || a.Mean != "4,15" || a.GradeWord != "nicht ausreichend" || !a.Counted {
		t.Fatalf("%+v", a)
	}
	s = evalUnder(t, equalPartsFile(Grade33, Grade50, Grade10), true)
	if a := component(t, s, "K1").Attempts[0]; a.Grade != "4,0" || a.Mean != "4,15" {
		t.Fatalf("rounded: %+v", a)
	}
}

func TestPara5_2_WordOfAnExactGradeNeverClaimsMore(t *testing.T) {
	reg := preset(t)
	for _, tc := range []struct {
		m    Mean
		want string
	}{
		{Mean{13, 1}, "sehr gut"}, {Mean{131, 10}, "gut"}, {Mean{53, 2}, "befriedigend"},
		{Mean{40, 1}, "ausreichend"}, {Mean{83, 2}, "nicht ausreichend"}, {Mean{50, 1}, "nicht ausreichend"},
	} {
		if got := reg.Word(tc.m); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.m, got, tc.want)
		}
	}
}

// TestPara5_5_OverallMeanOfManyComponentsStaysExact: thousands of
// components with denominators 3, 7, 11, … are averaged without overflow.
func TestPara5_5_OverallMeanOfManyComponentsStaysExact(t *testing.T) {
	var grades []Mean
	var weights []int64
	for i := range 3000 {
		// Pairs 2,0 + 1/den tenths and 2,0 − 1/den tenths: the pair's mean
		// is 2,0, but the running sum's denominator is the common multiple
		// of 3, 5, …, 101, far beyond int64.
		den, sign := int64(2*((i/2)%50)+3), int64(1-2*(i%2))
		grades = append(grades, Mean{20*den + sign, den})
		weights = append(weights, 1)
	}
	if m := meanOfGrades(grades, weights); germanTenths(m) != "2,0" || preset(t).roundRat(m) != Grade20 {
		t.Fatalf("%s", germanTenths(m))
	}
}

// TestPara3_3_ExamDateOnSundayOrHolidayIsWarned: a date on Sunday
// 15.11.2026 or on All Saints' Day (Sunday 01.11.2026 is both; Monday
// 01.11.2027 a holiday in Baden-Württemberg) gets a warning; Saturday
// 14.11.2026 and Friday 13.11.2026 do not. Nothing is refused.
func TestPara3_3_ExamDateOnSundayOrHolidayIsWarned(t *testing.T) {
	for _, tc := range []struct {
		exam, want string
	}{
		{"2026-11-13", ""},
		{"2026-11-14", ""},
		{"2026-11-15", "ist ein Sonntag"},
		{"2027-11-01", "gesetzlicher Feiertag am Sitz der Akademie (Baden-Württemberg: Allerheiligen)"},
	} {
		s := newFile().announce("K2", "2026-09-01", tc.exam).eval(t, "2026-09-02")
		if len(s.Refused) != 0 {
			t.Fatalf("%s: refused %+v", tc.exam, s.Refused)
		}
		switch {
		case tc.want == "" && len(s.Warnings) != 0:
			t.Errorf("%s: warned %+v", tc.exam, s.Warnings)
		case tc.want != "" && (len(s.Warnings) != 1 || !strings.Contains(s.Warnings[0].Reason, tc.want) ||
			s.Warnings[0].Component != "K2" || s.Warnings[0].ExamDate != tc.exam || s.Warnings[0].Paragraph != "§3(3)"):
			t.Errorf("%s: %+v, want %q", tc.exam, s.Warnings, tc.want)
		}
	}
}

// TestPara9_2_EvidenceAddedUntilTheCutOff: illness reported on 20.11.2025
// without a medical certificate (absent 14.11.2025, cut-off Friday
// 12.12.2025) is received but incomplete: the attempt and the deadlines
// say by when the certificate must arrive, and the candidate may add it.
// Added on the last day, the reasons are complete and can be accepted;
// the day after it is refused.
func TestPara9_2_EvidenceAddedUntilTheCutOff(t *testing.T) {
	base := func() *fileBuilder {
		return newFile().register("K2", "2025-10-20", "2025-11-14").on(FactAbsent, "K2", "2025-11-14", "2025-11-14").
			add(Fact{Type: FactReasonsSubmitted, Date: d("2025-11-20"), Component: "K2", ExamDate: d("2025-11-14"), Illness: true})
	}
	s := base().eval(t, "2025-11-21")
	a := component(t, s, "K2").Attempts[0]
	if a.Status != "reasons_pending" || a.ReasonsIncompleteUntil != d("2025-12-12") {
		t.Fatalf("incomplete reasons: %+v", a)
	}
	if !hasAction(s.CandidateMay, "add_evidence") || !slices.ContainsFunc(s.Deadlines, func(x DeadlineState) bool {
		return x.Kind == ReasonsCutoff && x.LastDay == d("2025-12-12") && strings.Contains(x.About, "Attest")
	}) {
		t.Fatalf("may %+v, deadlines %+v", s.CandidateMay, s.Deadlines)
	}
	for _, tc := range []struct{ on, want string }{{"2025-12-12", ""}, {"2025-12-13", "§9(2)"}} {
		b := base().add(Fact{Type: FactEvidenceAdded, Date: d(tc.on), Component: "K2", ExamDate: d("2025-11-14"), MedicalCertificate: true})
		s := b.eval(t, tc.on)
		b.expectLast(t, s, tc.want)
		if a := component(t, s, "K2").Attempts[0]; !a.ReasonsIncompleteUntil.IsZero() {
			t.Fatalf("%s: %+v", tc.on, a)
		}
		// Only a certificate in time lets the board accept the reasons.
		b.add(Fact{Type: FactBoardDecision, Date: d("2025-12-15"), Motion: MotionAcceptReasons, Component: "K2", ExamDate: d("2025-11-14"), DecidedBy: ByBoard, Members: 5, Votes: Votes{Yes: 3}})
		b.expectLast(t, b.eval(t, "2025-12-15"), tc.want)
	}
	// Complete, the board can accept the reasons: the attempt does not count.
	b := base().add(Fact{Type: FactEvidenceAdded, Date: d("2025-12-01"), Component: "K2", ExamDate: d("2025-11-14"), MedicalCertificate: true}).
		add(Fact{Type: FactBoardDecision, Date: d("2025-12-02"), Motion: MotionAcceptReasons, Component: "K2", ExamDate: d("2025-11-14"), DecidedBy: ByBoard, Members: 5, Votes: Votes{Yes: 3}})
	if a := component(t, b.eval(t, "2025-12-02"), "K2").Attempts[0]; a.Status != "excused" {
		t.Fatalf("%+v", a)
	}
	// No reasons to add evidence to: refused.
	b = newFile().register("K2", "2025-10-20", "2025-11-14").on(FactAbsent, "K2", "2025-11-14", "2025-11-14").
		add(Fact{Type: FactEvidenceAdded, Date: d("2025-11-20"), Component: "K2", ExamDate: d("2025-11-14"), MedicalCertificate: true})
	b.expectLast(t, b.eval(t, "2025-11-20"), "§9(2)")
}

// TestPara9_2_RejectionBeforeTheCutOffNeedsTheCandidatesCompleteness:
// withdrawal 10.11.2025, reasons 11.11.2025, cut-off Monday 08.12.2025. A
// rejection on the last day of the cut-off is refused unless the candidate
// declared the reasons complete; the day after, it is possible anyway.
// Accepting is possible at any time.
func TestPara9_2_RejectionBeforeTheCutOffNeedsTheCandidatesCompleteness(t *testing.T) {
	reasons := func() *fileBuilder {
		return newFile().register("K2", "2025-10-20", "2025-11-14").on(FactWithdrew, "K2", "2025-11-10", "2025-11-14").
			add(Fact{Type: FactReasonsSubmitted, Date: d("2025-11-11"), Component: "K2", ExamDate: d("2025-11-14")})
	}
	reject := func(b *fileBuilder, on string) *fileBuilder {
		b.board(on, MotionAcceptReasons, Fact{Component: "K2", ExamDate: d("2025-11-14")})
		b.f.Facts[len(b.f.Facts)-1].Votes = Votes{Yes: 1, No: 3}
		return b
	}
	if end := preset(t).Deadline(ReasonsCutoff, d("2025-11-10")); end != d("2025-12-08") {
		t.Fatalf("cut-off %s", end)
	}
	for _, tc := range []struct {
		name     string
		b        *fileBuilder
		on, want string
	}{
		{"last day of the cut-off, not declared complete", reasons(), "2025-12-08", "§9(2)"},
		{"day after the cut-off", reasons(), "2025-12-09", ""},
		{"declared complete", reasons().on(FactReasonsCompleted, "K2", "2025-11-12", "2025-11-14"), "2025-11-20", ""},
	} {
		b := reject(tc.b, tc.on)
		s := b.eval(t, tc.on)
		b.expectLast(t, s, tc.want)
		if a := component(t, s, "K2").Attempts[0]; (tc.want == "") != (a.Status == "failed") {
			t.Errorf("%s: %+v", tc.name, a)
		}
	}
	b := reasons().board("2025-11-20", MotionAcceptReasons, Fact{Component: "K2", ExamDate: d("2025-11-14")})
	b.expectLast(t, b.eval(t, "2025-11-20"), "")
	// Nothing to declare complete without reasons.
	b = newFile().register("K2", "2025-10-20", "2025-11-14").on(FactReasonsCompleted, "K2", "2025-11-12", "2025-11-14")
	b.expectLast(t, b.eval(t, "2025-11-12"), "§9(2)")
}

// TestPara6_3_EvidenceAddedToAHardshipApplicationUntilTheCutOff: the
// failed retake's result was announced on Friday 27.02.2026, so the
// application and all its evidence must be in by Friday 27.03.2026.
// Evidence on that day is taken, the day after it is refused; without an
// application in time there is nothing to add to.
func TestPara6_3_EvidenceAddedToAHardshipApplicationUntilTheCutOff(t *testing.T) {
	applied := func() *fileBuilder {
		return newFile().failK1Twice().add(Fact{Type: FactHardshipApplied, Date: d("2026-03-10"), Component: "K1"})
	}
	s := applied().eval(t, "2026-03-11")
	if !slices.ContainsFunc(s.CandidateMay, func(a Action) bool {
		return a.Action == "add_evidence" && a.Component == "K1" && a.Until == d("2026-03-27") && a.Paragraph == "§6(3)"
	}) {
		t.Fatalf("may: %+v", s.CandidateMay)
	}
	for _, tc := range []struct{ on, want string }{{"2026-03-27", ""}, {"2026-03-28", "§6(3)"}} {
		b := applied().add(Fact{Type: FactEvidenceAdded, Date: d(tc.on), Component: "K1"})
		b.expectLast(t, b.eval(t, tc.on), tc.want)
	}
	if s := applied().eval(t, "2026-03-28"); hasAction(s.CandidateMay, "add_evidence") {
		t.Fatalf("offered after the cut-off: %+v", s.CandidateMay)
	}
	b := newFile().failK1Twice().add(Fact{Type: FactEvidenceAdded, Date: d("2026-03-10"), Component: "K1"})
	b.expectLast(t, b.eval(t, "2026-03-10"), "§6(3)")
}

// TestPara6_3_RejectionBeforeTheCutOffNeedsTheCandidatesCompleteness: the
// failed retake's result was announced on Friday 27.02.2026, so the
// hardship application and its evidence may come until Friday 27.03.2026.
// Until that last day the board may reject the application only once the
// candidate declared it complete; the day after, it may reject it anyway.
// Approving is never held back. The candidate is offered the declaration
// while the cut-off runs, and the state names the cut-off.
func TestPara6_3_RejectionBeforeTheCutOffNeedsTheCandidatesCompleteness(t *testing.T) {
	applied := func() *fileBuilder {
		return newFile().failK1Twice().add(Fact{Type: FactHardshipApplied, Date: d("2026-03-10"), Component: "K1"})
	}
	s := applied().eval(t, "2026-03-27")
	if c := component(t, s, "K1"); c.HardshipCutoff != d("2026-03-27") || c.HardshipComplete {
		t.Fatalf("cut-off in the state: %+v", c)
	}
	if !slices.ContainsFunc(s.CandidateMay, func(a Action) bool {
		return a.Action == "complete_reasons" && a.Component == "K1" && a.ExamDate.IsZero() && a.Until == d("2026-03-27") && a.Paragraph == "§6(3)"
	}) {
		t.Fatalf("may: %+v", s.CandidateMay)
	}
	reject := func(b *fileBuilder, on string) *fileBuilder {
		b.board(on, MotionApproveHardshipRetake, Fact{Component: "K1"})
		b.f.Facts[len(b.f.Facts)-1].Votes = Votes{No: 4}
		return b
	}
	for _, tc := range []struct{ on, want string }{{"2026-03-27", "§6(3)"}, {"2026-03-28", ""}} {
		b := reject(applied(), tc.on)
		b.expectLast(t, b.eval(t, tc.on), tc.want)
	}
	b := reject(applied().add(Fact{Type: FactReasonsCompleted, Date: d("2026-03-20"), Component: "K1"}), "2026-03-27")
	b.expectLast(t, b.eval(t, "2026-03-27"), "")
	if c := component(t, applied().add(Fact{Type: FactReasonsCompleted, Date: d("2026-03-20"), Component: "K1"}).eval(t, "2026-03-21"), "K1"); !c.HardshipComplete {
		t.Fatalf("declared complete: %+v", c)
	}
	b = applied()
	b.board("2026-03-20", MotionApproveHardshipRetake, Fact{Component: "K1", Findings: Findings{true, true}})
	b.expectLast(t, b.eval(t, "2026-03-20"), "")
	// Nothing to declare complete without an application in time.
	b = newFile().failK1Twice().add(Fact{Type: FactReasonsCompleted, Date: d("2026-03-10"), Component: "K1"})
	b.expectLast(t, b.eval(t, "2026-03-10"), "§6(3)")
}
