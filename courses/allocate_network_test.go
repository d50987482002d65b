package courses

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestGroupApplicantsMatchesPlainGrouping: the hash table of groups finds
// exactly the groups a map keyed by (municipality, department, list) finds,
// in order of first appearance, with the members in input order, on random
// problems with many identical lists (so that lists of different groups
// share slots of the table too).
func TestGroupApplicantsMatchesPlainGrouping(t *testing.T) {
	rng := rand.New(rand.NewPCG(19, 2026))
	for run := range 500 {
		p := allocRandomProblem(rng, 200, 1+rng.IntN(4), 3)
		sessionIndex := map[string]int32{}
		for i, s := range p.Sessions {
			sessionIndex[s.ID] = int32(i)
		}
		total := 0
		for _, a := range p.People {
			total += len(a.Preferences)
		}
		units := indexUnits(p.People)
		groups := groupApplicants(p.People, units, sessionIndex, total)

		type plainGroup struct {
			municipality, department int32
			preferences, members     []int32
		}
		var want []plainGroup
		byKey := map[string]int{}
		for i, a := range p.People {
			var list []int32
			for _, id := range a.Preferences {
				list = append(list, sessionIndex[id])
			}
			key := fmt.Sprint(a.Municipality, "\x00", a.Department, "\x00", list)
			gi, ok := byKey[key]
			if !ok {
				gi = len(want)
				byKey[key] = gi
				want = append(want, plainGroup{municipality: units.municipalityOf[i], department: units.departmentOf[i], preferences: list})
			}
			want[gi].members = append(want[gi].members, int32(i))
		}
		if len(groups.list) != len(want) {
			t.Fatalf("run %d: %d groups, want %d", run, len(groups.list), len(want))
		}
		for gi := range groups.list {
			g, w := &groups.list[gi], want[gi]
			preferences, members := groups.preferencesOf(g), groups.membersOf(g)
			if g.municipality != w.municipality || g.department != w.department ||
				!slices.Equal(preferences, w.preferences) || !slices.Equal(members, w.members) {
				t.Fatalf("run %d: group %d is %v %v %v %v, want %+v", run, gi, g.municipality, g.department, preferences, members, w)
			}
		}
	}
}
