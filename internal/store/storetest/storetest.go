// Package storetest opens real databases for tests: SQLite always, and
// PostgreSQL when WACHSAM_TEST_POSTGRES_URL is set (DESIGN.md §9). Under CI
// (CI set) a missing PostgreSQL fails the test instead of skipping it, so a
// green run always means both dialects were tested.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/wachsam/wachsam/internal/store"
)

// EnvPostgres names the variable with the PostgreSQL server for tests.
const EnvPostgres = "WACHSAM_TEST_POSTGRES_URL"

// Dialects runs fn once per available database, each in its own subtest
// with a fresh, migrated database.
func Dialects(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, OpenSQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, OpenPostgres(t)) })
}

// OpenSQLite opens a fresh SQLite file in the test's temporary directory.
func OpenSQLite(t testing.TB) *store.DB {
	t.Helper()
	return open(t, store.Location{Dialect: store.SQLite, DSN: filepath.Join(t.TempDir(), "test.db")})
}

// OpenPostgres creates a schema of its own for the test on the server named
// by WACHSAM_TEST_POSTGRES_URL and drops it afterwards, so tests run in
// parallel without seeing each other's rows.
func OpenPostgres(t testing.TB) *store.DB {
	t.Helper()
	return open(t, PostgresLocation(t))
}

// PostgresLocation creates the test's schema and returns a location whose
// connections use it; it skips (or, under CI, fails) without a server.
func PostgresLocation(t testing.TB) store.Location {
	t.Helper()
	base := os.Getenv(EnvPostgres)
	if base == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not set, but CI requires the PostgreSQL tests to run", EnvPostgres)
		}
		t.Skipf("%s not set: PostgreSQL tests skipped", EnvPostgres)
	}
	schema := "t_" + randomHex(8)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	defer admin.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("PostgreSQL at %s unreachable or unusable: %v", EnvPostgres, err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer db.Close()
		db.Exec("DROP SCHEMA " + schema + " CASCADE")
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", EnvPostgres, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return store.Location{Dialect: store.Postgres, DSN: u.String()}
}

func open(t testing.TB, loc store.Location) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), loc)
	if err != nil {
		t.Fatalf("open %s: %v", loc.Dialect, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// FixedClock is a clock for tests that only moves when told to. It is safe
// for the server's goroutines to read while the test advances it.
type FixedClock struct {
	mu sync.Mutex
	t  time.Time
}

func NewClock(t time.Time) *FixedClock { return &FixedClock{t: t} }

func (c *FixedClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *FixedClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// Set moves the clock to t, forwards or back.
func (c *FixedClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}
