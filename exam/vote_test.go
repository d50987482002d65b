package exam

import "testing"

func TestPara4_QuorumMajorityTieAndChair(t *testing.T) {
	reg := preset(t)
	for _, tc := range []struct {
		name            string
		v               Vote
		valid, accepted bool
	}{
		{"half the members take part: quorum", Vote{Members: 6, Votes: Votes{Yes: 2, No: 1}, DecidedBy: ByBoard}, true, true},
		{"less than half: no quorum", Vote{Members: 7, Votes: Votes{Yes: 3}, DecidedBy: ByBoard}, false, false},
		{"half of odd rounds up: 4 of 7", Vote{Members: 7, Votes: Votes{Yes: 3, No: 1}, DecidedBy: ByBoard}, true, true},
		{"abstentions take part and make the quorum", Vote{Members: 6, Votes: Votes{Yes: 1, Abstain: 2}, DecidedBy: ByBoard}, true, true},
		{"abstentions are no votes cast", Vote{Members: 5, Votes: Votes{Yes: 1, No: 0, Abstain: 3}, DecidedBy: ByBoard}, true, true},
		{"tie rejects", Vote{Members: 6, Votes: Votes{Yes: 2, No: 2}, DecidedBy: ByBoard}, true, false},
		{"all abstain rejects", Vote{Members: 4, Votes: Votes{Abstain: 4}, DecidedBy: ByBoard}, true, false},
		{"majority against", Vote{Members: 5, Votes: Votes{Yes: 1, No: 3}, DecidedBy: ByBoard}, true, false},
		{"circular vote counts alike", Vote{Members: 5, Votes: Votes{Yes: 3}, Circular: true, DecidedBy: ByBoard}, true, true},
		{"more votes than members", Vote{Members: 3, Votes: Votes{Yes: 4}, DecidedBy: ByBoard}, false, false},
		{"§4(3) chair alone after delegation", Vote{Votes: Votes{Yes: 1}, DecidedBy: ByChair, Delegated: true}, true, true},
		{"§4(3) chair rejects alone", Vote{Votes: Votes{No: 1}, DecidedBy: ByChair, Delegated: true}, true, false},
		{"§4(3) chair without delegation is void", Vote{Votes: Votes{Yes: 1}, DecidedBy: ByChair}, false, false},
		{"§4(3) chair has one vote", Vote{Votes: Votes{Yes: 2}, DecidedBy: ByChair, Delegated: true}, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := reg.TallyVote(tc.v)
			if got.Valid != tc.valid || got.Accepted != tc.accepted || got.Reason == "" {
				t.Fatalf("%+v", got)
			}
		})
	}
}

func TestPara4_BoardOutcomeIsComputedNotTaken(t *testing.T) {
	// The file gives votes only; a tie rejects the hardship application
	// (declared complete, so it may be rejected before its cut-off, §6(3)).
	b := newFile().failK1Twice().add(Fact{Type: FactHardshipApplied, Date: d("2026-03-02"), Component: "K1"}).
		add(Fact{Type: FactReasonsCompleted, Date: d("2026-03-02"), Component: "K1"})
	b.board("2026-03-10", MotionApproveHardshipRetake, Fact{Component: "K1", Findings: Findings{true, true}})
	b.f.Facts[len(b.f.Facts)-1].Votes = Votes{Yes: 2, No: 2}
	s := b.eval(t, "2026-03-11")
	if dec := s.Decisions[len(s.Decisions)-1]; dec.Tally.Accepted || !dec.Effective {
		t.Fatalf("%+v", dec)
	}
	if c := component(t, s, "K1"); c.Status != StatusFailedFinally {
		t.Fatalf("tie must reject: %+v", c)
	}
	// Without quorum the decision is void and refused under §4(4).
	b.f.Facts[len(b.f.Facts)-1].Votes = Votes{Yes: 2}
	b.expectLast(t, b.eval(t, "2026-03-11"), "§4(4)")
	// Chair alone without delegation: void (§4(3)).
	b.f.Facts[len(b.f.Facts)-1].DecidedBy, b.f.Facts[len(b.f.Facts)-1].Votes = ByChair, Votes{Yes: 1}
	b.expectLast(t, b.eval(t, "2026-03-11"), "§4(3)")
}
