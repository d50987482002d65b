package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// A real installation (serve without --demo) refuses a base URL on the
// machine itself, because calendar UIDs, mail links and QR codes carry it;
// the refusal names the variable and the way out.
func TestServeRefusesLocalhostBaseURL(t *testing.T) {
	for _, base := range []string{"", "http://localhost:8080", "https://LOCALHOST", "http://127.0.0.1:8080", "http://127.1.2.3", "http://[::1]:8080", "http://app.localhost"} {
		env := []string{"WACHSAM_DATABASE_URL=sqlite://" + filepath.Join(t.TempDir(), "w.db"), "WACHSAM_LISTEN=127.0.0.1:0"}
		if base != "" {
			env = append(env, "WACHSAM_BASE_URL="+base)
		}
		code, _, stderr := runCmd(t, env, "", "serve")
		if code == 0 || !strings.Contains(stderr, "WACHSAM_BASE_URL") || !strings.Contains(stderr, "WACHSAM_ALLOW_LOCALHOST_BASE_URL=true") {
			t.Errorf("base URL %q: exit %d, stderr %q", base, code, stderr)
		}
	}
}

func TestPublicBaseURLCheck(t *testing.T) {
	for _, tc := range []struct {
		base  string
		allow bool
		ok    bool
	}{
		{"https://wachsam.example.de", false, true},
		{"http://10.0.0.5:8080", false, true},
		{"https://localhost.example.de", false, true},
		{"http://localhost:8080", false, false},
		{"http://localhost:8080", true, true},
		{"http://[::1]", true, true},
	} {
		c := config{BaseURL: tc.base, AllowLocalhostBaseURL: tc.allow}
		if err := c.checkPublicBaseURL(); (err == nil) != tc.ok {
			t.Errorf("%s (allowed %v): %v", tc.base, tc.allow, err)
		}
	}
	c, err := loadConfig([]string{"WACHSAM_ALLOW_LOCALHOST_BASE_URL=true"})
	if err != nil || !c.AllowLocalhostBaseURL {
		t.Errorf("WACHSAM_ALLOW_LOCALHOST_BASE_URL=true read as %v (%v)", c != nil && c.AllowLocalhostBaseURL, err)
	}
}
