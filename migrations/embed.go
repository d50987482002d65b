// Package migrations holds the reviewed SQL schema of wachsam, one folder per
// dialect with identically numbered files (DESIGN.md §2). A test in
// internal/store asserts that both produce the same tables and columns.
package migrations

import (
	"embed"
	"io/fs"
)

//go:embed postgres/*.sql
var postgresFiles embed.FS

//go:embed sqlite/*.sql
var sqliteFiles embed.FS

// Postgres returns the migrations for PostgreSQL.
func Postgres() fs.FS { return mustSub(postgresFiles, "postgres") }

// SQLite returns the migrations for SQLite.
func SQLite() fs.FS { return mustSub(sqliteFiles, "sqlite") }

func mustSub(f embed.FS, dir string) fs.FS {
	sub, err := fs.Sub(f, dir)
	if err != nil {
		panic(err) // the directory is embedded at compile time; cannot fail
	}
	return sub
}
