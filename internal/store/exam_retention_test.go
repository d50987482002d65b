package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// The academy's last exam performance is RECHT on 13.10.2026; two years
// later (§12(1), §188(2) BGB) the retention period ends on Friday
// 13.10.2028, a working day, so §193 BGB moves nothing.
var (
	retentionLastDay  = wachsam.MustDate("2028-10-13")
	retentionDayAfter = wachsam.MustDate("2028-10-14")
)

var retentionActor = wachsam.SystemActor("Aufbewahrung")

// retentionPapers gives candidate i a passed exam and stores the scans of the
// two written papers and a medical certificate, which §12(1) does not
// concern. The upload belongs to the examiners' pages; the test writes
// the rows as they would.
func retentionPapers(t *testing.T, db *store.DB, a *storetest.Academy, i int) {
	t.Helper()
	a.SatBoth(t, db, i, exam.Grade17, exam.Grade23, exam.Grade13)
	for _, d := range []struct{ kind, name string }{{"paper", "klausur-ism.pdf"}, {"paper", "recht.pdf"}, {"medical_certificate", "attest.pdf"}} {
		_, err := db.NewRaw(`INSERT INTO exam_documents (candidate_id, kind, filename, content_type, size_bytes, sha256, content, uploaded_at)
			VALUES (?, ?, ?, 'application/pdf', 9, '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', ?, ?)`,
			a.Candidates[i].ID, d.kind, d.name, []byte("%PDF-1.4\n"), time.Date(2026, 10, 20, 9, 0, 0, 0, time.UTC)).Exec(context.Background())
		if err != nil {
			t.Fatal(err)
		}
	}
}

// retentionPaperCount counts a candidate's paper rows: all of them, and those whose
// content is gone with deleted_at set.
func retentionPaperCount(t *testing.T, db *store.DB, candidateID int64) (all, deleted int) {
	t.Helper()
	ctx := context.Background()
	n, err := db.NewSelect().Table("exam_documents").Where("candidate_id = ? AND kind = 'paper'", candidateID).Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	d, err := db.NewSelect().Table("exam_documents").Where("candidate_id = ? AND kind = 'paper' AND content IS NULL AND deleted_at IS NOT NULL", candidateID).Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return int(n), int(d)
}

// retentionAt sets the clock to noon of a legal day.
func retentionAt(clock *storetest.FixedClock, d wachsam.Date) {
	clock.Set(time.Date(d.Year, d.Month, d.Day, 11, 0, 0, 0, time.UTC))
}

// TestPara12_1_RetentionLastDayKeepsPapers: on the last day of the two
// years nothing is deleted, and package exam still refuses the fact.
func TestPara12_1_RetentionLastDayKeepsPapers(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a, clock := academyAt(t, db)
		retentionPapers(t, db, a, 0)
		retentionAt(clock, retentionLastDay)
		s, err := db.ExamState(ctx, a.Candidates[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range s.Deadlines {
			if d.Kind == exam.Retention && d.LastDay != retentionLastDay {
				t.Fatalf("package exam ends retention on %s, the test assumes %s", d.LastDay, retentionLastDay)
			}
		}
		audits := countRows(t, db, "audit_entries")
		n, err := db.DeleteExpiredPapers(ctx, retentionActor, a.Candidates[0].ID)
		if err != nil || n != 0 {
			t.Fatalf("last day: deleted %d, %v", n, err)
		}
		if all, deleted := retentionPaperCount(t, db, a.Candidates[0].ID); all != 2 || deleted != 0 {
			t.Errorf("papers %d, deleted %d", all, deleted)
		}
		if got := countRows(t, db, "audit_entries"); got != audits {
			t.Errorf("audit entries %d, before %d", got, audits)
		}
	})
}

