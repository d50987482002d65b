package courses

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/wachsam/wachsam"
)

func TestSplitCost(t *testing.T) {
	towns := []CostShare{
		{MunicipalityID: 1, Population: 30000, Seats: 30},
		{MunicipalityID: 2, Population: 24000, Seats: 24},
		{MunicipalityID: 3, Population: 6000, Seats: 15},
	}
	tests := []struct {
		name   string
		total  int64
		shares []CostShare
		by     CostBasis
		want   []int64
	}{
		{"by population, exact", 60000, towns, CostByPopulation, []int64{30000, 24000, 6000}},
		// 100 × 30/69 = 43.48, × 24/69 = 34.78, × 15/69 = 21.74: floors
		// 43+34+21 = 98, the two cents left go to .78 and .74.
		{"by seats, largest remainder", 100, towns, CostBySeats, []int64{43, 35, 22}},
		// Thirds: 33.33 each, the cent left goes to the smallest id.
		{"tie by id", 100, []CostShare{{MunicipalityID: 7, Seats: 1}, {MunicipalityID: 3, Seats: 1}, {MunicipalityID: 5, Seats: 1}}, CostBySeats, []int64{33, 34, 33}},
		// 1 cent, weights 1 and 2 → exact 1/3 and 2/3: the larger remainder wins.
		{"tie broken by remainder first", 1, []CostShare{{MunicipalityID: 1, Seats: 1}, {MunicipalityID: 2, Seats: 2}}, CostBySeats, []int64{0, 1}},
		// 1 cent, weights 2 and 2 and ids 9, 4: equal remainders and weights.
		{"equal weights by id", 1, []CostShare{{MunicipalityID: 9, Seats: 2}, {MunicipalityID: 4, Seats: 2}}, CostBySeats, []int64{0, 1}},
		{"no seats, no cost", 500, []CostShare{{MunicipalityID: 1, Seats: 0}, {MunicipalityID: 2, Seats: 3}}, CostBySeats, []int64{0, 500}},
		{"nothing to split", 0, []CostShare{{MunicipalityID: 1}}, CostBySeats, []int64{0}},
		{"no shares, no cost", 0, nil, CostByPopulation, []int64{}},
		{"no overflow", 9_000_000_000_000_000_000, []CostShare{{MunicipalityID: 1, Population: 3}, {MunicipalityID: 2, Population: 1 << 40}}, CostByPopulation, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := SplitCost(tt.total, tt.shares, tt.by)
			if err != nil {
				t.Fatal(err)
			}
			if sum := sumOf(got); sum != tt.total {
				t.Errorf("parts %v sum to %d, want %d", got, sum, tt.total)
			}
			if tt.want != nil && !slices.Equal(got, tt.want) {
				t.Errorf("SplitCost = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestSplitCostRefuses(t *testing.T) {
	tests := []struct {
		name   string
		total  int64
		shares []CostShare
		by     CostBasis
		field  string // "" for an EINVALID without a field
	}{
		{"unknown basis", 100, []CostShare{{MunicipalityID: 1, Seats: 1}}, "staff", "basis"},
		{"negative total", -1, []CostShare{{MunicipalityID: 1, Seats: 1}}, CostBySeats, "total_cents"},
		{"negative seats", 100, []CostShare{{MunicipalityID: 1, Seats: 1}, {MunicipalityID: 2, Seats: -1}}, CostBySeats, "shares[1].seats"},
		{"huge population", 100, []CostShare{{MunicipalityID: 1, Population: maxCostWeight + 1}}, CostByPopulation, "shares[0].population"},
		{"duplicate municipality", 100, []CostShare{{MunicipalityID: 1, Seats: 1}, {MunicipalityID: 1, Seats: 1}}, CostBySeats, "shares[1].municipality"},
		{"nobody used a seat", 100, []CostShare{{MunicipalityID: 1}}, CostBySeats, ""},
		{"no population", 100, []CostShare{{MunicipalityID: 1}}, CostByPopulation, ""},
		{"no shares", 100, nil, CostByPopulation, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := SplitCost(tt.total, tt.shares, tt.by)
			if tt.field != "" {
				if !containsField(err, tt.field) {
					t.Errorf("got %v, want EINVALID on %s", err, tt.field)
				}
				return
			}
			wantRefusal(t, err, wachsam.EINVALID, "lassen sich nicht")
		})
	}
}

// TestSplitCostProperties: for random inputs the parts sum to the total,
// each is the floor or the ceiling of its exact share, the same input gives
// the same parts, and shuffling the shares shuffles the parts alike.
func TestSplitCostProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 2026))
	for iter := range 2000 {
		n := 1 + rng.IntN(8)
		shares := make([]CostShare, n)
		ids := rng.Perm(100)
		for i := range shares {
			shares[i] = CostShare{MunicipalityID: int64(ids[i]), Population: rng.IntN(5) * rng.IntN(80_000), Seats: rng.IntN(4)}
		}
		shares[rng.IntN(n)].Population++
		shares[rng.IntN(n)].Seats++
		total := rng.Int64N(10_000_000)
		for _, by := range []CostBasis{CostByPopulation, CostBySeats} {
			parts, err := SplitCost(total, shares, by)
			if err != nil {
				t.Fatalf("iteration %d: %v", iter, err)
			}
			if sumOf(parts) != total {
				t.Fatalf("iteration %d %s: %v sums to %d, want %d", iter, by, parts, sumOf(parts), total)
			}
			weight := 0
			for _, s := range shares {
				weight += s.weight(by)
			}
			for i, s := range shares {
				floor := total * int64(s.weight(by)) / int64(weight) // no overflow at these sizes
				if parts[i] != floor && parts[i] != floor+1 {
					t.Fatalf("iteration %d %s: part %d of %v is %d, want %d or %d", iter, by, i, shares, parts[i], floor, floor+1)
				}
			}
			again, _ := SplitCost(total, shares, by)
			if !slices.Equal(parts, again) {
				t.Fatalf("iteration %d %s: not deterministic: %v then %v", iter, by, parts, again)
			}
			perm := rng.Perm(n)
			shuffled := make([]CostShare, n)
			for i, j := range perm {
				shuffled[i] = shares[j]
			}
			reordered, _ := SplitCost(total, shuffled, by)
			for i, j := range perm {
				if reordered[i] != parts[j] {
					t.Fatalf("iteration %d %s: order matters: %v gives %v, %v gives %v", iter, by, shares, parts, shuffled, reordered)
				}
			}
		}
	}
}

func sumOf(parts []int64) int64 {
	var s int64
	for _, p := range parts {
		s += p
	}
	return s
}
