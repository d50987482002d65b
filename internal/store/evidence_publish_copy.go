package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
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

// evidenceInsertNames are evidenceInsertColumns for COPY.
var evidenceInsertNames = []string{"municipality_id", "record_key", "kind", "group_id", "position", "revision",
	"content_hash", "deleted", "body", "updated_at"}

// copyPending writes the pending records by COPY on the transaction's
// connection.
func (p *publisher) copyPending(ctx context.Context) error {
	return p.conn.Raw(func(driverConn any) error {
		c, ok := driverConn.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("evidence: COPY needs a pgx connection, not %T", driverConn)
		}
		i := 0
		_, err := c.Conn().CopyFrom(ctx, pgx.Identifier{"evidence_records"}, evidenceInsertNames,
			pgx.CopyFromFunc(func() ([]any, error) {
				if i == len(p.pending) {
					return nil, nil
				}
				r := &p.pending[i]
				i++
				p.args = append(p.args[:0], r.MunicipalityID, r.RecordKey, r.Kind, r.GroupID, r.Position, r.Revision,
					r.ContentHash, r.Deleted, r.Body, r.UpdatedAt)
				return p.args, nil
			}))
		return err
	})
}

// insertPending writes the pending records one by one through a prepared
// statement, prepared on the first use in the transaction.
func (p *publisher) insertPending(ctx context.Context) error {
	if p.insertStmt == nil {
		stmt, err := p.tx.Tx.PrepareContext(ctx, "INSERT INTO evidence_records ("+evidenceInsertColumns+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
		if err != nil {
			return err
		}
		p.insertStmt = stmt
	}
	for i := range p.pending {
		r := &p.pending[i]
		if _, err := p.insertStmt.ExecContext(ctx, r.MunicipalityID, r.RecordKey, r.Kind, r.GroupID, r.Position, r.Revision,
			r.ContentHash, r.Deleted, r.Body, r.UpdatedAt); err != nil {
			return err
		}
	}
	return nil
}

// close lets go of the prepared statement.
func (p *publisher) close() {
	if p.insertStmt != nil {
		p.insertStmt.Close()
		p.insertStmt = nil
	}
}
