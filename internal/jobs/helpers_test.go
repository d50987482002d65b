package jobs_test

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

var epoch = time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)

// instances runs fn per dialect with n independent connections to one
// database, standing in for n wachsam instances.
func instances(t *testing.T, n int, fn func(t *testing.T, dbs []*store.DB)) {
	t.Helper()
	open := func(t *testing.T, loc store.Location) []*store.DB {
		var dbs []*store.DB
		for range n {
			db, err := store.Open(context.Background(), loc)
			if err != nil {
				t.Fatalf("open %s: %v", loc.Dialect, err)
			}
			t.Cleanup(func() { db.Close() })
			dbs = append(dbs, db)
		}
		return dbs
	}
	t.Run("sqlite", func(t *testing.T) {
		fn(t, open(t, store.Location{Dialect: store.SQLite, DSN: filepath.Join(t.TempDir(), "jobs.db")}))
	})
	t.Run("postgres", func(t *testing.T) { fn(t, open(t, storetest.PostgresLocation(t))) })
}

func enqueue(t *testing.T, db *store.DB, kind string, payload any) {
	t.Helper()
	err := db.InTx(context.Background(), func(ctx context.Context, tx bun.Tx) error {
		return db.EnqueueJob(ctx, tx, kind, payload, time.Time{})
	})
	if err != nil {
		t.Fatalf("EnqueueJob: %v", err)
	}
}

func onlyJob(t *testing.T, db *store.DB) *wachsam.Job {
	t.Helper()
	var jobs []wachsam.Job
	if err := db.NewSelect().Model(&jobs).Scan(context.Background()); err != nil || len(jobs) != 1 {
		t.Fatalf("jobs = %+v, %v; want exactly one", jobs, err)
	}
	return &jobs[0]
}

func runOnce(t *testing.T, r interface {
	RunOnce(context.Context) (bool, error)
}) bool {
	t.Helper()
	ran, err := r.RunOnce(context.Background())
	if err != nil {
		t.Fatalf("RunOnce: %v", err)
	}
	return ran
}

// logBuffer is a logger whose output the test can read while runners write.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func (b *logBuffer) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(b, &slog.HandlerOptions{Level: slog.LevelDebug}))
}
