package courses

import (
	"errors"
	"fmt"
	"math/big"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
)

func TestParseProblemContractExample(t *testing.T) {
	f, err := os.Open("testdata/allocation_contract_example.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, err := ParseProblem(f)
	if err != nil {
		t.Fatal(err)
	}
	if p.Policy.MunicipalityShare.Cmp(big.NewRat(34, 100)) != 0 {
		t.Errorf("municipality_share %v, want exactly 34/100", p.Policy.MunicipalityShare)
	}
	if p.Policy.DepartmentShare.Cmp(big.NewRat(1, 2)) != 0 {
		t.Errorf("department_share %v", p.Policy.DepartmentShare)
	}
	if !slices.Equal(p.Policy.RankCosts, []int64{0, 1, 3, 6, 10}) {
		t.Errorf("rank_costs %v", p.Policy.RankCosts)
	}
	s := p.Sessions[0]
	if s.ID != "S1" || s.Capacity != 25 || s.Host != "08425001" ||
		!s.StartsAt.Equal(time.Date(2027, 3, 2, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("session %+v", s)
	}
	a := p.People[0]
	if a.ID != "P1" || a.Municipality != "08425001" || a.Department != "Bürgerbüro" ||
		!slices.Equal(a.Preferences, []string{"S3", "S1", "S2"}) {
		t.Errorf("person %+v", a)
	}
	if len(p.People[2].Preferences) != 0 || len(p.People[3].Preferences) != 0 {
		t.Errorf("empty and missing preferences: %v, %v", p.People[2].Preferences, p.People[3].Preferences)
	}
}

func TestParseProblemDefaults(t *testing.T) {
	p, err := ParseProblem(strings.NewReader(`{"sessions": [], "people": []}`))
	if err != nil {
		t.Fatal(err)
	}
	if p.Policy.MunicipalityShare != nil || p.Policy.DepartmentShare != nil || p.Policy.RankCosts != nil {
		t.Errorf("defaults should stay unset: %+v", p.Policy)
	}
	for rank, want := range []int64{0, 1, 3, 6, 10, 15, 21} {
		if got := p.Policy.rankCost(rank); got != want {
			t.Errorf("default cost of choice %d: %d, want %d", rank+1, got, want)
		}
	}
}

// TestParseProblemRejects: every invalid input names the offending value by
// its JSON path, as the contract requires.
func TestParseProblemRejects(t *testing.T) {
	const sessions = `"sessions": [{"id": "S1", "capacity": 2}, {"id": "S2", "capacity": 2}]`
	person := func(fields string) string {
		return `{` + sessions + `, "people": [{"id": "P1", "municipality": "M", "department": "D", ` + fields + `}]}`
	}
	for _, tc := range []struct {
		name, input, path string
	}{
		{"not JSON", `{"sessions": [`, ""},
		{"syntax error", `{"sessions": [}`, ""},
		{"not an object", `[]`, ""},
		{"trailing data", `{"sessions": [], "people": []} {}`, ""},
		{"unknown top-level field", `{"sessions": [], "people": [], "rounds": 1}`, "rounds"},
		{"sessions missing", `{"people": []}`, "sessions"},
		{"sessions null", `{"sessions": null, "people": []}`, "sessions"},
		{"people missing", `{"sessions": []}`, "people"},
		{"sessions not a list", `{"sessions": {}, "people": []}`, "sessions"},
		{"unknown policy field", `{"policy": {"share": 1}, "sessions": [], "people": []}`, "policy.share"},
		{"policy not an object", `{"policy": 1, "sessions": [], "people": []}`, "policy"},
		{"municipality share 0", `{"policy": {"municipality_share": 0}, "sessions": [], "people": []}`, "policy.municipality_share"},
		{"municipality share above 1", `{"policy": {"municipality_share": 1.01}, "sessions": [], "people": []}`, "policy.municipality_share"},
		{"municipality share negative", `{"policy": {"municipality_share": -0.5}, "sessions": [], "people": []}`, "policy.municipality_share"},
		{"municipality share quoted", `{"policy": {"municipality_share": "0.5"}, "sessions": [], "people": []}`, "policy.municipality_share"},
		{"municipality share huge exponent", `{"policy": {"municipality_share": 1e-999999999}, "sessions": [], "people": []}`, "policy.municipality_share"},
		{"department share 0", `{"policy": {"department_share": 0.0}, "sessions": [], "people": []}`, "policy.department_share"},
		{"department share not a number", `{"policy": {"department_share": true}, "sessions": [], "people": []}`, "policy.department_share"},
		{"negative rank cost", `{"policy": {"rank_costs": [-1]}, "sessions": [], "people": []}`, "policy.rank_costs[0]"},
		{"falling rank cost", `{"policy": {"rank_costs": [0, 2, 1]}, "sessions": [], "people": []}`, "policy.rank_costs[2]"},
		{"fractional rank cost", `{"policy": {"rank_costs": [0, 1.5]}, "sessions": [], "people": []}`, "policy.rank_costs[1]"},
		{"quoted rank cost", `{"policy": {"rank_costs": ["1"]}, "sessions": [], "people": []}`, "policy.rank_costs[0]"},
		{"huge rank cost", `{"policy": {"rank_costs": [0, 99999999999]}, "sessions": [], "people": []}`, "policy.rank_costs[1]"},
		{"session not an object", `{"sessions": ["S1"], "people": []}`, "sessions[0]"},
		{"session id missing", `{"sessions": [{"capacity": 1}], "people": []}`, "sessions[0].id"},
		{"session id empty", `{"sessions": [{"id": "", "capacity": 1}], "people": []}`, "sessions[0].id"},
		{"session id a number", `{"sessions": [{"id": 1, "capacity": 1}], "people": []}`, "sessions[0].id"},
		{"duplicate session", `{"sessions": [{"id": "S1", "capacity": 1}, {"id": "S1", "capacity": 1}], "people": []}`, "sessions[1].id"},
		{"capacity missing", `{"sessions": [{"id": "S1"}], "people": []}`, "sessions[0].capacity"},
		{"capacity negative", `{"sessions": [{"id": "S1", "capacity": -1}], "people": []}`, "sessions[0].capacity"},
		{"capacity fractional", `{"sessions": [{"id": "S1", "capacity": 2.5}], "people": []}`, "sessions[0].capacity"},
		{"capacity quoted", `{"sessions": [{"id": "S1", "capacity": "25"}], "people": []}`, "sessions[0].capacity"},
		{"capacity too big", `{"sessions": [{"id": "S1", "capacity": 3000000000}], "people": []}`, "sessions[0].capacity"},
		{"bad start", `{"sessions": [{"id": "S1", "capacity": 1, "starts_at": "2.3.2027"}], "people": []}`, "sessions[0].starts_at"},
		{"unknown session field", `{"sessions": [{"id": "S1", "capacity": 1, "room": "A"}], "people": []}`, "sessions[0].room"},
		{"person id missing", `{"sessions": [], "people": [{"municipality": "M", "department": "D"}]}`, "people[0].id"},
		{"municipality missing", `{"sessions": [], "people": [{"id": "P1", "department": "D"}]}`, "people[0].municipality"},
		{"municipality empty", `{"sessions": [], "people": [{"id": "P1", "municipality": "", "department": "D"}]}`, "people[0].municipality"},
		{"department missing", `{"sessions": [], "people": [{"id": "P1", "municipality": "M"}]}`, "people[0].department"},
		{"duplicate person", `{"sessions": [], "people": [{"id": "P1", "municipality": "M", "department": "D"}, {"id": "P1", "municipality": "M", "department": "D"}]}`, "people[1].id"},
		{"unknown person field", person(`"dates": []`), "people[0].dates"},
		{"unknown session preferred", person(`"preferences": ["S1", "S9"]`), "people[0].preferences[1]"},
		{"session preferred twice", person(`"preferences": ["S1", "S2", "S1"]`), "people[0].preferences[2]"},
		{"preference a number", person(`"preferences": ["S1", 2]`), "people[0].preferences[1]"},
		{"preference null", person(`"preferences": [null]`), "people[0].preferences[0]"},
		{"preferences not a list", person(`"preferences": "S1"`), "people[0].preferences"},
		{"more preferences than costs", `{"policy": {"rank_costs": [0]}, ` + sessions + `, "people": [{"id": "P1", "municipality": "M", "department": "D", "preferences": ["S2", "S1"]}]}`, "people[0].preferences[1]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseProblem(strings.NewReader(tc.input))
			var e *wachsam.Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v, want a *wachsam.Error", err)
			}
			if e.Code != wachsam.EINVALID || e.Field != tc.path || e.Message == "" {
				t.Errorf("code %s, path %q (%s), want path %q", e.Code, e.Field, e.Message, tc.path)
			}
		})
	}
}

