package jobs_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/jobs"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

type numbered struct {
	N int `json:"n"`
}

// counter counts handler executions per job, identified by its payload.
type counter struct {
	mu   sync.Mutex
	runs map[int]int
}

func (c *counter) handle(ctx context.Context, payload []byte) error {
	var p numbered
	if err := json.Unmarshal(payload, &p); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.runs == nil {
		c.runs = make(map[int]int)
	}
	c.runs[p.N]++
	return nil
}

func (c *counter) snapshot() map[int]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[int]int, len(c.runs))
	for k, v := range c.runs {
		out[k] = v
	}
	return out
}

func TestJobEnqueuedWithRolledBackChangeNeverRunsCommittedRunsOnce(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var c counter
		r := jobs.New(db, nil, jobs.Options{})
		r.Handle("count", c.handle)

		failed := errors.New("the booking failed")
		err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
			if err := db.EnqueueJob(ctx, tx, "count", numbered{N: 1}, time.Time{}); err != nil {
				return err
			}
			return failed
		})
		if !errors.Is(err, failed) {
			t.Fatalf("InTx = %v", err)
		}
		enqueue(t, db, "count", numbered{N: 2})

		for runOnce(t, r) {
		}
		if got := c.snapshot(); len(got) != 1 || got[2] != 1 {
			t.Fatalf("runs = %v, want job 2 exactly once and job 1 never", got)
		}
		if job := onlyJob(t, db); job.DoneAt == nil || job.Attempts != 1 {
			t.Fatalf("job = %+v, want done after one attempt", job)
		}
	})
}

func TestJobTwoInstancesRunEachOf200JobsExactlyOnce(t *testing.T) {
	instances(t, 2, func(t *testing.T, dbs []*store.DB) {
		const total = 200
		var c counter
		ctx, stop := context.WithCancel(context.Background())
		defer stop()
		var wg sync.WaitGroup
		perInstance := make([]atomic.Int64, len(dbs))
		for i, db := range dbs {
			r := jobs.New(db, nil, jobs.Options{Worker: []string{"one", "two"}[i], PollInterval: 5 * time.Millisecond})
			r.Handle("count", func(ctx context.Context, payload []byte) error {
				perInstance[i].Add(1)
				// A moment of work outside the database lets the other
				// instance's claim in, as real work would.
				time.Sleep(time.Millisecond)
				return c.handle(ctx, payload)
			})
			wg.Go(func() { r.Run(ctx) })
		}
		// Enqueue while both runners are already polling, half through each
		// instance, so claims really race.
		for n := range total {
			enqueue(t, dbs[n%2], "count", numbered{N: n})
		}
		deadline := time.Now().Add(30 * time.Second)
		for {
			pending, err := dbs[0].PendingJobs(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if pending == 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%d jobs still pending", pending)
			}
			time.Sleep(10 * time.Millisecond)
		}
		stop()
		wg.Wait()

		t.Logf("jobs run by instance one: %d, two: %d", perInstance[0].Load(), perInstance[1].Load())
		runs := c.snapshot()
		if len(runs) != total {
			t.Fatalf("%d distinct jobs ran, want %d", len(runs), total)
		}
		for n, times := range runs {
			if times != 1 {
				t.Errorf("job %d ran %d times", n, times)
			}
		}
		// Every job was attempted once: no claim was ever taken twice.
		var attempts int
		if err := dbs[0].NewRaw("SELECT COALESCE(SUM(attempts), 0) FROM jobs").Scan(context.Background(), &attempts); err != nil || attempts != total {
			t.Fatalf("sum of attempts = %d, %v; want %d", attempts, err, total)
		}
	})
}

func TestJobFailingHandlerIsRetriedWithBackoffThenFailed(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		clock := storetest.NewClock(epoch)
		db.Now = clock.Now
		r := jobs.New(db, nil, jobs.Options{})
		calls := 0
		r.Handle("flaky", func(ctx context.Context, payload []byte) error {
			calls++
			return errors.New("mail server unreachable")
		})
		enqueue(t, db, "flaky", nil)

		for attempt := 1; attempt <= store.DefaultJobMaxAttempts; attempt++ {
			if !runOnce(t, r) {
				t.Fatalf("attempt %d: no job due", attempt)
			}
			job := onlyJob(t, db)
			if attempt == store.DefaultJobMaxAttempts {
				break
			}
			wait := jobs.ExponentialBackoff(attempt)
			if job.FailedAt != nil || !job.RunAt.Equal(clock.Now().Add(wait)) {
				t.Fatalf("after attempt %d: job = %+v, want retry in %v", attempt, job, wait)
			}
			clock.Advance(wait - time.Second)
			if runOnce(t, r) {
				t.Fatalf("attempt %d: retried before its backoff had passed", attempt)
			}
			clock.Advance(time.Second)
		}
		clock.Advance(24 * time.Hour)
		if runOnce(t, r) {
			t.Fatal("a job that failed for good ran again")
		}
		job := onlyJob(t, db)
		if calls != store.DefaultJobMaxAttempts || job.FailedAt == nil || job.Attempts != store.DefaultJobMaxAttempts ||
			job.LastError == nil || *job.LastError != "mail server unreachable" {
			t.Fatalf("after %d calls: job = %+v", calls, job)
		}
	})
}

