package courses

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
)

// TestParseAndSolveMatchesParseThenSolve: validating once gives the same
// allocation as ParseProblem and Solve, the hook runs in between, and its
// error stops the solve.
func TestParseAndSolveMatchesParseThenSolve(t *testing.T) {
	data := allocProblemJSON(allocBenchProblem(allocBenchSeed, 500, 21, 3, 5))
	p, err := ParseProblem(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	want, err := Solve(p)
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	got, err := ParseAndSolve(bytes.NewReader(data), func() error { calls++; return nil })
	if err != nil || calls != 1 {
		t.Fatalf("error %v, hook called %d times", err, calls)
	}
	if !reflect.DeepEqual(got, want) {
		t.Error("ParseAndSolve differs from ParseProblem and Solve")
	}

	stop := errors.New("interrupted")
	if _, err := ParseAndSolve(bytes.NewReader(data), func() error { return stop }); err != stop {
		t.Errorf("hook error: got %v", err)
	}
	_, err = ParseAndSolve(strings.NewReader(`{"sessions": [], "people": [{"id": "P1", "municipality": "M", "department": "D", "preferences": ["S9"]}]}`), func() error {
		t.Error("hook called for an invalid problem")
		return nil
	})
	var invalid *wachsam.Error
	if !errors.As(err, &invalid) || invalid.Field != "people[0].preferences[0]" {
		t.Errorf("invalid problem: %v", err)
	}
}

// TestParseAndSolveTimedLapsEachPhase: with a clock, each of the four
// phases gets its own lap (a clock that ticks once per reading gives one
// tick each), the allocation is that of ParseAndSolve, and without a
// clock nothing is timed.
func TestParseAndSolveTimedLapsEachPhase(t *testing.T) {
	data := allocProblemJSON(allocBenchProblem(allocBenchSeed, 300, 12, 3, 5))
	want, err := ParseAndSolve(bytes.NewReader(data), nil)
	if err != nil {
		t.Fatal(err)
	}
	var ticks time.Duration
	clock := func() time.Duration { ticks += time.Second; return ticks }
	got, timing, err := ParseAndSolveTimed(bytes.NewReader(data), nil, clock)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Error("ParseAndSolveTimed differs from ParseAndSolve")
	}
	if (timing != SolveTiming{Parse: time.Second, Build: time.Second, Simplex: time.Second, Read: time.Second}) {
		t.Errorf("timing %+v, want one tick per phase", timing)
	}
	if _, timing, _ := ParseAndSolveTimed(bytes.NewReader(data), nil, nil); timing != (SolveTiming{}) {
		t.Errorf("timing without a clock: %+v", timing)
	}
}
