package store_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/wachsam/wachsam/exam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// The office's list loads every file of the seminar at once; each row must
// be what the candidate's own file says, facts of the others never mixed in.
func TestExamFilesLoadedTogetherEqualEachAlone(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		a, _ := academyAt(t, db)
		a.SatBoth(t, db, 0, exam.Grade17, exam.Grade23, exam.Grade13)
		a.SatBoth(t, db, 2, exam.Grade50, exam.Grade50, exam.Grade20)
		ctx := context.Background()
		rows, err := db.OfficeCandidates(ctx, a.Seminar.ID)
		if err != nil || len(rows) != 3 {
			t.Fatalf("rows %d, %v", len(rows), err)
		}
		for i, row := range rows {
			alone, err := db.ExamState(ctx, a.Candidates[i].ID)
			if err != nil {
				t.Fatal(err)
			}
			if row.Overall != alone.Overall || !reflect.DeepEqual(row.Admission, alone.Admission) {
				t.Errorf("candidate %d: together %+v, alone %+v", i, row.Overall, alone.Overall)
			}
		}
		if rows[0].Overall.Status != exam.OverallPassed || rows[1].Overall.Status != exam.OverallInProgress {
			t.Errorf("overall: %s, %s", rows[0].Overall.Status, rows[1].Overall.Status)
		}
	})
}
