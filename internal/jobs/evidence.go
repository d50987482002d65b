package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// EvidenceStore is the store as the evidence refresh needs it; *store.DB
// implements it.
type EvidenceStore interface {
	EvidenceTowns(ctx context.Context) ([]int64, error)
	RefreshEvidence(ctx context.Context, municipalityID int64) (int64, error)
}

// EvidenceRefresh keeps every municipality's training evidence current
// without anyone pulling it. The feed refreshes on each request, but some
// records change with time alone: coverage drops when a training expires,
// and a month's coverage record keeps the figures of its last refresh in
// that month. An hourly refresh puts those figures within an hour of the
// month's end. A refresh that finds nothing changed writes nothing, and
// the municipality's lock makes two instances refreshing at once harmless.
type EvidenceRefresh struct {
	store  EvidenceStore
	every  time.Duration
	logger *slog.Logger

	mu   sync.Mutex
	last time.Time // the start of the last complete run
}

// NewEvidenceRefresh makes the run; every is the least time between two
// runs (default one hour); logger gets municipality IDs only.
func NewEvidenceRefresh(store EvidenceStore, every time.Duration, logger *slog.Logger) *EvidenceRefresh {
	if every <= 0 {
		every = time.Hour
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &EvidenceRefresh{store: store, every: every, logger: logger}
}

// Run refreshes every municipality if the last complete run is at least
// the interval ago, and returns how many it refreshed. A failure with one
// municipality does not stop the others; the run counts as complete only
// when all succeeded, so a failed one is tried again at the next call.
func (e *EvidenceRefresh) Run(ctx context.Context, now time.Time) (int, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.last.IsZero() && now.Sub(e.last) < e.every {
		return 0, nil
	}
	towns, err := e.store.EvidenceTowns(ctx)
	if err != nil {
		return 0, err
	}
	var errs []error
	for _, town := range towns {
		if ctx.Err() != nil {
			return 0, ctx.Err()
		}
		if _, err := e.store.RefreshEvidence(ctx, town); err != nil {
			errs = append(errs, fmt.Errorf("municipality %d: %w", town, err))
		}
	}
	if len(errs) == 0 {
		e.last = now
	}
	return len(towns) - len(errs), errors.Join(errs...)
}
