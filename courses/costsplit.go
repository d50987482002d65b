package courses

import (
	"cmp"
	"fmt"
	"math/bits"
	"slices"

	"github.com/wachsam/wachsam"
)

// CostBasis is what the cost of a session is split by (DESIGN.md §4).
type CostBasis string

const (
	// CostByPopulation: by inhabitants, the seed's billing rule
	// ("Abrechnung basiert auf Einwohnerzahl", seeds/003).
	CostByPopulation CostBasis = "population"
	// CostBySeats: by the seats each municipality's staff used.
	CostBySeats CostBasis = "seats"
)

// CostShare is one municipality taking part in a session's cost.
type CostShare struct {
	MunicipalityID int64
	Population     int
	Seats          int
}

// maxCostWeight bounds a population or seat count far above any real one,
// so that the sum of the weights cannot overflow.
const maxCostWeight = 1 << 40

func (c CostShare) weight(by CostBasis) int {
	if by == CostBySeats {
		return c.Seats
	}
	return c.Population
}

// SplitCost splits totalCents among the shares in proportion to their
// population or seats, in whole cents, by the largest remainder method:
// everyone first gets the floor of their exact part, and the cents left over
// (fewer than there are shares) go one each to the largest fractional parts.
// So the parts always sum to the total exactly, and no part is more than one
// cent away from its exact value. Ties go to the larger weight, then to the
// smaller municipality id, so the result does not depend on the order of
// shares: parts[i] belongs to shares[i] whatever the order.
//
// A municipality with weight 0 (no seats used) pays nothing; if all weights
// are 0 only a total of 0 can be split.
func SplitCost(totalCents int64, shares []CostShare, by CostBasis) ([]int64, error) {
	if by != CostByPopulation && by != CostBySeats {
		return nil, wachsam.FieldError("basis", "Die Kosten lassen sich nur nach Einwohnern oder nach belegten Plätzen aufteilen.")
	}
	if totalCents < 0 {
		return nil, wachsam.FieldError("total_cents", "Die Kosten dürfen nicht negativ sein.")
	}
	var sum uint64
	seen := make(map[int64]bool, len(shares))
	for i, c := range shares {
		if seen[c.MunicipalityID] {
			return nil, wachsam.FieldError(fmt.Sprintf("shares[%d].municipality", i), "Die Kommune kommt mehrfach vor.")
		}
		seen[c.MunicipalityID] = true
		w := c.weight(by)
		if w < 0 || w > maxCostWeight {
			return nil, wachsam.FieldError(fmt.Sprintf("shares[%d].%s", i, by), "Der Wert muss zwischen 0 und %d liegen (%d).", maxCostWeight, w)
		}
		sum += uint64(w)
	}
	parts := make([]int64, len(shares))
	if sum == 0 {
		if totalCents == 0 {
			return parts, nil
		}
		if by == CostBySeats {
			return nil, wachsam.Errorf(wachsam.EINVALID, "Die Kosten lassen sich nicht nach Plätzen aufteilen: niemand hat einen Platz belegt.")
		}
		return nil, wachsam.Errorf(wachsam.EINVALID, "Die Kosten lassen sich nicht nach Einwohnern aufteilen: keine Kommune hat Einwohner angegeben.")
	}

	remainders := make([]uint64, len(shares))
	left := totalCents
	for i, c := range shares {
		// total × weight may exceed 64 bits; the quotient cannot, as
		// weight ≤ sum, so Div64 is safe (hi < sum).
		hi, lo := bits.Mul64(uint64(totalCents), uint64(c.weight(by)))
		q, r := bits.Div64(hi, lo, sum)
		parts[i], remainders[i] = int64(q), r
		left -= int64(q)
	}
	order := make([]int, len(shares))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		return cmp.Or(
			cmp.Compare(remainders[b], remainders[a]),
			cmp.Compare(shares[b].weight(by), shares[a].weight(by)),
			cmp.Compare(shares[a].MunicipalityID, shares[b].MunicipalityID),
		)
	})
	for _, i := range order[:left] {
		parts[i]++
	}
	return parts, nil
}
