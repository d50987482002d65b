// Command wachsam is the whole service: one binary with subcommands. This
// package only wires the parts together; all behaviour lives in the domain
// packages and internal/.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// streams are the standard streams a subcommand talks to, passed in so that
// tests can run subcommands in-process.
type streams struct {
	in       io.Reader
	out, err io.Writer
	environ  []string // the environment, KEY=value
}

type subcommand struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, s streams) int
}

func subcommands() []subcommand {
	return []subcommand{
		{"serve", "startet den Webserver (--demo: mit Demodaten)", runServe},
		{"migrate", "bringt das Datenbankschema auf den neuesten Stand", runMigrate},
		{"user", "verwaltet Konten: create, reset-password, set-role", runUser},
		{"exam", "prüft eine Kandidatenakte nach der Prüfungsordnung (exam check)", runExam},
		{"allocate", "verteilt Personen optimal auf Schulungstermine (Problemdatei)", runAllocate},
		{"healthcheck", "fragt den laufenden Server, ob er bereit ist (für Container)", runHealthcheck},
		{"backup", "sichert die Datenbank im laufenden Betrieb; backup restore stellt sie wieder her", runBackup},
		{"evidence", "holt die Schulungsnachweise einer Kommune in ein Verzeichnis (evidence pull)", runEvidence},
		{"loadtest", "misst Buchungen über HTTP gegen ein laufendes wachsam (nur Testdatenbanken)", runLoadtest},
		{"directory", "gleicht die Beschäftigten einer Kommune mit ihrem LDAP/AD ab (directory sync --dry-run)", runDirectory},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], streams{in: os.Stdin, out: os.Stdout, err: os.Stderr, environ: os.Environ()})
	stop()
	os.Exit(code)
}

// run dispatches to a subcommand; exit status 2 means a usage error.
func run(ctx context.Context, args []string, s streams) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(s.err)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range subcommands() {
		if c.name == args[0] {
			return c.run(ctx, args[1:], s)
		}
	}
	fmt.Fprintf(s.err, "wachsam: unbekannter Befehl %q\n\n", args[0])
	usage(s.err)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Aufruf: wachsam BEFEHL [OPTIONEN]")
	fmt.Fprintln(w, "\nBefehle:")
	for _, c := range subcommands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
}
