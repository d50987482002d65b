package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

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

// evidenceInsertColumns are the columns flush writes, in its order.
const evidenceInsertColumns = "municipality_id, record_key, kind, group_id, position, revision, content_hash, deleted, body, updated_at"

// flush inserts the pending records in one statement with bound
// parameters, on the transaction's connection.
func (p *publisher) flush(ctx context.Context) error {
	if len(p.pending) == 0 {
		return nil
	}
	var q strings.Builder
	q.Grow(len(p.pending)*64 + 128)
	q.WriteString("INSERT INTO evidence_records (" + evidenceInsertColumns + ") VALUES ")
	p.args = p.args[:0]
	n := 0
	for i, r := range p.pending {
		if i > 0 {
			q.WriteByte(',')
		}
		q.WriteByte('(')
		for c := range 10 {
			if c > 0 {
				q.WriteByte(',')
			}
			n++
			p.placeholder(&q, n)
		}
		q.WriteByte(')')
		p.args = append(p.args, r.MunicipalityID, r.RecordKey, r.Kind, r.GroupID, r.Position, r.Revision, r.ContentHash,
			r.Deleted, r.Body, r.UpdatedAt)
	}
	// The raw *sql.Tx: bun's ExecContext would write every parameter into
	// the text itself.
	_, err := p.tx.Tx.ExecContext(ctx, q.String(), p.args...)
	clear(p.pending) // let the bodies go before the next batch
	p.pending = p.pending[:0]
	clear(p.args)
	return err
}

// placeholder writes the n-th bound parameter in the dialect's syntax.
func (p *publisher) placeholder(q *strings.Builder, n int) {
	if p.dialect == Postgres {
		q.WriteByte('$')
		q.WriteString(strconv.Itoa(n))
		return
	}
	q.WriteByte('?')
}
