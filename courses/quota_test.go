package courses

import (
	"fmt"
	"math/big"
	"testing"
)

func bigRat(a, b int64) *big.Rat { return big.NewRat(a, b) }

// TestRoundPolicyQuotas: DESIGN.md §4, municipality quota ceil(staff /
// sessions) by default, department cap at most half by default.
func TestRoundPolicyQuotas(t *testing.T) {
	tests := []struct {
		name     string
		policy   RoundPolicy
		staff    int
		sessions int
		quota    int
		deptCap  int
	}{
		{"a third exactly", RoundPolicy{}, 30, 3, 10, 15},
		{"a third rounded up", RoundPolicy{}, 31, 3, 11, 16},
		{"one person", RoundPolicy{}, 1, 3, 1, 1},
		{"nobody", RoundPolicy{}, 0, 3, 0, 0},
		{"no sessions", RoundPolicy{}, 30, 0, 0, 15},
		{"negative staff counts as none", RoundPolicy{}, -4, 3, 0, 0},
		{"explicit shares", RoundPolicy{MunicipalityShare: bigRat(1, 4), DepartmentShare: bigRat(1, 3)}, 30, 3, 8, 10},
		// 0.34 × 50 is 17 exactly; floating point would say 18.
		{"exact share", RoundPolicy{MunicipalityShare: bigRat(34, 100), DepartmentShare: bigRat(34, 100)}, 50, 3, 17, 17},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.policy.MunicipalityQuota(tt.staff, tt.sessions); got != tt.quota {
				t.Errorf("MunicipalityQuota(%d, %d) = %d, want %d", tt.staff, tt.sessions, got, tt.quota)
			}
			if got := tt.policy.DepartmentCap(tt.staff); got != tt.deptCap {
				t.Errorf("DepartmentCap(%d) = %d, want %d", tt.staff, got, tt.deptCap)
			}
		})
	}
}

// TestRoundPolicyAgreesWithAllocator: self-service booking and the batch
// allocation of the same round must obey the same limits. Everyone of one
// department asks for the first session only; the allocator then seats
// exactly min(quota, cap) of them.
func TestRoundPolicyAgreesWithAllocator(t *testing.T) {
	shares := []*big.Rat{nil, bigRat(1, 2), bigRat(2, 7), bigRat(34, 100), bigRat(1, 1)}
	for _, ms := range shares {
		for _, ds := range shares {
			for _, staff := range []int{1, 7, 30, 51} {
				for _, sessions := range []int{1, 3, 4} {
					policy := RoundPolicy{MunicipalityShare: ms, DepartmentShare: ds}
					p := Problem{
						Policy:   policy.Allocation(nil),
						Sessions: allocSessions(make([]int, sessions)...),
						People:   allocPeople(staff, "M", "D", "S1"),
					}
					p.Sessions[0].Capacity = 1000
					name := fmt.Sprintf("m=%v d=%v staff=%d sessions=%d", ms, ds, staff, sessions)
					want := min(policy.MunicipalityQuota(staff, sessions), policy.DepartmentCap(staff))
					if a := allocSolve(t, p); a.Placed != want {
						t.Errorf("%s: allocator placed %d, booking rules allow %d", name, a.Placed, want)
					}
				}
			}
		}
	}
}

func TestRoundPolicyValidate(t *testing.T) {
	if err := (RoundPolicy{}).Validate(); err != nil {
		t.Errorf("zero policy: %v", err)
	}
	bad := map[string]RoundPolicy{
		"municipality_share": {MunicipalityShare: bigRat(0, 1)},
		"department_share":   {DepartmentShare: bigRat(-1, 2)},
		"cancellation_lead":  {CancellationLead: maxLead + 1},
		"offer_ttl":          {OfferTTL: -1},
	}
	for field, p := range bad {
		err := p.Validate()
		if err == nil || !containsField(err, field) {
			t.Errorf("%s: got %v", field, err)
		}
	}
}
