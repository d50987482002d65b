package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// runAllocate is `wachsam allocate FILE.json`: it reads an allocation
// problem (../shared/contracts/allocation.md; "-" reads standard input),
// computes the optimal allocation and prints it as JSON. Exit status 2 for
// a usage error or an invalid problem, whose message names the offending
// JSON path; 1 if the file cannot be read.
//
// With -network OUT.dimacs it writes the flow network it would solve, in
// DIMACS, instead of solving it: the input of the LEMON reference solver in
// bench/lemon (docs/performance.md).
func runAllocate(ctx context.Context, args []string, s streams) int {
	flags := flag.NewFlagSet("allocate", flag.ContinueOnError)
	flags.SetOutput(s.err)
	network := flags.String("network", "", "schreibt das Flussnetz im DIMACS-Format in diese Datei, statt zu verteilen")
	flags.Usage = func() {
		fmt.Fprintln(s.err, "Aufruf: wachsam allocate [-network NETZ.dimacs] DATEI.json")
		fmt.Fprintln(s.err, "Verteilt Personen optimal auf Termine (Format: docs/allocation.md); - liest die Standardeingabe.")
		flags.PrintDefaults()
	}
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if flags.NArg() != 1 {
		flags.Usage()
		return 2
	}

	in, closeInput, err := openInput(flags.Arg(0), s)
	if err != nil {
		fmt.Fprintf(s.err, "wachsam allocate: %v\n", err)
		return 1
	}
	defer closeInput()
	if *network != "" {
		problem, err := courses.ParseProblem(in)
		if err != nil {
			return reportAllocateError(s.err, err)
		}
		return writeAllocationNetwork(*network, problem, s)
	}
	parsed, restore := allocateMemoryPolicy(in)
	defer restore()
	result, err := courses.ParseAndSolve(in, func() error {
		if err := ctx.Err(); err != nil {
			return err
		}
		parsed()
		return nil
	})
	if err != nil {
		return reportAllocateError(s.err, err)
	}
	if err := writeAllocation(s.out, result); err != nil {
		fmt.Fprintf(s.err, "wachsam allocate: %v\n", err)
		return 1
	}
	return 0
}

// reportAllocateError prints "path: message" for an invalid problem (exit
// status 2) and the plain error otherwise (exit status 1).
func reportAllocateError(w io.Writer, err error) int {
	var invalid *wachsam.Error
	if !errors.As(err, &invalid) || invalid.Code != wachsam.EINVALID {
		fmt.Fprintf(w, "wachsam allocate: %v\n", err)
		return 1
	}
	if invalid.Field == "" {
		fmt.Fprintf(w, "wachsam allocate: %s\n", invalid.Message)
	} else {
		fmt.Fprintf(w, "wachsam allocate: %s: %s\n", invalid.Field, invalid.Message)
	}
	return 2
}

// writeAllocationNetwork is `wachsam allocate -network`.
func writeAllocationNetwork(name string, problem courses.Problem, s streams) int {
	f, err := os.Create(name)
	if err == nil {
		err = courses.WriteNetworkDIMACS(f, problem)
		if closeErr := f.Close(); err == nil {
			err = closeErr
		}
	}
	if err != nil {
		fmt.Fprintf(s.err, "wachsam allocate: %v\n", err)
		return 1
	}
	return 0
}
