package courses

import (
	"bytes"
	"errors"
	"os"
	"testing"

	"github.com/wachsam/wachsam"
)

// FuzzParseProblem: whatever the bytes, ParseProblem either rejects them
// with a path-carrying domain error or returns a problem that Solve
// answers with a feasible, self-consistent allocation.
func FuzzParseProblem(f *testing.F) {
	example, err := os.ReadFile("testdata/allocation_contract_example.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(example)
	for _, seed := range []string{
		`{"sessions": [], "people": []}`,
		`{"policy": {"municipality_share": 1e-2, "department_share": 1, "rank_costs": [0, 0, 5]},
		  "sessions": [{"id": "A", "capacity": 1}, {"id": "B", "capacity": 0}],
		  "people": [{"id": "1", "municipality": "M", "department": "D", "preferences": ["B", "A"]},
		             {"id": "2", "municipality": "M", "department": "D", "preferences": ["A"]}]}`,
		`{"sessions": [{"id": "A", "capacity": -1}], "people": []}`,
		`{"sessions": [{"id": "A", "capacity": 1}], "people": [{"id": "1", "municipality": "M", "department": "D", "preferences": ["A", "A"]}]}`,
		`{"policy": {"municipality_share": 0.3333333333333333333333}, "sessions": [{"id": "A", "capacity": 3}], "people": [{"id": "1", "municipality": "M", "department": "D", "preferences": ["A"]}]}`,
		`{"policy": null, "sessions": [null], "people": []}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParseProblem(bytes.NewReader(data))
		if err != nil {
			var e *wachsam.Error
			if !errors.As(err, &e) || e.Code != wachsam.EINVALID || e.Message == "" {
				t.Fatalf("error %v is not an EINVALID domain error", err)
			}
			return
		}
		a, err := Solve(p)
		if err != nil {
			t.Fatalf("parsed problem does not solve: %v", err)
		}
		if err := checkAllocation(p, a); err != nil {
			t.Fatal(err)
		}
	})
}
