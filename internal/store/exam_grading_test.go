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

// gradingWorld is the academy with the IDs of its two October exam dates.
type gradingWorld struct {
	a     *storetest.Academy
	clock *storetest.FixedClock
	ism   int64 // exam date of ISM, 12.10.2026
	recht int64 // exam date of RECHT, 13.10.2026
}

func newGradingWorld(t *testing.T, db *store.DB) *gradingWorld {
	t.Helper()
	a, clock := academyAt(t, db)
	w := &gradingWorld{a: a, clock: clock}
	dates, err := db.ExamDates(context.Background(), a.Seminar.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dates {
		switch d.ComponentCode {
		case "ISM":
			w.ism = d.ID
		case "RECHT":
			w.recht = d.ID
		}
	}
	return w
}

// register registers candidate i for the October date of a component on 15.09.2026.
func (w *gradingWorld) register(t *testing.T, db *store.DB, i int, component string) {
	t.Helper()
	w.a.Record(t, db, i, exam.Fact{Type: exam.FactRegistered, Date: wachsam.MustDate("2026-09-15"), Component: component, ExamDate: w.a.Dates[component]})
}

func gradingISM(k, f string) []exam.GradeInput {
	return []exam.GradeInput{{Part: "ISM-K", Grade: k}, {Part: "ISM-F", Grade: f}}
}

// gradingCounts are the rows a refused write must leave alone.
func gradingCounts(t *testing.T, db *store.DB) [4]int64 {
	t.Helper()
	return [4]int64{countRows(t, db, "exam_facts"), countRows(t, db, "audit_entries"), countRows(t, db, "mails"), countRows(t, db, "exam_documents")}
}

func gradingRefused(t *testing.T, err error, code wachsam.ErrorCode, text string) {
	t.Helper()
	if wachsam.ErrorCodeOf(err) != code || !strings.Contains(wachsam.ErrorMessageOf(err), text) {
		t.Fatalf("err = %v, want %s containing %q", err, code, text)
	}
}

// §5(4),(5): ISM-K 1,7 (weight 2) and ISM-F 2,3 (weight 1) give the exact
// mean 1,9, which is the component's grade (only §5(5) rounds, and only the
// overall grade); the grade is a fact of the file.
func TestPara5_4_GradingWritesTheFactAndTheStateKeepsTheExactMean(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w := newGradingWorld(t, db)
		w.register(t, db, 0, "ISM")
		examiner := w.a.Examiners[0]
		before := gradingCounts(t, db)
		got, err := db.GradeAttempt(context.Background(), wachsam.UserActor(examiner), examiner.ID, w.ism, w.a.Candidates[0].ID, gradingISM("1,7", "2,3"))
		if err != nil {
			t.Fatal(err)
		}
		if got.Attempt.Mean != "1,9" || got.Attempt.Grade != "1,9" || got.Attempt.Status != "graded" || !got.Graded() {
			t.Fatalf("attempt = %+v", got.Attempt)
		}
		after := gradingCounts(t, db)
		if after[0] != before[0]+1 || after[1] != before[1]+1 {
			t.Fatalf("counts %v → %v: want one fact and one audit entry", before, after)
		}
		s, err := db.ExamState(context.Background(), w.a.Candidates[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if c := s.Components[0]; c.Grade != "1,9" || c.Status != exam.StatusPassed {
			t.Fatalf("ISM in the state: %+v", c)
		}
		if got.GradeRefusal == "" || !strings.Contains(got.GradeRefusal, "§5(2)") {
			t.Fatalf("a second grade would be refused under §5(2), the view says %q", got.GradeRefusal)
		}
		// RECHT is graded as a whole, by its own examiner.
		w.register(t, db, 0, "RECHT")
		roth := w.a.Examiners[1]
		r, err := db.GradeAttempt(context.Background(), wachsam.UserActor(roth), roth.ID, w.recht, w.a.Candidates[0].ID, []exam.GradeInput{{Grade: "1,3"}})
		if err != nil || r.Attempt.Grade != "1,3" {
			t.Fatalf("RECHT: %+v, %v", r, err)
		}
	})
}

// §5(2): only the grades of the scale; every part once; nothing written.
func TestPara5_2_GradesOffTheScaleRefused(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w := newGradingWorld(t, db)
		w.register(t, db, 0, "ISM")
		w.register(t, db, 0, "RECHT")
		ctx, weber := context.Background(), w.a.Examiners[0]
		before := gradingCounts(t, db)
		for _, c := range []struct {
			name  string
			in    []exam.GradeInput
			field string
			text  string
		}{
			{"1,5 is no grade", gradingISM("1,5", "2,3"), "grade_ISM-K", "§5(2)"},
			{"a point", gradingISM("1,7", "2.3"), "grade_ISM-F", "§5(2)"},
			{"4,3", gradingISM("4,3", "2,3"), "grade_ISM-K", "keine Note der Skala"},
			{"empty", gradingISM("", "2,3"), "grade_ISM-K", "Bitte wählen Sie die Note für Klausur (ISM-K)"},
			{"a part missing", []exam.GradeInput{{Part: "ISM-K", Grade: "1,7"}}, "grade_ISM-F", "Fallstudie"},
			{"a part twice", []exam.GradeInput{{Part: "ISM-K", Grade: "1,7"}, {Part: "ISM-K", Grade: "2,0"}}, "grade_ISM-K", "doppelt"},
			{"an unknown part", []exam.GradeInput{{Part: "ISM-X", Grade: "1,7"}}, "grades", "keine Einzelleistung"},
			{"a whole grade for parts", []exam.GradeInput{{Grade: "1,7"}}, "grades", "§5(4)"},
		} {
			_, err := db.GradeAttempt(ctx, wachsam.UserActor(weber), weber.ID, w.ism, w.a.Candidates[0].ID, c.in)
			var de *wachsam.Error
			if !asError(err, &de) || de.Code != wachsam.EINVALID || de.Field != c.field || !strings.Contains(de.Message, c.text) {
				t.Errorf("%s: err = %v, want field %s with %q", c.name, err, c.field, c.text)
			}
		}
		roth := w.a.Examiners[1]
		_, err := db.GradeAttempt(ctx, wachsam.UserActor(roth), roth.ID, w.recht, w.a.Candidates[0].ID, []exam.GradeInput{{Grade: "0,7"}})
		gradingRefused(t, err, wachsam.EINVALID, "§5(2)")
		_, err = db.GradeAttempt(ctx, wachsam.UserActor(roth), roth.ID, w.recht, w.a.Candidates[0].ID, []exam.GradeInput{{Part: "RECHT-A", Grade: "1,0"}})
		gradingRefused(t, err, wachsam.EINVALID, "als Ganzes")
		if after := gradingCounts(t, db); after != before {
			t.Fatalf("counts %v → %v", before, after)
		}
	})
}

