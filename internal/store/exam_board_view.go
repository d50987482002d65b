package store

import (
	"context"
	"slices"
	"time"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

// How the board sees its cases: the rows with the names, components and
// votes they refer to.

// boardCaseViews turns case rows into the board's view of them, with the
// names, components and votes looked up once for all rows.
func (db *DB) boardCaseViews(ctx context.Context, tx bun.IDB, rows []examCaseRow, members []exam.BoardMember, viewerID int64) ([]exam.BoardCase, error) {
	if len(rows) == 0 {
		return nil, nil
	}
	var caseIDs, candidateIDs, componentIDs, userIDs []int64
	for _, r := range rows {
		caseIDs = append(caseIDs, r.ID)
		if r.CandidateID != nil {
			candidateIDs = append(candidateIDs, *r.CandidateID)
		}
		if r.ComponentID != nil {
			componentIDs = append(componentIDs, *r.ComponentID)
		}
		if r.OpenedBy != nil {
			userIDs = append(userIDs, *r.OpenedBy)
		}
	}
	candidates := map[int64]exam.CandidateRecord{}
	if len(candidateIDs) > 0 {
		recs, err := db.candidateRecords(ctx, tx, "c.id IN (?)", bun.In(candidateIDs))
		if err != nil {
			return nil, err
		}
		for _, c := range recs {
			candidates[c.ID] = c
		}
	}
	components := map[int64]examComponentRow{}
	if len(componentIDs) > 0 {
		var cs []examComponentRow
		if err := tx.NewSelect().Model(&cs).Where("id IN (?)", bun.In(componentIDs)).Scan(ctx); err != nil {
			return nil, err
		}
		for _, c := range cs {
			components[c.ID] = c
		}
	}
	votes, err := db.boardCaseVotes(ctx, tx, caseIDs)
	if err != nil {
		return nil, err
	}
	names, err := db.boardUserNames(ctx, tx, userIDs)
	if err != nil {
		return nil, err
	}
	out := make([]exam.BoardCase, 0, len(rows))
	for _, r := range rows {
		d, err := decodeBoardDetail(r)
		if err != nil {
			return nil, err
		}
		c := exam.BoardCase{
			ID: r.ID, Motion: exam.Motion(r.Motion), Delegation: exam.Motion(r.Motion) == MotionDelegate, Task: d.Task,
			ExamDate: r.ExamDay, Summary: r.Summary, Findings: exam.BoardFindings(d.Findings), Until: d.Until, Ground: d.Ground,
			Examiner: d.Examiner, ExaminerID: d.ExaminerID, Status: r.Status, OpenedAt: r.OpenedAt,
			DecidedOn: r.DecidedOn, Outcome: r.Outcome,
		}
		if r.CandidateID != nil {
			rec := candidates[*r.CandidateID]
			c.CandidateID, c.CandidateNumber, c.CandidateName = rec.ID, rec.Number, rec.Name
		}
		if r.ComponentID != nil {
			comp := components[*r.ComponentID]
			c.Component, c.ComponentName = comp.Code, comp.Name
		}
		if r.ApplicationFactID != nil {
			c.ApplicationID = *r.ApplicationFactID
		}
		if r.OpenedBy != nil {
			c.OpenedBy = names[*r.OpenedBy]
		}
		if r.DecidedBy != nil {
			c.DecidedBy = exam.Decider(*r.DecidedBy)
		}
		if r.Accepted != nil {
			c.Accepted = *r.Accepted
		}
		cast := boardMemberVotes(votes[r.ID], members)
		if mine := slices.IndexFunc(votes[r.ID], func(v exam.BoardVote) bool { return v.UserID == viewerID }); mine >= 0 {
			c.MyVote = &votes[r.ID][mine]
		}
		c.Members, c.Voted, c.Votes = len(members), len(cast), exam.CountBoardVotes(cast)
		if dec := d.Decision; dec != nil {
			c.Members, c.Votes = dec.Members, dec.Votes
			c.Voted = dec.Votes.Yes + dec.Votes.No + dec.Votes.Abstain
		}
		out = append(out, c)
	}
	return out, nil
}

// boardMemberVotes keeps the votes of current members: a member who left the
// board no longer takes part in its decisions (§4(4) counts members).
func boardMemberVotes(votes []exam.BoardVote, members []exam.BoardMember) []exam.BoardVote {
	var out []exam.BoardVote
	for _, v := range votes {
		if slices.ContainsFunc(members, func(m exam.BoardMember) bool { return m.ID == v.UserID }) {
			out = append(out, v)
		}
	}
	return out
}

// boardCaseVotes loads the votes cast on the cases, with the voters' names.
func (db *DB) boardCaseVotes(ctx context.Context, tx bun.IDB, caseIDs []int64) (map[int64][]exam.BoardVote, error) {
	var rows []struct {
		CaseID, UserID int64
		Vote, Comment  string
		CastAt         time.Time
		Name           string
	}
	err := tx.NewSelect().TableExpr("exam_case_votes AS v").Join("JOIN users AS u ON u.id = v.user_id").
		ColumnExpr("v.case_id, v.user_id, v.vote, v.comment, v.cast_at, u.name").
		Where("v.case_id IN (?)", bun.In(caseIDs)).OrderExpr("u.name, v.user_id").Scan(ctx, &rows)
	if err != nil {
		return nil, err
	}
	out := map[int64][]exam.BoardVote{}
	for _, r := range rows {
		out[r.CaseID] = append(out[r.CaseID], exam.BoardVote{UserID: r.UserID, Name: r.Name, Vote: exam.BoardVoteChoice(r.Vote), Comment: r.Comment, CastAt: r.CastAt})
	}
	return out, nil
}

// boardUserNames looks up the names of accounts.
func (db *DB) boardUserNames(ctx context.Context, tx bun.IDB, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	if len(ids) == 0 {
		return out, nil
	}
	var users []wachsam.User
	if err := tx.NewSelect().Model(&users).Column("id", "name").Where("id IN (?)", bun.In(ids)).Scan(ctx); err != nil {
		return nil, err
	}
	for _, u := range users {
		out[u.ID] = u.Name
	}
	return out, nil
}

// boardCaseView loads one case as the board sees it.
func (db *DB) boardCaseView(ctx context.Context, tx bun.IDB, row examCaseRow, members []exam.BoardMember, viewerID int64) (exam.BoardCase, error) {
	views, err := db.boardCaseViews(ctx, tx, []examCaseRow{row}, members, viewerID)
	if err != nil {
		return exam.BoardCase{}, err
	}
	return views[0], nil
}

// boardCaseRow loads a case by ID.
func boardCaseRow(ctx context.Context, tx bun.IDB, id int64) (examCaseRow, error) {
	var row examCaseRow
	err := tx.NewSelect().Model(&row).Where("id = ?", id).Where("status IN (?)", bun.In([]string{exam.BoardCaseOpen, exam.BoardCaseDecided})).Scan(ctx)
	return row, lookupError(err, "Der Fall")
}
