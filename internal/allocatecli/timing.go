package allocatecli

import (
	"fmt"
	"io"

	"github.com/wachsam/wachsam/courses"
)

// writeTiming is -timing: one "name seconds" line per phase of the solve,
// in the format of bench/lemon's output, so that bench/alloc.sh can set
// the simplex alone beside LEMON's run() and the whole solve beside both.
// clock names what was measured: process_cpu (user and system time of all
// threads, as C's clock() that LEMON's driver uses) or, where the system
// offers no such figure, wall.
//
// solve_seconds is build + simplex + read: the solve of a problem that is
// already read and valid. The validation is part of parse_seconds, since
// the parser validates as it reads.
func writeTiming(w io.Writer, clock string, t courses.SolveTiming) {
	solve := t.Build + t.Simplex + t.Read
	fmt.Fprintf(w, "timing_clock %s\n", clock)
	for _, line := range []struct {
		name    string
		seconds float64
	}{
		{"parse_seconds", t.Parse.Seconds()},
		{"build_seconds", t.Build.Seconds()},
		{"simplex_seconds", t.Simplex.Seconds()},
		{"read_seconds", t.Read.Seconds()},
		{"solve_seconds", solve.Seconds()},
	} {
		fmt.Fprintf(w, "%s %.6f\n", line.name, line.seconds)
	}
}
