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

func academyAt(t *testing.T, db *store.DB) (*storetest.Academy, *storetest.FixedClock) {
	t.Helper()
	clock := storetest.NewClock(time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC))
	db.Now = clock.Now
	return storetest.NewAcademy(t, db, ""), clock
}

// The stored file folds into the state package exam computes: both
// components passed, overall grade by §5(5).
func TestExamFileFoldsStoredFacts(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		a, _ := academyAt(t, db)
		s := a.SatBoth(t, db, 0, exam.Grade17, exam.Grade23, exam.Grade13)
		if !s.Admission.Granted {
			t.Fatalf("admission: %+v", s.Admission)
		}
		if got := s.Components[0].Grade; got != "1,9" {
			t.Errorf("ISM grade = %q, want the exact mean 1,9 (§5(4): only §5(5) rounds, the overall grade)", got)
		}
		if s.Overall.Status != exam.OverallPassed || s.Overall.Grade != "1,7" {
			t.Errorf("overall = %+v", s.Overall)
		}
		again, err := db.ExamState(context.Background(), a.Candidates[0].ID)
		if err != nil || again.Overall.Grade != s.Overall.Grade {
			t.Fatalf("reloaded state %+v, %v", again.Overall, err)
		}
	})
}

// A refused fact is not written and the error names the §.
func TestExamFileRefusesWhatTheRegulationRefuses(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		a, _ := academyAt(t, db)
		ctx := context.Background()
		before := countRows(t, db, "exam_facts")
		_, err := db.RecordExamFact(ctx, wachsam.SystemActor("test"), a.Candidates[0].ID,
			exam.Fact{Type: exam.FactRegistered, Date: wachsam.MustDate("2026-09-15"), Component: "ISM", ExamDate: wachsam.MustDate("2026-10-19")})
		if wachsam.ErrorCodeOf(err) != wachsam.ECONFLICT || !strings.Contains(wachsam.ErrorMessageOf(err), "§3(3)") {
			t.Fatalf("err = %v, want a §3(3) refusal", err)
		}
		if after := countRows(t, db, "exam_facts"); after != before {
			t.Fatalf("facts %d → %d", before, after)
		}
		_, err = db.RecordExamFact(ctx, wachsam.SystemActor("test"), a.Candidates[0].ID,
			exam.Fact{Type: exam.FactFeePaid, Date: wachsam.MustDate("2026-11-23"), Fee: "exam"})
		if wachsam.ErrorCodeOf(err) != wachsam.EINVALID {
			t.Fatalf("a fact dated tomorrow: err = %v", err)
		}
	})
}

// A fact recorded late that would rewrite history is refused: grading
// before a registration is recorded would leave the later grade refused.
func TestExamFileKeepsHistoryConsistent(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		a, _ := academyAt(t, db)
		a.SatBoth(t, db, 1, exam.Grade20, exam.Grade20, exam.Grade20)
		_, err := db.RecordExamFact(context.Background(), wachsam.SystemActor("test"), a.Candidates[1].ID,
			exam.Fact{Type: exam.FactAbsent, Date: ISMDay(), Component: "ISM", ExamDate: ISMDay()})
		if wachsam.ErrorCodeOf(err) != wachsam.ECONFLICT {
			t.Fatalf("err = %v", err)
		}
	})
}

func ISMDay() wachsam.Date { return storetest.ISMExamDay }

func countRows(t *testing.T, db *store.DB, table string) int64 {
	t.Helper()
	n, err := db.NewSelect().Table(table).Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}
