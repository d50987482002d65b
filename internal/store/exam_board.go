package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

// The examination board (§4): its members, its cases and their votes. The
// board sees every case; nobody else reaches these methods' data, because
// every one of them first checks that the caller is an active member.

// boardCaseDetail is exam_cases.detail as the board keeps it: the motion's
// fields (caseDetail, written when the case was opened) and, once decided,
// how — so that the decision letter can be written again from stored data
// however the board changes later.
type boardCaseDetail struct {
	caseDetail
	Decision *boardDecision `json:"decision,omitempty"`
}

type boardDecision struct {
	DecidedBy         exam.Decider `json:"decided_by"`
	Members           int          `json:"members"`
	Votes             exam.Votes   `json:"votes"`
	Chair             string       `json:"chair,omitempty"`
	CertificateIssued wachsam.Date `json:"certificate_issued,omitzero"`
}

func (d *boardDecision) record(on wachsam.Date) exam.BoardDecisionRecord {
	return exam.BoardDecisionRecord{On: on, DecidedBy: d.DecidedBy, Members: d.Members, Votes: d.Votes, Chair: d.Chair, CertificateIssued: d.CertificateIssued}
}

func decodeBoardDetail(row examCaseRow) (boardCaseDetail, error) {
	var d boardCaseDetail
	if err := json.Unmarshal([]byte(row.Detail), &d); err != nil {
		return d, fmt.Errorf("exam case %d: %w", row.ID, err)
	}
	return d, nil
}

// boardMembers lists the board (§4(1),(2)): active accounts with the role
// board or board_chair, by name.
func (db *DB) boardMembers(ctx context.Context, tx bun.IDB) ([]exam.BoardMember, error) {
	var rows []struct {
		ID   int64
		Name string
		Role wachsam.Role
	}
	err := tx.NewSelect().TableExpr("users AS u").Join("JOIN user_roles AS r ON r.user_id = u.id").
		ColumnExpr("u.id, u.name, r.role").Where("r.role IN (?)", bun.In([]wachsam.Role{wachsam.RoleBoard, wachsam.RoleBoardChair})).
		Where("u.disabled = ?", false).OrderExpr("u.name, u.id").Scan(ctx, &rows)
	if err != nil {
		return nil, err
	}
	var out []exam.BoardMember
	for _, r := range rows {
		if len(out) == 0 || out[len(out)-1].ID != r.ID {
			out = append(out, exam.BoardMember{ID: r.ID, Name: r.Name})
		}
		if r.Role == wachsam.RoleBoardChair {
			out[len(out)-1].Chair = true
		}
	}
	return out, nil
}

// boardViewer returns the board and the caller among them; a caller who is
// not an active member finds nothing.
func (db *DB) boardViewer(ctx context.Context, tx bun.IDB, userID int64) (exam.BoardMember, []exam.BoardMember, error) {
	members, err := db.boardMembers(ctx, tx)
	if err != nil {
		return exam.BoardMember{}, nil, err
	}
	k := slices.IndexFunc(members, func(m exam.BoardMember) bool { return m.ID == userID })
	if k < 0 {
		return exam.BoardMember{}, nil, notFound("Der Prüfungsausschuss")
	}
	return members[k], members, nil
}

// boardChairName is the name of the chair who signs (§4(2)): the first active
// account with the chair's role.
func boardChairName(members []exam.BoardMember) string {
	for _, m := range members {
		if m.Chair {
			return m.Name
		}
	}
	return ""
}

// BoardCases is the board's inbox: the open cases (oldest first) with the
// votes cast so far, then the decided ones (newest first).
func (db *DB) BoardCases(ctx context.Context, userID int64) (*exam.BoardInbox, error) {
	viewer, members, err := db.boardViewer(ctx, db.DB, userID)
	if err != nil {
		return nil, err
	}
	var rows []examCaseRow
	if err := db.NewSelect().Model(&rows).Where("status IN (?)", bun.In([]string{exam.BoardCaseOpen, exam.BoardCaseDecided})).
		Order("opened_at", "id").Scan(ctx); err != nil {
		return nil, err
	}
	views, err := db.boardCaseViews(ctx, db.DB, rows, members, viewer.ID)
	if err != nil {
		return nil, err
	}
	inbox := &exam.BoardInbox{Open: []exam.BoardCase{}, Decided: []exam.BoardCase{}, Members: members}
	states := map[int64]exam.State{}
	for _, c := range views {
		if !c.Open() {
			inbox.Decided = append(inbox.Decided, c)
			continue
		}
		if kind := boardDeadlineKind(c.Motion); kind != "" && c.CandidateID != 0 {
			s, ok := states[c.CandidateID]
			if !ok {
				if s, err = db.ExamState(ctx, c.CandidateID); err != nil {
					return nil, err
				}
				states[c.CandidateID] = s
			}
			c.Deadline = boardDeadlineOf(s, kind)
		}
		inbox.Open = append(inbox.Open, c)
	}
	slices.SortStableFunc(inbox.Decided, func(a, b exam.BoardCase) int {
		if c := b.DecidedOn.Compare(a.DecidedOn); c != 0 {
			return c
		}
		return int(b.ID - a.ID)
	})
	return inbox, nil
}

// boardDeadlineKind is the running period a motion must be decided within:
// the entitlement an extension is to prolong (§7(2)), and the five years
// after which no invalidation is possible (§11(4)).
func boardDeadlineKind(m exam.Motion) exam.DeadlineKind {
	switch m {
	case exam.MotionExtendEntitlement:
		return exam.Entitlement
	case exam.MotionInvalidateCertificate:
		return exam.InvalidationLimit
	}
	return ""
}

func boardDeadlineOf(s exam.State, kind exam.DeadlineKind) *exam.DeadlineState {
	for _, d := range s.Deadlines {
		if d.Kind == kind {
			return &d
		}
	}
	return nil
}
