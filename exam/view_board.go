package exam

import (
	"strings"
	"time"

	"github.com/wachsam/wachsam"
)

// The examination board's view of its cases (§4): what the inbox, the case
// page and the API show. These are view types only; what the board may
// decide is still decided by Evaluate and TallyVote.

// BoardVoteChoice is a member's vote in the circular procedure (§4(4)).
type BoardVoteChoice string

const (
	BoardYes     BoardVoteChoice = "yes"
	BoardNo      BoardVoteChoice = "no"
	BoardAbstain BoardVoteChoice = "abstain"
)

// German names the vote.
func (v BoardVoteChoice) German() string {
	switch v {
	case BoardYes:
		return "Ja"
	case BoardNo:
		return "Nein"
	case BoardAbstain:
		return "Enthaltung"
	}
	return string(v)
}

// ParseBoardVote accepts the three votes of §4(4) by their technical names.
func ParseBoardVote(s string) (BoardVoteChoice, error) {
	switch v := BoardVoteChoice(strings.TrimSpace(s)); v {
	case BoardYes, BoardNo, BoardAbstain:
		return v, nil
	}
	return "", wachsam.FieldError("vote", "Bitte stimmen Sie mit Ja, Nein oder Enthaltung.")
}

// CountBoardVotes adds up the votes cast in the form TallyVote takes.
func CountBoardVotes(votes []BoardVote) Votes {
	var n Votes
	for _, v := range votes {
		switch v.Vote {
		case BoardYes:
			n.Yes++
		case BoardNo:
			n.No++
		case BoardAbstain:
			n.Abstain++
		}
	}
	return n
}

// BoardVote is one member's vote on a case, changeable until the case is decided.
type BoardVote struct {
	UserID  int64           `json:"user_id"`
	Name    string          `json:"name"`
	Vote    BoardVoteChoice `json:"vote"`
	Comment string          `json:"comment,omitempty"`
	CastAt  time.Time       `json:"cast_at"`
}

// BoardMember is a member of the board (§4(1),(2)) and, on a case page,
// the vote they cast on it.
type BoardMember struct {
	ID    int64      `json:"id"`
	Name  string     `json:"name"`
	Chair bool       `json:"chair"`
	Vote  *BoardVote `json:"vote,omitempty"`
}

// BoardFindings are the two findings of §6(3) (Findings) as the board's
// pages and API name them.
type BoardFindings struct {
	NotResponsible       bool `json:"not_responsible"`
	ExpectationOfSuccess bool `json:"expectation_of_success"`
}

// Case statuses of exam_cases.
const (
	BoardCaseOpen    = "open"
	BoardCaseDecided = "decided"
)

// BoardCase is one case before the board: a motion about one candidate, or
// (Delegation) a motion to delegate a task to the chair (§4(3)).
type BoardCase struct {
	ID              int64         `json:"id"`
	CandidateID     int64         `json:"candidate_id,omitempty"`
	CandidateNumber string        `json:"candidate_number,omitempty"`
	CandidateName   string        `json:"candidate_name,omitempty"`
	Motion          Motion        `json:"motion"`
	Delegation      bool          `json:"delegation"`
	Task            Motion        `json:"task,omitempty"`
	Component       string        `json:"component,omitempty"`
	ComponentName   string        `json:"component_name,omitempty"`
	ExamDate        wachsam.Date  `json:"exam_date,omitzero"`
	Summary         string        `json:"summary"`
	Findings        BoardFindings `json:"findings,omitzero"`
	Until           wachsam.Date  `json:"until,omitzero"`
	Ground          string        `json:"ground,omitempty"`
	Examiner        string        `json:"examiner,omitempty"`
	ExaminerID      int64         `json:"examiner_id,omitempty"`
	ApplicationID   int64         `json:"application_fact_id,omitempty"`
	Status          string        `json:"status"`
	OpenedAt        time.Time     `json:"opened_at"`
	OpenedBy        string        `json:"opened_by,omitempty"`
	DecidedBy       Decider       `json:"decided_by,omitempty"`
	DecidedOn       wachsam.Date  `json:"decided_on,omitzero"`
	Accepted        bool          `json:"accepted"`
	Outcome         string        `json:"outcome,omitempty"`
	// Members is the size of the board: now for an open case, at the
	// decision for a decided one. Votes counts the votes cast.
	Members  int            `json:"members"`
	Voted    int            `json:"voted"`
	Votes    Votes          `json:"votes"`
	MyVote   *BoardVote     `json:"my_vote,omitempty"`
	Deadline *DeadlineState `json:"deadline,omitempty"`

	// CandidateAddress is where the decision letter goes by post; only the
	// letter needs it.
	CandidateAddress PostalAddress `json:"-"`
}

