package store

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/uptrace/bun"
)

// Statements on the hot paths (signing in a request, booking) go to
// PostgreSQL with their values as parameters and are prepared once per
// connection (pgx's statement cache), instead of bun's usual way of
// writing every value into the SQL text, which PostgreSQL parses and plans
// anew each time: on the booking path that was ~40 % of its statement time
// (issue 16). Everything else keeps the plain mode set in Open, so one-off
// statements (batch inserts) do not fill the cache. On SQLite, which plans
// in-process, the values are formatted by bun exactly as elsewhere.
//
// Hot statements are written with ? placeholders and run through these
// helpers, always as a fixed text (never with values written into it):
// their PostgreSQL form is kept per text (statement). Their results are
// scanned by bun, into the same row types.

// runnerOf is the database/sql handle beneath a bun handle, the open
// transaction or the pool, for PostgreSQL's parameters; on SQLite the bun
// handle itself, which writes the values into the text.
func (db *DB) runnerOf(idb bun.IDB) bun.IConn {
	if db.Dialect != Postgres {
		return idb
	}
	if tx, ok := idb.(bun.Tx); ok {
		return tx.Tx
	}
	return db.DB.DB
}

// hotArgs turns a statement with ? placeholders into what PostgreSQL runs
// as a cached prepared statement: $n placeholders and the values apart.
func (db *DB) hotArgs(query string, args []any) (string, []any) {
	if db.Dialect != Postgres {
		return query, args
	}
	return db.pgText(query), append([]any{pgx.QueryExecModeCacheStatement}, args...)
}

// pgxOf runs fn on the pgx connection beneath a database/sql connection,
// for what database/sql cannot express: pipelines (bookPipelined) and COPY
// (copyPending).
func pgxOf(conn interface{ Raw(func(any) error) error }, fn func(*pgx.Conn) error) error {
	return conn.Raw(func(driverConn any) error {
		c, ok := driverConn.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("store: needs a pgx connection, not %T", driverConn)
		}
		return fn(c.Conn())
	})
}

// pgText is a hot statement with PostgreSQL's $n placeholders, built once.
func (db *DB) pgText(query string) string {
	return db.statement("$"+query, func() string { return dollarPlaceholders(query) })
}

// statement is the text of a hot statement, built once per DB: the
// statements that list a model's columns (columnsOf) or are rewritten for
// PostgreSQL (dollarPlaceholders) were built anew for every request, a
// twentieth of a booking's CPU in wachsam.
func (db *DB) statement(key string, build func() string) string {
	if text, ok := db.statements.Load(key); ok {
		return text.(string)
	}
	text, _ := db.statements.LoadOrStore(key, build())
	return text.(string)
}

// dollarPlaceholders numbers a statement's ? placeholders as PostgreSQL's
// $1, $2, … (the hot statements contain no ? of their own).
func dollarPlaceholders(query string) string {
	var b strings.Builder
	n := 0
	for _, part := range strings.SplitAfter(query, "?") {
		if strings.HasSuffix(part, "?") {
			n++
			b.WriteString(part[:len(part)-1])
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteString(part)
	}
	return b.String()
}

// hotScan runs a prepared query and scans its rows into dest as bun's Scan
// does (a struct or scalars: the first row, sql.ErrNoRows without one; a
// slice: every row).
func (db *DB) hotScan(ctx context.Context, idb bun.IDB, dest []any, query string, args ...any) error {
	q, a := db.hotArgs(query, args)
	rows, err := db.runnerOf(idb).QueryContext(ctx, q, a...)
	if err != nil {
		return err
	}
	defer rows.Close()
	if len(dest) == 1 && reflect.TypeOf(dest[0]).Elem().Kind() == reflect.Slice {
		return db.ScanRows(ctx, rows, dest...)
	}
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return err
		}
		return sql.ErrNoRows
	}
	if err := db.ScanRow(ctx, rows, dest...); err != nil {
		return err
	}
	// The rest of the result, if any, is not wanted; Close reports any
	// error of the statement itself.
	return rows.Close()
}

// hotExec runs a prepared statement that returns no rows.
func (db *DB) hotExec(ctx context.Context, idb bun.IDB, query string, args ...any) (sql.Result, error) {
	q, a := db.hotArgs(query, args)
	return db.runnerOf(idb).ExecContext(ctx, q, a...)
}

// columnsOf lists the columns of model's table as "alias.col AS prefixcol",
// from bun's own description of the type, so that a column added to the
// model is selected without touching the statement, and a column added to
// the table but not (yet) to the model is not selected (bun refuses to
// scan a column its model lacks).
func (db *DB) columnsOf(model any, alias, prefix string) string {
	t := db.Table(reflect.TypeOf(model))
	cols := make([]string, len(t.Fields))
	for i, f := range t.Fields {
		cols[i] = alias + "." + f.Name + " AS " + prefix + f.Name
	}
	return strings.Join(cols, ", ")
}
