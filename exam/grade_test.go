package exam

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestPara5_OnlyTheScaleOfPara2(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Grade
		ok   bool
	}{
		{"1,0", 10, true}, {"1,3", 13, true}, {"1,7", 17, true}, {"2,0", 20, true}, {"2,3", 23, true},
		{"2,7", 27, true}, {"3,0", 30, true}, {"3,3", 33, true}, {"3,7", 37, true}, {"4,0", 40, true},
		{"5,0", 50, true},
		{"1,5", 0, false}, {"4,3", 0, false}, {"4,7", 0, false}, {"0,7", 0, false}, {"6,0", 0, false},
		{"1.3", 0, false}, {"1,30", 0, false}, {"13", 0, false}, {"", 0, false}, {" 1,3", 0, false},
	} {
		g, err := ParseGrade(tc.in)
		if (err == nil) != tc.ok || g != tc.want {
			t.Errorf("ParseGrade(%q) = %v, %v; want %v ok=%v", tc.in, g, err, tc.want, tc.ok)
		}
	}
}

func TestPara5_GermanDisplay(t *testing.T) {
	for _, tc := range []struct {
		g          Grade
		text, word string
	}{
		{10, "1,0", "sehr gut"}, {13, "1,3", "sehr gut"}, {17, "1,7", "gut"}, {23, "2,3", "gut"},
		{27, "2,7", "befriedigend"}, {33, "3,3", "befriedigend"}, {37, "3,7", "ausreichend"},
		{40, "4,0", "ausreichend"}, {50, "5,0", "nicht ausreichend"}, {15, "1,5", ""},
	} {
		if tc.g.String() != tc.text || tc.g.Word() != tc.word {
			t.Errorf("%d: %q %q, want %q %q", int(tc.g), tc.g.String(), tc.g.Word(), tc.text, tc.word)
		}
	}
}

func TestPara5_RoundingMidpointsGoToTheWorseGrade(t *testing.T) {
	for _, tc := range []struct {
		num, den int64 // tenths
		want     Grade
	}{
		{15, 1, 17},   // §5(5): 1,5 → 1,7
		{25, 1, 27},   // §5(5): 2,5 → 2,7
		{35, 1, 37},   // §5(5): 3,5 → 3,7
		{23, 2, 13},   // 1,15 → 1,3
		{37, 2, 20},   // 1,85 → 2,0
		{43, 2, 23},   // 2,15 → 2,3
		{45, 1, 50},   // 4,5 → 5,0 (the wide gap)
		{449, 10, 40}, // 4,49 → 4,0
		{14, 1, 13},   // 1,4 → 1,3
		{16, 1, 17},   // 1,6 → 1,7
		{34, 3, 10},   // 1,133… → 1,0
		{35, 3, 13},   // 1,166… → 1,3
		{5, 1, 10},    // below the scale → 1,0
		{60, 1, 50},   // above the scale → 5,0
	} {
		if got := RoundToScale(Mean{tc.num, tc.den}); got != tc.want {
			t.Errorf("round(%d/%d tenths) = %s, want %s", tc.num, tc.den, got, tc.want)
		}
	}
}

func TestPara5_ComponentGradeIsWeightedMeanOfParts(t *testing.T) {
	// §5(4): parts weighted by their share. 1,7×2 + 2,3×1 = 5,7 / 3 = 1,9 → 2,0.
	m, err := WeightedMean([]Weighted{{17, 2}, {23, 1}})
	if err != nil || m != (Mean{19, 1}) || RoundToScale(m) != 20 {
		t.Fatalf("mean %v %v", m, err)
	}
	if m.String() != "1,9" || (Mean{23, 2}).String() != "1,15" || (Mean{35, 3}).String() != "1,1666…" {
		t.Fatalf("display %s %s %s", m, Mean{23, 2}, Mean{35, 3})
	}
	for _, bad := range [][]Weighted{nil, {{17, 0}}, {{17, -1}}, {{17, MaxWeight + 1}}} {
		if _, err := WeightedMean(bad); err == nil {
			t.Errorf("WeightedMean(%v) accepted", bad)
		}
	}
}

