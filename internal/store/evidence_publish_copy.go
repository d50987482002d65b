package store

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/uptrace/bun"
)

// How a first publish gets a million new records in: on PostgreSQL by COPY
// (the server's bulk path; multi-row INSERTs spent most of the publish
// parsing and planning 10,000 parameters a statement), on SQLite by one
// prepared single-row INSERT, bound and stepped per record (the 10,000
// parameter statement was parsed anew for every batch).

// inEvidenceTx runs fn in a write transaction as InTx does. On PostgreSQL
// the transaction runs on a connection of its own, so the publisher can
// reach the pgx connection under it for COPY inside the same transaction.
func (db *DB) inEvidenceTx(ctx context.Context, fn func(ctx context.Context, tx bun.Tx, conn *bun.Conn) error) error {
	if db.Dialect != Postgres {
		return db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error { return fn(ctx, tx, nil) })
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return translate(err)
	}
	defer conn.Close()
	return translate(conn.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error { return fn(ctx, tx, &conn) }))
}

// evidenceInsertColumns are the columns a publish writes, in the order of
// insertValues: named once for COPY and the SQLite insert alike.
var evidenceInsertColumns = []string{"municipality_id", "record_key", "kind", "group_id", "position", "revision",
	"content_hash", "deleted", "body", "updated_at"}

// insertValues appends the record's values in evidenceInsertColumns' order.
func (r *evidenceRecordRow) insertValues(dst []any) []any {
	return append(dst, r.MunicipalityID, r.RecordKey, r.Kind, r.GroupID, r.Position, r.Revision,
		r.ContentHash, r.Deleted, r.Body, r.UpdatedAt)
}

// copyPending writes the pending records by COPY on the transaction's
// connection.
func (p *publisher) copyPending(ctx context.Context) error {
	return pgxOf(p.conn, func(c *pgx.Conn) error {
		i := 0
		_, err := c.CopyFrom(ctx, pgx.Identifier{"evidence_records"}, evidenceInsertColumns,
			pgx.CopyFromFunc(func() ([]any, error) {
				if i == len(p.pending) {
					return nil, nil
				}
				p.args = p.pending[i].insertValues(p.args[:0])
				i++
				return p.args, nil
			}))
		return err
	})
}

// insertPending writes the pending records one by one through a prepared
// statement, prepared on the first use in the transaction (database/sql
// closes it when the transaction ends).
func (p *publisher) insertPending(ctx context.Context) error {
	if p.insertStmt == nil {
		marks := strings.TrimSuffix(strings.Repeat("?, ", len(evidenceInsertColumns)), ", ")
		stmt, err := p.tx.Tx.PrepareContext(ctx, "INSERT INTO evidence_records ("+
			strings.Join(evidenceInsertColumns, ", ")+") VALUES ("+marks+")")
		if err != nil {
			return err
		}
		p.insertStmt = stmt
	}
	for i := range p.pending {
		p.args = p.pending[i].insertValues(p.args[:0])
		if _, err := p.insertStmt.ExecContext(ctx, p.args...); err != nil {
			return err
		}
	}
	return nil
}
