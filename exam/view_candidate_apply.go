package exam

import "github.com/wachsam/wachsam"

// What a candidate sends and gets back. The candidate's applications are
// the actions package exam lists in State.CandidateMay; the store records
// each as a fact of the file (and puts it before the board where the board
// decides), so the regulation judges it like any other fact.

// The applications a candidate makes themselves.
const (
	ApplyReasons    = "submit_reasons"     // §9(2)
	ApplyHardship   = "apply_hardship"     // §6(2),(3)
	ApplyExtension  = "apply_extension"    // §7(2)
	ApplyInspection = "request_inspection" // §12(2)
	ApplyWithdrawal = "withdraw"           // §9(1)
	ApplyEvidence   = "add_evidence"       // §9(2): evidence added to reasons until the cut-off
	ApplyComplete   = "complete_reasons"   // §9(2), §6(3): the reasons or the hardship application declared complete
)

// CandidateApplication is one application of a candidate.
type CandidateApplication struct {
	Action    string       // one of the Apply… constants
	Component string       // the component's code; not for an extension
	ExamDate  wachsam.Date // the attempt: reasons, inspection, withdrawal
	Text      string       // the written reasons or statement (reasons, hardship, extension)
	Illness   bool         // reasons: the candidate was ill (§9(2) sentence 2)
	// MedicalCertificate: evidence added is the medical certificate on the
	// inability to sit the exam (§9(2) sentence 2).
	MedicalCertificate bool
	Until              wachsam.Date // extension: the last day asked for (§7(2))
	Uploads            []CandidateUpload
}

// CandidateUpload is a file sent with an application: a medical
// certificate with reasons, evidence with a hardship application.
type CandidateUpload struct {
	Filename string
	Content  []byte
}

// CandidateReceipt is the answer to an application.
type CandidateReceipt struct {
	Action   string
	FactID   int64
	CaseID   int64 // 0: no case was opened
	Received wachsam.Date
	// Late: the application arrived after its cut-off; it is recorded and
	// rejected as out of time, for the reason in Refusal.
	Late    bool
	Refusal *Refusal
	// Warning is a German sentence the candidate must read, e.g. that
	// illness without a medical certificate cannot be accepted (§9(2)).
	Warning   string
	Documents int
	// ReasonsUntil is, after a withdrawal, the last day for giving reasons (§9(2)).
	ReasonsUntil wachsam.Date
}

// ActionParagraph is the provision an application of the candidate rests on.
func ActionParagraph(action string) string {
	switch action {
	case ApplyReasons:
		return "§9(2)"
	case ApplyEvidence, ApplyComplete:
		return "§9(2), §6(3)"
	case ApplyHardship:
		return "§6(2),(3)"
	case ApplyExtension:
		return "§7(2)"
	case ApplyInspection:
		return "§12(2)"
	case ApplyWithdrawal:
		return "§9(1)"
	}
	return ""
}

// CandidateFileSummary is a line of the list of a person's files.
type CandidateFileSummary struct {
	Record       CandidateRecord
	SeminarTitle string
	Overall      OverallState // withheld like the file (WithholdUnannounced)
	Next         *CandidateDeadline
}

// CandidateCalendar is what a candidate's calendar feed shows: the exam
// dates of every attempt and the deadlines they must keep, per file.
type CandidateCalendar struct {
	PersonName string
	Files      []CandidateView
}
