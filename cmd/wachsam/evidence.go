package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/wachsam/wachsam/internal/evidence"
)

const evidencePullUsage = "Aufruf: wachsam evidence pull --url https://wachsam.example.de --dir VERZEICHNIS [--token wse_…] [--limit N]\n" +
	"Den Zugangsschlüssel besser in WACHSAM_EVIDENCE_TOKEN (oder als Datei in WACHSAM_EVIDENCE_TOKEN_FILE) übergeben, damit er nicht in der Befehlshistorie steht."

// runEvidence is `wachsam evidence pull`: the reference importer of the
// training evidence (docs/evidence.md). It talks to a wachsam server over
// the API like any ISMS would, so it needs no database and can run on the
// ISMS's machine. Exit status: 0 imported, 1 the import failed, 2 usage.
func runEvidence(ctx context.Context, args []string, s streams) int {
	if len(args) == 0 || args[0] != "pull" {
		fmt.Fprintln(s.err, evidencePullUsage)
		return 2
	}
	fs := flag.NewFlagSet("evidence pull", flag.ContinueOnError)
	fs.SetOutput(s.err)
	im := &evidence.Importer{}
	fs.StringVar(&im.BaseURL, "url", "", "Adresse des wachsam-Servers")
	fs.StringVar(&im.Token, "token", "", "Zugangsschlüssel der Kommune (wse_…); sonst WACHSAM_EVIDENCE_TOKEN")
	fs.StringVar(&im.Dir, "dir", "", "Verzeichnis der importierten Nachweise (wird angelegt)")
	fs.IntVar(&im.Limit, "limit", 0, "Datensätze je Seite, 1–10000 (sonst die Voreinstellung des Servers)")
	fs.Usage = func() {
		fmt.Fprintln(s.err, evidencePullUsage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if im.Token == "" {
		token, err := evidenceTokenFromEnv(s.environ)
		if err != nil {
			fmt.Fprintf(s.err, "wachsam evidence pull: %v\n", err)
			return 2
		}
		im.Token = token
	}
	var missing []string
	for _, f := range []struct{ name, value string }{{"--url", im.BaseURL}, {"--dir", im.Dir}, {"--token oder WACHSAM_EVIDENCE_TOKEN", im.Token}} {
		if strings.TrimSpace(f.value) == "" {
			missing = append(missing, f.name)
		}
	}
	if fs.NArg() != 0 || len(missing) > 0 || im.Limit < 0 {
		if len(missing) > 0 {
			fmt.Fprintf(s.err, "wachsam evidence pull: es fehlt %s\n", strings.Join(missing, ", "))
		}
		fs.Usage()
		return 2
	}
	sum, err := im.Pull(ctx)
	if err != nil {
		fmt.Fprintf(s.err, "wachsam evidence pull: %v\n", err)
		if sum.Pages > 0 {
			fmt.Fprintf(s.err, "Bis dahin übernommen: %s\n", pullSummary(sum))
		}
		return 1
	}
	fmt.Fprintf(s.out, "Nachweise der Kommune %s abgeglichen: %s\n", sum.Tenant, pullSummary(sum))
	return 0
}

func pullSummary(sum evidence.Summary) string {
	pages := "Seiten"
	if sum.Pages == 1 {
		pages = "Seite"
	}
	out := fmt.Sprintf("%d %s, %d geschrieben, %d unverändert, %d entfernt.", sum.Pages, pages, sum.Written, sum.Unchanged, sum.Removed)
	if sum.Resynced {
		out += " Der Server hat den gespeicherten Stand abgelehnt (z. B. nach einer Wiederherstellung); das Verzeichnis wurde von Anfang an neu abgeglichen."
	}
	return out
}

// evidenceTokenFromEnv reads the token from WACHSAM_EVIDENCE_TOKEN or, as
// for every secret, from the file WACHSAM_EVIDENCE_TOKEN_FILE names.
func evidenceTokenFromEnv(environ []string) (string, error) {
	var token, file string
	for _, kv := range environ {
		if v, ok := strings.CutPrefix(kv, "WACHSAM_EVIDENCE_TOKEN="); ok {
			token = v
		}
		if v, ok := strings.CutPrefix(kv, "WACHSAM_EVIDENCE_TOKEN_FILE="); ok {
			file = v
		}
	}
	if token != "" || file == "" {
		return strings.TrimSpace(token), nil
	}
	raw, err := os.ReadFile(file)
	if err != nil {
		return "", fmt.Errorf("WACHSAM_EVIDENCE_TOKEN_FILE: %v", err)
	}
	return strings.TrimSpace(string(raw)), nil
}
