package store_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// A candidate reaches only their own file: another candidate's file,
// documents and applications are "not found", and nothing changes.
func TestCandidateFileOfSomeoneElseIsNotFound(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a, clock := academyAt(t, db)
		candAbsent(t, db, a, 1)
		candAt(t, clock, "2026-10-20", 10, 0)
		rc, err := candApply(db, a, 1, candReasons(true, exam.CandidateUpload{Filename: "attest.pdf", Content: candPDF()}))
		if err != nil {
			t.Fatal(err)
		}
		v, err := db.CandidateFile(ctx, a.Users[1].ID, a.Candidates[1].ID)
		if err != nil || len(v.Documents) != 1 {
			t.Fatalf("own file: %v", err)
		}
		anna, bernd := a.Users[0], a.Candidates[1]
		if _, err := db.CandidateFile(ctx, anna.ID, bernd.ID); wachsam.ErrorCodeOf(err) != wachsam.ENOTFOUND {
			t.Errorf("file: %v", err)
		}
		if _, _, err := db.CandidateDocumentContent(ctx, anna.ID, bernd.ID, v.Documents[0].ID); wachsam.ErrorCodeOf(err) != wachsam.ENOTFOUND {
			t.Errorf("document: %v", err)
		}
		if _, _, err := db.CandidateDocumentContent(ctx, anna.ID, a.Candidates[0].ID, v.Documents[0].ID); wachsam.ErrorCodeOf(err) != wachsam.ENOTFOUND {
			t.Errorf("document through the own file: %v", err)
		}
		before := candCounts(t, db)
		for _, app := range []exam.CandidateApplication{candReasons(false), candInspection(), candHardship(),
			{Action: exam.ApplyExtension, Until: wachsam.MustDate("2027-12-10"), Text: "x"},
			{Action: exam.ApplyWithdrawal, Component: "ISM", ExamDate: storetest.ISMExamDay}} {
			if _, err := db.CandidateApply(ctx, wachsam.UserActor(anna), anna.ID, bernd.ID, app); wachsam.ErrorCodeOf(err) != wachsam.ENOTFOUND {
				t.Errorf("%s in someone else's file: %v", app.Action, err)
			}
		}
		candUnchanged(t, db, before)
		_, content, err := db.CandidateDocumentContent(ctx, a.Users[1].ID, bernd.ID, v.Documents[0].ID)
		if err != nil || !bytes.Equal(content, candPDF()) || rc.FactID == 0 {
			t.Fatalf("own document: %v", err)
		}
	})
}

// Bad input is refused with a German message beside its field, and
// nothing is written: not the fact, not a document, not an audit entry.
func TestCandidateBadInputChangesNothing(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		a, clock := academyAt(t, db)
		candAbsent(t, db, a, 0)
		candAt(t, clock, "2026-10-20", 10, 0)
		huge := append(candPDF(), bytes.Repeat([]byte{' '}, store.MaxDocumentBytes)...)
		empty := candReasons(false)
		empty.Text = "   "
		unknown := candReasons(false)
		unknown.Component = "FREMD"
		tooMany := candReasons(false)
		for range 6 {
			tooMany.Uploads = append(tooMany.Uploads, exam.CandidateUpload{Filename: "a.pdf", Content: candPDF()})
		}
		for _, c := range []struct {
			name, field string
			app         exam.CandidateApplication
		}{
			{"empty reasons", "text", empty},
			{"a text file", "document", candReasons(true, exam.CandidateUpload{Filename: "attest.pdf", Content: []byte("Hallo, ich war krank.")})},
			{"an empty file", "document", candReasons(true, exam.CandidateUpload{Filename: "attest.pdf"})},
			{"more than 10 MB", "document", candReasons(true, exam.CandidateUpload{Filename: "attest.pdf", Content: huge})},
			{"six files", "document", tooMany},
			{"a component of another seminar", "component", unknown},
			{"no exam date", "exam_date", exam.CandidateApplication{Action: exam.ApplyReasons, Component: "ISM", Text: "x"}},
			{"extension without a day", "until", exam.CandidateApplication{Action: exam.ApplyExtension, Text: "x"}},
			{"a file with an inspection", "document", exam.CandidateApplication{Action: exam.ApplyInspection, Component: "RECHT",
				ExamDate: storetest.RechtExamDay, Uploads: []exam.CandidateUpload{{Filename: "a.pdf", Content: candPDF()}}}},
		} {
			before := candCounts(t, db)
			_, err := candApply(db, a, 0, c.app)
			var e *wachsam.Error
			if ok := asError(err, &e); !ok || e.Code != wachsam.EINVALID || e.Field != c.field || e.Message == "" {
				t.Errorf("%s: %v", c.name, err)
			}
			candUnchanged(t, db, before)
		}
		if _, err := candApply(db, a, 0, exam.CandidateApplication{Action: "delete_everything"}); wachsam.ErrorCodeOf(err) != wachsam.EINVALID {
			t.Errorf("unknown action: %v", err)
		}
	})
}

