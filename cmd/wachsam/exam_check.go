package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"time"
	_ "time/tzdata" // Europe/Berlin even on hosts without zone files

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

// runExam is `wachsam exam check [--as-of YYYY-MM-DD] FILE.json|-`: it
// evaluates a candidate's file by the examination regulation and prints the
// state as JSON. All rules live in package exam; this is only the shell.
// Exit status: 0 evaluated, 1 internal error, 2 usage error or invalid file.
func runExam(ctx context.Context, args []string, s streams) int {
	if len(args) == 0 || args[0] != "check" {
		fmt.Fprintln(s.err, "Aufruf: wachsam exam check [--as-of JJJJ-MM-TT] DATEI.json|-")
		return 2
	}
	fs := flag.NewFlagSet("exam check", flag.ContinueOnError)
	fs.SetOutput(s.err)
	asOfText := fs.String("as-of", "", "Stichtag JJJJ-MM-TT (sonst as_of aus der Datei)")
	fs.Usage = func() {
		fmt.Fprintln(s.err, "Aufruf: wachsam exam check [--as-of JJJJ-MM-TT] DATEI.json|-")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	var asOf wachsam.Date
	if *asOfText != "" {
		d, err := wachsam.ParseDate(*asOfText)
		if err == nil && d.Year < 1 {
			err = fmt.Errorf("%q: das Jahr 0000 gibt es im Kalender nicht", *asOfText)
		}
		if err != nil {
			fmt.Fprintf(s.err, "wachsam exam check: --as-of: %v\n", err)
			return 2
		}
		asOf = d
	}
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		fmt.Fprintf(s.err, "wachsam exam check: Zeitzone Europe/Berlin: %v\n", err)
		return 1
	}
	in, closeInput, err := openInput(fs.Arg(0), s)
	if err != nil {
		fmt.Fprintf(s.err, "wachsam exam check: %v\n", err)
		return 2
	}
	defer closeInput()
	state, err := exam.Check(in, exam.Presets(berlin), asOf)
	if err != nil {
		fmt.Fprintf(s.err, "wachsam exam check: %s\n", exam.ErrorText(err))
		return 2
	}
	if err := writeIndentedJSON(s.out, state); err != nil {
		fmt.Fprintf(s.err, "wachsam exam check: %v\n", err)
		return 1
	}
	return 0
}
