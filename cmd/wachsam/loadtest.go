package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/wachsam/wachsam/internal/auth"
	"github.com/wachsam/wachsam/internal/loadtest"
	"github.com/wachsam/wachsam/internal/store"
)

// runLoadtest measures booking over HTTP against a running wachsam on the
// same database (issue 16; bench/booking.sh runs it beside pgbench). It
// writes test data: run it on a database made for it, never in production.
func runLoadtest(ctx context.Context, args []string, s streams) int {
	var (
		url, clients, pgbenchDir string
		staff, sessions          int
	)
	cfg, fs, err := parseConfig("loadtest", args, s, func(fs *flag.FlagSet) {
		fs.StringVar(&url, "url", "http://127.0.0.1:8080", "Adresse des laufenden wachsam")
		fs.IntVar(&staff, "staff", 1000, "Zahl der Beschäftigten, die buchen (1–20000)")
		fs.StringVar(&clients, "clients", "50,200", "gleichzeitige Anfragen je Ansturm, mit Komma getrennt (je 1–1000)")
		fs.IntVar(&sessions, "sessions", 100, "Termine, auf die sich der verteilte Ansturm verteilt (1–1000)")
		fs.StringVar(&pgbenchDir, "pgbench-dir", "", "Verzeichnis, in das die pgbench-Skripte derselben Termine geschrieben werden")
	})
	if err != nil {
		return fail(s, err)
	}
	counts, err := parseClients(clients)
	switch {
	case err != nil:
	case fs.NArg() > 0:
		err = fmt.Errorf("unerwartete Argumente: %v", fs.Args())
	case staff < 1 || staff > 20000:
		err = errors.New("-staff muss zwischen 1 und 20000 liegen")
	case sessions < 1 || sessions > 1000 || sessions > staff:
		err = errors.New("-sessions muss zwischen 1 und 1000 liegen und darf -staff nicht übersteigen")
	}
	if err != nil {
		fmt.Fprintln(s.err, "wachsam:", err)
		return 2
	}
	db, err := store.Open(ctx, cfg.database)
	if err != nil {
		return fail(s, err)
	}
	defer db.Close()
	c := loadtest.NewClient(url, slices.Max(counts))
	fmt.Fprintf(s.err, "Lege %d Beschäftigte an …\n", staff)
	w, err := loadtest.Setup(ctx, db, func() (string, string) {
		tok := auth.NewToken()
		return tok, auth.HashToken(tok)
	}, c, staff)
	if err != nil {
		return fail(s, err)
	}
	var sink loadtest.Sink
	if pgbenchDir != "" {
		if sink, err = w.OpenSink(ctx, c); err != nil {
			return fail(s, err)
		}
	}
	// One rush first that is not reported: every pooled connection of the
	// server prepares its statements and PostgreSQL settles on their
	// plans on first use, which would otherwise weigh in the first rush's
	// figures (a rush lasts one or two seconds; pgbench, too, measures
	// without its connections' start).
	fmt.Fprintln(s.err, "Aufwärmen …")
	if _, err := w.Run(ctx, c, loadtest.Rush{Name: "warmup", Clients: slices.Max(counts), Sessions: sessions}); err != nil {
		return fail(s, err)
	}
	fmt.Fprintln(s.out, "| Ansturm | Clients | Buchungen | Fehler | Buchungen/s | p50 | p99 |")
	fmt.Fprintln(s.out, "|---|---|---|---|---|---|---|")
	failed := false
	for _, kind := range []string{"spread", "hot"} {
		for _, n := range counts {
			r := loadtest.Rush{Name: kind, Clients: n, Sessions: sessions}
			if kind == "hot" {
				r.Sessions = 1
			}
			res, err := w.Run(ctx, c, r)
			if err != nil {
				return fail(s, err)
			}
			fmt.Fprintf(s.out, "| %s | %d | %d | %d | %.0f | %.1f ms | %.1f ms |\n", kind, n, res.Booked, res.Failed,
				res.PerSecond(), float64(res.P50.Microseconds())/1000, float64(res.P99.Microseconds())/1000)
			if res.Failed > 0 {
				failed = true
				fmt.Fprintf(s.err, "wachsam: %d Buchungen fehlgeschlagen, die erste: %s\n", res.Failed, res.FirstErr)
			}
			if pgbenchDir != "" {
				if !w.ConsecutiveIDs(res) {
					return fail(s, errors.New("die IDs der Termine oder Beschäftigten sind nicht lückenlos; pgbench-Skript nicht möglich"))
				}
				name := filepath.Join(pgbenchDir, fmt.Sprintf("%s-%d.sql", kind, n))
				if err := os.WriteFile(name, []byte(w.PgbenchScript(res, sink)), 0o644); err != nil {
					return fail(s, err)
				}
			}
		}
	}
	if failed {
		return 1
	}
	return 0
}

func parseClients(list string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(list, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 || n > 1000 {
			return nil, fmt.Errorf("-clients: %q ist keine Zahl zwischen 1 und 1000", f)
		}
		out = append(out, n)
	}
	if len(out) > 10 {
		return nil, errors.New("-clients: höchstens zehn Werte")
	}
	return out, nil
}
