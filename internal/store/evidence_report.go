package store

import (
	"context"
	"encoding/json"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/evidence"
)

// EvidenceReport gathers what the auditor's report says about a
// municipality today: its concept, the sessions held, the running month's
// coverage and who is overdue. It refreshes nothing: sessions and coverage
// are the published records, so the report says what the feed and the
// export say; callers refresh first to make them current. Overdue people
// are read from the due list of today and named as the records name them,
// by pseudonym unless the municipality shows names.
func (db *DB) EvidenceReport(ctx context.Context, municipalityID int64) (evidence.Report, error) {
	town, err := db.Municipality(ctx, municipalityID)
	if err != nil {
		return evidence.Report{}, err
	}
	now := db.now()
	out := evidence.Report{Municipality: town.Name, AGS: town.AGS, GeneratedAt: now.In(db.Legal), Today: wachsam.DateIn(now, db.Legal)}
	if out.Settings, err = db.EvidenceSettings(ctx, municipalityID); err != nil {
		return out, err
	}
	tenant, err := db.evidenceTenant(ctx, municipalityID)
	if err != nil {
		return out, err
	}
	var sessions []evidence.Session
	err = db.EvidenceRecords(ctx, municipalityID, evidence.KindSession, func(r evidence.Record) error {
		var s evidence.Session
		if err := json.Unmarshal(r.Data, &s); err != nil {
			return wachsam.Errorf(wachsam.EINTERNAL, "Ein gespeicherter Nachweis ist beschädigt: %v", err)
		}
		sessions = append(sessions, s)
		return nil
	})
	if err != nil {
		return out, err
	}
	out.Sessions = evidence.HeldSessions(sessions, now)
	if out.Coverage, err = db.runningCoverage(ctx, municipalityID, out.Today); err != nil {
		return out, err
	}
	due, err := db.dueListIn(ctx, db.DB, municipalityID, out.Today)
	if err != nil {
		return out, err
	}
	out.Overdue = overduePeople(due, tenant)
	return out, nil
}

// evidenceTenant reads the municipality's evidence row, creating it (and
// so its pseudonym key) if no refresh has yet: a report must name people
// by the same pseudonyms the records will carry.
func (db *DB) evidenceTenant(ctx context.Context, municipalityID int64) (evidenceTenantRow, error) {
	var row evidenceTenantRow
	err := db.NewSelect().Model(&row).Where("municipality_id = ?", municipalityID).Scan(ctx)
	if err == nil {
		return row, nil
	}
	if err = translate(err); wachsam.ErrorCodeOf(err) != wachsam.ENOTFOUND {
		return row, err
	}
	err = db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		row, err = db.lockTenant(ctx, tx, municipalityID)
		return err
	})
	return row, err
}

// runningCoverage are the live coverage records of the month today lies
// in, by department, then topic.
func (db *DB) runningCoverage(ctx context.Context, municipalityID int64, today wachsam.Date) ([]evidence.Coverage, error) {
	var bodies []string
	err := db.NewSelect().Model((*evidenceRecordRow)(nil)).Column("body").
		Where("municipality_id = ?", municipalityID).Where("kind = ?", string(evidence.KindCoverage)).
		Where("group_id = ?", evidence.PeriodGroup(today)).Where("NOT deleted").
		OrderExpr("id").Scan(ctx, &bodies)
	if err != nil {
		return nil, translate(err)
	}
	out := make([]evidence.Coverage, len(bodies))
	for i, body := range bodies {
		var r evidence.Record
		if err := json.Unmarshal([]byte(body), &r); err != nil {
			return nil, wachsam.Errorf(wachsam.EINTERNAL, "Ein gespeicherter Nachweis ist beschädigt: %v", err)
		}
		if err := json.Unmarshal(r.Data, &out[i]); err != nil {
			return nil, wachsam.Errorf(wachsam.EINTERNAL, "Ein gespeicherter Nachweis ist beschädigt: %v", err)
		}
	}
	evidence.SortCoverage(out)
	return out, nil
}

// overduePeople are the due list's overdue rows, each person named as the
// municipality's records name them.
func overduePeople(due []courses.DueRow, tenant evidenceTenantRow) []evidence.OverduePerson {
	var out []evidence.OverduePerson
	for _, r := range due {
		if r.State != courses.DueOverdue {
			continue
		}
		person := evidence.Pseudonym(tenant.PseudonymKey, r.UserID)
		if tenant.ShowNames {
			person = r.Name
		}
		department := r.Department
		if department == "" {
			department = evidence.NoDepartment
		}
		out = append(out, evidence.OverduePerson{Person: person, Department: department, Topic: r.Topic, Last: r.Last, DueSince: r.Next})
	}
	evidence.SortOverdue(out)
	return out
}
