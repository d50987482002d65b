package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

// OfficeFile is a candidate's file for the exam office: the state package
// exam folds as of today, what the office recorded (attendance, notice,
// payments) and the history of every fact with who recorded it.
func (db *DB) OfficeFile(ctx context.Context, candidateID int64) (*exam.OfficeFile, error) {
	cf, err := db.loadFile(ctx, db.DB, candidateID)
	if err != nil {
		return nil, err
	}
	rec, err := db.candidateRecord(ctx, db.DB, candidateID)
	if err != nil {
		return nil, err
	}
	dates, err := db.ExamDates(ctx, cf.Seminar.ID)
	if err != nil {
		return nil, err
	}
	today := db.legalToday()
	state := cf.evaluate(today)
	seminar := cf.officeSeminar()
	out := &exam.OfficeFile{
		Candidate: *rec, Seminar: *seminar, Dates: dates, State: state,
		Attendance: exam.OfficeAttendance(cf.File, today), NoticeOn: exam.OfficeNoticeOn(cf.File),
		FeesDue: exam.OfficeFeesDue(state, *seminar), Open: exam.OfficeOpenAttempts(state, dates),
		History: exam.OfficeHistory(cf.File, state),
	}
	if err := db.officeHistorySources(ctx, cf, out.History); err != nil {
		return nil, err
	}
	if out.Address, err = db.candidateAddress(ctx, db.DB, candidateID); err != nil {
		return nil, err
	}
	for i, f := range cf.File.Facts {
		if h := out.History[i]; f.Type == exam.FactFeePaid && h.Refusal == nil {
			out.Payments = append(out.Payments, exam.OfficePayment{PaidOn: f.Date, Fee: f.Fee, Component: f.Component,
				ComponentName: seminar.ComponentName(f.Component), AmountCents: h.AmountCents, Reference: h.Reference, Note: f.Note})
		}
	}
	return out, nil
}

// officeHistorySources adds to each line of the history who recorded the
// fact and when, and what the office recorded beside it (amount,
// reference, the place of an exam date).
func (db *DB) officeHistorySources(ctx context.Context, cf *candidateFile, lines []exam.OfficeHistoryLine) error {
	var facts []examFactRow
	if err := db.NewSelect().Model(&facts).Where("candidate_id = ?", cf.Candidate.ID).Scan(ctx); err != nil {
		return err
	}
	byID := map[int64]examFactRow{}
	var people []int64
	for _, f := range facts {
		byID[f.ID] = f
		if f.RecordedBy != nil {
			people = append(people, *f.RecordedBy)
		}
	}
	dates := map[int64]examDateRow{}
	for _, d := range cf.Dates {
		dates[d.ID] = d
		if d.CreatedBy != nil {
			people = append(people, *d.CreatedBy)
		}
	}
	names, err := db.officeNames(ctx, people)
	if err != nil {
		return err
	}
	for i, src := range cf.Sources {
		l := &lines[i]
		switch {
		case src.Fact != 0:
			f := byID[src.Fact]
			l.RecordedAt = f.RecordedAt
			if f.RecordedBy != nil {
				l.RecordedBy = names[*f.RecordedBy]
			}
			var d factDetail
			if err := json.Unmarshal([]byte(f.Detail), &d); err != nil {
				return fmt.Errorf("exam fact %d: %w", f.ID, err)
			}
			l.AmountCents, l.Reference, l.EnteredReason = d.AmountCents, d.Reference, f.EnteredReason
		case src.Date != 0:
			d := dates[src.Date]
			l.RecordedAt = d.CreatedAt
			if d.CreatedBy != nil {
				l.RecordedBy = names[*d.CreatedBy]
			}
			if d.Place != "" {
				l.Detail = "Ort: " + d.Place
			}
			l.EnteredReason = d.EnteredReason
			if d.EnteredReason != "" {
				l.Detail = strings.TrimPrefix(l.Detail+"; Bekanntgabe nachgetragen, Grund: "+d.EnteredReason+"; §3(3) gegen das eingetragene Datum geprüft", "; ")
			}
		default:
			l.RecordedAt = src.at
		}
		l.EnteredLater = !l.RecordedAt.IsZero() && l.Date.Before(wachsam.DateIn(l.RecordedAt, db.Legal))
	}
	return nil
}

// officeNames maps account IDs to names.
func (db *DB) officeNames(ctx context.Context, ids []int64) (map[int64]string, error) {
	names := map[int64]string{}
	if len(ids) == 0 {
		return names, nil
	}
	var users []wachsam.User
	if err := db.NewSelect().Model(&users).Column("id", "name").Where("id IN (?)", bun.In(ids)).Scan(ctx); err != nil {
		return nil, err
	}
	for _, u := range users {
		names[u.ID] = u.Name
	}
	return names, nil
}
