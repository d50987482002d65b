package exam

import (
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strings"
)

// Limits that keep every product in Mean arithmetic inside int64: with at
// most MaxParts parts of weight at most MaxWeight and grades of at most
// maxGradeTenths, a numerator stays below 1e9 and a denominator below 1e7,
// so cross products stay below 1e16 (int64 holds 9.2e18).
const (
	MaxWeight      = 10_000
	MaxParts       = 1_000
	maxGradeTenths = 100
)

// Mean is an exact mean of grades, in tenths: Num/Den tenths (so 23/2 is
// 1,15). Den is always positive and the fraction is reduced. §5(4) and §5(5)
// average grades; doing it with integers means a midpoint such as 1,15 is
// recognised as exactly a midpoint, which floating point cannot promise.
type Mean struct{ Num, Den int64 }

// MeanOf is the mean of the single grade g.
func MeanOf(g Grade) Mean { return Mean{int64(g), 1} }

// Cmp compares two means: -1, 0 or +1.
func (m Mean) Cmp(n Mean) int {
	a, b := m.Num*n.Den, n.Num*m.Den
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// String writes the mean as a German decimal with up to four places
// ("1,15"), or cut after four places with "…" when it does not terminate
// there ("1,1666…"). For display only; decisions use the fraction.
func (m Mean) String() string { return germanTenths(m.rat()) }

func (m Mean) rat() *big.Rat { return big.NewRat(m.Num, m.Den) }

// germanTenths writes r tenths as a German decimal of units, as Mean.String.
func germanTenths(r *big.Rat) string {
	num, den := new(big.Int).Set(r.Num()), new(big.Int).Mul(r.Denom(), big.NewInt(10))
	var b strings.Builder
	if num.Sign() < 0 {
		b.WriteByte('-')
		num.Neg(num)
	}
	// num/den units: the integer part, then up to four decimals.
	q, rem := new(big.Int).QuoRem(num, den, new(big.Int))
	fmt.Fprintf(&b, "%s,", q)
	ten := big.NewInt(10)
	for i := 0; i < 4; i++ {
		rem.Mul(rem, ten)
		q.QuoRem(rem, den, rem)
		b.WriteString(q.String())
		if rem.Sign() == 0 {
			break
		}
	}
	if rem.Sign() != 0 {
		b.WriteString("…")
	}
	return b.String()
}

// meanOfGrades is the exact weighted mean of exact grades (§5(5): the
// overall grade is the mean of the components' grades, which §5(4) leaves
// unrounded). It is a big.Rat: the components' denominators differ, and
// their common multiple outgrows int64 within a few dozen components.
func meanOfGrades(grades []Mean, weights []int64) *big.Rat {
	sum, total := new(big.Rat), new(big.Rat)
	for k, g := range grades {
		w := new(big.Rat).SetInt64(weights[k])
		sum.Add(sum, new(big.Rat).Mul(g.rat(), w))
		total.Add(total, w)
	}
	return sum.Quo(sum, total)
}

// Weighted is a grade with its share (§5(4): "entsprechend ihrem Anteil").
type Weighted struct {
	Grade  Grade
	Weight int64
}

// WeightedMean returns the exact weighted mean of the grades (§5(4)). Equal
// weights give the plain mean (§5(5)). The order of the parts never matters:
// the sums are exact.
func WeightedMean(parts []Weighted) (Mean, error) {
	if len(parts) == 0 {
		return Mean{}, errors.New("keine Noten zu mitteln")
	}
	if len(parts) > MaxParts {
		return Mean{}, fmt.Errorf("mehr als %d Teilleistungen", MaxParts)
	}
	var num, den int64
	for _, p := range parts {
		if p.Weight <= 0 || p.Weight > MaxWeight {
			return Mean{}, fmt.Errorf("Gewicht %d liegt nicht zwischen 1 und %d", p.Weight, MaxWeight)
		}
		if p.Grade < 0 || p.Grade > maxGradeTenths {
			return Mean{}, fmt.Errorf("Note %s liegt außerhalb jeder Skala", p.Grade)
		}
		num += int64(p.Grade) * p.Weight
		den += p.Weight
	}
	g := gcd(num, den)
	return Mean{num / g, den / g}, nil
}

func gcd(a, b int64) int64 {
	if a < 0 {
		a = -a
	}
	for b != 0 {
		a, b = b, a%b
	}
	if a == 0 {
		return 1
	}
	return a
}

// RoundingRule says where an exact midpoint between two neighbouring grades
// of the scale goes.
type RoundingRule int

const (
	// MidpointToWorse sends every exact midpoint to the worse (higher)
	// grade: §5(5) "1,5 zu 1,7, 2,5 zu 2,7 und 3,5 zu 3,7", and likewise
	// 1,15 to 1,3, 1,85 to 2,0 and 4,5 to 5,0. It is the zero value, so a
	// Regulation that says nothing gets the academy's rule.
	MidpointToWorse RoundingRule = iota
	// MidpointToBetter sends midpoints to the better grade, for a
	// regulation that says so.
	MidpointToBetter
)

// RoundToScale rounds m to the nearest grade of the §5(2) scale with the
// rule of §5(5) (midpoints to the worse grade).
func RoundToScale(m Mean) Grade { return roundTo(m, StandardScale(), MidpointToWorse) }

// roundTo rounds m to the nearest grade of scale (ascending). It is total: a
// mean better than the best grade gives the best grade, one worse than the
// worst gives the worst. Between 4,0 and 5,0 the midpoint is 4,5: a mean
// below it rounds to 4,0, from it on to 5,0.
func roundTo(m Mean, scale []Grade, rule RoundingRule) Grade { return roundRat(m.rat(), scale, rule) }

func roundRat(m *big.Rat, scale []Grade, rule RoundingRule) Grade {
	if len(scale) == 0 {
		panic("exam: empty grade scale")
	}
	grade := func(g Grade) *big.Rat { return new(big.Rat).SetInt64(int64(g)) }
	if m.Cmp(grade(scale[0])) <= 0 {
		return scale[0]
	}
	last := scale[len(scale)-1]
	if m.Cmp(grade(last)) >= 0 {
		return last
	}
	// The first grade not better than m.
	i, _ := slices.BinarySearchFunc(scale, m, func(g Grade, m *big.Rat) int { return grade(g).Cmp(m) })
	lo, hi := scale[i-1], scale[i]
	// Compare 2m with lo+hi: below the midpoint, on it, above it.
	switch c := new(big.Rat).Add(m, m).Cmp(grade(lo + hi)); {
	case c < 0:
		return lo
	case c > 0:
		return hi
	case rule == MidpointToBetter:
		return lo
	default:
		return hi
	}
}