// TestPara12_1_RetentionDayAfterDeletesPapers: the day after, the scans
// are cleared, the rows stay with deleted_at, the papers_deleted fact is
// recorded by the retention actor, the audit names the files, and the
// medical certificate is untouched.
func TestPara12_1_RetentionDayAfterDeletesPapers(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a, clock := academyAt(t, db)
		retentionPapers(t, db, a, 0)
		retentionPapers(t, db, a, 1)
		retentionAt(clock, retentionDayAfter)
		ids, err := db.CandidatesWithPapers(ctx)
		if err != nil || len(ids) != 2 {
			t.Fatalf("candidates with papers: %v, %v", ids, err)
		}
		n, err := db.DeleteExpiredPapers(ctx, retentionActor, a.Candidates[0].ID)
		if err != nil || n != 2 {
			t.Fatalf("day after: deleted %d, %v", n, err)
		}
		if all, deleted := retentionPaperCount(t, db, a.Candidates[0].ID); all != 2 || deleted != 2 {
			t.Errorf("papers %d, deleted %d", all, deleted)
		}
		if _, deleted := retentionPaperCount(t, db, a.Candidates[1].ID); deleted != 0 {
			t.Errorf("another candidate's papers deleted: %d", deleted)
		}
		live, err := db.NewSelect().Table("exam_documents").Where("kind = 'medical_certificate' AND content IS NOT NULL AND deleted_at IS NULL").Count(ctx)
		if err != nil || live != 2 {
			t.Errorf("medical certificates kept: %d, %v", live, err)
		}
		s, err := db.ExamState(ctx, a.Candidates[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, act := range s.BoardMay {
			if act.Action == "delete_papers" {
				t.Errorf("delete_papers still open after deletion")
			}
		}
		var facts []struct {
			Type       string `bun:"type"`
			RecordedBy *int64 `bun:"recorded_by"`
		}
		if err := db.NewSelect().Table("exam_facts").Column("type", "recorded_by").Where("candidate_id = ? AND type = ?", a.Candidates[0].ID, exam.FactPapersDeleted).Scan(ctx, &facts); err != nil || len(facts) != 1 || facts[0].RecordedBy != nil {
			t.Fatalf("papers_deleted facts: %+v, %v", facts, err)
		}
		var entries []wachsam.AuditEntry
		if err := db.NewSelect().Model(&entries).Where("action = 'exam_document.retention_delete'").Scan(ctx); err != nil || len(entries) != 1 {
			t.Fatalf("audit: %+v, %v", entries, err)
		}
		e := entries[0]
		if e.Actor != "Aufbewahrung" || !strings.Contains(e.Detail, "klausur-ism.pdf") || !strings.Contains(e.Detail, "recht.pdf") || strings.Contains(e.Detail, "attest.pdf") {
			t.Errorf("audit entry %+v", e)
		}
	})
}

// TestPara12_1_RetentionRunningTwiceDeletesOnce: a second run (another
// instance, or the next day) finds nothing to do and writes nothing.
func TestPara12_1_RetentionRunningTwiceDeletesOnce(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a, clock := academyAt(t, db)
		retentionPapers(t, db, a, 0)
		retentionAt(clock, retentionDayAfter)
		if n, err := db.DeleteExpiredPapers(ctx, retentionActor, a.Candidates[0].ID); err != nil || n != 2 {
			t.Fatalf("first run: %d, %v", n, err)
		}
		facts, audits := countRows(t, db, "exam_facts"), countRows(t, db, "audit_entries")
		for range 2 {
			if n, err := db.DeleteExpiredPapers(ctx, retentionActor, a.Candidates[0].ID); err != nil || n != 0 {
				t.Fatalf("again: %d, %v", n, err)
			}
			clock.Advance(24 * time.Hour)
		}
		if countRows(t, db, "exam_facts") != facts || countRows(t, db, "audit_entries") != audits {
			t.Errorf("a second run wrote facts or audit entries")
		}
		if ids, err := db.CandidatesWithPapers(ctx); err != nil || len(ids) != 0 {
			t.Errorf("candidates with papers after deletion: %v, %v", ids, err)
		}
	})
}
