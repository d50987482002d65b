package courses

import (
	"errors"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/wachsam/wachsam"
)

// TestParseWellFormedMatchesByElement: the one-pass decoding of a
// well-formed file gives exactly the problem the element-by-element
// decoding gives, on random problems of every shape.
func TestParseWellFormedMatchesByElement(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 12))
	for i := range 300 {
		data := allocProblemJSON(allocRandomProblem(rng, 12, 5, 4))
		fast, ok, fastErr := parseWellFormedProblem(data)
		if !ok {
			t.Fatalf("problem %d: a well-formed file left the quick path: %s", i, data)
		}
		slow, slowErr := parseProblemByElement(data)
		if (fastErr == nil) != (slowErr == nil) || !reflect.DeepEqual(fast, slow) {
			t.Fatalf("problem %d: quick path %+v (%v), element by element %+v (%v)", i, fast, fastErr, slow, slowErr)
		}
	}
}

// TestParseMalformedPersonLeavesQuickPath: whatever the per-person decoding
// rejects, the quick path hands over, so the message still names the exact
// element.
func TestParseMalformedPersonLeavesQuickPath(t *testing.T) {
	const valid = `{"sessions": [{"id": "S1", "capacity": 2}], "people": [` +
		`{"id": "P1", "municipality": "M", "department": "D", "preferences": ["S1"]}, PERSON]}`
	for _, tc := range []struct{ person, field string }{
		{`{"id": "P2", "municipality": "M", "department": "D", "preferences": [null]}`, "people[1].preferences[0]"},
		{`{"id": "P2", "municipality": "M", "department": "D", "preferences": [7]}`, "people[1].preferences[0]"},
		{`{"id": "P2", "municipality": "M", "preferences": ["S1"]}`, "people[1].department"},
		{`{"id": "P2", "municipality": "M", "department": "D", "team": "x"}`, "people[1].team"},
		{`null`, "people[1]"},
		{`"P2"`, "people[1]"},
	} {
		data := []byte(strings.Replace(valid, "PERSON", tc.person, 1))
		if _, ok, _ := parseWellFormedProblem(data); ok {
			t.Errorf("%s: stayed on the quick path", tc.person)
		}
		_, err := ParseProblem(strings.NewReader(string(data)))
		if got := allocErrorField(err); got != tc.field {
			t.Errorf("%s: error %v at %q, want at %q", tc.person, err, got, tc.field)
		}
	}
}

// allocErrorField is the JSON path of an invalid-problem error, or "".
func allocErrorField(err error) string {
	var invalid *wachsam.Error
	if !errors.As(err, &invalid) {
		return ""
	}
	return invalid.Field
}