func TestJobExpiredLeaseIsReclaimed(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clock := storetest.NewClock(epoch)
		db.Now = clock.Now
		var c counter
		r := jobs.New(db, nil, jobs.Options{Worker: "survivor", Lease: time.Minute})
		r.Handle("count", c.handle)
		enqueue(t, db, "count", numbered{N: 7})

		// Another instance claims the job and dies without a word.
		if _, ok, err := db.ClaimJob(ctx, "crashed", 5*time.Minute); err != nil || !ok {
			t.Fatalf("ClaimJob = %v, %v", ok, err)
		}
		if runOnce(t, r) {
			t.Fatal("claimed a job whose lease is still running")
		}
		clock.Advance(5*time.Minute + time.Second)
		if !runOnce(t, r) {
			t.Fatal("the job with the expired lease was not claimed again")
		}
		job := onlyJob(t, db)
		if got := c.snapshot(); got[7] != 1 || job.DoneAt == nil || job.Attempts != 2 {
			t.Fatalf("runs = %v, job = %+v", got, job)
		}
	})
}

func TestJobGracefulStopFinishesTheJobInHand(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		r := jobs.New(db, nil, jobs.Options{PollInterval: 5 * time.Millisecond})
		started, release := make(chan struct{}), make(chan struct{})
		var handlerCtxErr error
		r.Handle("slow", func(ctx context.Context, payload []byte) error {
			close(started)
			<-release
			handlerCtxErr = ctx.Err()
			return nil
		})
		enqueue(t, db, "slow", nil)

		ctx, stop := context.WithCancel(context.Background())
		returned := make(chan error)
		go func() { returned <- r.Run(ctx) }()
		<-started
		stop()
		select {
		case err := <-returned:
			t.Fatalf("Run returned (%v) while its job was still running", err)
		case <-time.After(50 * time.Millisecond):
		}
		close(release)
		if err := <-returned; err != nil {
			t.Fatalf("Run = %v", err)
		}
		if handlerCtxErr != nil {
			t.Fatalf("stopping the runner cancelled the handler: %v", handlerCtxErr)
		}
		if job := onlyJob(t, db); job.DoneAt == nil {
			t.Fatalf("job after graceful stop = %+v, want done", job)
		}
	})
}

func TestJobUnknownKindPanicAndInvalidInput(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clock := storetest.NewClock(epoch)
		db.Now = clock.Now
		var logs logBuffer
		r := jobs.New(db, logs.logger(), jobs.Options{Worker: "w"})
		r.Handle("panics", func(ctx context.Context, payload []byte) error { panic("nil map") })
		r.Handle("invalid", func(ctx context.Context, payload []byte) error {
			return wachsam.FieldError("mail_id", "Die E-Mail gibt es nicht.")
		})
		const secret = "erika.mustermann@example.org"
		for _, kind := range []string{"unknown", "panics", "invalid"} {
			enqueue(t, db, kind, map[string]string{"to": secret})
		}
		for runOnce(t, r) {
		}

		var all []wachsam.Job
		if err := db.NewSelect().Model(&all).Order("id").Scan(ctx); err != nil || len(all) != 3 {
			t.Fatalf("jobs = %v, %v", all, err)
		}
		unknown, panics, invalid := all[0], all[1], all[2]
		if unknown.FailedAt != nil || unknown.LastError == nil || !strings.Contains(*unknown.LastError, `no handler for job kind "unknown"`) ||
			!unknown.RunAt.After(epoch) {
			t.Errorf("unknown kind: %+v, want a retry later with a clear error", unknown)
		}
		if panics.FailedAt != nil || panics.LastError == nil || !strings.Contains(*panics.LastError, "handler panicked: nil map") {
			t.Errorf("panicking handler: %+v, want a failure to retry", panics)
		}
		if invalid.FailedAt == nil || invalid.Attempts != 1 || invalid.LastError == nil || !strings.Contains(*invalid.LastError, "gibt es nicht") {
			t.Errorf("invalid input: %+v, want failed for good after one attempt", invalid)
		}
		out := logs.String()
		if strings.Contains(out, secret) {
			t.Errorf("the log contains payload content:\n%s", out)
		}
		for _, want := range []string{"job_id=", "job_kind=unknown", "attempt=1", "worker=w", "no handler registered", "job handler panicked", "job failed for good"} {
			if !strings.Contains(out, want) {
				t.Errorf("log lacks %q:\n%s", want, out)
			}
		}
	})
}

func TestJobBackoffIsExponentialAndCapped(t *testing.T) {
	want := []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 16 * time.Minute, 32 * time.Minute, time.Hour, time.Hour}
	for i, w := range want {
		if got := jobs.ExponentialBackoff(i + 1); got != w {
			t.Errorf("ExponentialBackoff(%d) = %v, want %v", i+1, got, w)
		}
	}
	if got := jobs.ExponentialBackoff(1000); got != time.Hour {
		t.Errorf("ExponentialBackoff(1000) = %v", got)
	}
}

// While the web server is busy (Options.Busy), the runner paces itself —
// one job per BusyPace — and still works off every job: background mail
// waits for a rush of bookings, it is never starved by it.
func TestJobRunnerPacesItselfWhileTheServerIsBusy(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		var c counter
		var asked atomic.Int32
		const pace, n = 40 * time.Millisecond, 4
		r := jobs.New(db, nil, jobs.Options{PollInterval: 10 * time.Millisecond, BusyPace: pace,
			Busy: func() bool { asked.Add(1); return true }})
		r.Handle("count", c.handle)
		for i := range n {
			enqueue(t, db, "count", numbered{N: i})
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		started := time.Now()
		go func() { defer close(done); r.Run(ctx) }()
		deadline := time.Now().Add(20 * time.Second)
		for len(c.snapshot()) < n && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		took := time.Since(started)
		cancel()
		<-done
		if got := c.snapshot(); len(got) != n {
			t.Fatalf("%d of %d jobs ran while busy: %v", len(got), n, got)
		}
		if took < n*pace {
			t.Fatalf("%d jobs in %v while busy, want one per %v at most", n, took, pace)
		}
		if asked.Load() < n {
			t.Fatalf("Busy asked %d times for %d jobs", asked.Load(), n)
		}
	})
}
