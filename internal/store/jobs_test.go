package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

var jobEpoch = time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)

func enqueueJob(t *testing.T, db *store.DB, kind string, payload any, runAt time.Time) {
	t.Helper()
	err := db.InTx(context.Background(), func(ctx context.Context, tx bun.Tx) error {
		return db.EnqueueJob(ctx, tx, kind, payload, runAt)
	})
	if err != nil {
		t.Fatalf("EnqueueJob: %v", err)
	}
}

func claim(t *testing.T, db *store.DB, worker string) *wachsam.Job {
	t.Helper()
	job, ok, err := db.ClaimJob(context.Background(), worker, 5*time.Minute)
	if err != nil || !ok {
		t.Fatalf("ClaimJob(%s) = %v, %v; want a job", worker, ok, err)
	}
	return job
}

func noClaim(t *testing.T, db *store.DB, worker string) {
	t.Helper()
	job, ok, err := db.ClaimJob(context.Background(), worker, 5*time.Minute)
	if err != nil || ok {
		t.Fatalf("ClaimJob(%s) = %+v, %v, %v; want no job", worker, job, ok, err)
	}
}

func TestJobClaimCompleteAndLease(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clock := storetest.NewClock(jobEpoch)
		db.Now = clock.Now

		enqueueJob(t, db, "later", map[string]int{"n": 2}, jobEpoch.Add(time.Hour))
		enqueueJob(t, db, "now", map[string]int{"n": 1}, time.Time{})

		job := claim(t, db, "a")
		if job.Kind != "now" || job.Payload != `{"n":1}` || job.Attempts != 1 || job.MaxAttempts != store.DefaultJobMaxAttempts {
			t.Fatalf("claimed %+v", job)
		}
		if job.LockedBy == nil || *job.LockedBy != "a" || job.LockedUntil == nil || !job.LockedUntil.Equal(jobEpoch.Add(5*time.Minute)) {
			t.Fatalf("lease of claimed job: %+v", job)
		}
		// The due job is leased and the other is not due: nothing to claim.
		noClaim(t, db, "b")

		// The lease expires (instance "a" crashed): "b" takes the job over.
		clock.Advance(5*time.Minute + time.Second)
		again := claim(t, db, "b")
		if again.ID != job.ID || again.Attempts != 2 {
			t.Fatalf("re-claimed %+v, want job %d on attempt 2", again, job.ID)
		}
		if err := db.CompleteJob(ctx, job.ID, "a"); wachsam.ErrorCodeOf(err) != wachsam.ECONFLICT {
			t.Fatalf("CompleteJob by the worker that lost the lease = %v, want ECONFLICT", err)
		}
		if err := db.CompleteJob(ctx, job.ID, "b"); err != nil {
			t.Fatalf("CompleteJob: %v", err)
		}
		done, err := db.Job(ctx, job.ID)
		if err != nil || done.DoneAt == nil || !done.Finished() || done.LockedBy != nil {
			t.Fatalf("Job after completion = %+v, %v", done, err)
		}
		if n, err := db.PendingJobs(ctx); err != nil || n != 1 {
			t.Fatalf("PendingJobs = %d, %v; want 1 (the later job)", n, err)
		}

		clock.Advance(time.Hour)
		if later := claim(t, db, "a"); later.Kind != "later" {
			t.Fatalf("claimed %+v, want the later job once due", later)
		}
	})
}

func TestJobFailRetryAndGiveUp(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clock := storetest.NewClock(jobEpoch)
		db.Now = clock.Now
		enqueueJob(t, db, "flaky", nil, time.Time{})

		var id int64
		for attempt := 1; attempt <= store.DefaultJobMaxAttempts; attempt++ {
			job := claim(t, db, "w")
			id = job.ID
			if job.Attempts != attempt {
				t.Fatalf("attempt %d: job says %d", attempt, job.Attempts)
			}
			if err := db.FailJob(ctx, job.ID, "w", "boom", time.Minute); err != nil {
				t.Fatalf("FailJob: %v", err)
			}
			noClaim(t, db, "w") // not due before the backoff has passed
			clock.Advance(time.Minute)
		}
		noClaim(t, db, "w")
		job, err := db.Job(ctx, id)
		if err != nil || job.FailedAt == nil || job.LastError == nil || *job.LastError != "boom" || job.Attempts != store.DefaultJobMaxAttempts {
			t.Fatalf("job after max attempts = %+v, %v", job, err)
		}
		if err := db.FailJob(ctx, id, "w", "again", 0); wachsam.ErrorCodeOf(err) != wachsam.ECONFLICT {
			t.Fatalf("FailJob on a failed job = %v, want ECONFLICT", err)
		}
	})
}

func TestJobAbandonAndHousekeeping(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clock := storetest.NewClock(jobEpoch)
		db.Now = clock.Now
		enqueueJob(t, db, "bad", nil, time.Time{})
		enqueueJob(t, db, "good", nil, time.Time{})

		bad := claim(t, db, "w")
		if err := db.AbandonJob(ctx, bad.ID, "w", "malformed payload"); err != nil {
			t.Fatalf("AbandonJob: %v", err)
		}
		good := claim(t, db, "w")
		if good.Kind != "good" {
			t.Fatalf("claimed %+v after abandoning, want the good job", good)
		}
		if err := db.CompleteJob(ctx, good.ID, "w"); err != nil {
			t.Fatal(err)
		}
		if j, _ := db.Job(ctx, bad.ID); j.FailedAt == nil || j.Attempts != 1 {
			t.Fatalf("abandoned job = %+v", j)
		}
		if n, err := db.DeleteFinishedJobs(ctx, jobEpoch); err != nil || n != 0 {
			t.Fatalf("DeleteFinishedJobs(before they finished) = %d, %v", n, err)
		}
		if n, err := db.DeleteFinishedJobs(ctx, jobEpoch.Add(time.Second)); err != nil || n != 2 {
			t.Fatalf("DeleteFinishedJobs = %d, %v; want 2", n, err)
		}
		if _, err := db.Job(ctx, bad.ID); wachsam.ErrorCodeOf(err) != wachsam.ENOTFOUND {
			t.Fatalf("Job after deletion = %v, want ENOTFOUND", err)
		}
	})
}

func TestJobEnqueuedInRolledBackTransactionIsGone(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		rollback := errors.New("the change failed")
		err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
			if err := db.EnqueueJob(ctx, tx, "k", nil, time.Time{}); err != nil {
				return err
			}
			return rollback
		})
		if !errors.Is(err, rollback) {
			t.Fatalf("InTx = %v", err)
		}
		noClaim(t, db, "w")
		if err := db.EnqueueJob(ctx, db.DB, "k", make(chan int), time.Time{}); wachsam.ErrorCodeOf(err) != wachsam.EINTERNAL {
			t.Fatalf("EnqueueJob with an unencodable payload = %v", err)
		}
	})
}
