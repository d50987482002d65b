package allocatecli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/wachsam/wachsam/courses"
)

// TestWriteAllocationMatchesIndentedJSON: the streamed output is byte for
// byte what encoding/json writes, for empty and missing lists and for ids
// that need escaping (quotes, backslashes, control and HTML characters,
// umlauts, invalid UTF-8, U+2028).
func TestWriteAllocationMatchesIndentedJSON(t *testing.T) {
	ids := []string{"P1", "S-07", "", `a"b`, `c\d`, "tab\there", "<b>&", "Bürgerbüro", "\xff\xfe", "line\u2028sep", "\x01"}
	reasons := []courses.UnplacedReason{courses.ReasonSessionsFull, courses.ReasonNoPreferences, courses.ReasonDepartmentCap}
	rng := rand.New(rand.NewPCG(16, 2))
	cases := []courses.Allocation{
		{},
		{Assignments: []courses.Placement{}, Unplaced: []courses.UnplacedPerson{}},
	}
	for range 50 {
		a := courses.Allocation{Placed: rng.IntN(1000), TotalCost: rng.Int64N(1 << 40)}
		for range rng.IntN(4) {
			a.Assignments = append(a.Assignments, courses.Placement{
				Person: ids[rng.IntN(len(ids))], Session: ids[rng.IntN(len(ids))], Rank: 1 + rng.IntN(5),
			})
		}
		for range rng.IntN(4) {
			r := reasons[rng.IntN(len(reasons))]
			a.Unplaced = append(a.Unplaced, courses.UnplacedPerson{Person: ids[rng.IntN(len(ids))], Reason: r, ReasonDE: r.German()})
		}
		cases = append(cases, a)
	}
	for i, a := range cases {
		var want, got bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetIndent("", "  ")
		if err := enc.Encode(a); err != nil {
			t.Fatal(err)
		}
		if err := writeAllocation(&got, a); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Fatalf("case %d:\n got %s\nwant %s", i, got.String(), want.String())
		}
	}
}

// TestWriteAllocationReportsWriteError: a failing output is an error, not
// a silently truncated result.
func TestWriteAllocationReportsWriteError(t *testing.T) {
	a := courses.Allocation{Assignments: make([]courses.Placement, 10000)}
	if err := writeAllocation(failingWriter{}, a); err == nil {
		t.Fatal("no error from a failing writer")
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, fmt.Errorf("disk full") }
