// Package allocatecli is the allocator's command line, one implementation
// for `wachsam allocate` and the standalone `wachsam-allocate`: it reads a
// problem file, solves it with courses.ParseAndSolve and streams the
// allocation as JSON. The standalone binary exists because the server
// binary's start-up alone (package initialisation, pages of a large
// binary) cost more memory than LEMON's whole run at 15,000 people
// (docs/performance.md); operators may also run it on a laptop without the
// service. It imports only courses, the root package (for its error
// type) and the standard library.
package allocatecli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// Streams are the standard streams the command talks to, passed in so
// that tests can run it in-process.
type Streams struct {
	In       io.Reader
	Out, Err io.Writer
}

// Run is the command: name is how it is called ("wachsam allocate" or
// "wachsam-allocate"), for the usage text and the error messages. It reads
// an allocation problem (../shared/contracts/allocation.md; "-" reads
// standard input), computes the optimal allocation and prints it as JSON.
// Exit status 2 for a usage error or an invalid problem, whose message
// names the offending JSON path; 1 if the file cannot be read or the
// output not written.
//
// With -network OUT.dimacs it writes the flow network it would solve, in
// DIMACS, instead of solving it: the input of the LEMON reference solver in
// bench/lemon (docs/performance.md). With -timing it prints to standard
// error where the CPU time went (see writeTiming).
func Run(ctx context.Context, name string, args []string, s Streams) int {
	flags := flag.NewFlagSet(name, flag.ContinueOnError)
	flags.SetOutput(s.Err)
	network := flags.String("network", "", "schreibt das Flussnetz im DIMACS-Format in diese Datei, statt zu verteilen")
	timing := flags.Bool("timing", false, "gibt auf der Standardfehlerausgabe aus, wie viel Rechenzeit Einlesen, Netzaufbau, Simplex und Auslesen brauchten")
	flags.Usage = func() {
		fmt.Fprintf(s.Err, "Aufruf: %s [-network NETZ.dimacs] [-timing] DATEI.json\n", name)
		fmt.Fprintln(s.Err, "Verteilt Personen optimal auf Termine (Format: docs/allocation.md); - liest die Standardeingabe.")
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

	in, closeInput, err := openInput(flags.Arg(0), s.In)
	if err != nil {
		fmt.Fprintf(s.Err, "%s: %v\n", name, err)
		return 1
	}
	defer closeInput()
	if *network != "" {
		problem, err := courses.ParseProblem(in)
		if err != nil {
			return reportError(s.Err, name, err)
		}
		return writeNetwork(name, *network, problem, s.Err)
	}
	var clock func() time.Duration
	clockName := ""
	if *timing {
		clock, clockName = timingClock()
	}
	parsed, restore := memoryPolicy(in)
	defer restore()
	result, times, err := courses.ParseAndSolveTimed(in, func() error {
		if err := ctx.Err(); err != nil {
			return err
		}
		parsed()
		return nil
	}, clock)
	if err != nil {
		return reportError(s.Err, name, err)
	}
	if err := writeAllocation(s.Out, result); err != nil {
		fmt.Fprintf(s.Err, "%s: %v\n", name, err)
		return 1
	}
	if *timing {
		writeTiming(s.Err, clockName, times)
	}
	return 0
}

// openInput opens the problem file, "-" meaning standard input. The
// returned close function is safe to call in both cases.
func openInput(name string, stdin io.Reader) (io.Reader, func(), error) {
	if name == "-" {
		return stdin, func() {}, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, err
	}
	return f, func() { f.Close() }, nil
}

// reportError prints "path: message" for an invalid problem (exit status
// 2) and the plain error otherwise (exit status 1).
func reportError(w io.Writer, name string, err error) int {
	var invalid *wachsam.Error
	if !errors.As(err, &invalid) || invalid.Code != wachsam.EINVALID {
		fmt.Fprintf(w, "%s: %v\n", name, err)
		return 1
	}
	if invalid.Field == "" {
		fmt.Fprintf(w, "%s: %s\n", name, invalid.Message)
	} else {
		fmt.Fprintf(w, "%s: %s: %s\n", name, invalid.Field, invalid.Message)
	}
	return 2
}

// writeNetwork is -network.
func writeNetwork(name, file string, problem courses.Problem, stderr io.Writer) int {
	f, err := os.Create(file)
	if err == nil {
		err = courses.WriteNetworkDIMACS(f, problem)
		if closeErr := f.Close(); err == nil {
			err = closeErr
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", name, err)
		return 1
	}
	return 0
}
