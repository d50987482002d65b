package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The load tool sets up its staff over the API of a running server, lets
// them book in both rushes with every booking succeeding, and writes the
// pgbench scripts of the same sessions.
func TestLoadtestBooksEveryoneAgainstARunningServer(t *testing.T) {
	dir := t.TempDir()
	env := []string{"WACHSAM_DATABASE_URL=sqlite://" + filepath.Join(dir, "load.db"), "WACHSAM_LISTEN=127.0.0.1:0"}
	var stdout, stderr lockedBuffer
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--demo"}, streams{in: strings.NewReader(""), out: &stdout, err: &stderr, environ: env})
	}()
	var base string
	for deadline := time.Now().Add(30 * time.Second); base == "" && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if m := listeningAt.FindStringSubmatch(stderr.String()); m != nil {
			base = m[1]
		}
	}
	if base == "" {
		t.Fatalf("server did not start: %s", stderr.String())
	}
	code, out, errOut := runCmd(t, env, "", "loadtest", "-url", base, "-staff", "24", "-clients", "1,6", "-sessions", "3", "-pgbench-dir", dir)
	if code != 0 {
		t.Fatalf("loadtest exited with %d:\n%s\n%s", code, out, errOut)
	}
	for _, row := range []string{"| spread | 1 | 24 | 0 |", "| spread | 6 | 24 | 0 |", "| hot | 1 | 24 | 0 |", "| hot | 6 | 24 | 0 |"} {
		if !strings.Contains(out, row) {
			t.Errorf("no row %q in\n%s", row, out)
		}
	}
	script, err := os.ReadFile(filepath.Join(dir, "hot-6.sql"))
	if err != nil || !strings.Contains(string(script), "FOR UPDATE") || !strings.Contains(string(script), "INSERT INTO bookings") {
		t.Errorf("pgbench script: %v\n%s", err, script)
	}
	cancel()
	<-done
}

func TestLoadtestRefusesBadArguments(t *testing.T) {
	env := []string{"WACHSAM_DATABASE_URL=sqlite://" + filepath.Join(t.TempDir(), "x.db")}
	for _, args := range [][]string{
		{"-clients", "abc"}, {"-clients", "0"}, {"-clients", "5000"}, {"-staff", "0"}, {"-staff", "20001"},
		{"-sessions", "0"}, {"-staff", "5", "-sessions", "6"}, {"extra"},
	} {
		code, _, errOut := runCmd(t, env, "", append([]string{"loadtest"}, args...)...)
		if code != 2 || !strings.Contains(errOut, "wachsam:") {
			t.Errorf("%v: exit %d, %q", args, code, errOut)
		}
	}
}
