package exam

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/wachsam/wachsam"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// TestExamples evaluates each documented example file and compares the
// state with its golden output; `go test ./exam -run TestExamples -update`
// rewrites the golden files after a deliberate change.
func TestExamples(t *testing.T) {
	for _, tc := range []struct {
		name    string
		overall OverallStatus
	}{
		{"passed", OverallPassed},
		{"hardship", OverallInProgress},
		{"lapsed", OverallLapsed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in, err := os.Open(filepath.Join("..", "docs", "examples", "exam", tc.name+".json"))
			if err != nil {
				t.Fatal(err)
			}
			defer in.Close()
			s, err := Check(in, Presets(berlin(t)), wachsam.Date{})
			if err != nil {
				t.Fatal(ErrorText(err))
			}
			if s.Overall.Status != tc.overall {
				t.Errorf("overall %s, want %s", s.Overall.Status, tc.overall)
			}
			got, err := json.MarshalIndent(s, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := filepath.Join("testdata", "golden", tc.name+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("state differs from %s (run with -update after checking):\n%s", golden, got)
			}
		})
	}
}
