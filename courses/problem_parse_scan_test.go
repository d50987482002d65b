package courses

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
)

// parseWithoutScan is ParseProblem as it was before scanPlainProblem.
func parseWithoutScan(data []byte) (Problem, error) {
	if p, ok, err := parseWellFormedProblem(data); ok {
		return p, err
	}
	return parseProblemByElement(data)
}

// TestScanPlainMatchesDecoding: the scanner reads every file a program
// writes, and gives exactly the problem (or the error) of the decoding
// through encoding/json, on random problems of every shape.
func TestScanPlainMatchesDecoding(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 21))
	for i := range 300 {
		data := allocProblemJSON(allocRandomProblem(rng, 12, 5, 4))
		scanned, ok, scanErr := scanPlainProblem(string(data))
		if !ok {
			t.Fatalf("problem %d: a plain file left the scanner: %s", i, data)
		}
		decoded, err := parseWithoutScan(data)
		if (scanErr == nil) != (err == nil) || !reflect.DeepEqual(scanned, decoded) {
			t.Fatalf("problem %d: scanner %+v (%v), decoding %+v (%v)", i, scanned, scanErr, decoded, err)
		}
	}
}

// TestScanPlainHandsOverOrAgrees: on files with what the scanner does not
// read itself (escapes, other spellings of keys, duplicates, nulls,
// invalid UTF-8, numbers where strings belong, broken syntax, trailing
// text) it either hands over or gives exactly the result of the decoding,
// error messages included.
func TestScanPlainHandsOverOrAgrees(t *testing.T) {
	const base = `{"policy": {"municipality_share": 1, "department_share": 0.5},
	  "sessions": [{"id": "S1", "capacity": 2}, {"id": "S2", "capacity": 1}],
	  "people": [{"id": "P1", "municipality": "M", "department": "Bürgerbüro", "preferences": ["S1", "S2"]},
	             {"id": "P2", "municipality": "M", "department": "D", "preferences": ["S2"]}]}`
	variants := []struct{ old, new string }{
		{"", ""},
		{`"P1"`, `"P\u0031"`},
		{`"id": "P1"`, `"ID": "P1"`},
		{`"id": "P1"`, `"id": "P1", "id": "P9"`},
		{`"id": "P1"`, `"id": null`},
		{`"id": "P1"`, `"id": 1`},
		{`"preferences": ["S2"]`, `"preferences": null`},
		{`"preferences": ["S2"]`, `"preferences": nullx`},
		{`"preferences": ["S2"]`, `"preferences": []`},
		{`, "preferences": ["S2"]`, ``},
		{`["S2"]`, `["S2", null]`},
		{`["S2"]`, `["S2",]`},
		{`"S2"]}]}`, `"S2"]}]} x`},
		{`"S2"]}]}`, `"S2"]}]`},
		{`Bürgerbüro`, "B\xffro"},
		{`Bürgerbüro`, "tab\there"},
		{`"department": "D"`, `"department": "D", "team": "x"`},
		{`"capacity": 1`, `"capacity": "1"`},
		{`"capacity": 1`, `"capacity": 1.5`},
		{`"capacity": 1`, `"capacity": [1, {"a": "]"}]`},
		{`{"id": "S2", "capacity": 1}`, `null`},
		{`"municipality_share": 1`, `"municipality_share": 7`},
		{`"policy": {"municipality_share": 1, "department_share": 0.5},`, `"policy": null,`},
		{`"policy": {"municipality_share": 1, "department_share": 0.5},`, ``},
		{`"policy": {"municipality_share": 1, "department_share": 0.5},`, `"policy": {"municipality_share": 1, "department_share": 0.5}, "policy": null,`},
		{`"policy": {"municipality_share": 1, "department_share": 0.5},`, `"policy": {"municipality_share": 1, "department_share": 0.5, "x": "\"}"},`},
		{`"preferences": ["S1", "S2"]`, `"preferences": ["S1", "S9"]`},
		{`"preferences": ["S1", "S2"]`, `"preferences": ["S1", "S1"]`},
		{`{"id": "P1"`, `{"id": "P2"`},
		{"\n", "\r\n\t "},
	}
	for _, v := range variants {
		data := []byte(strings.Replace(base, v.old, v.new, 1))
		scanned, ok, scanErr := scanPlainProblem(string(data))
		if !ok {
			continue
		}
		decoded, err := parseWithoutScan(data)
		if !reflect.DeepEqual(scanned, decoded) || (scanErr == nil) != (err == nil) || (err != nil && scanErr.Error() != err.Error()) {
			t.Errorf("%q → %q: scanner %+v (%v), decoding %+v (%v)", v.old, v.new, scanned, scanErr, decoded, err)
		}
	}
	// Every prefix of a file, cut anywhere, is refused alike.
	for n := range len(base) {
		if _, ok, _ := scanPlainProblem(base[:n]); ok {
			t.Fatalf("accepted the first %d bytes", n)
		}
	}
}

// FuzzScanPlainProblem: on any bytes the scanner hands over or agrees
// with the decoding through encoding/json.
func FuzzScanPlainProblem(f *testing.F) {
	f.Add(allocProblemJSON(allocBenchProblem(allocBenchSeed, 20, 4, 1, 3)))
	f.Add([]byte(`{"sessions": [{"id": "A", "capacity": 1}], "people": [{"id": "1", "municipality": "M", "department": "D", "preferences": null}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		scanned, ok, scanErr := scanPlainProblem(string(data))
		if !ok {
			return
		}
		decoded, err := parseWithoutScan(bytes.Clone(data))
		if !reflect.DeepEqual(scanned, decoded) || (scanErr == nil) != (err == nil) || (err != nil && scanErr.Error() != err.Error()) {
			t.Fatalf("scanner %+v (%v), decoding %+v (%v)", scanned, scanErr, decoded, err)
		}
	})
}

// TestParseProblemFromFile: a regular file, read into a buffer of its
// size, gives the problem its bytes give through any other reader.
func TestParseProblemFromFile(t *testing.T) {
	data := allocProblemJSON(allocBenchProblem(allocBenchSeed, 200, 10, 1, 4))
	path := filepath.Join(t.TempDir(), "problem.json")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fromFile, err := ParseProblem(f)
	if err != nil {
		t.Fatal(err)
	}
	fromReader, err := ParseProblem(iotest.OneByteReader(bytes.NewReader(data)))
	if err != nil || !reflect.DeepEqual(fromFile, fromReader) {
		t.Errorf("file and reader differ (%v)", err)
	}
}
