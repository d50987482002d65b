package store

import (
	"context"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/evidence"
)

// The evidence a municipality keeps for its ISMS (DESIGN.md §5): its
// settings, its training concept and the lock of its feed.

type evidenceTenantRow struct {
	bun.BaseModel  `bun:"table:evidence_tenants"`
	MunicipalityID int64      `bun:"municipality_id,pk"`
	PseudonymKey   string     `bun:"pseudonym_key,notnull"`
	ShowNames      bool       `bun:"show_names,notnull"`
	Head           int64      `bun:"head,notnull"`
	RefreshedAt    *time.Time `bun:"refreshed_at"`
	DerivedUntil   *time.Time `bun:"derived_until"` // evidence_changes.go
	UpdatedAt      time.Time  `bun:"updated_at,notnull"`
}

type trainingProgrammeRow struct {
	bun.BaseModel  `bun:"table:training_programmes"`
	MunicipalityID int64        `bun:"municipality_id,pk"`
	Title          string       `bun:"title,notnull"`
	ApprovedBy     string       `bun:"approved_by,notnull"`
	ApprovedOn     wachsam.Date `bun:"approved_on"`
	ReviewOn       wachsam.Date `bun:"review_on"`
	Notes          string       `bun:"notes,notnull"`
	UpdatedAt      time.Time    `bun:"updated_at,notnull"`
}

type trainingAudienceRow struct {
	bun.BaseModel  `bun:"table:training_audiences"`
	MunicipalityID int64  `bun:"municipality_id,pk"`
	TopicID        int64  `bun:"topic_id,pk"`
	Audience       string `bun:"audience,notnull"`
}

// lockTenant locks the municipality's evidence row, creating it (with a
// fresh pseudonym key) the first time. Every change of the municipality's
// records happens under this lock: on PostgreSQL a row lock, on SQLite the
// write lock the immediate transaction holds.
func (db *DB) lockTenant(ctx context.Context, tx bun.Tx, municipalityID int64) (evidenceTenantRow, error) {
	row := evidenceTenantRow{MunicipalityID: municipalityID, PseudonymKey: evidence.NewPseudonymKey(), UpdatedAt: db.now()}
	if _, err := tx.NewInsert().Model(&row).On("CONFLICT (municipality_id) DO NOTHING").Exec(ctx); err != nil {
		return row, translate(err)
	}
	q := tx.NewSelect().Model(&row).WherePK()
	if db.Dialect == Postgres {
		q = q.For("UPDATE")
	}
	return row, lookupError(q.Scan(ctx), "Die Kommune")
}

// EvidenceSettings are the municipality's evidence settings, with every
// topic it trains and that topic's audience.
func (db *DB) EvidenceSettings(ctx context.Context, municipalityID int64) (evidence.Settings, error) {
	if _, err := db.Municipality(ctx, municipalityID); err != nil {
		return evidence.Settings{}, err
	}
	return db.evidenceSettingsIn(ctx, db.DB, municipalityID)
}

func (db *DB) evidenceSettingsIn(ctx context.Context, idb bun.IDB, municipalityID int64) (evidence.Settings, error) {
	var out evidence.Settings
	var tenant evidenceTenantRow
	err := idb.NewSelect().Model(&tenant).Where("municipality_id = ?", municipalityID).Scan(ctx)
	if err := ignoreMissing(err); err != nil {
		return out, err
	}
	out.ShowNames = tenant.ShowNames
	var prog trainingProgrammeRow
	err = idb.NewSelect().Model(&prog).Where("municipality_id = ?", municipalityID).Scan(ctx)
	if err := ignoreMissing(err); err != nil {
		return out, err
	}
	out.Title, out.ApprovedBy, out.ApprovedOn, out.ReviewOn, out.Notes = prog.Title, prog.ApprovedBy, prog.ApprovedOn, prog.ReviewOn, prog.Notes
	out.Audiences, err = db.topicAudiences(ctx, idb, municipalityID)
	return out, err
}

// ignoreMissing treats "no row yet" as the defaults.
func ignoreMissing(err error) error {
	if err = translate(err); wachsam.ErrorCodeOf(err) == wachsam.ENOTFOUND {
		return nil
	}
	return err
}

