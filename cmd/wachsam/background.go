package main

import (
	"context"
	"sync"
	"time"
)

// startBackground runs housekeeping beside the web server and returns a
// function that stops it and waits for it to finish.
func startBackground(ctx context.Context, a *app) func() {
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { housekeeping(ctx, a) })
	return func() {
		cancel()
		wg.Wait()
	}
}

// housekeeping removes ended sessions and old login failures. Deleting is
// idempotent, so several instances may do it at once.
func housekeeping(ctx context.Context, a *app) {
	tick := time.NewTicker(10 * time.Minute)
	defer tick.Stop()
	for {
		if _, err := a.db.DeleteExpiredSessions(ctx); err != nil && ctx.Err() == nil {
			a.logger.Warn("housekeeping: sessions", "error", err)
		}
		if err := a.db.PruneLoginFailures(ctx, time.Now().Add(-24*time.Hour)); err != nil && ctx.Err() == nil {
			a.logger.Warn("housekeeping: login failures", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
