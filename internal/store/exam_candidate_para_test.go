package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// candRetakeDay is the ISM retake, announced on 26.10.2026.
func candRetakeDay() wachsam.Date { return wachsam.MustDate("2026-11-30") }

// candFailISMTwice lets candidate i fail ISM at the first attempt (result
// announced 23.10.2026) and at the retake on 30.11.2026 (result announced
// on Friday 04.12.2026). The hardship cut-off of §6(3) would end on Friday
// 01.01.2027, New Year's Day, and ends on Monday 04.01.2027 (§193 BGB).
// The retake date is announced once per academy (announce).
func candFailISMTwice(t *testing.T, db *store.DB, a *storetest.Academy, clock *storetest.FixedClock, i int, announce bool) {
	t.Helper()
	candAt(t, clock, "2026-11-22", 10, 0)
	a.SatBoth(t, db, i, exam.Grade50, exam.Grade50, exam.Grade20)
	a.Record(t, db, i, exam.Fact{Type: exam.FactResultAnnounced, Date: wachsam.MustDate("2026-10-23"), Component: "ISM", ExamDate: storetest.ISMExamDay})
	if announce {
		if err := db.AnnounceExamDate(context.Background(), wachsam.SystemActor("test"), &exam.ExamDate{
			ComponentID: a.ISM.ID, ExamDay: candRetakeDay(), AnnouncedOn: wachsam.MustDate("2026-10-26"), EnteredReason: "Aushang im Seminar", Place: "Ulm, Raum 2"}); err != nil {
			t.Fatal(err)
		}
	}
	a.Record(t, db, i,
		exam.Fact{Type: exam.FactFeePaid, Date: wachsam.MustDate("2026-10-27"), Fee: "retake", Component: "ISM"},
		exam.Fact{Type: exam.FactRegistered, Date: wachsam.MustDate("2026-10-27"), Component: "ISM", ExamDate: candRetakeDay()})
	candAt(t, clock, "2026-12-04", 10, 0)
	a.Record(t, db, i,
		exam.Fact{Type: exam.FactAttemptGraded, Date: wachsam.MustDate("2026-12-03"), Component: "ISM", ExamDate: candRetakeDay(),
			Grades: []exam.PartGrade{{Part: "ISM-K", Grade: exam.Grade50}, {Part: "ISM-F", Grade: exam.Grade50}}},
		exam.Fact{Type: exam.FactResultAnnounced, Date: wachsam.MustDate("2026-12-04"), Component: "ISM", ExamDate: candRetakeDay()})
}

func candHardship() exam.CandidateApplication {
	return exam.CandidateApplication{Action: exam.ApplyHardship, Component: "ISM", Text: "Ich habe meine Mutter gepflegt.",
		Uploads: []exam.CandidateUpload{{Filename: "bescheinigung.pdf", Content: candPDF()}}}
}

// §6(3): an application on the last day, Monday 04.01.2027, goes before
// the board with its evidence.
func TestPara6_3_HardshipLastDayAccepted(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		a, clock := academyAt(t, db)
		candFailISMTwice(t, db, a, clock, 0, true)
		candAt(t, clock, "2027-01-04", 23, 59)
		rc, err := candApply(db, a, 0, candHardship())
		if err != nil {
			t.Fatal(err)
		}
		if rc.Late || rc.CaseID == 0 || rc.Documents != 1 {
			t.Fatalf("receipt %+v", rc)
		}
		if motion, app, _ := candCase(t, db, rc.CaseID); motion != string(exam.MotionApproveHardshipRetake) || app != rc.FactID {
			t.Fatalf("case %s for fact %d", motion, app)
		}
		s, err := db.ExamState(context.Background(), a.Candidates[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if !candHasAction(s.BoardMay, "decide_hardship") {
			t.Errorf("board may %+v", s.BoardMay)
		}
	})
}

// §6(3): on Tuesday 05.01.2027 the cut-off has passed: the application is
// recorded and rejected as out of time, and nothing goes to the board.
func TestPara6_3_HardshipDayAfterRefused(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		a, clock := academyAt(t, db)
		candFailISMTwice(t, db, a, clock, 0, true)
		candAt(t, clock, "2027-01-05", 0, 0)
		v, err := db.CandidateFile(context.Background(), a.Users[0].ID, a.Candidates[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if act, ok := v.Action(exam.ApplyHardship, "ISM", wachsam.Date{}); !ok || !act.Late {
			t.Fatalf("the late application is not offered as late: %+v", v.Actions)
		}
		cases := countRows(t, db, "exam_cases")
		rc, err := candApply(db, a, 0, candHardship())
		if err != nil {
			t.Fatal(err)
		}
		if !rc.Late || rc.CaseID != 0 || rc.Refusal == nil || rc.Refusal.Paragraph != "§6(3)" || !strings.Contains(rc.Refusal.Reason, "04.01.2027") {
			t.Fatalf("receipt %+v", rc)
		}
		if countRows(t, db, "exam_cases") != cases {
			t.Fatal("a late application went before the board")
		}
		s, _ := db.ExamState(context.Background(), a.Candidates[0].ID)
		if candHasAction(s.BoardMay, "decide_hardship") || s.Overall.Status != exam.OverallFailedFinally {
			t.Fatalf("board may %+v, overall %s", s.BoardMay, s.Overall.Status)
		}
	})
}

