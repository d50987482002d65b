package exam

import (
	"fmt"

	"github.com/wachsam/wachsam"
)

// A decision letter (Bescheid) of the board. Every decision is put in
// writing — §9(3) demands it for rejected reasons, and a candidate can only
// object to a decision they can read. The letter is built from stored data
// alone, so the same case gives the same letter whenever it is printed.

// BoardDecisionRecord is how the board decided a case, as stored with it.
type BoardDecisionRecord struct {
	On        wachsam.Date
	DecidedBy Decider
	Members   int
	Votes     Votes
	Chair     string // the chair, who signs (§4(2))
	// CertificateIssued is the date of the certificate an invalidation is about (§11(4)).
	CertificateIssued wachsam.Date
}

// BoardLetter is the content of a decision letter, ready to be laid out.
type BoardLetter struct {
	Academy    string   // letterhead
	Board      string   // the board, under the letterhead
	DateLine   string   // "Ulm, 22.11.2026"
	Recipient  []string // the address block: the postal address when known
	Reference  string   // "Fall 12 · Prüfling P-2026-0001" ("Unser Zeichen")
	Subject    string
	Salutation string
	Decision   string // "Dem Antrag wird stattgegeben."
	Tenor      string // what is decided, in one or two sentences
	Reasons    []string
	Rules      []BoardRule
	Remedy     string // the Rechtsbehelfsbelehrung; empty for a delegation
	Closing    string
	Signer     string
	SignerRole string
	FileName   string

	Date wachsam.Date // the day of the decision, for the information block
	// ReturnAddress is the sender's line above the address in the
	// envelope's window (DIN 5008).
	ReturnAddress string
}

// RenderLetter turns a letter into a file (a PDF); the caller that owns
// the document format supplies it.
type RenderLetter func(BoardLetter) ([]byte, error)

// NewBoardLetter writes the letter of a decided case.
func NewBoardLetter(reg Regulation, c BoardCase, d BoardDecisionRecord) BoardLetter {
	academy := BoardAcademyOf(reg)
	t := reg.TallyVote(Vote{Members: d.Members, Votes: d.Votes, Circular: d.DecidedBy == ByBoard, DecidedBy: d.DecidedBy, Delegated: d.DecidedBy == ByChair})
	l := BoardLetter{
		Academy: academy.Name, Board: academy.Board,
		DateLine:   d.On.German(),
		Date:       d.On,
		Reference:  fmt.Sprintf("Fall %d", c.ID),
		Decision:   c.DecisionSentence(),
		Tenor:      tenor(c, d),
		Closing:    "Mit freundlichen Grüßen",
		Signer:     d.Chair,
		SignerRole: "Vorsitz des Prüfungsausschusses",
		FileName:   fmt.Sprintf("bescheid-fall-%d.pdf", c.ID),
	}
	l.ReturnAddress = academy.Name
	if academy.Place != "" {
		l.DateLine = academy.Place + ", " + l.DateLine
		l.ReturnAddress += " · " + academy.Place
	}
	if c.Delegation {
		l.Recipient = []string{"An die Mitglieder des", "Prüfungsausschusses"}
		l.Subject = "Beschluss des Prüfungsausschusses: " + c.Title()
		l.Rules = BoardDelegationRules(reg)
	} else {
		l.Recipient = c.CandidateAddress.Lines(c.CandidateName)
		if c.CandidateAddress.IsZero() {
			l.Recipient = append(l.Recipient, "Prüfling "+c.CandidateNumber)
		}
		l.Reference += " · Prüfling " + c.CandidateNumber
		l.Subject = "Bescheid des Prüfungsausschusses: " + c.Motion.German()
		l.Salutation = c.CandidateAddress.Salutation(c.CandidateName)
		l.Rules = BoardRulesFor(reg, c.Motion)
		l.Remedy = "Gegen diesen Bescheid können Sie innerhalb eines Monats nach seiner Bekanntgabe " +
			"schriftlich Widerspruch beim Vorsitzenden des Prüfungsausschusses der " + academy.Name + " erheben."
	}
	l.Reasons = append(l.Reasons, howDecided(d, t))
	if r := motionReason(c); r != "" {
		l.Reasons = append(l.Reasons, r)
	}
	if c.Summary != "" {
		l.Reasons = append(l.Reasons, "Anlass des Verfahrens: "+c.Summary)
	}
	return l
}

