//go:build !unix

package allocatecli

import "time"

// timingClock falls back to the wall clock where syscall has no
// getrusage (Windows); -timing names it so.
func timingClock() (func() time.Duration, string) {
	start := time.Now()
	return func() time.Duration { return time.Since(start) }, "wall"
}
