package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"

	"github.com/wachsam/wachsam"
)

// Queue is the job table as the runner needs it; *store.DB implements it.
type Queue interface {
	// ClaimJob leases the next due job to worker; ok is false when none is due.
	ClaimJob(ctx context.Context, worker string, lease time.Duration) (job *wachsam.Job, ok bool, err error)
	CompleteJob(ctx context.Context, id int64, worker string) error
	// FailJob schedules the next attempt, or fails the job for good when
	// its attempts are used up.
	FailJob(ctx context.Context, id int64, worker, cause string, retryAfter time.Duration) error
	// AbandonJob fails the job for good at once.
	AbandonJob(ctx context.Context, id int64, worker, cause string) error
}

// Handler does the work of one job kind. payload is the JSON the job was
// enqueued with. A handler may run more than once for the same job (see
// the package documentation), so it must be idempotent.
//
// Returning a wachsam.Error with code EINVALID or ENOTFOUND gives the job up
// at once: the input itself is wrong and another attempt cannot help. Any
// other error is retried with backoff. Errors are logged and stored in the
// job table, so they must not contain personal data.
type Handler func(ctx context.Context, payload []byte) error

// Runner claims due jobs and runs their handlers, one job at a time.
type Runner struct {
	queue  Queue
	logger *slog.Logger
	opts   Options

	mu       sync.RWMutex
	handlers map[string]Handler
}

// New makes a runner on queue; register handlers with Handle before Run.
func New(queue Queue, logger *slog.Logger, opts Options) *Runner {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	opts = opts.withDefaults()
	return &Runner{
		queue:    queue,
		logger:   logger.With("worker", opts.Worker),
		opts:     opts,
		handlers: make(map[string]Handler),
	}
}

// Handle registers the handler for one job kind, replacing any earlier one.
func (r *Runner) Handle(kind string, h Handler) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.handlers[kind] = h
}

// Worker is the name under which this runner claims jobs.
func (r *Runner) Worker() string { return r.opts.Worker }

// Run works off due jobs until ctx is cancelled, then returns nil. The job
// in hand when ctx ends is finished and recorded first (a graceful stop),
// which takes at most the handler's time limit, nine tenths of the lease.
func (r *Runner) Run(ctx context.Context) error {
	r.logger.Info("job runner started", "poll_interval", r.opts.PollInterval, "lease", r.opts.Lease)
	wait := time.NewTimer(0)
	defer wait.Stop()
	for {
		select {
		case <-ctx.Done():
			r.logger.Info("job runner stopped")
			return nil
		case <-wait.C:
		}
		// Work off everything that is due before sleeping again.
		for ctx.Err() == nil {
			if !r.yieldToRequests(ctx) {
				break
			}
			ran, err := r.RunOnce(ctx)
			if err != nil {
				if ctx.Err() == nil {
					r.logger.Warn("job runner: cannot work the job table", "error", err)
				}
				break
			}
			if !ran {
				break
			}
		}
		wait.Reset(r.opts.PollInterval)
	}
}

// yieldToRequests pauses for BusyPace while the server is busy (see
// Options.Busy); it is false when ctx ended during the pause.
func (r *Runner) yieldToRequests(ctx context.Context) bool {
	if r.opts.Busy == nil || !r.opts.Busy() {
		return true
	}
	pause := time.NewTimer(r.opts.BusyPace)
	defer pause.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-pause.C:
		return true
	}
}

// RunOnce claims one due job and runs it; ran is false when no job was due.
// The handler's outcome is recorded in the job table and logged, not
// returned: err reports only a failure to claim or record the job. Once a
// job is claimed, cancelling ctx no longer stops it.
func (r *Runner) RunOnce(ctx context.Context) (ran bool, err error) {
	job, ok, err := r.queue.ClaimJob(ctx, r.opts.Worker, r.opts.Lease)
	if err != nil || !ok {
		return false, err
	}
	// The claimed job is ours until the lease ends; finish it even if the
	// runner is being stopped, so a graceful stop loses no attempt.
	ctx = context.WithoutCancel(ctx)
	log := r.logger.With("job_id", job.ID, "job_kind", job.Kind, "attempt", job.Attempts)
	started := time.Now()
	herr := r.call(ctx, job, log)
	took := time.Since(started).Round(time.Millisecond)

	switch {
	case herr == nil:
		err = r.queue.CompleteJob(ctx, job.ID, r.opts.Worker)
		if err == nil {
			log.Info("job done", "took", took)
		}
	case givesUp(herr):
		err = r.queue.AbandonJob(ctx, job.ID, r.opts.Worker, herr.Error())
		if err == nil {
			log.Error("job failed for good: retrying cannot help", "error", herr, "took", took)
		}
	default:
		retryAfter := r.opts.Backoff(job.Attempts)
		err = r.queue.FailJob(ctx, job.ID, r.opts.Worker, herr.Error(), retryAfter)
		switch {
		case err != nil:
		case job.Attempts >= job.MaxAttempts:
			log.Error("job failed for good: no attempts left", "error", herr, "took", took)
		default:
			log.Warn("job failed, will retry", "error", herr, "retry_in", retryAfter, "took", took)
		}
	}
	if err != nil {
		return true, fmt.Errorf("record outcome of job %d: %w", job.ID, err)
	}
	return true, nil
}

// call runs the job's handler with a deadline inside the lease, turning a
// missing handler or a panic into an ordinary failure.
func (r *Runner) call(ctx context.Context, job *wachsam.Job, log *slog.Logger) (err error) {
	r.mu.RLock()
	h, ok := r.handlers[job.Kind]
	r.mu.RUnlock()
	if !ok {
		// Retried rather than given up: during a rolling update an older
		// instance may claim a kind that only newer instances know.
		log.Error("no handler registered for this job kind")
		return fmt.Errorf("no handler for job kind %q on worker %s", job.Kind, r.opts.Worker)
	}
	defer func() {
		if p := recover(); p != nil {
			log.Error("job handler panicked", "panic", p, "stack", string(debug.Stack()))
			err = fmt.Errorf("handler panicked: %v", p)
		}
	}()
	ctx, cancel := context.WithTimeout(ctx, r.opts.Lease-r.opts.Lease/10)
	defer cancel()
	return h(ctx, []byte(job.Payload))
}

// givesUp reports whether err says the job's input is wrong, so that
// another attempt would fail the same way.
func givesUp(err error) bool {
	var domain *wachsam.Error
	if !errors.As(err, &domain) {
		return false
	}
	return domain.Code == wachsam.EINVALID || domain.Code == wachsam.ENOTFOUND
}
