package main

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/directory"
)

// runDirectory is `wachsam directory sync [--dry-run] --municipality AGS`:
// it syncs one municipality's staff with its town's directory now and
// prints what changed (or, with --dry-run, what would change) as JSON.
func runDirectory(ctx context.Context, args []string, s streams) int {
	if len(args) == 0 || args[0] != "sync" {
		fmt.Fprintln(s.err, "Aufruf: wachsam directory sync [--dry-run] --municipality AGS")
		return 2
	}
	var (
		ags    string
		dryRun bool
	)
	cfg, fs, err := parseConfig("directory sync", args[1:], s, func(fs *flag.FlagSet) {
		fs.StringVar(&ags, "municipality", "", "Gemeindeschlüssel (AGS) der Kommune, deren Verzeichnis abgeglichen wird")
		fs.BoolVar(&dryRun, "dry-run", false, "nur zeigen, was sich ändern würde; nichts schreiben")
	})
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintln(s.err, "wachsam:", err)
		return 2
	}
	if fs.NArg() > 0 || ags == "" {
		fmt.Fprintln(s.err, "wachsam: --municipality AGS fehlt oder ein unerwartetes Argument wurde angegeben")
		return 2
	}
	a, err := openApp(ctx, cfg, s)
	if err != nil {
		return fail(s, err)
	}
	defer a.Close()
	m, err := a.db.MunicipalityByAGS(ctx, ags)
	if err != nil {
		return fail(s, errors.New(wachsam.ErrorMessageOf(err)))
	}
	plan, err := directory.Syncer{Store: a.db, Connector: a.directory}.Sync(ctx, wachsam.SystemActor("cli"), m.ID, dryRun)
	if err != nil {
		a.logger.Debug("directory sync failed", "error", err)
		return fail(s, errors.New(wachsam.ErrorMessageOf(err)))
	}
	if err := writeIndentedJSON(s.out, plan); err != nil {
		return fail(s, err)
	}
	return 0
}
