package main

import (
	"context"

	"github.com/wachsam/wachsam/internal/allocatecli"
)

// runAllocate is `wachsam allocate`; the command itself lives in
// internal/allocatecli, shared with the standalone cmd/wachsam-allocate
// (docs/allocation.md).
func runAllocate(ctx context.Context, args []string, s streams) int {
	return allocatecli.Run(ctx, "wachsam allocate", args, allocatecli.Streams{In: s.in, Out: s.out, Err: s.err})
}
