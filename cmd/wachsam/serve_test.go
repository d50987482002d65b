package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer lets the test read what the server writes meanwhile.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

var listeningAt = regexp.MustCompile(`address=(http://127\.0\.0\.1:\d+)`)

// TestServeDemoStartsServesAndShutsDownGracefully runs the README's first
// command in-process: demo data, logins printed, pages served, a clean stop.
func TestServeDemoStartsServesAndShutsDownGracefully(t *testing.T) {
	dir := t.TempDir()
	env := []string{"WACHSAM_DATABASE_URL=sqlite://" + filepath.Join(dir, "demo.db"), "WACHSAM_LISTEN=127.0.0.1:0"}
	var stdout, stderr lockedBuffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--demo"}, streams{in: strings.NewReader(""), out: &stdout, err: &stderr, environ: env})
	}()
	var base string
	for deadline := time.Now().Add(30 * time.Second); base == "" && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if m := listeningAt.FindStringSubmatch(stderr.String()); m != nil {
			base = m[1]
		}
		select {
		case code := <-done:
			t.Fatalf("serve exited with %d: %s", code, stderr.String())
		default:
		}
	}
	if base == "" {
		t.Fatalf("server did not start: %s", stderr.String())
	}
	if !strings.Contains(stdout.String(), "admin@demo.wachsam.de") || !strings.Contains(stdout.String(), "wachsam-demo-2026") {
		t.Fatalf("demo logins not printed: %s", stdout.String())
	}
	for _, path := range []string{"/healthz", "/readyz", "/anmelden"} {
		resp, err := http.Get(base + path)
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %v %v", path, resp, err)
		}
		resp.Body.Close()
	}
	// The staff demo account signs in with the printed password.
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.PostForm(base+"/anmelden", url.Values{"email": {"staff@demo.wachsam.de"}, "password": {"wachsam-demo-2026"}})
	if err != nil || resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" {
		t.Fatalf("demo login: %v %v", resp, err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()

	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("exit %d after shutdown: %s", code, stderr.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("no graceful shutdown within 20 s")
	}
	// Without SMTP the demo's mails go to the log on purpose (addresses
	// included); the request log must never name an account.
	for _, line := range strings.Split(stderr.String(), "\n") {
		if strings.Contains(line, "msg=request") && strings.Contains(line, "staff@demo") {
			t.Fatalf("the request log contains an account name: %s", line)
		}
	}
}
