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

// examFileText is a small valid file with the given seminar day, as_of and
// candidate name (raw JSON string content, escapes allowed).
func examFileText(day, asOf, name string) string {
	return `{"regulation": "udis-isb-2025-09-01", "as_of": "` + asOf + `", "candidate": {"id": "K", "name": "` + name + `"},
 "seminar": {"days": [{"date": "` + day + `"}]}, "components": [{"id": "A", "name": "A"}],
 "facts": [{"type": "seminar_day_attended", "date": "` + day + `"}]}`
}

// TestExamCheck_RefusesWhatItCannotRepresentWithExitTwo: dates whose
// periods end after 9999, the year 0000, bytes that are not UTF-8 and lone
// UTF-16 surrogates are refused as an invalid file (exit 2), never replaced
// silently and never an internal error (exit 1).
func TestExamCheck_RefusesWhatItCannotRepresentWithExitTwo(t *testing.T) {
	for _, tc := range []struct{ name, file, want string }{
		{"periods ending after 9999", examFileText("9999-06-01", "9999-06-10", "E"), "nach dem Jahr 9999"},
		{"year 0000", examFileText("2025-10-06", "0000-06-10", "E"), `"0000-06-10" liegt nicht zwischen den Jahren 1900 und 9999`},
		{"invalid UTF-8", examFileText("2025-10-06", "2025-10-10", "E\xff"), "kein gültiges UTF-8"},
		{"lone high surrogate", examFileText("2025-10-06", "2025-10-10", `E\ud800`), `\ud800`},
		{"lone low surrogate", examFileText("2025-10-06", "2025-10-10", `E\udc00x`), `\udc00`},
		{"high surrogate before a non-surrogate", examFileText("2025-10-06", "2025-10-10", `E\ud83d\u0041`), `\ud83d`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runExamForTest(t, tc.file, "check", "-")
			if code != 2 || out != "" || !strings.Contains(errOut, tc.want) {
				t.Fatalf("exit %d, out %q, stderr %q; want exit 2 naming %q", code, out, errOut, tc.want)
			}
		})
	}
	if code, _, errOut := runExamForTest(t, examFileText("2025-10-06", "2025-10-10", "E"), "check", "--as-of", "0000-01-01", "-"); code != 2 {
		t.Fatalf("--as-of 0000-01-01: exit %d, %s", code, errOut)
	}
}

// TestExamCheck_AcceptsABOMAndSurrogatePairs: a UTF-8 byte-order mark at
// the start is skipped; a surrogate pair (an emoji) is a valid character;
// 9993-12-01 is late enough for every period to end by 9999.
func TestExamCheck_AcceptsABOMAndSurrogatePairs(t *testing.T) {
	for _, file := range []string{
		"\xEF\xBB\xBF" + examFileText("2025-10-06", "2025-10-10", "E"),
		examFileText("2025-10-06", "2025-10-10", `E \ud83d\ude00 \\ud800`),
		examFileText("9993-12-01", "9993-12-10", "E"),
	} {
		if code, _, errOut := runExamForTest(t, file, "check", "-"); code != 0 {
			t.Errorf("exit %d: %s", code, errOut)
		}
	}
}

// TestExamCheck_WarnsOfAnExamDateOnASunday: §3(3) dates on a Sunday or a
// public holiday at the seat are printed as warnings; exit 0.
func TestExamCheck_WarnsOfAnExamDateOnASunday(t *testing.T) {
	file := strings.Replace(examFileText("2025-10-06", "2025-10-10", "E"),
		`"facts": [`, `"facts": [{"type": "exam_date_announced", "date": "2025-10-06", "component": "A", "exam_date": "2025-11-16"}, `, 1)
	code, out, errOut := runExamForTest(t, file, "check", "-")
	if code != 0 || !strings.Contains(out, `"warnings"`) || !strings.Contains(out, "Der Prüfungstermin 16.11.2025 für A ist ein Sonntag.") {
		t.Fatalf("exit %d, stderr %q, out:\n%s", code, errOut, out)
	}
}