// §9(1): a withdrawal before the exam counts 5,0 unless reasons follow;
// the receipt names the last day for them, moved off a Sunday (§193 BGB).
func TestPara9_1_WithdrawalLeavesFourWeeksForReasons(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		a, _ := academyAt(t, db)
		december := wachsam.MustDate("2026-12-14")
		if err := db.AnnounceExamDate(context.Background(), wachsam.SystemActor("test"), &exam.ExamDate{
			ComponentID: a.ISM.ID, ExamDay: december, AnnouncedOn: wachsam.MustDate("2026-11-10"), EnteredReason: "Aushang im Seminar"}); err != nil {
			t.Fatal(err)
		}
		a.Record(t, db, 0, exam.Fact{Type: exam.FactRegistered, Date: wachsam.MustDate("2026-11-16"), Component: "ISM", ExamDate: december})
		rc, err := candApply(db, a, 0, exam.CandidateApplication{Action: exam.ApplyWithdrawal, Component: "ISM", ExamDate: december})
		if err != nil {
			t.Fatal(err)
		}
		// 22.11.2026 + 4 weeks = Sunday 20.12.2026 → Monday 21.12.2026.
		if rc.ReasonsUntil != wachsam.MustDate("2026-12-21") || rc.CaseID != 0 {
			t.Fatalf("receipt %+v", rc)
		}
		v, _ := db.CandidateFile(context.Background(), a.Users[0].ID, a.Candidates[0].ID)
		if act, ok := v.Action(exam.ApplyReasons, "ISM", december); !ok || act.Late || act.Until != rc.ReasonsUntil {
			t.Fatalf("reasons not offered after the withdrawal: %+v", v.Actions)
		}
		// Withdrawing twice, or from an exam not registered for, is refused.
		before := candCounts(t, db)
		for _, day := range []wachsam.Date{december, storetest.ISMExamDay} {
			_, err := candApply(db, a, 0, exam.CandidateApplication{Action: exam.ApplyWithdrawal, Component: "ISM", ExamDate: day})
			if wachsam.ErrorCodeOf(err) != wachsam.ECONFLICT || !strings.Contains(wachsam.ErrorMessageOf(err), "§9(1)") {
				t.Errorf("withdrawal from %s: %v", day, err)
			}
		}
		candUnchanged(t, db, before)
	})
}

// The view withholds grades until the result is announced, then shows
// grades with their words, the parts by name and the exact mean.
func TestCandidateFileShowsResultsOnceAnnounced(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a, _ := academyAt(t, db)
		a.SatBoth(t, db, 0, exam.Grade17, exam.Grade23, exam.Grade13)
		v, err := db.CandidateFile(ctx, a.Users[0].ID, a.Candidates[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if !v.Withheld || v.Components[0].Grade != "" || v.Components[0].Attempts[0].Mean != "" || v.State.Overall.Grade != "" {
			t.Fatalf("grades shown before the announcement: %+v", v.Components[0])
		}
		for _, c := range []string{"ISM", "RECHT"} {
			a.Record(t, db, 0, exam.Fact{Type: exam.FactResultAnnounced, Date: wachsam.MustDate("2026-10-23"), Component: c, ExamDate: a.Dates[c]})
		}
		v, _ = db.CandidateFile(ctx, a.Users[0].ID, a.Candidates[0].ID)
		ism := v.Components[0].Attempts[0]
		if ism.Mean != "1,9" || ism.Grade != "1,9" || ism.GradeWord != "gut" || ism.Parts[0].Name != "Klausur" || ism.Parts[0].Weight != 2 {
			t.Errorf("ISM attempt %+v", ism)
		}
		if v.State.Overall.Grade != "1,7" || v.State.Overall.GradeWord != "gut" || v.Withheld {
			t.Errorf("overall %+v", v.State.Overall)
		}
		sums, err := db.CandidateFileSummaries(ctx, a.Users[0].ID)
		if err != nil || len(sums) != 1 || sums[0].Overall.Grade != "1,7" {
			t.Fatalf("summaries %+v, %v", sums, err)
		}
	})
}

// The calendar feed token of the account opens the exam calendar; an
// unknown token or a disabled account finds nothing.
func TestCandidateCalendarByToken(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a, _ := academyAt(t, db)
		candPassed(t, db, a, 0)
		token, _, err := db.CalendarFeedToken(ctx, a.Users[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		cal, err := db.CandidateCalendar(ctx, token)
		if err != nil || len(cal.Files) != 1 || cal.PersonName != a.Users[0].Name || len(cal.Files[0].Components[1].Attempts) != 1 {
			t.Fatalf("calendar %+v, %v", cal, err)
		}
		if _, err := db.CandidateCalendar(ctx, "unbekannt"); wachsam.ErrorCodeOf(err) != wachsam.ENOTFOUND {
			t.Errorf("unknown token: %v", err)
		}
		u := a.Users[0]
		u.Disabled = true
		if err := db.UpdateUser(ctx, wachsam.SystemActor("test"), u); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CandidateCalendar(ctx, token); wachsam.ErrorCodeOf(err) != wachsam.ENOTFOUND {
			t.Errorf("disabled account: %v", err)
		}
	})
}
