package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"text/tabwriter"
	"time"

	"github.com/wachsam/wachsam/internal/demo"
	"github.com/wachsam/wachsam/internal/directory"
	wachsamhttp "github.com/wachsam/wachsam/internal/http"
	"github.com/wachsam/wachsam/internal/oidc"
	"github.com/wachsam/wachsam/web"
)

func runServe(ctx context.Context, args []string, s streams) int {
	var withDemo bool
	cfg, _, err := parseConfig("serve", args, s, func(fs *flag.FlagSet) {
		fs.BoolVar(&withDemo, "demo", false, "eine leere Datenbank mit Demodaten füllen und die Demo-Zugänge anzeigen")
	})
	if err != nil {
		return fail(s, err)
	}
	if !withDemo {
		if err := cfg.checkPublicBaseURL(); err != nil {
			return fail(s, err)
		}
	}
	a, err := openApp(ctx, cfg, s)
	if err != nil {
		return fail(s, err)
	}
	defer a.Close()
	var mounts []wachsamhttp.Mount
	if withDemo {
		var stopDemo func()
		if mounts, stopDemo, err = loadDemo(ctx, a, s); err != nil {
			return fail(s, err)
		}
		defer stopDemo()
	}
	server, err := newHTTPServer(a, mounts...)
	if err != nil {
		return fail(s, err)
	}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return fail(s, fmt.Errorf("WACHSAM_LISTEN: %w", err))
	}
	stopBackground, err := startBackground(ctx, a, server.Busy)
	if err != nil {
		return fail(s, err)
	}
	defer stopBackground()
	a.logger.Info("wachsam läuft", "address", "http://"+ln.Addr().String(), "database", string(cfg.database.Dialect))
	if err := server.ListenAndServe(ctx, ln); err != nil {
		return fail(s, err)
	}
	a.logger.Info("wachsam beendet")
	return 0
}

func newHTTPServer(a *app, mounts ...wachsamhttp.Mount) (*wachsamhttp.Server, error) {
	assets, err := web.NewAssets()
	if err != nil {
		return nil, err
	}
	return wachsamhttp.New(a.accounts, a.db, a.db, a.db, wachsamhttp.Config{
		BaseURL:        a.cfg.BaseURL,
		TrustedProxies: a.cfg.TrustedProxies,
		MaxBodyBytes:   a.cfg.MaxBodyBytes,
		MaxUploadBytes: a.cfg.MaxUploadBytes,
		Templates:      web.Templates(),
		StaticHandler:  assets.Handler(),
		AssetURL:       assets.URL,
		OpenAPI:        web.OpenAPI(),
		DirectorySync:  directory.Syncer{Store: a.db, Connector: a.directory},
		DirectorySignIn: &wachsamhttp.DirectorySignIn{
			Client: &oidc.Client{RedirectURL: a.cfg.BaseURL + wachsamhttp.OIDCCallbackPath}, Store: a.db, Accounts: a.accounts,
		},
		Mounts: mounts,
	}, a.logger)
}

// loadDemo fills an empty database with the demo data, prints the demo
// accounts and returns what the demo serves beside wachsam (the stand-ins
// for the towns' directories) and how to stop it.
func loadDemo(ctx context.Context, a *app, s streams) ([]wachsamhttp.Mount, func(), error) {
	hash, err := a.accounts.Hasher.Hash(ctx, demo.Password)
	if err != nil {
		return nil, nil, err
	}
	logins, created, err := demo.Load(ctx, a.db, hash, time.Now())
	if err != nil {
		return nil, nil, err
	}
	mount, directoryNote, err := demoDirectory(ctx, a)
	if err != nil {
		return nil, nil, err
	}
	stopLDAP, ldapNote, err := demoLDAP(ctx, a)
	if err != nil {
		return nil, nil, err
	}
	stop := func() {
		if stopLDAP != nil {
			stopLDAP()
		}
	}
	if created {
		fmt.Fprintln(s.out, "Demodaten angelegt: drei Gemeinden mit Abteilungen und Beschäftigten.")
	} else {
		fmt.Fprintln(s.out, "Die Datenbank enthält bereits Daten; Demodaten wurden nicht erneut angelegt.")
	}
	fmt.Fprintf(s.out, "\nDemo-Zugänge (Passwort für alle: %s), Adresse %s/anmelden\n\n", demo.Password, a.cfg.BaseURL)
	tw := tabwriter.NewWriter(s.out, 2, 4, 2, ' ', 0)
	for _, l := range logins {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", l.Email, l.Role.Label(), l.Note)
	}
	tw.Flush()
	fmt.Fprintln(s.out)
	var mounts []wachsamhttp.Mount
	if mount != nil {
		fmt.Fprintf(s.out, "%s\n\n", directoryNote)
		mounts = append(mounts, *mount)
	}
	if ldapNote != "" {
		fmt.Fprintf(s.out, "%s\n\n", ldapNote)
	}
	return mounts, stop, nil
}
