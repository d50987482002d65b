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

// candAt moves the clock to a time of day in Berlin, the legal time.
func candAt(t *testing.T, clock *storetest.FixedClock, day string, hour, minute int) {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	d := wachsam.MustDate(day)
	clock.Set(time.Date(d.Year, d.Month, d.Day, hour, minute, 0, 0, loc))
}

// candApply sends an application as the academy's candidate i.
func candApply(db *store.DB, a *storetest.Academy, i int, app exam.CandidateApplication) (exam.CandidateReceipt, error) {
	return db.CandidateApply(context.Background(), wachsam.UserActor(a.Users[i]), a.Users[i].ID, a.Candidates[i].ID, app)
}

// candPDF is the smallest file that passes for a PDF (content sniffing).
func candPDF() []byte { return []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n") }

// candCounts counts the rows an application may write.
func candCounts(t *testing.T, db *store.DB) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for _, table := range []string{"exam_facts", "exam_cases", "exam_documents", "audit_entries", "mails"} {
		out[table] = countRows(t, db, table)
	}
	return out
}

func candUnchanged(t *testing.T, db *store.DB, before map[string]int64) {
	t.Helper()
	if after := candCounts(t, db); !mapsEqual(before, after) {
		t.Fatalf("rows changed: %v → %v", before, after)
	}
}

func mapsEqual(a, b map[string]int64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// candAbsent registers candidate i for the ISM date of 12.10.2026 and
// records the absence.
func candAbsent(t *testing.T, db *store.DB, a *storetest.Academy, i int) {
	a.Record(t, db, i,
		exam.Fact{Type: exam.FactRegistered, Date: wachsam.MustDate("2026-09-15"), Component: "ISM", ExamDate: storetest.ISMExamDay},
		exam.Fact{Type: exam.FactAbsent, Date: storetest.ISMExamDay, Component: "ISM", ExamDate: storetest.ISMExamDay})
}

func candReasons(illness bool, uploads ...exam.CandidateUpload) exam.CandidateApplication {
	return exam.CandidateApplication{Action: exam.ApplyReasons, Component: "ISM", ExamDate: storetest.ISMExamDay,
		Text: "Ich lag mit Grippe im Bett.", Illness: illness, Uploads: uploads}
}

// candCase reads the motion and the application of a case.
func candCase(t *testing.T, db *store.DB, id int64) (motion string, application int64, detail string) {
	t.Helper()
	err := db.NewSelect().Table("exam_cases").Column("motion", "application_fact_id", "detail").Where("id = ?", id).
		Scan(context.Background(), &motion, &application, &detail)
	if err != nil {
		t.Fatal(err)
	}
	return motion, application, detail
}

// §9(2): absent on Monday 12.10.2026, the cut-off ends on Monday
// 09.11.2026 at 24:00 Berlin time. Reasons at 23:59 are taken and go
// before the board, with the medical certificate.
func TestPara9_2_ReasonsLastDayAccepted(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		a, clock := academyAt(t, db)
		candAbsent(t, db, a, 0)
		candAt(t, clock, "2026-11-09", 23, 59)
		rc, err := candApply(db, a, 0, candReasons(true, exam.CandidateUpload{Filename: "attest.pdf", Content: candPDF()}))
		if err != nil {
			t.Fatal(err)
		}
		if rc.Late || rc.CaseID == 0 || rc.Documents != 1 || rc.Warning != "" || rc.Received != wachsam.MustDate("2026-11-09") {
			t.Fatalf("receipt %+v", rc)
		}
		if motion, app, _ := candCase(t, db, rc.CaseID); motion != string(exam.MotionAcceptReasons) || app != rc.FactID {
			t.Fatalf("case %s for fact %d", motion, app)
		}
		v, err := db.CandidateFile(context.Background(), a.Users[0].ID, a.Candidates[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if got := v.Components[0].Attempts[0].Status; got != "reasons_pending" {
			t.Errorf("attempt %s, want reasons_pending", got)
		}
		if len(v.Documents) != 1 || v.Documents[0].Kind != "medical_certificate" || len(v.Cases) != 1 || v.Cases[0].Status != "open" {
			t.Errorf("documents %+v, cases %+v", v.Documents, v.Cases)
		}
		var subject string
		if err := db.NewSelect().Table("mails").Column("subject").Where("to_address = ?", a.Users[0].Email).Scan(context.Background(), &subject); err != nil ||
			!strings.Contains(subject, "Eingangsbestätigung") {
			t.Errorf("receipt mail %q, %v", subject, err)
		}
	})
}

// §9(2): at 00:00 on Tuesday 10.11.2026 the cut-off has passed. The
// reasons are recorded and rejected as out of time; no case is opened.
func TestPara9_2_ReasonsDayAfterRefused(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		a, clock := academyAt(t, db)
		candAbsent(t, db, a, 1)
		candAt(t, clock, "2026-11-10", 0, 0)
		cases, facts := countRows(t, db, "exam_cases"), countRows(t, db, "exam_facts")
		rc, err := candApply(db, a, 1, candReasons(true, exam.CandidateUpload{Filename: "attest.pdf", Content: candPDF()}))
		if err != nil {
			t.Fatal(err)
		}
		if !rc.Late || rc.CaseID != 0 || rc.Refusal == nil || rc.Refusal.Paragraph != "§9(2)" || !strings.Contains(rc.Refusal.Reason, "09.11.2026") {
			t.Fatalf("receipt %+v", rc)
		}
		if countRows(t, db, "exam_cases") != cases || countRows(t, db, "exam_facts") != facts+1 {
			t.Fatal("want the reasons recorded and no case")
		}
		v, err := db.CandidateFile(context.Background(), a.Users[1].ID, a.Candidates[1].ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Rejected) != 1 || v.Rejected[0].Paragraph != "§9(2)" {
			t.Errorf("rejected %+v", v.Rejected)
		}
		if _, ok := v.Action(exam.ApplyReasons, "ISM", storetest.ISMExamDay); ok {
			t.Error("late reasons are still offered after one was recorded")
		}
	})
}

// §9(2): illness without a certificate may be sent, but the receipt warns
// that it cannot be accepted.
func TestPara9_2_IllnessWithoutCertificateIsTakenWithAWarning(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		a, clock := academyAt(t, db)
		candAbsent(t, db, a, 0)
		candAt(t, clock, "2026-10-20", 10, 0)
		rc, err := candApply(db, a, 0, candReasons(true))
		if err != nil {
			t.Fatal(err)
		}
		if rc.CaseID == 0 || !strings.Contains(rc.Warning, "ohne Attest") && !strings.Contains(rc.Warning, "Ohne Attest") {
			t.Fatalf("receipt %+v", rc)
		}
		// Reasons are given once: a second submission, say to add the
		// certificate, is refused with the §.
		_, err = candApply(db, a, 0, candReasons(true, exam.CandidateUpload{Filename: "a.pdf", Content: candPDF()}))
		if wachsam.ErrorCodeOf(err) != wachsam.ECONFLICT || !strings.Contains(wachsam.ErrorMessageOf(err), "§9(2)") {
			t.Fatalf("second reasons: %v", err)
		}
	})
}
