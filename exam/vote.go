package exam

import "fmt"

// Votes is the count of a board vote (§4(4)).
type Votes struct {
	Yes     int `json:"yes"`
	No      int `json:"no"`
	Abstain int `json:"abstain"`
}

// Decider says who decided: the board, or its chair alone for a task the
// board delegated to the chair (§4(3)).
type Decider string

const (
	ByBoard Decider = "board"
	ByChair Decider = "chair"
)

// Vote is one decision to tally.
type Vote struct {
	Members   int     // members of the board
	Votes     Votes   // as cast
	Circular  bool    // taken by circulation (Umlaufverfahren, §4(4) sentence 2)
	DecidedBy Decider // board or chair
	Delegated bool    // the board delegated this task to the chair (§4(3))
}

// Tally is the outcome of a vote.
type Tally struct {
	Valid      bool   `json:"valid"`    // the decision was taken validly (quorum, delegation)
	Accepted   bool   `json:"accepted"` // the motion is carried
	Quorum     bool   `json:"quorum"`   // enough members took part
	TookPart   int    `json:"took_part"`
	VotesCast  int    `json:"votes_cast"`
	Paragraph  string `json:"paragraph"`
	Reason     string `json:"reason"` // German
	Circulated bool   `json:"circular,omitempty"`
}

// TallyVote decides a vote by §4(3),(4) of the regulation:
//
//   - Quorum: the board has a quorum when at least half of its members take
//     part ("mindestens die Hälfte", so 2 of 4 suffice: took_part·den ≥
//     members·num). Members who abstain take part in the vote; only those
//     who do not vote at all are absent.
//   - Majority: a motion is carried by the majority of the votes cast. Votes
//     cast are yes and no; abstentions are not votes cast (they count for
//     the quorum, not for the majority). A tie rejects the motion, as does
//     a vote with no votes cast.
//   - A vote by circulation (§4(4) sentence 2) is tallied the same way.
//   - The chair decides alone only where the board delegated the task
//     (§4(3)); then the chair's single yes or no is the decision and no
//     quorum is needed. A chair's decision on a task not delegated is not
//     valid.
func (r Regulation) TallyVote(v Vote) Tally {
	t := Tally{Circulated: v.Circular}
	t.TookPart = v.Votes.Yes + v.Votes.No + v.Votes.Abstain
	t.VotesCast = v.Votes.Yes + v.Votes.No
	if v.DecidedBy == ByChair {
		t.Paragraph = "§4(3)"
		switch {
		case !v.Delegated:
			t.Reason = "Der Vorsitzende entscheidet allein nur über Aufgaben, die ihm der Prüfungsausschuss übertragen hat."
		case t.TookPart != 1 || v.Votes.Abstain != 0:
			t.Reason = "Der Vorsitzende entscheidet allein mit genau einer Stimme (ja oder nein)."
		default:
			t.Valid, t.Quorum = true, true
			t.Accepted = v.Votes.Yes == 1
			t.Reason = "Der Vorsitzende hat nach Übertragung allein entschieden."
		}
		return t
	}
	t.Paragraph = "§4(4)"
	if v.Members <= 0 || t.TookPart > v.Members {
		t.Reason = fmt.Sprintf("Es haben %d Mitglieder abgestimmt, der Ausschuss hat aber %d Mitglieder.", t.TookPart, v.Members)
		return t
	}
	t.Quorum = t.TookPart*r.QuorumDen >= v.Members*r.QuorumNum
	if !t.Quorum {
		t.Reason = fmt.Sprintf("Nicht beschlussfähig: %d von %d Mitgliedern haben teilgenommen, mindestens die Hälfte ist nötig.", t.TookPart, v.Members)
		return t
	}
	t.Valid = true
	t.Accepted = v.Votes.Yes > v.Votes.No
	switch {
	case t.Accepted:
		t.Reason = fmt.Sprintf("Angenommen mit %d Ja- gegen %d Nein-Stimmen bei %d Enthaltungen.", v.Votes.Yes, v.Votes.No, v.Votes.Abstain)
	case v.Votes.Yes == v.Votes.No:
		t.Reason = fmt.Sprintf("Abgelehnt bei Stimmengleichheit (%d zu %d, %d Enthaltungen).", v.Votes.Yes, v.Votes.No, v.Votes.Abstain)
	default:
		t.Reason = fmt.Sprintf("Abgelehnt mit %d Ja- gegen %d Nein-Stimmen bei %d Enthaltungen.", v.Votes.Yes, v.Votes.No, v.Votes.Abstain)
	}
	return t
}
