package demo_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/wachsam/wachsam/exam"
	"github.com/wachsam/wachsam/internal/demo"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// The demo's exam is in the states the README promises, on any day it is
// started: Paula passed ISM and failed RECHT with deadlines running, Kai
// passed and may get his certificate, Lena's reasons for missing an exam
// wait for the board.
func TestDemoAcademyStates(t *testing.T) {
	for _, now := range []time.Time{time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC), time.Date(2027, 3, 1, 23, 30, 0, 0, time.UTC)} {
		t.Run(now.Format("2006-01-02"), func(t *testing.T) {
			storetest.Dialects(t, func(t *testing.T, db *store.DB) {
				db.Now = func() time.Time { return now }
				if _, _, err := demo.Load(context.Background(), db, "not-a-hash", now); err != nil {
					t.Fatal(err)
				}
				seminars, err := db.ExamSeminars(context.Background())
				if err != nil || len(seminars) == 0 {
					t.Fatalf("seminars %v, %v", seminars, err)
				}
				cands, err := db.ExamCandidates(context.Background(), seminars[0].ID)
				if err != nil || len(cands) != 3 {
					t.Fatalf("candidates %v, %v", cands, err)
				}
				want := []exam.OverallStatus{exam.OverallInProgress, exam.OverallPassed, exam.OverallInProgress}
				for i, c := range cands {
					s, err := db.ExamState(context.Background(), c.ID)
					if err != nil {
						t.Fatal(err)
					}
					if len(s.Refused) > 0 || s.Overall.Status != want[i] || !s.Admission.Granted {
						t.Errorf("%s: overall %s, refused %+v", c.Name, s.Overall.Status, s.Refused)
					}
					decideReasons := slices.ContainsFunc(s.BoardMay, func(a exam.Action) bool { return a.Action == "decide_reasons" })
					if decideReasons != (i == 2) {
						t.Errorf("%s: board may %+v", c.Name, s.BoardMay)
					}
				}
			})
		})
	}
}
