package store

import (
	"context"
	"encoding/json"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/evidence"
)

// EvidenceTenant is the AGS a municipality's records carry and the position
// of its newest change (0 before the first refresh).
func (db *DB) EvidenceTenant(ctx context.Context, municipalityID int64) (string, int64, error) {
	var out struct {
		AGS  string `bun:"ags"`
		Head int64  `bun:"head"`
	}
	err := db.NewSelect().TableExpr("municipalities AS m").ColumnExpr("m.ags, COALESCE(t.head, 0) AS head").
		Join("LEFT JOIN evidence_tenants AS t ON t.municipality_id = m.id").
		Where("m.id = ?", municipalityID).Scan(ctx, &out)
	return out.AGS, out.Head, lookupError(err, "Die Kommune")
}

// EvidencePageIsLast tells whether a page of limit records after position
// reaches the newest published record, i.e. whether a client reading it
// has caught up with the feed.
func (db *DB) EvidencePageIsLast(ctx context.Context, municipalityID, after int64, limit int) (bool, error) {
	beyond, err := db.NewSelect().Model((*evidenceRecordRow)(nil)).Column("position").
		Where("municipality_id = ?", municipalityID).Where("position > ?", after).
		OrderExpr("position").Offset(int64(limit)).Limit(1).Exists(ctx)
	return !beyond, translate(err)
}

// EvidenceChanges hands each published record after position to each, in
// the order of their positions, at most limit of them, and tells whether
// more follow. Records come as stored JSON, one row at a time, so a page of
// any size streams in flat memory.
func (db *DB) EvidenceChanges(ctx context.Context, municipalityID, after int64, limit int, each func(position int64, record []byte) error) (bool, error) {
	rows, err := db.NewSelect().Model((*evidenceRecordRow)(nil)).Column("position", "body").
		Where("municipality_id = ?", municipalityID).Where("position > ?", after).
		OrderExpr("position").Limit(int64(limit) + 1).Rows(ctx)
	if err != nil {
		return false, translate(err)
	}
	defer rows.Close()
	var (
		position int64
		body     []byte
		n        int
	)
	for rows.Next() {
		if n == limit {
			return true, nil
		}
		if err := rows.Scan(&position, &body); err != nil {
			return false, translate(err)
		}
		if err := each(position, body); err != nil {
			return false, err
		}
		n++
	}
	return false, translate(rows.Err())
}

// EvidenceRecords hands each live record of one kind to each, oldest
// first: what an export or a report shows.
func (db *DB) EvidenceRecords(ctx context.Context, municipalityID int64, kind evidence.Kind, each func(evidence.Record) error) error {
	return db.evidenceRecordsIn(ctx, db.DB, municipalityID, kind, each)
}

func (db *DB) evidenceRecordsIn(ctx context.Context, idb bun.IDB, municipalityID int64, kind evidence.Kind, each func(evidence.Record) error) error {
	rows, err := idb.NewSelect().Model((*evidenceRecordRow)(nil)).Column("body").
		Where("municipality_id = ?", municipalityID).Where("kind = ?", string(kind)).Where("NOT deleted").
		OrderExpr("id").Rows(ctx)
	if err != nil {
		return translate(err)
	}
	defer rows.Close()
	var body []byte
	for rows.Next() {
		if err := rows.Scan(&body); err != nil {
			return translate(err)
		}
		var rec evidence.Record
		if err := json.Unmarshal(body, &rec); err != nil {
			return wachsam.Errorf(wachsam.EINTERNAL, "Ein gespeicherter Nachweis ist beschädigt: %v", err)
		}
		if err := each(rec); err != nil {
			return err
		}
	}
	return translate(rows.Err())
}

// EvidenceTowns are all municipalities, each of which keeps evidence.
func (db *DB) EvidenceTowns(ctx context.Context) ([]int64, error) {
	var ids []int64
	err := db.NewSelect().Model((*wachsam.Municipality)(nil)).Column("id").OrderExpr("id").Scan(ctx, &ids)
	return ids, translate(err)
}
