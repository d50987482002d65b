package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/wachsam/wachsam"
)

// RetentionStore is the store as the retention run needs it; *store.DB
// implements it. DeleteExpiredPapers decides under the candidate's lock,
// by the examination regulation, whether the papers are due, so a
// candidate handled by two instances at once loses the papers once.
type RetentionStore interface {
	CandidatesWithPapers(ctx context.Context) ([]int64, error)
	DeleteExpiredPapers(ctx context.Context, actor wachsam.Actor, candidateID int64) (int, error)
}

// RetentionActor names the scheduled deletions in the audit log and in
// the candidate's file.
const RetentionActor = "Aufbewahrung"

// Retention deletes written exam papers once the two years of §12(1)
// after the candidate's last exam performance have passed. A period ends
// at the end of a day, so one run per legal day is enough: Run does its
// work on the first call of each day and returns at once on the others,
// which keeps a frequent housekeeping tick from loading every file.
type Retention struct {
	store  RetentionStore
	loc    *time.Location
	logger *slog.Logger

	mu   sync.Mutex
	done wachsam.Date // the legal day of the last complete run
}

// NewRetention makes the run; loc is legal time (nil: Europe/Berlin), and
// logger gets counts and candidate IDs only, never names.
func NewRetention(store RetentionStore, loc *time.Location, logger *slog.Logger) (*Retention, error) {
	if loc == nil {
		var err error
		if loc, err = time.LoadLocation("Europe/Berlin"); err != nil {
			return nil, err
		}
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Retention{store: store, loc: loc, logger: logger}, nil
}

// Run deletes every paper due at now and returns how many files it
// deleted. A failure with one candidate does not stop the others; the day
// counts as done only when every candidate succeeded, so a failed one is
// tried again at the next call.
func (r *Retention) Run(ctx context.Context, now time.Time) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	today := wachsam.DateIn(now, r.loc)
	if r.done == today {
		return 0, nil
	}
	ids, err := r.store.CandidatesWithPapers(ctx)
	if err != nil {
		return 0, err
	}
	actor := wachsam.SystemActor(RetentionActor)
	var errs []error
	total, candidates := 0, 0
	for _, id := range ids {
		if ctx.Err() != nil {
			return total, ctx.Err()
		}
		n, err := r.store.DeleteExpiredPapers(ctx, actor, id)
		if err != nil {
			errs = append(errs, fmt.Errorf("candidate %d: %w", id, err))
			continue
		}
		if n > 0 {
			total += n
			candidates++
		}
	}
	if total > 0 {
		r.logger.InfoContext(ctx, "exam papers deleted after the retention period (§12(1))", "files", total, "candidates", candidates)
	}
	if len(errs) == 0 {
		r.done = today
	}
	return total, errors.Join(errs...)
}
