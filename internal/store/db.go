// Package store is wachsam's only data access layer: bun on PostgreSQL (pgx)
// or SQLite (modernc, pure Go), the embedded migrations, transactions, and
// the translation of driver errors into domain errors (DESIGN.md §2).
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"
	"github.com/uptrace/bun/dialect/sqlitedialect"
	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/migrations"
)

// Dialect names the database in use; it is the whole dialect seam.
type Dialect string

const (
	Postgres Dialect = "postgres"
	SQLite   Dialect = "sqlite"
)

// DB is an open database with the schema migrated.
type DB struct {
	*bun.DB
	Dialect Dialect
	// Now is the clock for every timestamp the store writes; tests fix it.
	Now func() time.Time
	// Legal is legal time (Europe/Berlin): "today" for the exam office and
	// the time zone of the examination regulation's deadlines.
	Legal *time.Location
	// AttendanceLead is how long before a session day's start attendance
	// may be recorded (courses.Session.CanRecordAttendance).
	AttendanceLead time.Duration

	// writer queues write transactions on SQLite, which has one writer at a
	// time: its busy handler is not fair, so under a steady stream of
	// writes one transaction could wait past busy_timeout and fail. Go's
	// mutex hands the lock on in order instead.
	writer sync.Mutex

	// derived holds the towns whose evidence this process has derived in
	// full at least once (evidence_changes.go), by municipality ID.
	derived sync.Map
	// bookings queues bookings of the same session (bookPipelined).
	bookings sessionQueues
	// statements keeps the hot statements' text once built (statement).
	statements sync.Map
}

// Location describes where a database lives, parsed from a URL:
// postgres://… (or postgresql://…) or sqlite:///path/file.db.
type Location struct {
	Dialect Dialect
	DSN     string
}

// ParseURL reads WACHSAM_DATABASE_URL.
func ParseURL(raw string) (Location, error) {
	switch {
	case strings.HasPrefix(raw, "postgres://"), strings.HasPrefix(raw, "postgresql://"):
		if _, err := url.Parse(raw); err != nil {
			return Location{}, fmt.Errorf("die PostgreSQL-Adresse ist keine gültige URL: %w", err)
		}
		return Location{Dialect: Postgres, DSN: raw}, nil
	case strings.HasPrefix(raw, "sqlite://"):
		path := strings.TrimPrefix(raw, "sqlite://")
		if path == "" {
			return Location{}, errors.New("nach sqlite:// fehlt der Pfad der Datenbankdatei, z. B. sqlite:///var/lib/wachsam/wachsam.db")
		}
		return Location{Dialect: SQLite, DSN: path}, nil
	}
	return Location{}, errors.New("die Datenbank-URL muss mit postgres:// oder sqlite:// beginnen")
}