// §2(3): no exam performance before the fee is paid — a candidate who
// attended every day and registered but paid nothing cannot be graded.
func TestPara2_3_GradingWithUnpaidFeeRefused(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w := newGradingWorld(t, db)
		ctx, actor := context.Background(), wachsam.SystemActor("test")
		u := &wachsam.User{Email: "dora.dohle@akademie.example", Name: "Dora Dohle", PasswordHash: "x", Roles: []wachsam.Role{wachsam.RoleCandidate}}
		if err := db.CreateUser(ctx, actor, u); err != nil {
			t.Fatal(err)
		}
		c, err := db.AddExamCandidate(ctx, actor, w.a.Seminar.ID, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		w.a.Candidates = append(w.a.Candidates, *c)
		facts := []exam.Fact{{Type: exam.FactOnlineNoticeGiven, Date: wachsam.MustDate("2026-08-20")}}
		for _, d := range storetest.AcademyDays {
			facts = append(facts, exam.Fact{Type: exam.FactSeminarDayAttended, Date: d.Date, CameraConfirmed: d.Online})
		}
		w.a.Record(t, db, 3, facts...)
		w.register(t, db, 3, "ISM")
		weber := w.a.Examiners[0]
		view, err := db.ExaminerAttempt(ctx, weber.ID, w.ism, c.ID)
		if err != nil || !strings.Contains(view.GradeRefusal, "§2(3)") {
			t.Fatalf("the page should say why grading is refused: %+v, %v", view, err)
		}
		before := gradingCounts(t, db)
		_, err = db.GradeAttempt(ctx, wachsam.UserActor(weber), weber.ID, w.ism, c.ID, gradingISM("1,0", "1,0"))
		gradingRefused(t, err, wachsam.ECONFLICT, "(§2(3) der Prüfungsordnung)")
		if after := gradingCounts(t, db); after != before {
			t.Fatalf("counts %v → %v", before, after)
		}
	})
}

