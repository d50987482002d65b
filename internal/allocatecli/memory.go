package allocatecli

import (
	"io"
	"os"
	"runtime"
	"runtime/debug"
)

// smallFile is the size up to which the allocator command runs without
// garbage collection: a file of 4 MiB (about 37,000 people) needs a heap of
// at most about 15 times its size for the whole run (parsing, network,
// result), far below smallHeapLimit.
const (
	smallFile      = 4 << 20
	smallHeapLimit = 256 << 20
	// largeGCPercent is the collector's target for larger problems
	// once the file is parsed: half the default headroom. At 150,000
	// people (a 16 MB file) it cut max RSS from about 156 to 140 MB for a
	// little more collection, where the CPU time is well within the goal
	// and memory is not (docs/performance.md).
	largeGCPercent = 50
)

// memoryPolicy sets the garbage collector for one run of
// the allocator command on in, and returns what to call once the problem is
// parsed, and what restores the settings (the tests run the command in
// their own process).
//
// A small problem is allocated and freed in one go within a few dozen MB,
// so collecting during the run only costs time: at 15,000 people the
// collections were a third of the process's CPU time. A large one is
// collected once after parsing (the file's bytes and the decoder's buffers,
// about three times the file, are garbage then, and the network reuses
// their memory) and then with less headroom than the default.
func memoryPolicy(in io.Reader) (parsed func(), restore func()) {
	if f, ok := in.(*os.File); ok {
		if info, err := f.Stat(); err == nil && info.Mode().IsRegular() && info.Size() <= smallFile {
			percent := debug.SetGCPercent(-1)
			limit := debug.SetMemoryLimit(smallHeapLimit)
			return func() {}, func() {
				debug.SetGCPercent(percent)
				debug.SetMemoryLimit(limit)
			}
		}
	}
	percent := debug.SetGCPercent(-1)
	debug.SetGCPercent(percent) // only read it
	return func() {
			runtime.GC()
			debug.SetGCPercent(largeGCPercent)
		}, func() {
			debug.SetGCPercent(percent)
		}
}