// Open connects, tunes the connection for the dialect and migrates the schema.
func Open(ctx context.Context, loc Location) (*DB, error) {
	var db *bun.DB
	switch loc.Dialect {
	case Postgres:
		cfg, err := pgx.ParseConfig(loc.DSN)
		if err != nil {
			return nil, err
		}
		// bun writes every value into the SQL text itself, so no two batch
		// inserts share a statement: pgx's default cache of prepared
		// statements would keep hundreds of large one-off statements per
		// connection alive (200 MB in the evidence benchmark) and gain
		// nothing. Plain execution by default; the statements of the hot
		// paths ask for the cache themselves (prepared.go).
		cfg.DefaultQueryExecMode = pgx.QueryExecModeExec
		sqldb := stdlib.OpenDB(*cfg)
		// As many idle connections as open ones: with the default of two
		// idle, a rush of requests closed and reopened connections all the
		// time (1 booking in ~55 paid for a new one, and its prepared
		// statements were lost with it). Twenty is plenty for PostgreSQL on
		// a small machine; more requests wait in the pool, not in the
		// database. Idle ones are closed after a while.
		sqldb.SetMaxOpenConns(20)
		sqldb.SetMaxIdleConns(20)
		sqldb.SetConnMaxIdleTime(5 * time.Minute)
		db = bun.NewDB(sqldb, pgdialect.New())
	case SQLite:
		if dir := filepath.Dir(loc.DSN); dir != "." {
			if err := os.MkdirAll(dir, 0o750); err != nil {
				return nil, fmt.Errorf("Verzeichnis für die Datenbank: %w", err)
			}
		}
		// WAL lets readers work beside the writer; busy_timeout makes a second
		// writer wait instead of failing; _txlock=immediate takes the write
		// lock at BEGIN, so read-then-write transactions cannot deadlock.
		// cache_size: 32 MiB of pages per connection instead of SQLite's
		// 2 MiB. A big town's evidence refresh writes and compares a
		// million records in one transaction; with 2 MiB the index pages it
		// walks were read back from the file over and over (a third of its
		// time in pread/pwrite). The cache is SQLite's own memory, not Go's
		// heap, and bounded: at most 4 connections × 32 MiB.
		dsn := "file:" + loc.DSN + "?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)" +
			"&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_pragma=cache_size(-32768)" +
			"&_txlock=immediate&_time_format=sqlite"
		sqldb, err := sql.Open("sqlite", dsn)
		if err != nil {
			return nil, err
		}
		sqldb.SetMaxOpenConns(4)
		db = bun.NewDB(sqldb, sqlitedialect.New())
	default:
		return nil, fmt.Errorf("unbekannter Datenbanktyp %q", loc.Dialect)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.PingContext(pingCtx); err != nil {
		db.Close()
		return nil, fmt.Errorf("Datenbank nicht erreichbar: %w", err)
	}
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("Zeitzone Europe/Berlin: %w", err)
	}
	d := &DB{DB: db, Dialect: loc.Dialect, Now: time.Now, Legal: berlin, AttendanceLead: courses.DefaultAttendanceLead}
	if err := d.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return d, nil
}

// Migrate applies every pending migration. On PostgreSQL an advisory lock
// keeps several instances starting at once from migrating twice.
func (db *DB) Migrate(ctx context.Context) error {
	var (
		dialect goose.Dialect
		opts    []goose.ProviderOption
		files   = migrations.SQLite()
	)
	switch db.Dialect {
	case Postgres:
		dialect, files = goose.DialectPostgres, migrations.Postgres()
		// Retry every second (the default is five) for up to five minutes:
		// instances starting together should not idle while one migrates.
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockTimeout(1, 300))
		if err != nil {
			return err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	case SQLite:
		dialect = goose.DialectSQLite3
	}
	provider, err := goose.NewProvider(dialect, db.DB.DB, files, opts...)
	if err != nil {
		return fmt.Errorf("Migrationen laden: %w", err)
	}
	if _, err := provider.Up(ctx); err != nil {
		return fmt.Errorf("Migrationen ausführen: %w", err)
	}
	// SQL cannot hash on SQLite: the calendar feed tokens migration 6 kept
	// in plaintext are hashed here.
	if err := db.hashLegacyFeedTokens(ctx); err != nil {
		return fmt.Errorf("Kalenderadressen umstellen: %w", err)
	}
	return nil
}

// Ready reports whether the database answers; used by /readyz.
func (db *DB) Ready(ctx context.Context) error { return db.PingContext(ctx) }

// InTx runs fn in one transaction and translates its error. Everything that
// must not be half-written goes through here.
func (db *DB) InTx(ctx context.Context, fn func(ctx context.Context, tx bun.Tx) error) error {
	if db.Dialect == SQLite {
		db.writer.Lock()
		defer db.writer.Unlock()
	}
	return translate(db.RunInTx(ctx, nil, fn))
}

// now is the store's clock in UTC, truncated to microseconds because both
// databases store no finer resolution.
func (db *DB) now() time.Time { return db.Now().UTC().Truncate(time.Microsecond) }