func TestPara5_OverallGradeExample(t *testing.T) {
	s := newFile().register("K1", "2025-10-20", "2025-11-14").register("K2", "2025-10-20", "2025-11-14").
		grade("K1", "2025-11-20", "2025-11-14", Grade20).grade("K2", "2025-11-20", "2025-11-14", Grade13).
		eval(t, "2025-12-01")
	// (2,0 + 1,3) / 2 = 1,65 → 1,7: above the midpoint 1,5 between 1,3 and 1,7.
	if s.Overall.Status != OverallPassed || s.Overall.Grade != "1,7" || s.Overall.Mean != "1,65" || s.Overall.GradeWord != "gut" {
		t.Fatalf("overall %+v", s.Overall)
	}
}

// Property tests: a seeded loop, so a failure is reproducible.

func randomParts(r *rand.Rand, scale []Grade) []Weighted {
	n := 1 + r.IntN(8)
	ps := make([]Weighted, n)
	for i := range ps {
		ps[i] = Weighted{scale[r.IntN(len(scale))], 1 + r.Int64N(20)}
	}
	return ps
}

func TestPara5_PropertyRoundedGradeIsOnScale(t *testing.T) {
	r, scale := rand.New(rand.NewPCG(1, 2)), StandardScale()
	for range 10000 {
		m, err := WeightedMean(randomParts(r, scale))
		if err != nil {
			t.Fatal(err)
		}
		if g := RoundToScale(m); !OnScale(g, scale) {
			t.Fatalf("round(%v) = %s not on the scale", m, g)
		}
	}
}

func TestPara5_PropertyRoundingIsMonotone(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 10000 {
		a := Mean{5 + r.Int64N(500), 1 + r.Int64N(10)}
		b := Mean{5 + r.Int64N(500), 1 + r.Int64N(10)}
		if a.Cmp(b) > 0 {
			a, b = b, a
		}
		if RoundToScale(a) > RoundToScale(b) {
			t.Fatalf("%v ≤ %v but round %s > %s", a, b, RoundToScale(a), RoundToScale(b))
		}
	}
	// Exhaustive over tenths-of-tenths from 1,00 to 5,00.
	prev := Grade(0)
	for n := int64(100); n <= 500; n++ {
		g := RoundToScale(Mean{n, 10})
		if g < prev {
			t.Fatalf("not monotone at %d/10", n)
		}
		prev = g
	}
}

func TestPara5_PropertyEqualGradesRoundToThemselves(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, g := range StandardScale() {
		for range 100 {
			ps := make([]Weighted, 1+r.IntN(6))
			for i := range ps {
				ps[i] = Weighted{g, 1 + r.Int64N(50)}
			}
			m, _ := WeightedMean(ps)
			if RoundToScale(m) != g || m != MeanOf(g) {
				t.Fatalf("equal grades %s: mean %v rounds to %s", g, m, RoundToScale(m))
			}
		}
	}
}

func TestPara5_PropertyEqualWeightsGiveThePlainMean(t *testing.T) {
	r, scale := rand.New(rand.NewPCG(7, 8)), StandardScale()
	for range 5000 {
		ps := randomParts(r, scale)
		w := 1 + r.Int64N(9)
		var sum int64
		for i := range ps {
			ps[i].Weight = w
			sum += int64(ps[i].Grade)
		}
		m, _ := WeightedMean(ps)
		if m.Cmp(Mean{sum, int64(len(ps))}) != 0 {
			t.Fatalf("%v: weighted %v, plain %d/%d", ps, m, sum, len(ps))
		}
	}
}

func TestPara5_PropertyOrderOfPartsNeverMatters(t *testing.T) {
	r, scale := rand.New(rand.NewPCG(9, 10)), StandardScale()
	for range 5000 {
		ps := randomParts(r, scale)
		m1, _ := WeightedMean(ps)
		qs := slices.Clone(ps)
		r.Shuffle(len(qs), func(i, j int) { qs[i], qs[j] = qs[j], qs[i] })
		m2, _ := WeightedMean(qs)
		if m1 != m2 || RoundToScale(m1) != RoundToScale(m2) {
			t.Fatalf("%v → %v, shuffled %v → %v", ps, m1, qs, m2)
		}
	}
}
