package jobs_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/wachsam/wachsam/exam"
	"github.com/wachsam/wachsam/internal/jobs"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// retentionWorld is the academy of seeds/004 with candidate 0's exam
// passed (last performance 13.10.2026) and two written papers stored;
// every instance reads the same clock.
func retentionWorld(t *testing.T, dbs []*store.DB) *storetest.FixedClock {
	t.Helper()
	clock := storetest.NewClock(time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC))
	for _, db := range dbs {
		db.Now = clock.Now
	}
	a := storetest.NewAcademy(t, dbs[0], "")
	a.SatBoth(t, dbs[0], 0, exam.Grade17, exam.Grade23, exam.Grade13)
	for _, name := range []string{"klausur.pdf", "fallstudie.pdf"} {
		_, err := dbs[0].NewRaw(`INSERT INTO exam_documents (candidate_id, kind, filename, content_type, size_bytes, sha256, content, uploaded_at)
			VALUES (?, 'paper', ?, 'application/pdf', 9, 'abcdefabcdefabcdefabcdefabcdefabcdefabcdefabcdefabcdefabcdefabcd', ?, ?)`,
			a.Candidates[0].ID, name, []byte("%PDF-1.4\n"), clock.Now()).Exec(context.Background())
		if err != nil {
			t.Fatal(err)
		}
	}
	return clock
}

func newRetention(t *testing.T, db *store.DB, logs *logBuffer) *jobs.Retention {
	t.Helper()
	r, err := jobs.NewRetention(db, nil, logs.logger())
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func papersDeletedFacts(t *testing.T, db *store.DB) int {
	t.Helper()
	n, err := db.NewSelect().Table("exam_facts").Where("type = ?", exam.FactPapersDeleted).Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

// TestPara12_1_RetentionJobLastDayKeepsPapers: on 13.10.2028, the last
// day of the two years, the run deletes nothing.
func TestPara12_1_RetentionJobLastDayKeepsPapers(t *testing.T) {
	instances(t, 1, func(t *testing.T, dbs []*store.DB) {
		clock := retentionWorld(t, dbs)
		clock.Set(time.Date(2028, 10, 13, 21, 59, 0, 0, time.UTC)) // 23:59 in Ulm
		n, err := newRetention(t, dbs[0], &logBuffer{}).Run(context.Background(), clock.Now())
		if err != nil || n != 0 || papersDeletedFacts(t, dbs[0]) != 0 {
			t.Fatalf("last day: deleted %d, %v", n, err)
		}
	})
}

// TestPara12_1_RetentionJobDayAfterDeletesOnceOnSeveralInstances: on
// 14.10.2028 two instances run at once; the papers are deleted once, with
// one papers_deleted fact, and a later run on the same day does nothing.
func TestPara12_1_RetentionJobDayAfterDeletesOnceOnSeveralInstances(t *testing.T) {
	instances(t, 2, func(t *testing.T, dbs []*store.DB) {
		clock := retentionWorld(t, dbs)
		clock.Set(time.Date(2028, 10, 13, 22, 0, 0, 0, time.UTC)) // 00:00 on the 14th in Ulm
		logs := &logBuffer{}
		runs := []*jobs.Retention{newRetention(t, dbs[0], logs), newRetention(t, dbs[1], logs)}
		deleted := make([]int, len(runs))
		var wg sync.WaitGroup
		for i, r := range runs {
			wg.Go(func() {
				n, err := r.Run(context.Background(), clock.Now())
				if err != nil {
					t.Errorf("instance %d: %v", i, err)
				}
				deleted[i] = n
			})
		}
		wg.Wait()
		if deleted[0]+deleted[1] != 2 || papersDeletedFacts(t, dbs[0]) != 1 {
			t.Fatalf("deleted %v files, %d facts; want 2 files and one fact", deleted, papersDeletedFacts(t, dbs[0]))
		}
		for _, r := range runs {
			if n, err := r.Run(context.Background(), clock.Now().Add(time.Hour)); err != nil || n != 0 {
				t.Errorf("again the same day: %d, %v", n, err)
			}
		}
		clock.Advance(24 * time.Hour)
		if n, err := runs[0].Run(context.Background(), clock.Now()); err != nil || n != 0 || papersDeletedFacts(t, dbs[0]) != 1 {
			t.Errorf("next day: %d, %v", n, err)
		}
	})
}