func TestValidateNamesPath(t *testing.T) {
	p := Problem{
		Sessions: []AllocationSession{{ID: "S1", Capacity: 1}},
		People:   []Applicant{{ID: "P1", Municipality: "M", Department: "D", Preferences: []string{"S1"}}},
	}
	p.Policy.DepartmentShare = big.NewRat(3, 2)
	var e *wachsam.Error
	if err := p.Validate(); !errors.As(err, &e) || e.Field != "policy.department_share" {
		t.Errorf("got %v", err)
	}
	if _, err := Solve(p); err == nil {
		t.Error("Solve accepted an invalid problem")
	}
}

// TestParseProblemLongPreferenceList exercises the set-based duplicate
// check used for long lists.
func TestParseProblemLongPreferenceList(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"sessions": [`)
	for i := range 40 {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"id": "S%d", "capacity": 1}`, i)
	}
	b.WriteString(`], "people": [{"id": "P", "municipality": "M", "department": "D", "preferences": [`)
	for i := range 40 {
		fmt.Fprintf(&b, `"S%d", `, i)
	}
	b.WriteString(`"S7"]}]}`)
	_, err := ParseProblem(strings.NewReader(b.String()))
	var e *wachsam.Error
	if !errors.As(err, &e) || e.Field != "people[0].preferences[40]" {
		t.Errorf("got %v", err)
	}
}

// TestParseProblemEscapedIDs: escaped and non-ASCII ids mean what JSON
// says, whichever way they are read.
func TestParseProblemEscapedIDs(t *testing.T) {
	p, err := ParseProblem(strings.NewReader(`{"sessions": [{"id": "S1", "capacity": 1}, {"id": "Sä", "capacity": 1}],
		"people": [{"id": "P", "municipality": "M", "department": "D", "preferences": ["S\u0031", "S\u00e4"]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := p.People[0].Preferences; !slices.Equal(got, []string{"S1", "Sä"}) {
		t.Errorf("preferences %q", got)
	}
}
