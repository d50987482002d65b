package loadtest

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"
)

// Rush is one measurement: every member of staff books once, in a round of
// its own, with Clients requests under way at any time. Spread books the
// people round-robin over Sessions sessions; a hot rush puts them all on
// one session, whose row every booking then waits for.
type Rush struct {
	Name     string // "spread" or "hot"
	Clients  int
	Sessions int
}

// Result is what a rush measured.
type Result struct {
	Rush
	Booked   int
	Failed   int
	FirstErr string
	Elapsed  time.Duration
	P50, P99 time.Duration
	// RoundID and SessionIDs are the rush's round, for the pgbench script
	// on the same rows.
	RoundID    int64
	SessionIDs []int64
}

// PerSecond is the bookings per second of the rush.
func (r Result) PerSecond() float64 { return float64(r.Booked) / r.Elapsed.Seconds() }

type apiRound struct {
	ID       int64 `json:"id"`
	Sessions []struct {
		ID int64 `json:"id"`
	} `json:"sessions"`
}

// openRound sets up and opens a round for the rush through the API, with
// seats and quotas wide enough that every booking succeeds: a refusal
// would be cheaper than a booking and flatter the figures.
func (w *World) openRound(ctx context.Context, c *Client, r Rush) (apiRound, error) {
	perSession := (len(w.Staff) + r.Sessions - 1) / r.Sessions
	start := time.Now().AddDate(0, 1, 0).Truncate(time.Hour)
	var sessions []map[string]any
	for i := range r.Sessions {
		at := start.Add(time.Duration(i) * 24 * time.Hour)
		sessions = append(sessions, map[string]any{
			"starts_at": at.Format(time.RFC3339), "ends_at": at.Add(2 * time.Hour).Format(time.RFC3339),
			"capacity": perSession, "host_municipality_id": w.MunicipalityID, "location": "Rathaus, Saal " + fmt.Sprint(i+1),
		})
	}
	name := fmt.Sprintf("Lasttest %s %s %d", w.tag, r.Name, r.Clients)
	body, err := jsonText(map[string]any{
		"name": name, "mode": "booking", "sessions": sessions,
		"new_topic":          map[string]any{"name": name, "validity_months": 12, "remind_days": 30},
		"municipality_share": "100 %", "department_share": "100 %",
	})
	if err != nil {
		return apiRound{}, err
	}
	var round apiRound
	if err := c.Do(ctx, w.Coordinator, "POST", "/api/v1/rounds", "application/json", body, 201, &round); err != nil {
		return round, fmt.Errorf("Runde anlegen: %w", err)
	}
	if err := c.Do(ctx, w.Coordinator, "POST", fmt.Sprintf("/api/v1/rounds/%d/status", round.ID), "application/json",
		`{"status":"open"}`, 200, nil); err != nil {
		return round, fmt.Errorf("Runde öffnen: %w", err)
	}
	return round, nil
}

// Run sets up the rush's round and lets every member of staff book once.
func (w *World) Run(ctx context.Context, c *Client, r Rush) (Result, error) {
	round, err := w.openRound(ctx, c, r)
	if err != nil {
		return Result{}, err
	}
	res := Result{Rush: r, RoundID: round.ID}
	for _, s := range round.Sessions {
		res.SessionIDs = append(res.SessionIDs, s.ID)
	}
	if len(res.SessionIDs) != r.Sessions {
		return res, fmt.Errorf("Runde %d hat %d Termine statt %d", round.ID, len(res.SessionIDs), r.Sessions)
	}
	next := make(chan int)
	latencies := make([]time.Duration, len(w.Staff))
	failed := make([]string, len(w.Staff))
	var wg sync.WaitGroup
	began := time.Now()
	for range r.Clients {
		wg.Go(func() {
			for i := range next {
				p := w.Staff[i]
				path := fmt.Sprintf("/api/v1/sessions/%d/booking", res.SessionIDs[i%len(res.SessionIDs)])
				t0 := time.Now()
				status, body, err := c.send(ctx, p.Token, "POST", path, "", "")
				latencies[i] = time.Since(t0)
				switch {
				case err != nil:
					failed[i] = err.Error()
				case status != 201:
					failed[i] = fmt.Sprintf("Status %d: %.200s", status, body)
				}
			}
		})
	}
	for i := range w.Staff {
		next <- i
	}
	close(next)
	wg.Wait()
	res.Elapsed = time.Since(began)
	for _, f := range failed {
		if f == "" {
			res.Booked++
		} else if res.Failed++; res.FirstErr == "" {
			res.FirstErr = f
		}
	}
	slices.Sort(latencies)
	res.P50, res.P99 = percentile(latencies, 50), percentile(latencies, 99)
	return res, nil
}

// percentile is the nearest-rank percentile of sorted durations.
func percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	k := (len(sorted)*p + 99) / 100
	return sorted[max(k, 1)-1]
}
