package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCmd runs a subcommand in-process with its own environment.
func runCmd(t *testing.T, environ []string, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, streams{in: strings.NewReader(stdin), out: &out, err: &errOut, environ: environ})
	return code, out.String(), errOut.String()
}

func TestUnknownCommandIsAUsageError(t *testing.T) {
	code, _, stderr := runCmd(t, nil, "", "zaubern")
	if code != 2 || !strings.Contains(stderr, "unbekannter Befehl") || !strings.Contains(stderr, "serve") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
}

func TestInvalidConfigurationNamesTheVariable(t *testing.T) {
	for _, tc := range []struct{ env, variable string }{
		{"WACHSAM_DATABASE_URL=mysql://x", "WACHSAM_DATABASE_URL"},
		{"WACHSAM_LISTEN=8080", "WACHSAM_LISTEN"},
		{"WACHSAM_BASE_URL=ftp://x", "WACHSAM_BASE_URL"},
		{"WACHSAM_TRUSTED_PROXIES=10.0.0.0/33", "WACHSAM_TRUSTED_PROXIES"},
		{"WACHSAM_SESSION_IDLE=zehn", "SESSION_IDLE"},
		{"WACHSAM_LOG_LEVEL=laut", "WACHSAM_LOG_LEVEL"},
		{"WACHSAM_SMTP_PASSWORD_FILE=/gibt/es/nicht", "SMTP_PASSWORD_FILE"},
	} {
		code, _, stderr := runCmd(t, []string{tc.env}, "", "migrate")
		if code == 0 || !strings.Contains(stderr, tc.variable) {
			t.Errorf("%s: exit %d, stderr %q does not name %s", tc.env, code, stderr, tc.variable)
		}
	}
}

func TestSecretFromFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "url")
	if err := writeFile(path, "sqlite://"+filepath.Join(dir, "aus-datei.db")+"\n"); err != nil {
		t.Fatal(err)
	}
	cfg, err := loadConfig([]string{"WACHSAM_DATABASE_URL_FILE=" + path})
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.validate(); err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(cfg.database.DSN, "aus-datei.db") {
		t.Fatalf("database %q", cfg.database.DSN)
	}
}

func TestUserCommandCreatesAndChangesAccounts(t *testing.T) {
	env := []string{"WACHSAM_DATABASE_URL=sqlite://" + filepath.Join(t.TempDir(), "w.db"), "WACHSAM_LOG_LEVEL=error"}
	if code, _, stderr := runCmd(t, env, "", "migrate"); code != 0 {
		t.Fatalf("migrate: %s", stderr)
	}
	code, out, stderr := runCmd(t, env, "", "user", "create", "--email", "Chefin@Example.de", "--name", "Chefin", "--role", "admin")
	if code != 0 || !strings.Contains(out, "Passwort: ") {
		t.Fatalf("create: %d %q %q", code, out, stderr)
	}
	if code, _, stderr := runCmd(t, env, "", "user", "create", "--email", "chefin@example.de", "--name", "Noch mal", "--role", "admin"); code == 0 || !strings.Contains(stderr, "gibt es bereits") {
		t.Fatalf("duplicate: %d %q", code, stderr)
	}
	if code, _, stderr := runCmd(t, env, "", "user", "create", "--email", "b@example.de", "--name", "B", "--role", "kaiser"); code == 0 || !strings.Contains(stderr, "unbekannte Rolle") {
		t.Fatalf("bad role: %d %q", code, stderr)
	}
	if code, _, stderr := runCmd(t, env, "kurz\n", "user", "reset-password", "--email", "chefin@example.de", "--password-stdin"); code == 0 || !strings.Contains(stderr, "mindestens 12 Zeichen") {
		t.Fatalf("short password: %d %q", code, stderr)
	}
	if code, out, stderr := runCmd(t, env, "", "user", "set-role", "--email", "chefin@example.de", "--role", "admin,examiner"); code != 0 || !strings.Contains(out, "admin,examiner") {
		t.Fatalf("set-role: %d %q %q", code, out, stderr)
	}
}

func writeFile(path, content string) error { return os.WriteFile(path, []byte(content), 0o600) }
