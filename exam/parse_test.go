package exam

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/wachsam/wachsam"
)

const minimalFile = `{"as_of":"2026-01-01","candidate":{"id":"a","name":"b"},
"seminar":{"days":[{"date":"2025-10-06"},{"date":"2025-10-07","online":true}]},
"components":[{"id":"K","name":"k","parts":[{"id":"p","weight":1}]},{"id":"L","name":"l"}],
"facts":[%s]}`

func withFacts(facts string) string { return strings.Replace(minimalFile, "%s", facts, 1) }

func TestParseFile_RejectsWithPathAndReason(t *testing.T) {
	for _, tc := range []struct {
		name, in, path, reason string
	}{
		{"not JSON", `{`, "(Datei)", "kein gültiges JSON"},
		{"not an object", `[]`, "(Datei)", "JSON-Objekt"},
		{"unknown top field", strings.Replace(withFacts(""), `"as_of"`, `"asof"`, 1), "asof", "kein zulässiges Feld"},
		{"duplicate field", strings.Replace(withFacts(""), `"as_of":"2026-01-01"`, `"as_of":"2026-01-01","as_of":"2026-01-02"`, 1), "as_of", "doppelt"},
		{"missing candidate name", strings.Replace(withFacts(""), `,"name":"b"`, ``, 1), "candidate.name", "fehlt"},
		{"invalid date", strings.Replace(withFacts(""), `2025-10-07`, `2025-02-30`, 1), "seminar.days[1].date", "kein Datum"},
		{"seminar days out of order", strings.Replace(withFacts(""), `2025-10-07`, `2025-10-05`, 1), "seminar.days[1].date", "nach dem vorigen"},
		{"weight as float", strings.Replace(withFacts(""), `"weight":1`, `"weight":1.5`, 1), "components[0].parts[0].weight", "ganze Zahl"},
		{"weight as string", strings.Replace(withFacts(""), `"weight":1`, `"weight":"1"`, 1), "components[0].parts[0].weight", "ganze Zahl"},
		{"duplicate component", strings.Replace(withFacts(""), `"id":"L"`, `"id":"K"`, 1), "components[1].id", "doppelt"},
		{"unknown fact type", withFacts(`{"type":"bribed","date":"2025-10-06"}`), "facts[0].type", "keine bekannte Art"},
		{"field of another fact type", withFacts(`{"type":"registered","date":"2025-10-06","component":"L","exam_date":"2025-11-14","grade":"1,0"}`), "facts[0].grade", "kein zulässiges Feld"},
		{"missing exam date", withFacts(`{"type":"registered","date":"2025-10-06","component":"L"}`), "facts[0].exam_date", "fehlt"},
		{"unknown component", withFacts(`{"type":"registered","date":"2025-10-06","component":"X","exam_date":"2025-11-14"}`), "facts[0].component", "keine Prüfungsleistung"},
		{"grade as number", withFacts(`{"type":"attempt_graded","date":"2025-11-14","component":"L","exam_date":"2025-11-14","grade":1.3}`), "facts[0].grade", "Zeichenkette"},
		{"grade with dot", withFacts(`{"type":"attempt_graded","date":"2025-11-14","component":"L","exam_date":"2025-11-14","grade":"1.3"}`), "facts[0].grade", "Format"},
		{"parts need grades", withFacts(`{"type":"attempt_graded","date":"2025-11-14","component":"K","exam_date":"2025-11-14","grade":"1,3"}`), "facts[0].grades", "fehlt"},
		{"unknown part", withFacts(`{"type":"attempt_graded","date":"2025-11-14","component":"K","exam_date":"2025-11-14","grades":[{"part":"q","grade":"1,3"}]}`), "facts[0].grades[0].part", "keine Einzelleistung"},
		{"facts out of order", withFacts(`{"type":"online_notice_given","date":"2025-10-06"},{"type":"online_notice_given","date":"2025-10-05"}`), "facts[1].date", "zeitlicher Reihenfolge"},
		{"attendance on a non-seminar day", withFacts(`{"type":"seminar_day_attended","date":"2025-10-08"}`), "facts[0].date", "kein Seminartag"},
		{"online day without camera field", withFacts(`{"type":"seminar_day_attended","date":"2025-10-07"}`), "facts[0].camera_confirmed", "Kamera"},
		{"unknown motion", withFacts(`{"type":"board_decision","date":"2025-10-07","motion":"pardon","decided_by":"board","members":3,"votes":{"yes":2,"no":0}}`), "facts[0].motion", "kein bekannter"},
		{"board decision without members", withFacts(`{"type":"board_decision","date":"2025-10-07","motion":"extend_entitlement","until":"2027-01-01","decided_by":"board","votes":{"yes":2,"no":0}}`), "facts[0].members", "Beschlussfähigkeit"},
		{"outcome is not taken from the file", withFacts(`{"type":"board_decision","date":"2025-10-07","motion":"extend_entitlement","until":"2027-01-01","decided_by":"board","members":3,"votes":{"yes":2,"no":0},"accepted":true}`), "facts[0].accepted", "kein zulässiges Feld"},
		{"hardship findings required", withFacts(`{"type":"board_decision","date":"2025-10-07","motion":"approve_hardship_retake","component":"K","decided_by":"board","members":3,"votes":{"yes":2,"no":0}}`), "facts[0].findings", "fehlt"},
		{"retake fee names a component", withFacts(`{"type":"fee_paid","date":"2025-10-07","fee":"retake"}`), "facts[0].component", "fehlt"},
		{"null date", withFacts(`{"type":"hearing_held","date":null}`), "facts[0].date", "null"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseFile(strings.NewReader(tc.in))
			var e *wachsam.Error
			if !errors.As(err, &e) {
				t.Fatalf("got %v, want a field error", err)
			}
			if e.Field != tc.path || !strings.Contains(e.Message, tc.reason) {
				t.Fatalf("got %s: %s; want %s: …%s…", e.Field, e.Message, tc.path, tc.reason)
			}
		})
	}
}

