package exam

import (
	"strings"
	"testing"
)

// lateAt appends f to the file and asks LateApplication about it.
func (b *fileBuilder) lateAt(t *testing.T, f Fact) bool {
	t.Helper()
	b.add(f)
	return LateApplication(preset(t), b.f, f.Date, len(b.f.Facts)-1)
}

// §6(3): the retake's result was announced on Friday 27.02.2026, so the
// cut-off ends on Friday 27.03.2026. An application on that day is taken;
// one on the next working day is late: recorded and rejected.
func TestPara6_3_LateApplicationIsOnlyTheOneAfterTheCutoff(t *testing.T) {
	hardship := func(on string) Fact { return Fact{Type: FactHardshipApplied, Date: d(on), Component: "K1"} }
	if newFile().failK1Twice().lateAt(t, hardship("2026-03-27")) {
		t.Error("an application on the last day counts as late")
	}
	if !newFile().failK1Twice().lateAt(t, hardship("2026-03-30")) {
		t.Error("an application after the cut-off is not late")
	}
	// After one failed attempt there is no hardship retake to apply for:
	// refused, but not as late, so nothing is recorded.
	if newFile().failK1().lateAt(t, hardship("2026-06-01")) {
		t.Error("an application that is not possible at all counts as late")
	}
	// A second application after one in time is refused, not late.
	b := newFile().failK1Twice().add(hardship("2026-03-02"))
	if b.lateAt(t, hardship("2026-04-30")) {
		t.Error("a repeated application counts as late")
	}
}

// §9(2): absent on Friday 14.11.2025, the cut-off ends Friday 12.12.2025.
func TestPara9_2_LateApplicationForReasons(t *testing.T) {
	reasons := func(on string) Fact {
		return Fact{Type: FactReasonsSubmitted, Date: d(on), Component: "K2", ExamDate: d("2025-11-14"), Illness: true, MedicalCertificate: true}
	}
	absent := func() *fileBuilder {
		return newFile().register("K2", "2025-10-20", "2025-11-14").on(FactAbsent, "K2", "2025-11-14", "2025-11-14")
	}
	if absent().lateAt(t, reasons("2025-12-12")) {
		t.Error("reasons on the last day count as late")
	}
	if !absent().lateAt(t, reasons("2025-12-15")) {
		t.Error("reasons after the cut-off are not late")
	}
	graded := newFile().register("K2", "2025-10-20", "2025-11-14").grade("K2", "2025-11-20", "2025-11-14", Grade20)
	if graded.lateAt(t, reasons("2026-01-15")) {
		t.Error("reasons for an attempt that was sat count as late")
	}
	if newFile().lateAt(t, Fact{Type: FactReasonsSubmitted, Date: d("2026-01-15"), Component: "NOPE", ExamDate: d("2025-11-14")}) {
		t.Error("reasons for an unknown component count as late")
	}
}

// A result is the candidate's once it is announced: before, the grades
// and what follows from them are withheld.
func TestCandidateSeesResultsOnlyOnceAnnounced(t *testing.T) {
	b := newFile().register("K1", "2025-10-20", "2025-11-14").register("K2", "2025-10-20", "2025-11-14").
		grade("K1", "2025-11-20", "2025-11-14", Grade17).grade("K2", "2025-11-20", "2025-11-14", Grade13).
		on(FactResultAnnounced, "K2", "2025-11-25", "2025-11-14")
	raw := b.eval(t, "2025-11-26")
	if raw.Overall.Status != OverallPassed {
		t.Fatalf("overall %s", raw.Overall.Status)
	}
	shown, withheld := WithholdUnannounced(raw)
	k1, k2 := component(t, shown, "K1"), component(t, shown, "K2")
	switch {
	case !withheld:
		t.Fatal("nothing withheld")
	case k1.Grade != "" || k1.Status != StatusOpen || k1.Attempts[0].Grade != "" || k1.Attempts[0].Mean != "" || k1.Attempts[0].Status != AttemptWithheld:
		t.Errorf("K1 shows its result: %+v", k1)
	case k2.Grade != "1,3" || k2.GradeWord != "sehr gut":
		t.Errorf("K2, announced, is withheld: %+v", k2)
	case shown.Overall.Status != OverallInProgress || shown.Overall.Grade != "":
		t.Errorf("overall shows the result: %+v", shown.Overall)
	case raw.Components[0].Grade != "1,7":
		t.Error("WithholdUnannounced changed the state it was given")
	}
	b.on(FactResultAnnounced, "K1", "2025-11-27", "2025-11-14")
	shown, withheld = WithholdUnannounced(b.eval(t, "2025-11-27"))
	if withheld || shown.Overall.Grade != "1,7" || shown.Overall.GradeWord != "gut" {
		t.Fatalf("after the announcement: withheld %v, overall %+v", withheld, shown.Overall)
	}
}

// §193 BGB: the entitlement would end on Saturday 10.10.2026 and ends on
// Monday 12.10.2026; the candidate reads both days.
func TestCandidateDeadlinesSayWhenAndWhyTheLastDayMoved(t *testing.T) {
	s := newFile().failK1Twice().eval(t, "2026-03-02")
	ds := CandidateDeadlines(preset(t), s)
	var got []string
	for _, x := range ds {
		got = append(got, x.Summary()+" → "+x.LastDayText+" | "+x.Shift)
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{
		"Letzter Tag: Prüfung abschließen (§7(1) Nr. 1) → Montag, 12.10.2026 | verschoben vom Samstag, 10.10.2026: Endet eine Frist an einem Samstag, Sonntag oder Feiertag, ist der nächste Werktag der letzte Tag (§193 BGB).",
		"Letzter Tag: Härtefallantrag für Komponente 1 (§6(3)) → Freitag, 27.03.2026 | ",
		"Letzter Tag: Einsicht in die Prüfungsarbeit Komponente 1 vom 13.02.2026 (§12(2)) → Freitag, 27.03.2026 | ",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("missing %q in\n%s", want, all)
		}
	}
	for _, x := range ds {
		if x.Kind == Retention && x.Own {
			t.Error("the retention period is shown as the candidate's")
		}
	}
}

// A holiday at the seat is named: 01.01.2027 is New Year's Day.
func TestCandidateDeadlineNamesTheHoliday(t *testing.T) {
	s := State{Deadlines: []DeadlineState{{Kind: HardshipCutoff, Paragraph: "§6(3)", Component: "K1", Event: d("2026-12-04"),
		LastDay: d("2027-01-04"), ShiftedFrom: d("2027-01-01")}}}
	got := CandidateDeadlines(preset(t), s)[0].Shift
	if !strings.HasPrefix(got, "verschoben vom Freitag, 01.01.2027 (Neujahrstag)") {
		t.Fatalf("shift %q", got)
	}
}
