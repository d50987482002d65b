package allocatecli

import (
	"bytes"
	"context"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const example = `{
  "policy": {"municipality_share": 1, "department_share": 1},
  "sessions": [{"id": "S1", "capacity": 1}, {"id": "S2", "capacity": 1}],
  "people": [
    {"id": "P1", "municipality": "08425001", "department": "Bürgerbüro", "preferences": ["S1", "S2"]},
    {"id": "P2", "municipality": "08425001", "department": "Bürgerbüro", "preferences": ["S1"]},
    {"id": "P3", "municipality": "08425002", "department": "Bauamt", "preferences": []}
  ]
}`

func runWith(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = Run(context.Background(), "wachsam-allocate", args, Streams{In: strings.NewReader(stdin), Out: &out, Err: &errOut})
	return code, out.String(), errOut.String()
}

// TestRunNamesItself: usage and errors carry the name the command was
// called by, so that the standalone binary does not speak as the server's.
func TestRunNamesItself(t *testing.T) {
	if code, _, stderr := runWith(t, ""); code != 2 || !strings.Contains(stderr, "Aufruf: wachsam-allocate [-network NETZ.dimacs] [-timing] DATEI.json") {
		t.Errorf("no file: exit %d, %q", code, stderr)
	}
	invalid := strings.Replace(example, `["S1"]`, `["S9"]`, 1)
	if code, stdout, stderr := runWith(t, invalid, "-"); code != 2 || stdout != "" || !strings.HasPrefix(stderr, "wachsam-allocate: people[1].preferences[0]: ") {
		t.Errorf("invalid: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

// TestRunTiming: -timing leaves the allocation as it is and adds, on
// standard error only, the clock's name and one non-negative figure per
// phase, solve being the sum of build, simplex and read.
func TestRunTiming(t *testing.T) {
	_, plain, _ := runWith(t, example, "-")
	code, stdout, stderr := runWith(t, example, "-timing", "-")
	if code != 0 || stdout != plain {
		t.Fatalf("exit %d, stdout differs from a run without -timing:\n%s", code, stdout)
	}
	lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
	if len(lines) != 6 || (lines[0] != "timing_clock process_cpu" && lines[0] != "timing_clock wall") {
		t.Fatalf("stderr %q", stderr)
	}
	seconds := map[string]float64{}
	for _, line := range lines[1:] {
		name, value, _ := strings.Cut(line, " ")
		v, err := strconv.ParseFloat(value, 64)
		if err != nil || v < 0 {
			t.Fatalf("line %q", line)
		}
		seconds[name] = v
	}
	for _, name := range []string{"parse_seconds", "build_seconds", "simplex_seconds", "read_seconds", "solve_seconds"} {
		if _, ok := seconds[name]; !ok {
			t.Errorf("no %s in %q", name, stderr)
		}
	}
	if sum := seconds["build_seconds"] + seconds["simplex_seconds"] + seconds["read_seconds"]; sum-seconds["solve_seconds"] > 3e-6 || seconds["solve_seconds"]-sum > 3e-6 {
		t.Errorf("solve %v is not build + simplex + read = %v", seconds["solve_seconds"], sum)
	}
}

// TestRunWritesNetwork: -network writes the DIMACS file and no allocation.
func TestRunWritesNetwork(t *testing.T) {
	file := filepath.Join(t.TempDir(), "net.dimacs")
	code, stdout, stderr := runWith(t, example, "-network", file, "-")
	if code != 0 || stdout != "" || stderr != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	data, err := os.ReadFile(file)
	if err != nil || !bytes.Contains(data, []byte("\np min ")) {
		t.Errorf("network file: %v\n%s", err, data)
	}
	if code, _, stderr := runWith(t, example, "-network", filepath.Join(t.TempDir(), "no", "such", "dir.dimacs"), "-"); code != 1 || !strings.HasPrefix(stderr, "wachsam-allocate: ") {
		t.Errorf("unwritable network file: exit %d, %q", code, stderr)
	}
}

// TestStandaloneImportsStaySmall: the standalone binary exists to start
// small, so it and this package import only the allocator, the root
// package's error type and the standard library; a server package here
// would bring its initialisation and size back.
func TestStandaloneImportsStaySmall(t *testing.T) {
	allowed := map[string]bool{
		"github.com/wachsam/wachsam":                      true,
		"github.com/wachsam/wachsam/courses":              true,
		"github.com/wachsam/wachsam/internal/allocatecli": true,
	}
	files, _ := filepath.Glob("*.go")
	files = append(files, filepath.Join("..", "..", "cmd", "wachsam-allocate", "main.go"))
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, spec := range f.Imports {
			path, _ := strconv.Unquote(spec.Path.Value)
			if strings.Contains(strings.Split(path, "/")[0], ".") && !allowed[path] {
				t.Errorf("%s imports %s", file, path)
			}
		}
	}
}
