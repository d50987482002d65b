package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"time"

	"github.com/wachsam/wachsam/internal/auth"
	"github.com/wachsam/wachsam/internal/directory"
	"github.com/wachsam/wachsam/internal/store"
)

// app is the wired core that every subcommand needs.
type app struct {
	cfg      *config
	logger   *slog.Logger
	db       *store.DB
	accounts *auth.Service
	// directory connects to the towns' LDAP / Active Directory servers.
	directory directory.Connector
}

// parseConfig reads environment and flags for a subcommand; extra lets the
// subcommand add its own flags before parsing.
func parseConfig(name string, args []string, s streams, extra func(fs *flag.FlagSet)) (*config, *flag.FlagSet, error) {
	cfg, err := loadConfig(s.environ)
	if err != nil {
		return nil, nil, err
	}
	fs := flag.NewFlagSet("wachsam "+name, flag.ContinueOnError)
	fs.SetOutput(s.err)
	cfg.bindFlags(fs)
	if extra != nil {
		extra(fs)
	}
	if err := fs.Parse(args); err != nil {
		return nil, nil, err
	}
	if err := cfg.validate(); err != nil {
		return nil, nil, err
	}
	return cfg, fs, nil
}

// openApp connects to the database (migrating it) and builds the services.
func openApp(ctx context.Context, cfg *config, s streams) (*app, error) {
	logger := cfg.logger(s)
	db, err := store.Open(ctx, cfg.database)
	if err != nil {
		return nil, err
	}
	db.AttendanceLead = cfg.AttendanceLead
	hasher, err := auth.NewHasher(auth.ProductionParams())
	if err != nil {
		db.Close()
		return nil, err
	}
	policy := auth.DefaultPolicy()
	policy.SessionIdle, policy.SessionMax = cfg.SessionIdle, cfg.SessionMax
	connector := directory.Connector{AllowPlain: cfg.DirectoryAllowPlain}
	return &app{
		cfg: cfg, logger: logger, db: db, directory: connector,
		accounts: &auth.Service{Store: db, Hasher: hasher, Policy: policy, Now: time.Now,
			Directory: directory.Passwords{Store: db, Connector: connector}},
	}, nil
}

func (a *app) Close() error { return a.db.Close() }

// fail prints a start-up error and returns the exit status for it.
func fail(s streams, err error) int {
	if err == flag.ErrHelp {
		return 0
	}
	fmt.Fprintln(s.err, "wachsam:", err)
	return 1
}
