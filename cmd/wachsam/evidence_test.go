package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wachsam/wachsam/internal/evidence"
)

// cannedFeed answers the evidence API with one programme record for the
// right token and problem details for any other.
func cannedFeed(t *testing.T, token string) *httptest.Server {
	t.Helper()
	rec := evidence.Record{RecordID: "08425001-programme", Kind: evidence.KindProgramme, Tenant: "08425001", Revision: 1,
		OccurredAt: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), UpdatedAt: time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC),
		ContentHash: "sha256:" + strings.Repeat("0", 64), Mappings: evidence.MappingsFor(evidence.KindProgramme, evidence.Basis{}),
		Data: json.RawMessage(`{"municipality":"Lindenbach","title":"","topics":[]}`)}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+token {
			w.Header().Set("Content-Type", "application/problem+json")
			w.WriteHeader(http.StatusUnauthorized)
			w.Write([]byte(`{"title":"Anmeldung erforderlich","status":401,"detail":"Dieser Zugangsschlüssel wurde widerrufen."}`))
			return
		}
		page := evidence.Page{Contract: evidence.Contract, Tenant: "08425001", Records: []evidence.Record{}, NextCursor: "c1"}
		if r.URL.Query().Get("since") == "" {
			page.Records = append(page.Records, rec)
		}
		json.NewEncoder(w).Encode(page)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestEvidencePullImportsWithTheTokenFromTheEnvironment(t *testing.T) {
	srv := cannedFeed(t, "wse_geheim")
	dir := filepath.Join(t.TempDir(), "nachweise")
	env := []string{"WACHSAM_EVIDENCE_TOKEN=wse_geheim"}
	code, out, stderr := runCmd(t, env, "", "evidence", "pull", "--url", srv.URL, "--dir", dir)
	if code != 0 || out != "Nachweise der Kommune 08425001 abgeglichen: 1 Seite, 1 geschrieben, 0 unverändert, 0 entfernt.\n" {
		t.Fatalf("exit %d, out %q, err %q", code, out, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "records", "programme", "08425001-programme.json")); err != nil {
		t.Fatal(err)
	}
	// Again, with the token from a file: nothing new.
	file := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(file, []byte("wse_geheim\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, stderr = runCmd(t, []string{"WACHSAM_EVIDENCE_TOKEN_FILE=" + file}, "", "evidence", "pull", "--url", srv.URL, "--dir", dir)
	if code != 0 || !strings.Contains(out, "0 geschrieben") {
		t.Fatalf("second run: exit %d, out %q, err %q", code, out, stderr)
	}
}

func TestEvidencePullReportsARevokedTokenInGerman(t *testing.T) {
	srv := cannedFeed(t, "wse_geheim")
	code, out, stderr := runCmd(t, nil, "", "evidence", "pull", "--url", srv.URL, "--dir", t.TempDir(), "--token", "wse_alt")
	if code != 1 || out != "" || !strings.Contains(stderr, "HTTP 401") || !strings.Contains(stderr, "wurde widerrufen") {
		t.Fatalf("exit %d, out %q, err %q", code, out, stderr)
	}
}

func TestEvidencePullUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"evidence"},
		{"evidence", "push"},
		{"evidence", "pull", "--dir", "x", "--token", "wse_x"},
		{"evidence", "pull", "--url", "http://127.0.0.1:1", "--dir", "x"},
		{"evidence", "pull", "--url", "http://127.0.0.1:1", "--dir", "x", "--token", "wse_x", "zu-viel"},
	} {
		code, _, stderr := runCmd(t, nil, "", args...)
		if code != 2 || !strings.Contains(stderr, "WACHSAM_EVIDENCE_TOKEN") {
			t.Errorf("%v: exit %d, err %q", args, code, stderr)
		}
	}
}
