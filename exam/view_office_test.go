package exam

import (
	"slices"
	"testing"
)

func officeTestSeminar() OfficeSeminar {
	return OfficeSeminar{ExamFeeCents: 45000, RetakeFeeCents: 15000,
		Components: []OfficeComponent{{Code: "K1", Name: "Komponente 1"}, {Code: "K2", Name: "Komponente 2"}}}
}

// §2(2): one exam fee covers every first attempt, so it is due once even
// though package exam names it beside each component.
func TestOfficeFeesDueNamesTheExamFeeOnce(t *testing.T) {
	b := newFile()
	b.f.Facts = slices.DeleteFunc(b.f.Facts, func(f Fact) bool { return f.Type == FactFeePaid })
	s := b.eval(t, "2025-10-20")
	fees := OfficeFeesDue(s, officeTestSeminar())
	if len(fees) != 1 || fees[0].Fee != "exam" || fees[0].AmountCents != 45000 || fees[0].German() != "Prüfungsgebühr" {
		t.Fatalf("fees due: %+v", fees)
	}
	for _, c := range []string{"K1", "K2"} {
		if f, due := OfficeUnpaidFee(s, officeTestSeminar(), c); !due || f.Fee != "exam" {
			t.Fatalf("%s: unpaid %+v, %v", c, f, due)
		}
	}
}

// §2(2) sentence 3: a retake needs its own fee, for that component only.
func TestOfficeUnpaidFeeOfARetake(t *testing.T) {
	s := newFile().failK1().eval(t, "2025-12-02")
	f, due := OfficeUnpaidFee(s, officeTestSeminar(), "K1")
	if !due || f.Fee != "retake" || f.Component != "K1" || f.Attempt != 2 || f.AmountCents != 15000 ||
		f.German() != "Wiederholungsgebühr für Komponente 1 (2. Versuch)" {
		t.Fatalf("K1: %+v, %v", f, due)
	}
	if f, due := OfficeUnpaidFee(s, officeTestSeminar(), "K2"); due {
		t.Fatalf("K2 has its first attempt covered by the exam fee: %+v", f)
	}
	paid := newFile().failK1().fee("K1", "2025-12-02").eval(t, "2025-12-02")
	if f, due := OfficeUnpaidFee(paid, officeTestSeminar(), "K1"); due {
		t.Fatalf("after the retake fee: %+v", f)
	}
}

func TestOfficeEuro(t *testing.T) {
	for cents, want := range map[int64]string{0: "0,00 €", 5: "0,05 €", 45000: "450,00 €", 123456789: "1.234.567,89 €", -15000: "-150,00 €", 100000: "1.000,00 €"} {
		if got := OfficeEuro(cents); got != want {
			t.Errorf("OfficeEuro(%d) = %q, want %q", cents, got, want)
		}
	}
}

// §2(1): an online day counts only with the camera; the attendance list
// shows what was recorded.
func TestOfficeAttendanceReadsRecordedDays(t *testing.T) {
	b := newFile()
	b.f.Seminar.Days[4].Online = true
	b.f.Facts = slices.DeleteFunc(b.f.Facts, func(f Fact) bool { return f.Type == FactSeminarDayAttended && f.Date == d("2025-10-08") })
	days := OfficeAttendance(b.f, d("2025-10-09"))
	want := []bool{true, true, false, true, false}
	for i, day := range days {
		if day.Recorded != want[i] {
			t.Fatalf("day %s recorded %v, want %v", day.Date.German(), day.Recorded, want[i])
		}
	}
	if !days[4].Future || days[3].Future || !days[4].Online {
		t.Fatalf("days %+v", days)
	}
}

// The history describes every fact and names the refusal of a fact the
// regulation did not allow.
func TestOfficeHistoryNamesRefusals(t *testing.T) {
	b := newFile().failK1().add(Fact{Type: FactFeePaid, Date: d("2025-12-02"), Fee: "exam"})
	s := b.eval(t, "2025-12-03")
	h := OfficeHistory(b.f, s)
	if len(h) != len(b.f.Facts) {
		t.Fatalf("%d lines for %d facts", len(h), len(b.f.Facts))
	}
	i := slices.IndexFunc(h, func(l OfficeHistoryLine) bool { return l.Type == FactAttemptGraded })
	if h[i].Detail != "a 5,0, b 5,0" || h[i].Label != "Bewertung (§5)" {
		t.Fatalf("graded line %+v", h[i])
	}
	last := h[len(h)-1]
	if last.Refusal == nil || last.Refusal.Paragraph != "§2(2)" || h[0].Refusal != nil {
		t.Fatalf("refusals: %+v / %+v", last, h[0])
	}
	if open := OfficeOpenAttempts(s, nil); len(open) != 0 {
		t.Fatalf("open attempts of a graded file: %+v", open)
	}
}