// Package exam's other refusals reach the examiner with their §: graded
// twice (§5(2)), absent (§9(1)), graded before the exam day (§5(2)).
func TestPara5_2_GradingRefusalsNameTheParagraph(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w := newGradingWorld(t, db)
		ctx, weber := context.Background(), w.a.Examiners[0]
		grade := func(candidate int, date int64) error {
			_, err := db.GradeAttempt(ctx, wachsam.UserActor(weber), weber.ID, date, w.a.Candidates[candidate].ID, gradingISM("2,0", "2,0"))
			return err
		}
		w.a.SatBoth(t, db, 0, exam.Grade20, exam.Grade20, exam.Grade20)
		gradingRefused(t, grade(0, w.ism), wachsam.ECONFLICT, "ist bereits bewertet. (§5(2) der Prüfungsordnung)")

		w.register(t, db, 1, "ISM")
		w.a.Record(t, db, 1, exam.Fact{Type: exam.FactAbsent, Date: storetest.ISMExamDay, Component: "ISM", ExamDate: storetest.ISMExamDay})
		gradingRefused(t, grade(1, w.ism), wachsam.ECONFLICT, "§9(1)")

		// A date in January 2027, announced today: grading before it is refused.
		jan := exam.ExamDate{ComponentID: w.a.ISM.ID, ExamDay: wachsam.MustDate("2027-01-11"), Place: "Ulm"}
		if err := db.AnnounceExamDate(ctx, wachsam.SystemActor("test"), &jan); err != nil {
			t.Fatal(err)
		}
		w.clock.Advance(time.Minute) // the file orders the facts of a day by the time they were recorded
		w.a.Record(t, db, 2, exam.Fact{Type: exam.FactRegistered, Component: "ISM", ExamDate: jan.ExamDay})
		before := gradingCounts(t, db)
		gradingRefused(t, grade(2, jan.ID), wachsam.ECONFLICT, "nicht vor dem Termin 11.01.2027 bewertet")
		if after := gradingCounts(t, db); after != before {
			t.Fatalf("counts %v → %v", before, after)
		}
	})
}

// §8(2): the examiner excludes a candidate for a breach of order; the
// attempt counts as "nicht bestanden" (5,0). The report is required.
func TestPara8_2_DisorderCountsAsFailed(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w := newGradingWorld(t, db)
		w.register(t, db, 0, "ISM")
		ctx, weber := context.Background(), w.a.Examiners[0]
		before := gradingCounts(t, db)
		_, err := db.RecordDisorder(ctx, wachsam.UserActor(weber), weber.ID, w.ism, w.a.Candidates[0].ID, "  ")
		gradingRefused(t, err, wachsam.EINVALID, "§8(2)")
		if after := gradingCounts(t, db); after != before {
			t.Fatalf("counts %v → %v", before, after)
		}
		got, err := db.RecordDisorder(ctx, wachsam.UserActor(weber), weber.ID, w.ism, w.a.Candidates[0].ID, "Mobiltelefon trotz Ermahnung benutzt")
		if err != nil {
			t.Fatal(err)
		}
		if got.Attempt.Status != "failed" || got.Attempt.Grade != "5,0" || !strings.Contains(got.Attempt.Reason, "§8(2)") || got.Component != exam.StatusFailedRetakePossible {
			t.Fatalf("after disorder: %+v, %s", got.Attempt, got.Component)
		}
		// Graded attempts were sat to the end: an exclusion recorded
		// afterwards would contradict the grade.
		w.a.SatBoth(t, db, 1, exam.Grade20, exam.Grade20, exam.Grade20)
		_, err = db.RecordDisorder(ctx, wachsam.UserActor(weber), weber.ID, w.ism, w.a.Candidates[1].ID, "zu spät gemeldet")
		gradingRefused(t, err, wachsam.ECONFLICT, "§8")
	})
}
