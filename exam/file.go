package exam

import "github.com/wachsam/wachsam"

// File is a candidate's file: who, which seminar, which components, and the
// facts in the order they happened. The state is derived from it, never
// stored (DESIGN.md §3). docs/exam-file-format.md documents the JSON form.
type File struct {
	Regulation string       // ID of the regulation; empty: the one in force on the first seminar day
	AsOf       wachsam.Date // the day to evaluate as of; may be overridden by the caller
	Candidate  Candidate
	Seminar    Seminar
	Components []Component
	Facts      []Fact
}

// Candidate identifies the candidate.
type Candidate struct {
	ID   string
	Name string
}

// Seminar is the udis seminar whose attendance admits to the exam (§2(1)).
type Seminar struct {
	Days []SeminarDay // in order; the last is the end of the seminar (§7(1) Nr. 1)
}

// SeminarDay is one day of the seminar, on site or online.
type SeminarDay struct {
	Date   wachsam.Date
	Online bool
}

// End is the last day of the seminar.
func (s Seminar) End() wachsam.Date {
	if len(s.Days) == 0 {
		return wachsam.Date{}
	}
	return s.Days[len(s.Days)-1].Date
}

// Component is one examination component (Prüfungsleistung, §3(1)), which
// may consist of weighted parts (Einzelleistungen, §5(4)).
type Component struct {
	ID       string
	Name     string
	Examiner string // §3(2): the teacher of the course; may be replaced by the board
	Parts    []Part // empty: the component is graded as a whole
}

// Part is one part of a component and its share (§5(4)).
type Part struct {
	ID     string
	Weight int64
}

// PartGrade is the grade of one part in an attempt.
type PartGrade struct {
	Part  string
	Grade Grade
}

// FactType names what happened.
type FactType string

const (
	FactSeminarDayAttended  FactType = "seminar_day_attended"  // §2(1)
	FactOnlineNoticeGiven   FactType = "online_notice_given"   // §2(1) sentence 6
	FactFeePaid             FactType = "fee_paid"              // §2(2),(3)
	FactExamDateAnnounced   FactType = "exam_date_announced"   // §3(3)
	FactRegistered          FactType = "registered"            // §6, §9(1)
	FactWithdrew            FactType = "withdrew"              // §9(1)
	FactAbsent              FactType = "absent"                // §9(1)
	FactAttemptGraded       FactType = "attempt_graded"        // §5
	FactResultAnnounced     FactType = "result_announced"      // §6(1),(3), §12(2)
	FactDisorderFound       FactType = "disorder_found"        // §8(2)
	FactReasonsSubmitted    FactType = "reasons_submitted"     // §9(2)
	FactRejectionLetterSent FactType = "rejection_letter_sent" // §9(3)
	FactHardshipApplied     FactType = "hardship_applied"      // §6(2),(3)
	FactExtensionApplied    FactType = "extension_applied"     // §7(2)
	FactBoardDelegated      FactType = "board_delegated"       // §4(3)
	FactBoardDecision       FactType = "board_decision"        // §4(2),(4)
	FactHearingHeld         FactType = "hearing_held"          // §11(3)
	FactCertificateIssued   FactType = "certificate_issued"    // §10
	FactPapersDeleted       FactType = "papers_deleted"        // §12(1)
	FactInspectionRequested FactType = "inspection_requested"  // §12(2)
	// FactEvidenceAdded: evidence (a medical certificate, a statement)
	// added to reasons already submitted, until their cut-off (§9(2)).
	FactEvidenceAdded FactType = "evidence_added"
	// FactReasonsCompleted: the candidate declares the reasons and their
	// evidence complete, so the board may reject them before the cut-off.
	FactReasonsCompleted FactType = "reasons_completed"
)

// Motion is what the board decides on (§4(2) Nr. 1–5).
type Motion string

const (
	MotionAcceptReasons          Motion = "accept_reasons"                   // §9(2) sentence 4
	MotionApproveHardshipRetake  Motion = "approve_hardship_retake"          // §6(2),(3)
	MotionExtendEntitlement      Motion = "extend_entitlement"               // §7(2)
	MotionFindCheating           Motion = "find_cheating"                    // §8(1)
	MotionNameSubstituteExaminer Motion = "name_substitute_examiner"         // §3(2)
	MotionRecogniseEquivalent    Motion = "recognise_equivalent_performance" // §3(5)
	MotionInvalidateCertificate  Motion = "invalidate_certificate"           // §11
)

// Findings are the two findings of §6(3) the board records on a hardship
// application: the candidate is not responsible for failing the retake, and
// the candidate's performance so far gives reason to expect success.
type Findings struct {
	NotResponsible       bool
	ExpectationOfSuccess bool
}

// Fact is one dated fact of a candidate's file. Which fields a fact has
// depends on its Type (and for board decisions on its Motion); ParseFile
// rejects every field a fact of that type does not have.
type Fact struct {
	Type FactType
	Date wachsam.Date // the day it happened (or was received)
	Note string

	Component string
	ExamDate  wachsam.Date

	CameraConfirmed    bool        // seminar_day_attended on an online day
	Fee                string      // fee_paid: "exam" or "retake"
	Grades             []PartGrade // attempt_graded
	Illness            bool        // reasons_submitted
	MedicalCertificate bool        // reasons_submitted

	// board_decision and board_delegated
	Motion    Motion
	Task      Motion // board_delegated: the task handed to the chair
	Members   int
	Votes     Votes
	Circular  bool
	DecidedBy Decider
	Findings  Findings     // approve_hardship_retake
	Until     wachsam.Date // extend_entitlement: the new last day
	Ground    string       // invalidate_certificate: "cheating" (§11(1)) or "admission" (§11(2))
	Examiner  string       // name_substitute_examiner

	has presence // which optional fields the file gave
}

// presence records optional fields whose absence differs from their zero value.
type presence struct {
	camera, grade, grades, members bool
}
