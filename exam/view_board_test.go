package exam

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/wachsam/wachsam"
)

// seedPath is the regulation's text in the shared seeds next to the
// repository (DESIGN.md: "it is law").
const seedPath = "../../shared/seeds/004_b2886789c7acb4ba.txt"

// Every provision the board pages and letters quote is the regulation's
// own wording, word for word.
func TestBoardRulesQuoteTheRegulation(t *testing.T) {
	raw, err := os.ReadFile(seedPath)
	if errors.Is(err, os.ErrNotExist) {
		t.Skip("the regulation's text (shared seeds) is not next to the repository")
	}
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(raw)), " ")
	reg := preset(t)
	seen := map[string]bool{}
	for _, m := range Motions() {
		for _, r := range BoardRulesFor(reg, m) {
			seen[r.Paragraph] = true
			if r.Text == "" || !strings.Contains(text, strings.Join(strings.Fields(r.Text), " ")) {
				t.Errorf("%s is not quoted word for word: %q", r.Paragraph, r.Text)
			}
		}
	}
	for _, r := range BoardDelegationRules(reg) {
		if !strings.Contains(text, r.Text) {
			t.Errorf("%s is not quoted word for word", r.Paragraph)
		}
	}
	if len(seen) < 15 {
		t.Errorf("only %d provisions quoted", len(seen))
	}
}

// Each motion names its own provisions first and ends with §4(4), how the
// board decides; another academy's regulation gets no borrowed text.
func TestBoardRulesForEveryMotion(t *testing.T) {
	reg := preset(t)
	for _, m := range Motions() {
		rules := BoardRulesFor(reg, m)
		if len(rules) < 2 || rules[len(rules)-1].Paragraph != "§4(4)" {
			t.Errorf("%s: %+v", m, rules)
		}
		if !strings.HasPrefix(MotionParagraph(m), rules[0].Paragraph[:3]) {
			t.Errorf("%s rests on %s but quotes %s first", m, MotionParagraph(m), rules[0].Paragraph)
		}
	}
	other := reg
	other.ID = "andere-akademie-2027"
	if rules := BoardRulesFor(other, MotionFindCheating); len(rules) != 0 {
		t.Errorf("another regulation quotes udis: %+v", rules)
	}
	if a := BoardAcademyOf(other); a.Name != other.Title || a.Place != "" {
		t.Errorf("academy of another regulation: %+v", a)
	}
}