func TestPara5_FileGradesMustBeOnTheScale(t *testing.T) {
	f, err := ParseFile(strings.NewReader(withFacts(`{"type":"attempt_graded","date":"2025-11-14","component":"K","exam_date":"2025-11-14","grades":[{"part":"p","grade":"1,5"}]}`)))
	if err != nil {
		t.Fatal(err)
	}
	err = f.Validate(preset(t))
	if ErrorText(err) != "facts[0].grades[0].grade: 1,5 ist keine Note der Skala nach §5(2)" {
		t.Fatalf("%v", ErrorText(err))
	}
}

func TestCheck_AsOfMustBeGiven(t *testing.T) {
	in := strings.Replace(withFacts(""), `"as_of":"2026-01-01",`, "", 1)
	if _, err := Check(strings.NewReader(in), Presets(berlin(t)), wachsam.Date{}); ErrorText(err) == "" || !strings.HasPrefix(ErrorText(err), "as_of:") {
		t.Fatalf("%v", err)
	}
	s, err := Check(strings.NewReader(in), Presets(berlin(t)), d("2026-02-01"))
	if err != nil || s.AsOf != d("2026-02-01") {
		t.Fatalf("%v %v", s.AsOf, err)
	}
}

func FuzzParseFile(f *testing.F) {
	for _, name := range []string{"passed", "hardship", "lapsed"} {
		b, err := os.ReadFile("../docs/examples/exam/" + name + ".json")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(withFacts(`{"type":"attempt_graded","date":"2025-11-14","component":"K","exam_date":"2025-11-14","grades":[{"part":"p","grade":"1,3"}]}`)))
	f.Add([]byte(`{"facts":[{"type":"board_decision"}]}`))
	loc, err := berlinLoc()
	if err != nil {
		f.Fatal(err)
	}
	reg := UdisISB2025(loc)
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := ParseFile(bytes.NewReader(data))
		if err != nil {
			var e *wachsam.Error
			if !errors.As(err, &e) || e.Field == "" || e.Message == "" {
				t.Fatalf("error without a path: %v", err)
			}
			return
		}
		// A parsed file never makes Validate or Evaluate panic.
		if file.Validate(reg) == nil {
			Evaluate(reg, file, d("2030-01-01"))
		}
	})
}
