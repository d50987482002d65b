package courses

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/big"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"syscall"
	"testing"
	"time"
)

// allocBenchProblem generates a state-wide round: 3 to 12 municipalities of
// very different sizes, 3 to 8 departments each, sessions whose capacities
// add up to about the number of people, and 3 to 5 (or minPrefs to
// maxPrefs) distinct preferences per person drawn with a skewed popularity,
// so that capacities, municipality quotas and department caps all bind.
// Preferences are drawn independently per person, so the grouping of
// identical people gains almost nothing here: this is the hard case.
func allocBenchProblem(seed uint64, people, sessions, minPrefs, maxPrefs int) Problem {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	p := Problem{Policy: AllocationPolicy{
		MunicipalityShare: big.NewRat(2, 100),
		DepartmentShare:   big.NewRat(1, 30),
	}}
	if sessions < 50 {
		// A small round: the default third-each style quota, half an office.
		p.Policy = AllocationPolicy{}
	}

	type unit struct {
		municipality, department string
		index                    int // of the municipality
	}
	var units []unit
	var unitWeights, municipalityWeights []float64
	municipalities := 3 + rng.IntN(10)
	for m := range municipalities {
		size := (0.3 + rng.Float64()) / math.Pow(float64(m)+1, 0.8)
		municipalityWeights = append(municipalityWeights, size)
		departments := 3 + rng.IntN(6)
		for d := range departments {
			units = append(units, unit{fmt.Sprintf("0842%04d", m), fmt.Sprintf("Amt %d", d), m})
			unitWeights = append(unitWeights, size*(0.2+rng.Float64()))
		}
	}

	// Sessions are hosted by the municipalities, roughly by size; people
	// like sessions nearby, which makes the municipality quotas bind.
	pickHost := allocWeightedPicker(rng, municipalityWeights)
	popularity := make([]float64, sessions)
	capacities := make([]float64, sessions)
	hostedPopularity := make([][]float64, municipalities)
	for m := range hostedPopularity {
		hostedPopularity[m] = make([]float64, sessions)
	}
	var capacityWeight float64
	for s, rank := range rng.Perm(sessions) {
		popularity[s] = 1 / math.Pow(float64(rank)+3, 0.9)
		hostedPopularity[pickHost()][s] = popularity[s]
		capacities[s] = 0.6 + 0.8*rng.Float64()
		capacityWeight += capacities[s]
	}
	for s := range sessions {
		p.Sessions = append(p.Sessions, AllocationSession{
			ID:       fmt.Sprintf("S%03d", s),
			Capacity: int(math.Round(capacities[s] / capacityWeight * float64(people))),
		})
	}
	pickUnit := allocWeightedPicker(rng, unitWeights)
	pickSession := allocWeightedPicker(rng, popularity)
	pickNearby := make([]func() int, municipalities)
	for m, weights := range hostedPopularity {
		if slices.ContainsFunc(weights, func(w float64) bool { return w > 0 }) {
			pickNearby[m] = allocWeightedPicker(rng, weights)
		}
	}

	// Colleagues tend to want the same days, which makes the department
	// caps bind.
	favourites := make([][]int, len(units))
	for d := range favourites {
		for range 3 {
			favourites[d] = append(favourites[d], pickSession())
		}
	}

	for i := range people {
		d := pickUnit()
		u := units[d]
		a := Applicant{ID: fmt.Sprintf("P%05d", i), Municipality: u.municipality, Department: u.department}
		want := min(minPrefs+rng.IntN(maxPrefs-minPrefs+1), sessions)
		chosen := make(map[int]bool, want)
		for len(a.Preferences) < want {
			var s int
			switch draw := rng.IntN(6); {
			case draw < 2:
				s = favourites[d][rng.IntN(len(favourites[d]))]
			case draw < 4 && pickNearby[u.index] != nil:
				s = pickNearby[u.index]()
			default:
				s = pickSession()
			}
			if chosen[s] {
				continue
			}
			chosen[s] = true
			a.Preferences = append(a.Preferences, p.Sessions[s].ID)
		}
		p.People = append(p.People, a)
	}
	return p
}

