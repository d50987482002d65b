// Command wachsam-allocate is `wachsam allocate` on its own: the same
// input, output, flags and exit statuses (internal/allocatecli), in a
// binary that imports only the allocator (courses, with the root package)
// and the standard library. It starts in a fraction of the server binary's
// memory, which at 15,000 people is most of the run (docs/performance.md),
// and it is what an operator copies to a laptop to allocate without the
// service.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/wachsam/wachsam/internal/allocatecli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := allocatecli.Run(ctx, "wachsam-allocate", os.Args[1:], allocatecli.Streams{In: os.Stdin, Out: os.Stdout, Err: os.Stderr})
	stop()
	os.Exit(code)
}
