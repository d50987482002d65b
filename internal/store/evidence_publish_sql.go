package store

import (
	"context"
	"database/sql"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam/internal/evidence"
)

// The publisher's statements, written against database/sql: a refresh
// reads and writes up to a million rows, and bun's reflection per row and
// its quoting of every body into the SQL text were most of its time.

// eachPublished hands each stored record of kind in groups (all groups when
// groups is nil) to each. key and hash are only valid during the call.
func (p *publisher) eachPublished(ctx context.Context, kind evidence.Kind, groups []int64,
	each func(id int64, key []byte, revision int64, hash []byte, deleted bool)) error {
	if p.first {
		return nil
	}
	query := "SELECT id, record_key, revision, content_hash, deleted FROM evidence_records WHERE municipality_id = ? AND kind = ?"
	args := []any{p.tenant.MunicipalityID, string(kind)}
	if groups != nil {
		query += " AND group_id IN (?)"
		args = append(args, bun.In(groups))
	}
	rows, err := p.tx.QueryContext(ctx, query, args...) // bun formats the few numbers into the text
	if err != nil {
		return err
	}
	defer rows.Close()
	var (
		id, revision int64
		key, hash    sql.RawBytes
		deleted      bool
	)
	for rows.Next() {
		if err := rows.Scan(&id, &key, &revision, &hash, &deleted); err != nil {
			return err
		}
		each(id, key, revision, hash, deleted)
	}
	return rows.Err()
}

// flush writes the pending records (evidence_publish_copy.go) on the
// transaction's connection.
func (p *publisher) flush(ctx context.Context) error {
	if len(p.pending) == 0 {
		return nil
	}
	var err error
	if p.conn != nil {
		err = p.copyPending(ctx)
	} else {
		err = p.insertPending(ctx)
	}
	clear(p.pending) // let the bodies go before the next batch
	p.pending = p.pending[:0]
	clear(p.args)
	return err
}
