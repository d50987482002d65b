package exam

import (
	"testing"
	"time"
)

func TestBGB187_EventDayIsNotCounted(t *testing.T) {
	// §187(1) BGB: a 4-week period from Friday 14.11.2025 runs from Saturday
	// and ends on Friday 12.12.2025, not Thursday.
	if got := PeriodEnd(d("2025-11-14"), Period{4, Weeks}); got != d("2025-12-12") {
		t.Fatalf("got %s", got)
	}
	if got := PeriodEnd(d("2025-11-14"), Period{3, Days}); got != d("2025-11-17") {
		t.Fatalf("days: got %s", got)
	}
}

func TestBGB188_PeriodEnds(t *testing.T) {
	for _, tc := range []struct {
		name  string
		event string
		p     Period
		want  string
	}{
		{"weeks end on the same weekday", "2026-01-07", Period{4, Weeks}, "2026-02-04"},
		{"a year ends on the same date", "2025-10-10", Period{1, Years}, "2026-10-10"},
		{"§188(3) February 29 plus one year is February 28", "2028-02-29", Period{1, Years}, "2029-02-28"},
		{"§188(3) January 31 plus one month in a leap year", "2024-01-31", Period{1, Months}, "2024-02-29"},
		{"§188(3) January 31 plus one month", "2025-01-31", Period{1, Months}, "2025-02-28"},
		{"4 weeks across February 29", "2028-02-01", Period{4, Weeks}, "2028-02-29"},
		{"4 weeks from February 29", "2028-02-29", Period{4, Weeks}, "2028-03-28"},
		{"five years from February 29", "2028-02-29", Period{5, Years}, "2033-02-28"},
		{"across the year end", "2025-12-05", Period{4, Weeks}, "2026-01-02"},
		{"months across the year end", "2025-11-30", Period{3, Months}, "2026-02-28"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := PeriodEnd(d(tc.event), tc.p); got != d(tc.want) {
				t.Fatalf("%s + %s = %s, want %s", tc.event, tc.p, got, tc.want)
			}
		})
	}
}

func TestBGB193_LastDayOnWeekendOrHolidayMovesToNextWorkingDay(t *testing.T) {
	reg := preset(t)
	for _, tc := range []struct {
		name  string
		event string
		kind  DeadlineKind
		want  string
	}{
		{"working day stays", "2025-11-14", ReasonsCutoff, "2025-12-12"},
		{"Saturday to Monday", "2025-10-10", Entitlement, "2026-10-12"},
		{"Sunday to Monday", "2025-11-14", RetakeWindow, "2026-11-16"},
		{"Epiphany (BW) 06.01.2026 to 07.01.2026", "2025-12-09", HardshipCutoff, "2026-01-07"},
		{"Corpus Christi (BW) 04.06.2026 to 05.06.2026", "2026-05-07", InspectionCutoff, "2026-06-05"},
		{"All Saints (BW) 01.11.2027 to 02.11.2027", "2027-10-04", ReasonsCutoff, "2027-11-02"},
		{"Reformation Day is no holiday in BW", "2025-10-03", ReasonsCutoff, "2025-10-31"},
		{"Christmas: 25.12.2026 Fri, 26 Sat, 27 Sun to 28.12.", "2026-11-27", ReasonsCutoff, "2026-12-28"},
		{"Easter 2026: Good Friday 03.04. to Tuesday 07.04.", "2026-03-06", HardshipCutoff, "2026-04-07"},
		{"February 29 2028 plus one year: 28.02.2029 is a Wednesday", "2028-02-29", RetakeWindow, "2029-02-28"},
		{"5-year limit from 15.12.2025 ends Sunday, moves to Monday", "2025-12-15", InvalidationLimit, "2030-12-16"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := reg.Deadline(tc.kind, d(tc.event)); got != d(tc.want) {
				t.Fatalf("%s from %s: %s, want %s", tc.kind, tc.event, got, tc.want)
			}
		})
	}
	if reg.Holiday(d("2026-01-06")) != "Heilige Drei Könige" || reg.Holiday(d("2026-06-04")) != "Fronleichnam" || reg.Holiday(d("2025-11-01")) != "Allerheiligen" {
		t.Fatal("BW holidays missing")
	}
}

