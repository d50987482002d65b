package main

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"strings"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/store"
)

const backupUsage = "Aufruf: wachsam backup DATEI          sichert die Datenbank im laufenden Betrieb\n" +
	"        wachsam backup restore DATEI  stellt die Datenbank aus DATEI wieder her (Dienst vorher anhalten)"

// runBackup is `wachsam backup`: an online, consistent copy of the
// database (SQLite: VACUUM INTO; PostgreSQL: pg_dump), and `backup
// restore`, which puts one back and renews the evidence feed's epoch, so
// every ISMS importer re-syncs from the start (issue 12 §6, issue 13 §4).
func runBackup(ctx context.Context, args []string, s streams) int {
	restore := len(args) > 0 && args[0] == "restore"
	if restore {
		args = args[1:]
	}
	cfg, fs, err := parseConfig("backup", args, s, nil)
	if err != nil {
		return fail(s, err)
	}
	if fs.NArg() != 1 || strings.TrimSpace(fs.Arg(0)) == "" {
		fmt.Fprintln(s.err, backupUsage)
		return 2
	}
	file := fs.Arg(0)
	if restore {
		err = restoreBackup(ctx, cfg.database, file, s)
	} else {
		err = writeBackup(ctx, cfg.database, file, s)
	}
	if err != nil {
		return fail(s, err)
	}
	return 0
}

func writeBackup(ctx context.Context, loc store.Location, file string, s streams) error {
	if _, err := os.Stat(file); err == nil {
		return fmt.Errorf("%s existiert bereits; eine Sicherung überschreibt nichts", file)
	}
	if loc.Dialect == store.Postgres {
		args, err := store.PostgresDumpArgs(loc, file)
		if err != nil {
			return err
		}
		if err := runTool(ctx, "pg_dump", args, s); err != nil {
			return err
		}
		fmt.Fprintf(s.out, "Sicherung geschrieben: %s (pg_dump, Format custom)\n", file)
		return nil
	}
	db, err := store.Open(ctx, loc)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.BackupSQLite(ctx, file); err != nil {
		return err
	}
	fmt.Fprintf(s.out, "Sicherung geschrieben: %s\n", file)
	return nil
}

func restoreBackup(ctx context.Context, loc store.Location, file string, s streams) error {
	if loc.Dialect == store.Postgres {
		args, err := store.PostgresRestoreArgs(loc, file)
		if err != nil {
			return err
		}
		if err := runTool(ctx, "pg_restore", args, s); err != nil {
			return err
		}
	} else if err := store.RestoreSQLite(ctx, file, loc.DSN); err != nil {
		return err
	}
	db, err := store.Open(ctx, loc) // migrates a backup of an older version
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.RenewEvidenceEpoch(ctx, wachsam.SystemActor("backup restore")); err != nil {
		return err
	}
	fmt.Fprintf(s.out, "Datenbank aus %s wiederhergestellt. Der Nachweis-Feed hat eine neue Epoche: jeder ISMS-Import gleicht beim nächsten Abruf von Anfang an neu ab.\n", file)
	return nil
}

// runTool runs a PostgreSQL client program; without it, it says what to
// install and which command it would have run.
func runTool(ctx context.Context, name string, args []string, s streams) error {
	path, err := exec.LookPath(name)
	if errors.Is(err, exec.ErrNotFound) {
		return fmt.Errorf("%s ist nicht installiert (Debian: apt-get install postgresql-client). Aufruf: %s %s", name, name, strings.Join(redacted(args), " "))
	}
	if err != nil {
		return err
	}
	args, password := withoutPassword(args)
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Stdout, cmd.Stderr, cmd.Env = s.out, s.err, os.Environ()
	if password != "" {
		// In the environment, not on the command line other users can list.
		cmd.Env = append(cmd.Env, "PGPASSWORD="+password)
	}
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// redacted hides a password in the --dbname argument of a printed command.
func redacted(args []string) []string {
	out, password := withoutPassword(args)
	if password != "" {
		out = append(out[:0:0], out...)
		for i, a := range out {
			if strings.HasPrefix(a, "--dbname=") {
				out[i] = a + " (Passwort in PGPASSWORD)"
			}
		}
	}
	return out
}

// withoutPassword takes the password out of the --dbname argument.
func withoutPassword(args []string) ([]string, string) {
	out := make([]string, len(args))
	var password string
	for i, a := range args {
		if dsn, ok := strings.CutPrefix(a, "--dbname="); ok {
			if u, err := url.Parse(dsn); err == nil && u.User != nil {
				if p, has := u.User.Password(); has {
					password = p
					u.User = url.User(u.User.Username())
					a = "--dbname=" + u.String()
				}
			}
		}
		out[i] = a
	}
	return out, password
}