func TestParseBoardVote(t *testing.T) {
	for in, want := range map[string]BoardVoteChoice{"yes": BoardYes, " no ": BoardNo, "abstain": BoardAbstain} {
		if got, err := ParseBoardVote(in); err != nil || got != want {
			t.Errorf("%q: %v, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "ja", "YES", "vielleicht"} {
		if _, err := ParseBoardVote(in); wachsam.ErrorCodeOf(err) != wachsam.EINVALID {
			t.Errorf("%q accepted: %v", in, err)
		}
	}
	if n := CountBoardVotes([]BoardVote{{Vote: BoardYes}, {Vote: BoardNo}, {Vote: BoardYes}, {Vote: BoardAbstain}}); n != (Votes{Yes: 2, No: 1, Abstain: 1}) {
		t.Errorf("count %+v", n)
	}
}

func letterCase(m Motion, accepted bool) BoardCase {
	return BoardCase{ID: 12, CandidateNumber: "P-2026-0003", CandidateName: "Clara Christ", Motion: m, Component: "ISM",
		ComponentName: "Informationssicherheitsmanagement", ExamDate: d("2026-10-12"), Status: BoardCaseDecided, Accepted: accepted,
		Summary: "Antrag vom 21.11.2026", Until: d("2027-03-31"), Ground: "cheating"}
}

// The letter of §6(2),(3): granted, with both findings, the tally, the
// provisions and the Rechtsbehelfsbelehrung, signed by the chair.
func TestBoardLetterOfAGrantedHardship(t *testing.T) {
	reg := preset(t)
	rec := BoardDecisionRecord{On: d("2026-11-23"), DecidedBy: ByBoard, Members: 7, Votes: Votes{Yes: 4, No: 1, Abstain: 1}, Chair: "Prof. Dr. Vera Vorsitz"}
	l := NewBoardLetter(reg, letterCase(MotionApproveHardshipRetake, true), rec)
	body := strings.Join(l.Reasons, "\n")
	for what, ok := range map[string]bool{
		"date line":  l.DateLine == "Ulm, 23.11.2026",
		"recipient":  l.Recipient[0] == "Clara Christ" && l.Recipient[1] == "Prüfling P-2026-0003",
		"subject":    strings.Contains(l.Subject, "Zweite Wiederholung im Härtefall (§6(2),(3))"),
		"decision":   l.Decision == "Dem Antrag wird stattgegeben.",
		"tenor":      strings.Contains(l.Tenor, "zweite Wiederholung der Prüfungsleistung Informationssicherheitsmanagement wird im besonderen Härtefall genehmigt"),
		"tally":      strings.Contains(body, "Von 7 Mitgliedern haben 6 an der Abstimmung teilgenommen") && strings.Contains(body, "Angenommen mit 4 Ja- gegen 1 Nein-Stimmen bei 1 Enthaltungen."),
		"findings":   strings.Contains(body, "nicht zu vertreten haben") && strings.Contains(body, "Erwartung begründen"),
		"occasion":   strings.Contains(body, "Anlass des Verfahrens: Antrag vom 21.11.2026"),
		"provisions": len(l.Rules) == 4 && l.Rules[0].Paragraph == "§6(2)",
		"remedy":     strings.Contains(l.Remedy, "innerhalb eines Monats") && strings.Contains(l.Remedy, "schriftlich Widerspruch beim Vorsitzenden des Prüfungsausschusses"),
		"signature":  l.Signer == "Prof. Dr. Vera Vorsitz" && l.SignerRole == "Vorsitz des Prüfungsausschusses",
		"file name":  l.FileName == "bescheid-fall-12.pdf",
	} {
		if !ok {
			t.Errorf("%s wrong: %+v", what, l)
		}
	}
}

// Rejected reasons (§9(3)), the chair's decision alone (§4(3)), an
// invalidation (§11) and a delegation, which has no candidate and no
// Rechtsbehelfsbelehrung.
func TestBoardLetterTenorPerMotion(t *testing.T) {
	reg := preset(t)
	chair := BoardDecisionRecord{On: d("2026-11-23"), DecidedBy: ByChair, Members: 4, Votes: Votes{No: 1}, Chair: "Prof. Dr. Vera Vorsitz"}
	l := NewBoardLetter(reg, letterCase(MotionAcceptReasons, false), chair)
	if !strings.Contains(l.Tenor, "werden nicht anerkannt") || !strings.Contains(l.Tenor, "„nicht bestanden“ (5,0)") ||
		!strings.Contains(l.Reasons[0], "§4(3)") || !strings.Contains(l.Reasons[1], "§9(3)") || l.Decision != "Der Antrag wird abgelehnt." {
		t.Errorf("rejected reasons: %+v", l)
	}
	board := BoardDecisionRecord{On: d("2027-02-01"), DecidedBy: ByBoard, Members: 4, Votes: Votes{Yes: 3}, CertificateIssued: d("2026-11-22")}
	l = NewBoardLetter(reg, letterCase(MotionInvalidateCertificate, true), board)
	if !strings.Contains(l.Tenor, "Zeugnis vom 22.11.2026") || !strings.Contains(l.Tenor, "§11(1)") || !strings.Contains(strings.Join(l.Reasons, " "), "§11(3)") {
		t.Errorf("invalidation: %+v", l)
	}
	l = NewBoardLetter(reg, letterCase(MotionExtendEntitlement, true), board)
	if !strings.Contains(l.Tenor, "bis einschließlich 31.03.2027") {
		t.Errorf("extension: %q", l.Tenor)
	}
	del := BoardCase{ID: 3, Motion: "delegate", Delegation: true, Task: MotionAcceptReasons, Status: BoardCaseDecided, Accepted: true}
	l = NewBoardLetter(reg, del, board)
	if l.Remedy != "" || l.Salutation != "" || !strings.Contains(l.Recipient[0], "Mitglieder") || !strings.Contains(l.Tenor, MotionAcceptReasons.German()) ||
		l.Rules[0].Paragraph != "§4(3)" {
		t.Errorf("delegation: %+v", l)
	}
	for _, m := range Motions() {
		for _, yes := range []bool{true, false} {
			if l := NewBoardLetter(reg, letterCase(m, yes), board); l.Tenor == "" || l.Subject == "" {
				t.Errorf("%s (%v): no tenor", m, yes)
			}
		}
	}
}