// Open reports whether the case still awaits the board's decision.
func (c BoardCase) Open() bool { return c.Status == BoardCaseOpen }

// Title is the German name of the motion.
func (c BoardCase) Title() string {
	if c.Delegation {
		return "Übertragung einer Aufgabe auf den Vorsitzenden (§4(3)): " + c.Task.German()
	}
	return c.Motion.German()
}

// Paragraph is the provision the motion rests on.
func (c BoardCase) Paragraph() string {
	if c.Delegation {
		return "§4(3)"
	}
	return MotionParagraph(c.Motion)
}

// DecisionWord is "stattgegeben" or "abgelehnt" once decided.
func (c BoardCase) DecisionWord() string {
	switch {
	case c.Status != BoardCaseDecided:
		return ""
	case c.Accepted:
		return "stattgegeben"
	}
	return "abgelehnt"
}

// DecisionSentence is the outcome as the board says it: "Dem Antrag wird
// stattgegeben." or "Der Antrag wird abgelehnt." ("" while open).
func (c BoardCase) DecisionSentence() string {
	switch {
	case c.Status != BoardCaseDecided:
		return ""
	case c.Accepted:
		return "Dem Antrag wird stattgegeben."
	}
	return "Der Antrag wird abgelehnt."
}

// GroundGerman names the ground of an invalidation (§11(1) or (2)).
func GroundGerman(ground string) string {
	switch ground {
	case "cheating":
		return "Täuschung, nachträglich bekannt geworden (§11(1))"
	case "admission":
		return "Zulassungsvoraussetzungen nicht erfüllt (§11(2))"
	}
	return ground
}

// MotionParagraph is the provision a motion rests on.
func MotionParagraph(m Motion) string {
	switch m {
	case MotionAcceptReasons:
		return "§9(2)"
	case MotionApproveHardshipRetake:
		return "§6(2),(3)"
	case MotionExtendEntitlement:
		return "§7(2)"
	case MotionFindCheating:
		return "§8(1)"
	case MotionNameSubstituteExaminer:
		return "§3(2)"
	case MotionRecogniseEquivalent:
		return "§3(5)"
	case MotionInvalidateCertificate:
		return "§11"
	}
	return ""
}

// BoardInbox is the board's list of cases.
type BoardInbox struct {
	Open    []BoardCase   `json:"open"`
	Decided []BoardCase   `json:"decided"`
	Members []BoardMember `json:"members"`
}

// BoardNewCase is a case the board opens itself (§4(2)): cheating (§8(1)),
// a substitute examiner (§3(2)), an equivalent performance (§3(5)) or an
// invalidation (§11).
type BoardNewCase struct {
	CandidateID int64        `json:"candidate_id"`
	Motion      Motion       `json:"motion"`
	Component   string       `json:"component,omitempty"`
	ExamDate    wachsam.Date `json:"exam_date,omitzero"`
	Ground      string       `json:"ground,omitempty"`
	ExaminerID  int64        `json:"examiner_id,omitempty"`
	Summary     string       `json:"summary"`
}

// BoardOpenableMotions are the motions the board puts before itself; the
// others come from the candidate's applications.
func BoardOpenableMotions() []Motion {
	return []Motion{MotionFindCheating, MotionNameSubstituteExaminer, MotionRecogniseEquivalent, MotionInvalidateCertificate}
}

// BoardDelegableTasks are the tasks the board may hand to its chair (§4(3)).
func BoardDelegableTasks() []Motion { return Motions() }

// BoardVoteOutcome is the answer to a vote: the case after it and, when
// the last member's vote could not close the case, why (the regulation's
// refusal; the vote itself stands).
type BoardVoteOutcome struct {
	Case   BoardCase `json:"case"`
	Closed bool      `json:"closed"`
	Note   string    `json:"note,omitempty"`
}

// BoardPerson is an account the board can choose, e.g. a substitute examiner.
type BoardPerson struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// BoardComponentChoice is a component of the chosen candidate's seminar
// with the exam dates the candidate registered for.
type BoardComponentChoice struct {
	Code      string         `json:"code"`
	Name      string         `json:"name"`
	Examiner  string         `json:"examiner,omitempty"`
	ExamDates []wachsam.Date `json:"exam_dates"`
}

// BoardOpenChoices is what the form for a new case offers.
type BoardOpenChoices struct {
	Candidates  []CandidateRecord      `json:"candidates"`
	Candidate   *CandidateRecord       `json:"candidate,omitempty"`
	Components  []BoardComponentChoice `json:"components,omitempty"`
	Examiners   []BoardPerson          `json:"examiners,omitempty"`
	Certificate *CertState             `json:"certificate,omitempty"`
}