// howDecided says who decided and how the votes fell (§4(3),(4)).
func howDecided(d BoardDecisionRecord, t Tally) string {
	if d.DecidedBy == ByChair {
		return fmt.Sprintf("Der Prüfungsausschuss hat diese Aufgabe nach §4(3) der Prüfungsordnung seinem Vorsitzenden übertragen. "+
			"Der Vorsitzende hat am %s allein entschieden.", d.On.German())
	}
	return fmt.Sprintf("Der Prüfungsausschuss hat am %s im Umlaufverfahren nach §4(4) der Prüfungsordnung beschlossen. "+
		"Von %d Mitgliedern haben %d an der Abstimmung teilgenommen; der Ausschuss war beschlussfähig. %s",
		d.On.German(), d.Members, t.TookPart, t.Reason)
}

// tenor is the operative part of the decision.
func tenor(c BoardCase, d BoardDecisionRecord) string {
	what := fmt.Sprintf("%s am %s", c.ComponentName, c.ExamDate.German())
	yes := c.Accepted
	switch {
	case c.Delegation && yes:
		return fmt.Sprintf("Der Prüfungsausschuss überträgt seinem Vorsitzenden die Aufgabe „%s“; der Vorsitzende entscheidet darüber künftig allein.", c.Task.German())
	case c.Delegation:
		return fmt.Sprintf("Die Aufgabe „%s“ wird dem Vorsitzenden nicht übertragen.", c.Task.German())
	}
	switch c.Motion {
	case MotionAcceptReasons:
		if yes {
			return fmt.Sprintf("Die Gründe für das Versäumnis oder den Rücktritt (%s) werden anerkannt. Der Prüfungsversuch zählt nicht.", what)
		}
		return fmt.Sprintf("Die Gründe für das Versäumnis oder den Rücktritt (%s) werden nicht anerkannt. Die Prüfungsleistung gilt nach §9(1) als „nicht bestanden“ (5,0).", what)
	case MotionApproveHardshipRetake:
		if yes {
			return fmt.Sprintf("Eine zweite Wiederholung der Prüfungsleistung %s wird im besonderen Härtefall genehmigt.", c.ComponentName)
		}
		return fmt.Sprintf("Der Antrag auf eine zweite Wiederholung der Prüfungsleistung %s wird abgelehnt.", c.ComponentName)
	case MotionExtendEntitlement:
		if yes {
			return fmt.Sprintf("Der Prüfungsanspruch wird im Härtefall bis einschließlich %s verlängert.", c.Until.German())
		}
		return "Der Antrag auf Verlängerung des Prüfungsanspruchs wird abgelehnt."
	case MotionFindCheating:
		if yes {
			return fmt.Sprintf("Der Prüfungsausschuss stellt eine Täuschung bei der Prüfungsleistung %s fest. Die Prüfungsleistung gilt als „nicht bestanden“ (5,0).", what)
		}
		return fmt.Sprintf("Eine Täuschung bei der Prüfungsleistung %s wird nicht festgestellt.", what)
	case MotionNameSubstituteExaminer:
		if yes {
			return fmt.Sprintf("Für die Prüfungsleistung %s ist %s Prüfer.", c.ComponentName, c.Examiner)
		}
		return fmt.Sprintf("Für die Prüfungsleistung %s wird kein anderer Prüfer bestimmt.", c.ComponentName)
	case MotionRecogniseEquivalent:
		if yes {
			return fmt.Sprintf("Für die Prüfungsleistung %s wird eine gleichwertige Prüfungsleistung anerkannt.", what)
		}
		return fmt.Sprintf("Eine gleichwertige Prüfungsleistung für %s wird nicht anerkannt.", what)
	case MotionInvalidateCertificate:
		if yes {
			return fmt.Sprintf("Die Prüfung wird für „nicht bestanden“ erklärt (%s). Das Zeugnis vom %s ist unrichtig und wird eingezogen (§11(4)); bitte geben Sie es zurück.",
				GroundGerman(c.Ground), d.CertificateIssued.German())
		}
		return fmt.Sprintf("Das Zeugnis vom %s bleibt gültig.", d.CertificateIssued.German())
	}
	return ""
}

// motionReason adds what the regulation attaches to the outcome.
func motionReason(c BoardCase) string {
	switch {
	case c.Delegation:
		return ""
	case c.Motion == MotionApproveHardshipRetake && c.Accepted:
		return "Der Prüfungsausschuss stellt nach §6(3) fest, dass Sie die Gründe für das Nichtbestehen der Wiederholungsprüfung nicht zu " +
			"vertreten haben und dass Ihre bisherigen Leistungen insgesamt die Erwartung begründen, dass Sie die Prüfung erfolgreich abschließen können."
	case c.Motion == MotionAcceptReasons && !c.Accepted:
		return "Diese ablehnende Entscheidung wird Ihnen nach §9(3) der Prüfungsordnung schriftlich mitgeteilt."
	case c.Motion == MotionInvalidateCertificate:
		return "Sie wurden vor der Entscheidung nach §11(3) der Prüfungsordnung angehört."
	}
	return ""
}
