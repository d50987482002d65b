package store

import (
	"context"
	"encoding/json"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

// caseDetail is what exam_cases.detail holds: the motion's own fields, as
// the board will decide them (the decision fact copies them).
type caseDetail struct {
	Findings   exam.Findings `json:"findings,omitzero"`     // approve_hardship_retake (§6(3))
	Until      wachsam.Date  `json:"until,omitzero"`        // extend_entitlement (§7(2))
	Ground     string        `json:"ground,omitempty"`      // invalidate_certificate: cheating | admission (§11)
	Examiner   string        `json:"examiner,omitempty"`    // name_substitute_examiner: the name
	ExaminerID int64         `json:"examiner_id,omitempty"` // name_substitute_examiner: the account (§3(2))
	Task       exam.Motion   `json:"task,omitempty"`        // a delegation to the chair (§4(3))
}

// caseSpec is a new case for the board.
type caseSpec struct {
	CandidateID   *int64 // nil: a delegation, about no candidate
	Motion        exam.Motion
	ComponentID   *int64
	ExamDay       wachsam.Date
	ApplicationID *int64 // the application fact that opened it, if any
	Detail        caseDetail
	Summary       string // German: why the case is before the board
}

// MotionDelegate is the motion of a case in which the board delegates a
// task to its chair (§4(3)); it is not one of package exam's motions
// because it is about no candidate.
const MotionDelegate exam.Motion = "delegate"

// openCase puts a case before the board inside tx and audits it. Callers
// check first that the case is one the regulation allows.
func (db *DB) openCase(ctx context.Context, tx bun.IDB, actor wachsam.Actor, spec caseSpec) (*examCaseRow, error) {
	detail, err := json.Marshal(spec.Detail)
	if err != nil {
		return nil, err
	}
	now := db.now()
	row := &examCaseRow{
		CandidateID: spec.CandidateID, Motion: string(spec.Motion), ComponentID: spec.ComponentID, ExamDay: spec.ExamDay,
		ApplicationFactID: spec.ApplicationID, Detail: string(detail), Summary: spec.Summary, Status: "open",
		OpenedBy: actor.UserID, OpenedAt: now, UpdatedAt: now,
	}
	if _, err := tx.NewInsert().Model(row).Exec(ctx); err != nil {
		return nil, err
	}
	if err := db.audit(ctx, tx, actor, "exam_case.open", "exam_case", row.ID, string(spec.Motion)+": "+spec.Summary); err != nil {
		return nil, err
	}
	return row, db.caseOpenedMails(ctx, tx, row)
}
