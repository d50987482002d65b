package http_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// BenchmarkEvidenceFeed streams a municipality's whole feed through the
// HTTP API, 10,000 records a page, with about 100,000 and 1,000,000
// attendance records (1,000 sessions × 101 or 1,001 people), and reports
// records per second and the peak heap in use while it runs; flat memory
// shows as the same peak for both sizes. publish-s is the first refresh,
// which derives and stores every record. Run:
//
//	go test ./internal/http/ -run '^$' -bench EvidenceFeed -benchtime 1x -timeout 60m
func BenchmarkEvidenceFeed(b *testing.B) {
	if testing.Short() {
		b.Skip("a million records: not with -short")
	}
	for _, dialect := range []struct {
		name string
		open func(testing.TB) *store.DB
	}{{"sqlite", storetest.OpenSQLite}, {"postgres", storetest.OpenPostgres}} {
		for _, size := range []struct {
			name     string
			perDepot int
		}{{"100k", 50}, {"1M", 500}} {
			b.Run(dialect.name+"/"+size.name, func(b *testing.B) {
				benchmarkEvidenceFeed(b, dialect.open(b), size.perDepot)
			})
		}
	}
}

func benchmarkEvidenceFeed(b *testing.B, db *store.DB, staffPerDepartment int) {
	ctx := context.Background()
	h := newHarness(b, db)
	w := storetest.NewNeighbours(b, db, storetest.NeighbourOptions{StaffPerDepartment: staffPerDepartment, Sessions: 1000, Capacity: 5000})
	town := w.Municipalities[0]
	attended := storetest.AttendEveryone(b, db, w, town.ID)
	analyze(b, db)
	token, _, err := db.CreateEvidenceToken(ctx, wachsam.UserActor(w.Coordinators[town.ID]), town.ID, "Benchmark")
	if err != nil {
		b.Fatal(err)
	}

	peak := watchHeap()
	start, cpu := time.Now(), processCPU()
	if _, err := db.RefreshEvidence(ctx, town.ID); err != nil {
		b.Fatal(err)
	}
	publish, publishCPU, publishPeak := time.Since(start).Seconds(), processCPU()-cpu, peak()
	analyze(b, db)

	peak = watchHeap()
	records := 0
	b.ResetTimer()
	cpu = processCPU()
	for range b.N {
		records += pullWholeFeed(b, h, token)
	}
	streamCPU := processCPU() - cpu
	b.StopTimer()
	if records < attended*b.N {
		b.Fatalf("%d records streamed, want at least %d", records, attended*b.N)
	}
	b.ReportMetric(publish, "publish-s")
	b.ReportMetric(publishPeak/(1<<20), "publish-peak-heap-MB")
	b.ReportMetric(float64(records)/b.Elapsed().Seconds(), "records/s")
	b.ReportMetric(peak()/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(attended), "attendance-records")
	// CPU seconds of this process (server and client; not PostgreSQL's):
	// on a shared machine the wall-clock figures follow the load, these
	// much less.
	b.ReportMetric(publishCPU, "publish-cpu-s")
	b.ReportMetric(streamCPU/float64(b.N), "stream-cpu-s")
}

// processCPU is the user and system CPU time of this process in seconds.
func processCPU() float64 {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano()).Seconds()
}

// analyze gives PostgreSQL's planner the statistics autovacuum would
// gather within a minute of a bulk load; without them it scans the million
// rows the benchmark inserted in one go for every page.
func analyze(b *testing.B, db *store.DB) {
	if db.Dialect != store.Postgres {
		return
	}
	if _, err := db.ExecContext(context.Background(), "ANALYZE"); err != nil {
		b.Fatal(err)
	}
}

// pullWholeFeed pages through the feed as an importer does, but throws
// the records away as they arrive, and returns how many there were.
func pullWholeFeed(b *testing.B, h *harness, token string) int {
	cursor, total := "", 0
	for {
		req, _ := http.NewRequest(http.MethodGet, fmt.Sprintf("%s/api/v1/evidence?limit=10000&since=%s", h.srv.URL, cursor), nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		counter := &recordCounter{}
		_, err = io.Copy(counter, resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			b.Fatalf("page: status %d, %v", resp.StatusCode, err)
		}
		var trailer struct {
			NextCursor string `json:"next_cursor"`
			HasMore    bool   `json:"has_more"`
		}
		tail := counter.tail[bytes.LastIndex(counter.tail, []byte(`],"next_cursor"`))+1:]
		if err := json.Unmarshal(append([]byte("{"), tail[1:]...), &trailer); err != nil {
			b.Fatalf("page trailer %q: %v", tail, err)
		}
		total += counter.records
		if !trailer.HasMore {
			return total
		}
		cursor = trailer.NextCursor
	}
}

// recordCounter counts the records of a page as they stream past and
// keeps the last bytes, where the cursor is.
type recordCounter struct {
	records int
	tail    []byte
}

var recordMark = []byte(`{"record_id":`)

func (c *recordCounter) Write(p []byte) (int, error) {
	joined := append(c.tail, p...)
	c.records += bytes.Count(joined, recordMark) - bytes.Count(c.tail, recordMark)
	keep := min(len(joined), 512)
	c.tail = append([]byte(nil), joined[len(joined)-keep:]...)
	return len(p), nil
}

// watchHeap samples the heap in use until the returned function is
// called, which returns the highest sample in bytes.
func watchHeap() func() float64 {
	var (
		mu   sync.Mutex
		peak uint64
		done = make(chan struct{})
		wg   sync.WaitGroup
	)
	runtime.GC()
	sample := func() {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		mu.Lock()
		peak = max(peak, m.HeapInuse)
		mu.Unlock()
	}
	wg.Go(func() {
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			sample()
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	})
	return func() float64 {
		close(done)
		wg.Wait()
		sample()
		return float64(peak)
	}
}
