package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const allocateExample = `{
  "policy": {"municipality_share": 1, "department_share": 1},
  "sessions": [{"id": "S1", "capacity": 1}, {"id": "S2", "capacity": 1}],
  "people": [
    {"id": "P1", "municipality": "08425001", "department": "Bürgerbüro", "preferences": ["S1", "S2"]},
    {"id": "P2", "municipality": "08425001", "department": "Bürgerbüro", "preferences": ["S1"]},
    {"id": "P3", "municipality": "08425002", "department": "Bauamt", "preferences": []}
  ]
}`

func runAllocateWith(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = runAllocate(context.Background(), args, streams{in: strings.NewReader(stdin), out: &out, err: &errOut})
	return code, out.String(), errOut.String()
}

func TestAllocateFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "problem.json")
	if err := os.WriteFile(path, []byte(allocateExample), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{path}, {"-"}} {
		code, stdout, stderr := runAllocateWith(t, allocateExample, args...)
		if code != 0 || stderr != "" {
			t.Fatalf("%v: exit %d, stderr %q", args, code, stderr)
		}
		var result struct {
			Placed      int   `json:"placed"`
			TotalCost   int64 `json:"total_cost"`
			Assignments []struct {
				Person  string `json:"person"`
				Session string `json:"session"`
				Rank    int    `json:"rank"`
			} `json:"assignments"`
			Unplaced []struct {
				Person   string `json:"person"`
				Reason   string `json:"reason"`
				ReasonDE string `json:"reason_de"`
			} `json:"unplaced"`
		}
		dec := json.NewDecoder(strings.NewReader(stdout))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&result); err != nil {
			t.Fatalf("%v: output is not the contract's JSON: %v\n%s", args, err, stdout)
		}
		// Placing both beats giving P1 the first choice.
		if result.Placed != 2 || result.TotalCost != 1 ||
			len(result.Assignments) != 2 || result.Assignments[0].Session != "S2" || result.Assignments[1].Session != "S1" {
			t.Errorf("%v: %s", args, stdout)
		}
		if len(result.Unplaced) != 1 || result.Unplaced[0].Person != "P3" || result.Unplaced[0].Reason != "no preferences" {
			t.Errorf("%v: unplaced %+v", args, result.Unplaced)
		}
	}
}

func TestAllocateRejects(t *testing.T) {
	invalid := strings.Replace(allocateExample, `"preferences": ["S1"]`, `"preferences": ["S1", "S9"]`, 1)
	for _, tc := range []struct {
		name, stdin string
		args        []string
		code        int
		stderr      string
	}{
		{"unknown session", invalid, []string{"-"}, 2, "people[1].preferences[1]: "},
		{"not JSON", "{", []string{"-"}, 2, "JSON"},
		{"no file", "", nil, 2, "Aufruf: wachsam allocate"},
		{"two files", "", []string{"a.json", "b.json"}, 2, "Aufruf"},
		{"unknown flag", "", []string{"-x", "a.json"}, 2, "-x"},
		{"missing file", "", []string{filepath.Join(t.TempDir(), "missing.json")}, 1, "missing.json"},
		{"help", "", []string{"-h"}, 0, "Aufruf"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runAllocateWith(t, tc.stdin, tc.args...)
			if code != tc.code || !strings.Contains(stderr, tc.stderr) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, stderr, tc.code, tc.stderr)
			}
			if stdout != "" {
				t.Errorf("stdout %q, want nothing", stdout)
			}
		})
	}
}
