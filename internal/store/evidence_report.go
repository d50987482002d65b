package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

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
// by pseudonym unless the municipality shows names. Everything is read in
// one snapshot (EvidenceSnapshot).
func (db *DB) EvidenceReport(ctx context.Context, municipalityID int64) (evidence.Report, error) {
	var out evidence.Report
	err := db.EvidenceSnapshot(ctx, municipalityID, func(ctx context.Context, snap evidence.Snapshot) error {
		var err error
		out, err = snap.Report(ctx)
		return err
	})
	return out, err
}

// EvidenceSnapshot runs fn with one consistent state of a municipality's
// evidence (DESIGN.md §5): the report and the records of every kind are
// read in one read-only transaction — REPEATABLE READ on PostgreSQL, a
// deferred (snapshot) read transaction on SQLite in WAL mode, which takes
// no write lock — so the CSVs, the report and the manifest of one export
// can never show two different moments.
func (db *DB) EvidenceSnapshot(ctx context.Context, municipalityID int64, fn func(ctx context.Context, snap evidence.Snapshot) error) error {
	town, err := db.Municipality(ctx, municipalityID)
	if err != nil {
		return err
	}
	// The pseudonym key must exist before the read-only transaction.
	tenant, err := db.evidenceTenant(ctx, municipalityID)
	if err != nil {
		return err
	}
	opts := &sql.TxOptions{ReadOnly: true}
	if db.Dialect == Postgres {
		opts.Isolation = sql.LevelRepeatableRead
	}
	return translate(db.RunInTx(ctx, opts, func(ctx context.Context, tx bun.Tx) error {
		return fn(ctx, evidenceSnapshot{db: db, tx: tx, town: *town, tenant: tenant, now: db.now()})
	}))
}

// evidenceSnapshot reads inside the transaction of EvidenceSnapshot; now
// is the one moment its report is about.
type evidenceSnapshot struct {
	db     *DB
	tx     bun.Tx
	town   wachsam.Municipality
	tenant evidenceTenantRow
	now    time.Time
}

func (s evidenceSnapshot) Records(ctx context.Context, kind evidence.Kind, each func(evidence.Record) error) error {
	return s.db.evidenceRecordsIn(ctx, s.tx, s.town.ID, kind, each)
}

func (s evidenceSnapshot) Report(ctx context.Context) (evidence.Report, error) {
	db, now := s.db, s.now
	out := evidence.Report{Municipality: s.town.Name, AGS: s.town.AGS, GeneratedAt: now.In(db.Legal), Today: wachsam.DateIn(now, db.Legal)}
	var err error
	if out.Settings, err = db.evidenceSettingsIn(ctx, s.tx, s.town.ID); err != nil {
		return out, err
	}
	var sessions []evidence.Session
	err = s.Records(ctx, evidence.KindSession, func(r evidence.Record) error {
		var sess evidence.Session
		if err := json.Unmarshal(r.Data, &sess); err != nil {
			return wachsam.Errorf(wachsam.EINTERNAL, "Ein gespeicherter Nachweis ist beschädigt: %v", err)
		}
		sessions = append(sessions, sess)
		return nil
	})
	if err != nil {
		return out, err
	}
	out.Sessions = evidence.HeldSessions(sessions, now)
	if out.Coverage, err = db.runningCoverage(ctx, s.tx, s.town.ID, out.Today); err != nil {
		return out, err
	}
	due, err := db.dueListIn(ctx, s.tx, s.town.ID, out.Today)
	if err != nil {
		return out, err
	}
	out.Overdue = overduePeople(due, s.tenant)
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
func (db *DB) runningCoverage(ctx context.Context, idb bun.IDB, municipalityID int64, today wachsam.Date) ([]evidence.Coverage, error) {
	var bodies []string
	err := idb.NewSelect().Model((*evidenceRecordRow)(nil)).Column("body").
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