// allocWeightedPicker draws indices with probability proportional to
// weights, by binary search on the cumulative sums.
func allocWeightedPicker(rng *rand.Rand, weights []float64) func() int {
	cumulative := make([]float64, len(weights))
	var sum float64
	for i, w := range weights {
		sum += w
		cumulative[i] = sum
	}
	return func() int {
		x := rng.Float64() * sum
		lo, hi := 0, len(cumulative)-1
		for lo < hi {
			mid := (lo + hi) / 2
			if cumulative[mid] > x {
				hi = mid
			} else {
				lo = mid + 1
			}
		}
		return lo
	}
}

const allocBenchSeed = 15000

func BenchmarkAllocate15000People(b *testing.B) {
	benchmarkSolve(b, allocBenchProblem(allocBenchSeed, 15000, 150, 3, 5))
}

// benchmarkSolve times Solve on p and reports, besides wall time, the
// process CPU time per solve (cpu-ms/op), which a machine shared with other
// work disturbs less (bench/alloc.sh compares it with LEMON's).
func benchmarkSolve(b *testing.B, p Problem) {
	b.ReportAllocs()
	before := allocProcessCPU(b)
	for b.Loop() {
		if _, err := Solve(p); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64((allocProcessCPU(b)-before).Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

func allocProcessCPU(b *testing.B) time.Duration {
	var usage syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &usage); err != nil {
		b.Fatal(err)
	}
	return time.Duration(usage.Utime.Nano() + usage.Stime.Nano())
}

// BenchmarkAllocate150000People is the state-wide size of issue 16: ten
// times the people and ten times the sessions.
func BenchmarkAllocate150000People(b *testing.B) {
	benchmarkSolve(b, allocBenchProblem(allocBenchSeed, 150000, 1500, 3, 5))
}

// allocBenchInstances are the sizes bench/alloc.sh compares with LEMON.
var allocBenchInstances = []struct {
	people, sessions int
}{{15000, 150}, {150000, 1500}}

// TestWriteAllocationBenchInstances is the generator of bench/alloc.sh: with
// WACHSAM_ALLOC_BENCH_DIR set it writes the benchmark instances there as
// problem files (alloc-15000.json, alloc-150000.json), the same problems
// the Go benchmarks solve. Without it there is nothing to do.
func TestWriteAllocationBenchInstances(t *testing.T) {
	dir := os.Getenv("WACHSAM_ALLOC_BENCH_DIR")
	if dir == "" {
		t.Skip("WACHSAM_ALLOC_BENCH_DIR not set")
	}
	for _, size := range allocBenchInstances {
		p := allocBenchProblem(allocBenchSeed, size.people, size.sessions, 3, 5)
		name := filepath.Join(dir, fmt.Sprintf("alloc-%d.json", size.people))
		if err := os.WriteFile(name, allocProblemJSON(p), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// BenchmarkAllocate500People21Choices is the size a widely used LMS
// allocation plugin needs about 11 s for: everyone ranks all 21 sessions.
func BenchmarkAllocate500People21Choices(b *testing.B) {
	p := allocBenchProblem(allocBenchSeed, 500, 21, 21, 21)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Solve(p); err != nil {
			b.Fatal(err)
		}
	}
}

// TestBenchmarkInstanceIsHard keeps the benchmark honest: on its instance
// every kind of limit must block someone (a preferred session of an
// unplaced person that is full, or at the municipality's quota, or at the
// department's cap while the others still have room), most people must still
// get a seat, and the flow must carry a certificate of optimality.
func TestBenchmarkInstanceIsHard(t *testing.T) {
	for _, tc := range []struct {
		name                                 string
		people, sessions, minPrefs, maxPrefs int
		mustBind                             bool
	}{
		{"15000x150", 15000, 150, 3, 5, true},
		{"500x21", 500, 21, 21, 21, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if testing.Short() && tc.people > 1000 {
				t.Skip("large instance")
			}
			p := allocBenchProblem(allocBenchSeed, tc.people, tc.sessions, tc.minPrefs, tc.maxPrefs)
			a, err := Solve(p)
			if err != nil {
				t.Fatal(err)
			}
			if err := checkAllocation(p, a); err != nil {
				t.Fatal(err)
			}
			reasons := map[UnplacedReason]int{}
			for _, u := range a.Unplaced {
				reasons[u.Reason]++
			}
			ranks := map[int]int{}
			for _, pl := range a.Assignments {
				ranks[pl.Rank]++
			}
			blocked := allocBlockedPreferences(p, a)
			t.Logf("placed %d of %d, total cost %d, ranks %v, unplaced %v, blocked preferences %v",
				a.Placed, len(p.People), a.TotalCost, ranks, reasons, blocked)
			if tc.mustBind {
				for _, kind := range []UnplacedReason{ReasonSessionsFull, ReasonMunicipalityQuota, ReasonDepartmentCap} {
					if blocked[kind] == 0 {
						t.Errorf("no preference blocked by %q: the instance does not exercise that limit", kind)
					}
				}
			}
			if a.Placed < len(p.People)*3/4 {
				t.Errorf("only %d of %d placed: the instance is degenerate", a.Placed, len(p.People))
			}
			if err := allocCertifyOptimal(p); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// allocProblemJSON writes p in the contract's file format.
func allocProblemJSON(p Problem) []byte {
	type session struct {
		ID       string `json:"id"`
		Capacity int    `json:"capacity"`
	}
	type person struct {
		ID           string   `json:"id"`
		Municipality string   `json:"municipality"`
		Department   string   `json:"department"`
		Preferences  []string `json:"preferences"`
	}
	file := struct {
		Policy   map[string]any `json:"policy"`
		Sessions []session      `json:"sessions"`
		People   []person       `json:"people"`
	}{Policy: map[string]any{}}
	if share := p.Policy.MunicipalityShare; share != nil {
		file.Policy["municipality_share"] = json.RawMessage(share.FloatString(10))
	}
	if share := p.Policy.DepartmentShare; share != nil {
		file.Policy["department_share"] = json.RawMessage(share.FloatString(10))
	}
	for _, s := range p.Sessions {
		file.Sessions = append(file.Sessions, session{s.ID, s.Capacity})
	}
	for _, a := range p.People {
		file.People = append(file.People, person{a.ID, a.Municipality, a.Department, a.Preferences})
	}
	data, err := json.Marshal(file)
	if err != nil {
		panic(err)
	}
	return data
}

// BenchmarkParseAndAllocate15000People is what `wachsam allocate` does with
// the benchmark instance as a file: parse, validate, solve, write JSON.
func BenchmarkParseAndAllocate15000People(b *testing.B) {
	data := allocProblemJSON(allocBenchProblem(allocBenchSeed, 15000, 150, 3, 5))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		p, err := ParseProblem(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		a, err := Solve(p)
		if err != nil {
			b.Fatal(err)
		}
		if err := json.NewEncoder(io.Discard).Encode(a); err != nil {
			b.Fatal(err)
		}
	}
}

// TestProblemJSONRoundTrip: the benchmark instance survives the file
// format, so the end-to-end benchmark solves the same problem.
func TestProblemJSONRoundTrip(t *testing.T) {
	want := allocBenchProblem(allocBenchSeed, 300, 20, 3, 5)
	got, err := ParseProblem(bytes.NewReader(allocProblemJSON(want)))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Error("problem changed on the way through JSON")
	}
}

// TestBenchmarkInstanceOtherCosts: whatever the rank costs — flat, odd,
// near the limit of 10⁹ — the number placed is the same (it does not
// depend on costs), the allocation is feasible, the flow optimal, and the
// primal-dual solver finds the same number placed and total cost.
func TestBenchmarkInstanceOtherCosts(t *testing.T) {
	if testing.Short() {
		t.Skip("large instance")
	}
	base := allocBenchProblem(allocBenchSeed, 15000, 150, 3, 5)
	placed := -1
	for _, costs := range [][]int64{
		{0, 0, 0, 0, 0},
		{0, 1, 2, 3, 4},
		{0, 7, 13, 29, 31},
		{5, 1000, 1003, 2017, 5011},
		{0, 999999937, 999999947, 999999989, 1000000000},
	} {
		p := base
		p.Policy.RankCosts = costs
		a, err := Solve(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := checkAllocation(p, a); err != nil {
			t.Fatalf("%v: %v", costs, err)
		}
		if placed >= 0 && a.Placed != placed {
			t.Errorf("%v: placed %d, with other costs %d", costs, a.Placed, placed)
		}
		placed = a.Placed
		if want, err := solvePrimalDual(p); err != nil || want.Placed != a.Placed || want.TotalCost != a.TotalCost {
			t.Errorf("%v: placed %d at cost %d, primal-dual %d at cost %d (%v)", costs, a.Placed, a.TotalCost, want.Placed, want.TotalCost, err)
		}
		if err := allocCertifyOptimal(p); err != nil {
			t.Fatalf("%v: %v", costs, err)
		}
	}
}