// A hardship application where none is possible (ISM failed once) is not
// recorded at all: the refusal names the §, nothing is written.
func TestPara6_3_HardshipWithoutFailedRetakeIsRefused(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		a, _ := academyAt(t, db)
		a.SatBoth(t, db, 0, exam.Grade50, exam.Grade50, exam.Grade20)
		a.Record(t, db, 0, exam.Fact{Type: exam.FactResultAnnounced, Date: wachsam.MustDate("2026-10-23"), Component: "ISM", ExamDate: storetest.ISMExamDay})
		before := candCounts(t, db)
		_, err := candApply(db, a, 0, candHardship())
		if wachsam.ErrorCodeOf(err) != wachsam.ECONFLICT || !strings.Contains(wachsam.ErrorMessageOf(err), "§6(3)") {
			t.Fatalf("err = %v", err)
		}
		candUnchanged(t, db, before)
	})
}

func candHasAction(as []exam.Action, action string) bool {
	for _, a := range as {
		if a.Action == action {
			return true
		}
	}
	return false
}

// candPassed lets candidate i pass both components; the RECHT result is
// announced on Friday 23.10.2026, so inspection may be requested until
// Friday 20.11.2026 (§12(2)).
func candPassed(t *testing.T, db *store.DB, a *storetest.Academy, i int) {
	a.SatBoth(t, db, i, exam.Grade17, exam.Grade23, exam.Grade13)
	a.Record(t, db, i, exam.Fact{Type: exam.FactResultAnnounced, Date: wachsam.MustDate("2026-10-23"), Component: "RECHT", ExamDate: storetest.RechtExamDay})
}

func candInspection() exam.CandidateApplication {
	return exam.CandidateApplication{Action: exam.ApplyInspection, Component: "RECHT", ExamDate: storetest.RechtExamDay}
}

func TestPara12_2_InspectionLastDayAccepted(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		a, clock := academyAt(t, db)
		candPassed(t, db, a, 0)
		candAt(t, clock, "2026-11-20", 23, 59)
		rc, err := candApply(db, a, 0, candInspection())
		if err != nil {
			t.Fatal(err)
		}
		if rc.Late || rc.CaseID != 0 {
			t.Fatalf("receipt %+v", rc)
		}
		s, _ := db.ExamState(context.Background(), a.Candidates[0].ID)
		if got := s.Components[1].Attempts[0].InspectionOn; got != wachsam.MustDate("2026-11-20") {
			t.Fatalf("inspection requested on %v", got)
		}
	})
}

func TestPara12_2_InspectionDayAfterRefused(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		a, clock := academyAt(t, db)
		candPassed(t, db, a, 0)
		candAt(t, clock, "2026-11-21", 0, 0)
		before := candCounts(t, db)
		_, err := candApply(db, a, 0, candInspection())
		if wachsam.ErrorCodeOf(err) != wachsam.ECONFLICT || !strings.Contains(wachsam.ErrorMessageOf(err), "§12(2)") ||
			!strings.Contains(wachsam.ErrorMessageOf(err), "20.11.2026") {
			t.Fatalf("err = %v", err)
		}
		candUnchanged(t, db, before)
	})
}

// §7(2): an application for an extension goes before the board with the
// day asked for; while it is pending, a second one is refused.
func TestPara7_2_ExtensionOpensACase(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		a, _ := academyAt(t, db)
		app := exam.CandidateApplication{Action: exam.ApplyExtension, Until: wachsam.MustDate("2027-12-10"), Text: "Elternzeit"}
		before := candCounts(t, db)
		// The entitlement ends on Friday 10.09.2027: the day asked for must lie after it.
		_, err := candApply(db, a, 0, exam.CandidateApplication{Action: exam.ApplyExtension, Until: wachsam.MustDate("2027-09-10"), Text: "Elternzeit"})
		if e, ok := err.(*wachsam.Error); !ok || e.Field != "until" || !strings.Contains(e.Message, "10.09.2027") {
			t.Fatalf("err = %v", err)
		}
		candUnchanged(t, db, before)
		rc, err := candApply(db, a, 0, app)
		if err != nil {
			t.Fatal(err)
		}
		motion, _, detail := candCase(t, db, rc.CaseID)
		if motion != string(exam.MotionExtendEntitlement) || !strings.Contains(detail, `"until":"2027-12-10"`) {
			t.Fatalf("case %s %s", motion, detail)
		}
		before = candCounts(t, db)
		_, err = candApply(db, a, 0, app)
		if wachsam.ErrorCodeOf(err) != wachsam.ECONFLICT || !strings.Contains(wachsam.ErrorMessageOf(err), "§7(2)") {
			t.Fatalf("second application: %v", err)
		}
		candUnchanged(t, db, before)
	})
}