// TestBGB193_AppliesOnlyToPeriodsWithinWhichSomeoneMustAct: every period
// that ends on Sunday 14.11.2027 (event 14.11.2025, two years; or the
// matching week periods) moves to Monday, except the §12(1) retention, a
// period of keeping that nobody acts by.
func TestBGB193_AppliesOnlyToPeriodsWithinWhichSomeoneMustAct(t *testing.T) {
	reg := preset(t)
	for _, k := range DeadlineKinds() {
		if k == ExamNotice {
			continue
		}
		want := k != Retention
		if k.MovedByBGB193() != want {
			t.Errorf("%s: MovedByBGB193 = %v, want %v", k, !want, want)
		}
	}
	// 17.10.2027 is a Sunday: four weeks after Sunday 19.09.2027.
	for _, k := range []DeadlineKind{HardshipCutoff, ReasonsCutoff, InspectionCutoff} {
		if got := reg.Deadline(k, d("2027-09-19")); got != d("2027-10-18") {
			t.Errorf("%s: %s, want Monday 18.10.2027", k, got)
		}
	}
	for _, k := range []DeadlineKind{RetakeWindow, Entitlement} {
		if got := reg.Deadline(k, d("2026-11-14")); got != d("2027-11-15") {
			t.Errorf("%s: %s, want Monday 15.11.2027", k, got)
		}
	}
	if got := reg.Deadline(InvalidationLimit, d("2022-11-14")); got != d("2027-11-15") {
		t.Errorf("invalidation limit: %s, want Monday 15.11.2027", got)
	}
}

// TestPara12_1_RetentionIsNotMovedByBGB193: two years from 14.11.2025 end
// on Sunday 14.11.2027, and stay there.
func TestPara12_1_RetentionIsNotMovedByBGB193(t *testing.T) {
	if got := preset(t).Deadline(Retention, d("2025-11-14")); got != d("2027-11-14") {
		t.Fatalf("retention ends %s, want Sunday 14.11.2027", got)
	}
}

func TestBGB193_DeadlinesEndAtMidnightBerlinAcrossSummerTime(t *testing.T) {
	reg := preset(t)
	for _, tc := range []struct {
		last    string
		endsAt  string // RFC 3339
		dayLong time.Duration
	}{
		{"2026-03-28", "2026-03-29T00:00:00+01:00", 24 * time.Hour},
		{"2026-03-29", "2026-03-30T00:00:00+02:00", 23 * time.Hour}, // clocks go forward
		{"2026-10-24", "2026-10-25T00:00:00+02:00", 24 * time.Hour},
		{"2026-10-25", "2026-10-26T00:00:00+01:00", 25 * time.Hour}, // clocks go back
	} {
		got := reg.EndsAt(d(tc.last))
		if got.Format(time.RFC3339) != tc.endsAt {
			t.Errorf("%s ends %s, want %s", tc.last, got.Format(time.RFC3339), tc.endsAt)
		}
		if long := got.Sub(d(tc.last).In(reg.Location)); long != tc.dayLong {
			t.Errorf("%s lasts %s, want %s", tc.last, long, tc.dayLong)
		}
	}
	// A period whose nominal end is the Sunday of the change: 4 weeks from
	// 01.03.2026 end on Sunday 29.03.2026, move to Monday 30.03., and end at
	// 24:00 summer time (22:00 UTC).
	last := reg.Deadline(ReasonsCutoff, d("2026-03-01"))
	if last != d("2026-03-30") || reg.EndsAt(last).UTC().Format(time.RFC3339) != "2026-03-30T22:00:00Z" {
		t.Fatalf("last %s ends %s", last, reg.EndsAt(last).UTC())
	}
	last = reg.Deadline(ReasonsCutoff, d("2026-09-27"))
	if last != d("2026-10-26") || reg.EndsAt(last).UTC().Format(time.RFC3339) != "2026-10-26T23:00:00Z" {
		t.Fatalf("last %s ends %s", last, reg.EndsAt(last).UTC())
	}
}