// topicAudiences are the topics the municipality trains (those its staff
// owes, see dueTopics) with their audience; "all" unless set.
func (db *DB) topicAudiences(ctx context.Context, tx bun.IDB, municipalityID int64) ([]evidence.TopicAudience, error) {
	topics, err := db.dueTopicsIn(ctx, tx, municipalityID)
	if err != nil {
		return nil, err
	}
	var rows []trainingAudienceRow
	if err := tx.NewSelect().Model(&rows).Where("municipality_id = ?", municipalityID).Scan(ctx); err != nil {
		return nil, translate(err)
	}
	set := make(map[int64]evidence.Audience, len(rows))
	for _, r := range rows {
		set[r.TopicID] = evidence.Audience(r.Audience)
	}
	out := make([]evidence.TopicAudience, len(topics))
	for i, t := range topics {
		a, ok := set[t.ID]
		if !ok {
			a = evidence.AudienceAll
		}
		out[i] = evidence.TopicAudience{TopicID: t.ID, Topic: t.Name, Audience: a, FrequencyMonths: t.ValidityMonths, RemindDays: t.RemindDays}
	}
	return out, nil
}

// SaveEvidenceSettings stores the concept, the audiences and the choice
// between names and pseudonyms, audited. Audiences may only name topics the
// municipality trains. The records change on the next refresh.
func (db *DB) SaveEvidenceSettings(ctx context.Context, actor wachsam.Actor, municipalityID int64, s evidence.Settings) error {
	s.Title, s.ApprovedBy, s.Notes = strings.TrimSpace(s.Title), strings.TrimSpace(s.ApprovedBy), strings.TrimSpace(s.Notes)
	if err := s.Check(); err != nil {
		return err
	}
	return db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		tenant, err := db.lockTenant(ctx, tx, municipalityID)
		if err != nil {
			return err
		}
		known, err := db.topicAudiences(ctx, tx, municipalityID)
		if err != nil {
			return err
		}
		trains := make(map[int64]bool, len(known))
		for _, k := range known {
			trains[k.TopicID] = true
		}
		now := db.now()
		if _, err := tx.NewUpdate().Model(&tenant).Set("show_names = ?, updated_at = ?", s.ShowNames, now).WherePK().Exec(ctx); err != nil {
			return err
		}
		prog := trainingProgrammeRow{MunicipalityID: municipalityID, Title: s.Title, ApprovedBy: s.ApprovedBy,
			ApprovedOn: s.ApprovedOn, ReviewOn: s.ReviewOn, Notes: s.Notes, UpdatedAt: now}
		if _, err := tx.NewInsert().Model(&prog).On("CONFLICT (municipality_id) DO UPDATE").
			Set("title = EXCLUDED.title, approved_by = EXCLUDED.approved_by, approved_on = EXCLUDED.approved_on").
			Set("review_on = EXCLUDED.review_on, notes = EXCLUDED.notes, updated_at = EXCLUDED.updated_at").Exec(ctx); err != nil {
			return err
		}
		if _, err := tx.NewDelete().Model((*trainingAudienceRow)(nil)).Where("municipality_id = ?", municipalityID).Exec(ctx); err != nil {
			return err
		}
		for _, a := range s.Audiences {
			if !trains[a.TopicID] {
				return wachsam.Errorf(wachsam.EINVALID, "Ihre Kommune schult das Thema „%s“ nicht.", a.Topic)
			}
			if a.Audience == evidence.AudienceAll {
				continue
			}
			row := trainingAudienceRow{MunicipalityID: municipalityID, TopicID: a.TopicID, Audience: string(a.Audience)}
			if _, err := tx.NewInsert().Model(&row).Exec(ctx); err != nil {
				return err
			}
		}
		names := "Pseudonyme"
		if s.ShowNames {
			names = "Namen"
		}
		return db.audit(ctx, tx, actor, "evidence.settings", "municipality", municipalityID, "Schulungskonzept gespeichert; Personen als "+names)
	})
}
