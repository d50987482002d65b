package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

func runExamForTest(t *testing.T, stdin string, args ...string) (code int, out, errOut string) {
	t.Helper()
	var o, e bytes.Buffer
	code = runExam(context.Background(), args, streams{in: strings.NewReader(stdin), out: &o, err: &e})
	return code, o.String(), e.String()
}

func TestExamCheck_PrintsStateOfAFile(t *testing.T) {
	code, out, errOut := runExamForTest(t, "", "check", "../../docs/examples/exam/passed.json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var state struct {
		AsOf    string `json:"as_of"`
		Overall struct {
			Status, Grade string
		} `json:"overall"`
	}
	if err := json.Unmarshal([]byte(out), &state); err != nil {
		t.Fatal(err)
	}
	if state.AsOf != "2026-01-12" || state.Overall.Status != "passed" || state.Overall.Grade != "1,3" {
		t.Fatalf("%+v", state)
	}
}

func TestExamCheck_StandardInputAndAsOf(t *testing.T) {
	in, err := os.ReadFile("../../docs/examples/exam/passed.json")
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runExamForTest(t, string(in), "check", "--as-of", "2025-11-20", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, `"as_of": "2025-11-20"`) || !strings.Contains(out, `"status": "in_progress"`) {
		t.Fatalf("%s", out)
	}
}

func TestExamCheck_InvalidFileExitsTwoWithPath(t *testing.T) {
	code, out, errOut := runExamForTest(t, "", "check", "testdata/exam/bad_grade.json")
	if code != 2 || out != "" {
		t.Fatalf("exit %d, out %q", code, out)
	}
	if !strings.Contains(errOut, "facts[0].grade: 1,5 ist keine Note der Skala nach §5(2)") {
		t.Fatalf("stderr %q", errOut)
	}
}

func TestExamCheck_UsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"verify", "x.json"},
		{"check"},
		{"check", "a.json", "b.json"},
		{"check", "--as-of", "22.11.2026", "../../docs/examples/exam/passed.json"},
		{"check", "--unknown", "../../docs/examples/exam/passed.json"},
		{"check", "testdata/exam/missing.json"},
	} {
		if code, _, errOut := runExamForTest(t, "", args...); code != 2 || errOut == "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut)
		}
	}
}