func TestPara3_NoticeIsALeadTimeWithoutBGB193(t *testing.T) {
	reg := preset(t)
	// Announced Saturday 10.01.2026: the exam may be on Saturday 07.02.2026;
	// §193 BGB does not push the earliest day to Monday.
	if got := reg.EarliestExamDate(d("2026-01-10")); got != d("2026-02-07") {
		t.Fatalf("got %s", got)
	}
	defer func() {
		if recover() == nil {
			t.Fatal("Deadline(ExamNotice) must panic: the notice is no deadline")
		}
	}()
	reg.Deadline(ExamNotice, d("2026-01-10"))
}

func TestPara13_RegulationInForce(t *testing.T) {
	udis := preset(t)
	later := preset(t)
	later.ID, later.InForceFrom = "udis-isb-2027-04-01", d("2027-04-01")
	regs := []Regulation{later, udis}
	for _, tc := range []struct {
		day, want string
	}{
		{"2025-08-31", ""},
		{"2025-09-01", IDUdisISB2025},
		{"2027-03-31", IDUdisISB2025},
		{"2027-04-01", "udis-isb-2027-04-01"},
	} {
		r, ok := RegulationInForce(regs, d(tc.day))
		if ok != (tc.want != "") || r.ID != tc.want {
			t.Errorf("%s: %q %v, want %q", tc.day, r.ID, ok, tc.want)
		}
	}
	// A file is judged by the regulation in force on its first seminar day.
	f := newFile().f
	if r, err := ResolveRegulation(regs, f); err != nil || r.ID != IDUdisISB2025 {
		t.Fatalf("%v %v", r.ID, err)
	}
	f.Regulation = "udis-isb-2027-04-01"
	if _, err := ResolveRegulation(regs, f); ErrorText(err) == "" || err == nil {
		t.Fatal("a file naming a regulation not in force for it must be rejected")
	}
	f.Regulation = ""
	f.Seminar.Days = []SeminarDay{{Date: d("2025-08-25")}}
	if _, err := ResolveRegulation(regs, f); err == nil {
		t.Fatal("a seminar before §13 has no regulation")
	}
}

func TestPara13_AnotherAcademyIsAnotherValue(t *testing.T) {
	// Another academy: a seat without the BW holidays, two ordinary
	// retakes, and weighted components.
	reg := preset(t)
	reg.ID, reg.Seat, reg.Retakes = "andere", "Berlin", 2
	reg.Holidays = nil
	reg.ComponentWeights = map[string]int64{"K1": 3, "K2": 1}
	if err := reg.Validate(); err != nil {
		t.Fatal(err)
	}
	if reg.MaxAttempts() != 4 || preset(t).MaxAttempts() != 3 {
		t.Fatal("retakes not a parameter")
	}
	// Without BW holidays, Epiphany no longer moves a deadline.
	if got := reg.Deadline(HardshipCutoff, d("2025-12-09")); got != d("2026-01-06") {
		t.Fatalf("got %s", got)
	}
	// Weighted components: K1 1,0 ×3 and K2 4,0 ×1 → 1,75 → 1,7.
	b := newFile().register("K1", "2025-10-20", "2025-11-14").register("K2", "2025-10-20", "2025-11-14").
		grade("K1", "2025-11-20", "2025-11-14", Grade10).grade("K2", "2025-11-20", "2025-11-14", Grade40)
	s := Evaluate(reg, b.f, d("2025-12-01"))
	if s.Overall.Grade != "1,7" || s.Overall.Mean != "1,75" {
		t.Fatalf("%+v", s.Overall)
	}
}
