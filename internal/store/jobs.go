package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
)

// DefaultJobMaxAttempts is how often a job is tried before it is marked
// failed for good. With internal/jobs' default backoff the eight attempts
// span about two hours, long enough to ride out a mail server's restart.
const DefaultJobMaxAttempts = 8

// EnqueueJob writes a job inside the caller's transaction tx, so the job
// exists exactly when the change that causes it is committed. payload is
// stored as JSON; a zero runAt means "now".
func (db *DB) EnqueueJob(ctx context.Context, tx bun.IDB, kind string, payload any, runAt time.Time) error {
	data, err := json.Marshal(payload)
	if err != nil {
		return translate(fmt.Errorf("encode payload of job %s: %w", kind, err))
	}
	now := db.now()
	if runAt.IsZero() {
		runAt = now
	}
	job := &wachsam.Job{
		Kind:        kind,
		Payload:     string(data),
		RunAt:       runAt.UTC().Truncate(time.Microsecond),
		MaxAttempts: DefaultJobMaxAttempts,
		CreatedAt:   now,
	}
	// Prepared: bookings queue one under the session's lock.
	_, err = db.hotExec(ctx, tx, `INSERT INTO jobs (kind, payload, run_at, attempts, max_attempts, created_at)
		VALUES (?, ?, ?, 0, ?, ?)`, job.Kind, job.Payload, job.RunAt, job.MaxAttempts, job.CreatedAt)
	return translate(err)
}

// claimableJob selects the next job that is due and not held by a live
// lease. An expired lease counts as free: its instance crashed or hung, and
// the job runs again (at least once, never lost).
const claimableJob = `done_at IS NULL AND failed_at IS NULL AND run_at <= ?
	AND (locked_until IS NULL OR locked_until < ?)`

// ClaimJob takes the next due job for worker for the length of lease and
// counts the attempt. ok is false when no job is due.
//
// Several instances may claim at once and each job goes to one of them. On
// PostgreSQL the inner SELECT locks the row it picks FOR UPDATE SKIP LOCKED,
// so concurrent claims pick different rows without waiting on each other.
// SQLite has a single writer: the transaction takes the write lock at BEGIN
// (_txlock=immediate), so claims are serialised; the outer WHERE repeats the
// condition anyway, so a claim can never take a row that is already leased.
func (db *DB) ClaimJob(ctx context.Context, worker string, lease time.Duration) (*wachsam.Job, bool, error) {
	now := db.now()
	lockRow := ""
	if db.Dialect == Postgres {
		lockRow = " FOR UPDATE SKIP LOCKED"
	}
	query := `UPDATE jobs SET locked_by = ?, locked_until = ?, attempts = attempts + 1
		WHERE id = (SELECT id FROM jobs WHERE ` + claimableJob + ` ORDER BY run_at, id LIMIT 1` + lockRow + `)
		AND ` + claimableJob + `
		RETURNING *`
	var jobs []wachsam.Job
	err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		return tx.NewRaw(query, worker, now.Add(lease), now, now, now, now).Scan(ctx, &jobs)
	})
	if err != nil {
		return nil, false, err
	}
	if len(jobs) == 0 {
		return nil, false, nil
	}
	return &jobs[0], true, nil
}

// CompleteJob marks a job done. It succeeds only while worker still holds
// the job: if the lease expired and another instance claimed the job, the
// other instance's outcome counts and this one gets an ECONFLICT error.
func (db *DB) CompleteJob(ctx context.Context, id int64, worker string) error {
	res, err := db.NewUpdate().Model((*wachsam.Job)(nil)).
		Set("done_at = ?", db.now()).
		Set("locked_by = NULL").Set("locked_until = NULL").
		Where("id = ? AND locked_by = ? AND done_at IS NULL AND failed_at IS NULL", id, worker).
		Exec(ctx)
	return leaseHeld(res, err, id)
}

// FailJob records a failed attempt: the job is unlocked and runs again after
// retryAfter, or is marked failed for good once its attempts are used up.
// cause is stored for operators; it must not contain personal data.
func (db *DB) FailJob(ctx context.Context, id int64, worker, cause string, retryAfter time.Duration) error {
	now := db.now()
	res, err := db.NewUpdate().Model((*wachsam.Job)(nil)).
		Set("last_error = ?", cause).
		Set("locked_by = NULL").Set("locked_until = NULL").
		Set("run_at = ?", now.Add(retryAfter)).
		// ELSE failed_at (NULL here) rather than ELSE NULL lets PostgreSQL
		// type the literal as timestamptz without a dialect-specific cast.
		Set("failed_at = CASE WHEN attempts >= max_attempts THEN ? ELSE failed_at END", now).
		Where("id = ? AND locked_by = ? AND done_at IS NULL AND failed_at IS NULL", id, worker).
		Exec(ctx)
	return leaseHeld(res, err, id)
}

// AbandonJob marks a job failed for good after one attempt, for errors that
// retrying cannot cure (a malformed payload, a rejected recipient).
func (db *DB) AbandonJob(ctx context.Context, id int64, worker, cause string) error {
	now := db.now()
	res, err := db.NewUpdate().Model((*wachsam.Job)(nil)).
		Set("last_error = ?", cause).
		Set("locked_by = NULL").Set("locked_until = NULL").
		Set("failed_at = ?", now).
		Where("id = ? AND locked_by = ? AND done_at IS NULL AND failed_at IS NULL", id, worker).
		Exec(ctx)
	return leaseHeld(res, err, id)
}

// leaseHeld turns "no row updated" into the error that says why: the worker
// lost its lease to another instance (or the job is gone).
func leaseHeld(res interface{ RowsAffected() (int64, error) }, err error, id int64) error {
	if err != nil {
		return translate(err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return translate(err)
	}
	if n == 0 {
		return &wachsam.Error{Code: wachsam.ECONFLICT,
			Message: fmt.Sprintf("Der Auftrag %d gehört nicht mehr diesem Prozess: die Frist ist abgelaufen und ein anderer hat ihn übernommen.", id)}
	}
	return nil
}

// Job reads one job, for operators and tests.
func (db *DB) Job(ctx context.Context, id int64) (*wachsam.Job, error) {
	job := new(wachsam.Job)
	err := db.NewSelect().Model(job).Where("id = ?", id).Scan(ctx)
	if err != nil {
		return nil, lookupError(err, "Der Auftrag")
	}
	return job, nil
}

// PendingJobs counts jobs that are neither done nor failed for good, due or
// not; /readyz and tests use it.
func (db *DB) PendingJobs(ctx context.Context) (int, error) {
	n, err := db.NewSelect().Model((*wachsam.Job)(nil)).
		Where("done_at IS NULL AND failed_at IS NULL").Count(ctx)
	return int(n), translate(err)
}

// DeleteFinishedJobs removes jobs done or failed before the given instant;
// run periodically so the table stays small.
func (db *DB) DeleteFinishedJobs(ctx context.Context, before time.Time) (int, error) {
	before = before.UTC()
	res, err := db.NewDelete().Model((*wachsam.Job)(nil)).
		Where("done_at < ? OR failed_at < ?", before, before).Exec(ctx)
	if err != nil {
		return 0, translate(err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}
