package store

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam/internal/evidence"
)

type evidenceRecordRow struct {
	bun.BaseModel  `bun:"table:evidence_records"`
	ID             int64     `bun:"id,pk,autoincrement"`
	MunicipalityID int64     `bun:"municipality_id,notnull"`
	RecordKey      string    `bun:"record_key,notnull"`
	Kind           string    `bun:"kind,notnull"`
	GroupID        int64     `bun:"group_id,notnull"`
	Position       int64     `bun:"position,notnull"`
	Revision       int64     `bun:"revision,notnull"`
	ContentHash    string    `bun:"content_hash,notnull"`
	Deleted        bool      `bun:"deleted,notnull"`
	Body           string    `bun:"body,notnull"`
	UpdatedAt      time.Time `bun:"updated_at,notnull"`
}

// publisher compares drafts with the published records of one municipality
// and writes what changed, each change at the next position. It runs under
// the municipality's lock (lockTenant), so positions are never handed out
// twice and commit in order.
type publisher struct {
	tx      bun.Tx
	tenant  *evidenceTenantRow
	ags     string
	now     time.Time
	pending []evidenceRecordRow // new records, inserted in batches
	changed int
}

// insertBatch keeps a batch's parameters well below SQLite's limit.
const insertBatch = 500

// published is what a comparison needs of a stored record.
type published struct {
	ID          int64  `bun:"id"`
	RecordKey   string `bun:"record_key"`
	Revision    int64  `bun:"revision"`
	ContentHash string `bun:"content_hash"`
	Deleted     bool   `bun:"deleted"`
}

// sync makes the published records of kind in groups (all groups when
// groups is nil) equal to drafts: new drafts are inserted at revision 1,
// changed ones get the next revision, records without a draft become
// tombstones. Unchanged records keep their position.
func (p *publisher) sync(ctx context.Context, kind evidence.Kind, groups []int64, drafts []evidence.Draft) error {
	var rows []published
	q := p.tx.NewSelect().Model((*evidenceRecordRow)(nil)).Column("id", "record_key", "revision", "content_hash", "deleted").
		Where("municipality_id = ?", p.tenant.MunicipalityID).Where("kind = ?", string(kind))
	if groups != nil {
		q = q.Where("group_id IN (?)", bun.In(groups))
	}
	if err := q.Scan(ctx, &rows); err != nil {
		return err
	}
	known := make(map[string]published, len(rows))
	for _, r := range rows {
		known[r.RecordKey] = r
	}
	for _, d := range drafts {
		old, ok := known[d.Key]
		delete(known, d.Key)
		switch {
		case !ok:
			if err := p.insert(ctx, d); err != nil {
				return err
			}
		case old.Deleted || old.ContentHash != d.Hash:
			if err := p.update(ctx, old, d.Publish(p.ags, old.Revision+1, p.now)); err != nil {
				return err
			}
		}
	}
	gone := make([]published, 0, len(known))
	for _, old := range known {
		if !old.Deleted {
			gone = append(gone, old)
		}
	}
	slices.SortFunc(gone, func(a, b published) int { return strings.Compare(a.RecordKey, b.RecordKey) })
	for _, old := range gone {
		if err := p.bury(ctx, old); err != nil {
			return err
		}
	}
	return p.flush(ctx)
}

func (p *publisher) next() int64 {
	p.tenant.Head++
	p.changed++
	return p.tenant.Head
}

func (p *publisher) insert(ctx context.Context, d evidence.Draft) error {
	body, err := json.Marshal(d.Publish(p.ags, 1, p.now))
	if err != nil {
		return err
	}
	p.pending = append(p.pending, evidenceRecordRow{
		MunicipalityID: p.tenant.MunicipalityID, RecordKey: d.Key, Kind: string(d.Kind), GroupID: d.Group,
		Position: p.next(), Revision: 1, ContentHash: d.Hash, Body: string(body), UpdatedAt: p.now,
	})
	if len(p.pending) >= insertBatch {
		return p.flush(ctx)
	}
	return nil
}

func (p *publisher) flush(ctx context.Context) error {
	if len(p.pending) == 0 {
		return nil
	}
	_, err := p.tx.NewInsert().Model(&p.pending).Exec(ctx)
	p.pending = p.pending[:0]
	return err
}

func (p *publisher) update(ctx context.Context, old published, rec evidence.Record) error {
	body, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	_, err = p.tx.NewUpdate().Model((*evidenceRecordRow)(nil)).
		Set("position = ?, revision = ?, content_hash = ?, deleted = ?, body = ?, updated_at = ?",
			p.next(), rec.Revision, rec.ContentHash, rec.Deleted, string(body), p.now).
		Where("id = ?", old.ID).Exec(ctx)
	return err
}

// bury turns a published record into its tombstone. It reads the stored
// body once, to keep the record's kind, time and mappings.
func (p *publisher) bury(ctx context.Context, old published) error {
	var body string
	if err := p.tx.NewSelect().Model((*evidenceRecordRow)(nil)).Column("body").Where("id = ?", old.ID).Scan(ctx, &body); err != nil {
		return err
	}
	var rec evidence.Record
	if err := json.Unmarshal([]byte(body), &rec); err != nil {
		return err
	}
	return p.update(ctx, old, evidence.Tombstone(rec, old.Revision+1, p.now))
}
