package http_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// BenchmarkStaffExport downloads a town's staff list of 5,000 and 50,000
// people (on SQLite also 200,000) through GET /api/v1/staff as XLSX and,
// as the reference in the same run, as plain CSV, and reports the seconds
// per download and the peak heap in use while it runs. Run:
//
//	WACHSAM_TEST_POSTGRES_URL=... go test ./internal/http/ -run '^$' -bench StaffExport -benchtime 1x -timeout 30m
func BenchmarkStaffExport(b *testing.B) {
	for _, dialect := range []struct {
		name  string
		open  func(testing.TB) *store.DB
		sizes []int
	}{{"sqlite", storetest.OpenSQLite, []int{5000, 50000, 200000}}, {"postgres", storetest.OpenPostgres, []int{5000, 50000}}} {
		for _, size := range dialect.sizes {
			b.Run(fmt.Sprintf("%s/%d", dialect.name, size), func(b *testing.B) {
				benchmarkStaffExport(b, dialect.open(b), size)
			})
		}
	}
}

func benchmarkStaffExport(b *testing.B, db *store.DB, size int) {
	h := newHarness(b, db)
	w := h.neighbours(storetest.NeighbourOptions{StaffPerDepartment: 1})
	town := w.Municipalities[0]
	rows := make([]courses.StaffRow, size)
	for i := range rows {
		rows[i] = courses.StaffRow{Line: i + 2, Name: fmt.Sprintf("Person %06d", i), Email: fmt.Sprintf("p%06d@lindenbach.example", i),
			Department: fmt.Sprintf("Abteilung %d", i%20), StaffNumber: fmt.Sprintf("%06d", i)}
	}
	if _, err := db.ImportStaff(context.Background(), wachsam.SystemActor("benchmark"), town.ID, rows); err != nil {
		b.Fatal(err)
	}
	rows = nil // not part of what the export holds
	analyze(b, db)
	coordinator := coordinatorOf(h, w, 0)
	want := size + len(w.Staff[town.ID])

	b.ResetTimer()
	for range b.N {
		for _, format := range []string{"xlsx", "csv"} {
			peak := watchHeap()
			start := time.Now()
			bytes := download(b, coordinator, "/api/v1/staff?format="+format)
			b.ReportMetric(time.Since(start).Seconds(), format+"-s")
			b.ReportMetric(peak()/(1<<20), format+"-peak-heap-MB")
			b.ReportMetric(float64(bytes)/(1<<20), format+"-MB")
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(want), "rows")
	// The row count is checked once outside the timing: the CSV has a line
	// per person and one header.
	if lines := countCSVLines(b, coordinator); lines != want+1 {
		b.Fatalf("CSV has %d lines, want %d", lines, want+1)
	}
}

// download reads a file through the API and throws it away as it comes.
func download(b *testing.B, br *browser, path string) int64 {
	req, _ := http.NewRequest(http.MethodGet, br.h.srv.URL+path, nil)
	resp, err := br.client.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		b.Fatalf("%s: status %d, %v", path, resp.StatusCode, err)
	}
	return n
}

func countCSVLines(b *testing.B, br *browser) int {
	r := br.get("/api/v1/staff?format=csv")
	n := 0
	for i := 0; i < len(r.body); i++ {
		if r.body[i] == '\n' {
			n++
		}
	}
	return n
}
