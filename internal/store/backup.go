package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// Backups (docs/operations.md). SQLite is copied online by the database
// itself: VACUUM INTO writes a consistent snapshot of one read transaction
// while the service keeps writing. PostgreSQL is dumped by pg_dump, which
// reads one snapshot as well; the store only builds its arguments.

// BackupSQLite writes a consistent copy of the running SQLite database to
// path, which must not exist yet.
func (db *DB) BackupSQLite(ctx context.Context, path string) error {
	if db.Dialect != SQLite {
		return errors.New("BackupSQLite: keine SQLite-Datenbank")
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("%s existiert bereits; eine Sicherung überschreibt nichts", path)
	}
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
		return fmt.Errorf("Sicherung nach %s: %w", path, err)
	}
	return nil
}

// RestoreSQLite replaces the SQLite database at into with the backup at
// from, after checking that the backup is an intact wachsam database. The
// service must be stopped. The old database's write-ahead log is removed
// with it: replayed onto the backup it would corrupt it. The copy is
// written beside the target and renamed over it, so a crash leaves the old
// database or the backup, never a part.
func RestoreSQLite(ctx context.Context, from, into string) error {
	if err := checkSQLiteBackup(ctx, from); err != nil {
		return err
	}
	src, err := os.Open(from)
	if err != nil {
		return fmt.Errorf("Sicherung %s: %w", from, err)
	}
	defer src.Close()
	if err := os.MkdirAll(filepath.Dir(into), 0o750); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(into), ".restore-*")
	if err != nil {
		return fmt.Errorf("Wiederherstellung nach %s: %w", into, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := io.Copy(tmp, src); err != nil {
		tmp.Close()
		return fmt.Errorf("Wiederherstellung nach %s: %w", into, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	for _, stale := range []string{into + "-wal", into + "-shm"} {
		if err := os.Remove(stale); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("%s lässt sich nicht entfernen: %w", stale, err)
		}
	}
	return os.Rename(tmp.Name(), into)
}

// checkSQLiteBackup opens the backup read-only and asks SQLite whether it is
// intact and wachsam's (it has the migration table).
func checkSQLiteBackup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("Sicherung %s: %w", path, err)
	}
	conn, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return err
	}
	defer conn.Close()
	var verdict string
	if err := conn.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&verdict); err != nil || verdict != "ok" {
		return fmt.Errorf("%s ist keine intakte SQLite-Datenbank (%v %s)", path, err, verdict)
	}
	var n int
	if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM goose_db_version").Scan(&n); err != nil || n == 0 {
		return fmt.Errorf("%s ist keine Sicherung von wachsam", path)
	}
	return nil
}

// PostgresDumpArgs are the arguments of pg_dump that write a backup of the
// database at loc to file, in pg_dump's custom format (restored with
// PostgresRestoreArgs). A search_path in the URL (one schema per
// installation) becomes --schema, since libpq does not know that parameter.
func PostgresDumpArgs(loc Location, file string) ([]string, error) {
	dsn, schema, err := libpqURL(loc)
	if err != nil {
		return nil, err
	}
	args := []string{"--format=custom", "--no-owner", "--file=" + file}
	if schema != "" {
		args = append(args, "--schema="+schema)
	}
	return append(args, "--dbname="+dsn), nil
}

// PostgresRestoreArgs are the arguments of pg_restore that put the backup
// file back into the database at loc, replacing what is there, in one
// transaction.
func PostgresRestoreArgs(loc Location, file string) ([]string, error) {
	dsn, _, err := libpqURL(loc)
	if err != nil {
		return nil, err
	}
	return []string{"--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error", "--dbname=" + dsn, file}, nil
}

func libpqURL(loc Location) (string, string, error) {
	if loc.Dialect != Postgres {
		return "", "", errors.New("keine PostgreSQL-Datenbank")
	}
	u, err := url.Parse(loc.DSN)
	if err != nil {
		return "", "", err
	}
	q := u.Query()
	schema := strings.TrimSpace(q.Get("search_path"))
	q.Del("search_path")
	u.RawQuery = q.Encode()
	return u.String(), schema, nil
}
