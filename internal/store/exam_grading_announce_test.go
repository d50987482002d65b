package store_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// gradingMail composes the result mail as the pages do, with a fixed site.
func gradingMail(n exam.ResultNotice) (*wachsam.Mail, error) {
	return n.Mail("https://wachsam.example/pruefung/" + strconv.FormatInt(n.CandidateID, 10)), nil
}

func gradingMails(t *testing.T, db *store.DB) []wachsam.Mail {
	t.Helper()
	var ms []wachsam.Mail
	if err := db.NewSelect().Model(&ms).Order("id").Scan(context.Background()); err != nil {
		t.Fatal(err)
	}
	return ms
}

func gradingAudit(t *testing.T, db *store.DB, action string) []wachsam.AuditEntry {
	t.Helper()
	var es []wachsam.AuditEntry
	if err := db.NewSelect().Model(&es).Where("action = ?", action).Order("id").Scan(context.Background()); err != nil {
		t.Fatal(err)
	}
	return es
}

func gradingDeadline(s exam.State, kind exam.DeadlineKind, component string) (exam.DeadlineState, bool) {
	for _, d := range s.Deadlines {
		if d.Kind == kind && d.Component == component {
			return d, true
		}
	}
	return exam.DeadlineState{}, false
}

// §12(2), §6(1): announcing the results of a date writes a result_announced
// fact for every graded attempt, mails each candidate and starts the
// periods. Announced on Sunday 22.11.2026, the inspection cut-off of four
// weeks ends on Sunday 20.12.2026 and so, by §193 BGB, on Monday
// 21.12.2026; the retake window of the failed candidate on 22.11.2027.
func TestPara12_2_AnnouncingResultsStartsTheDeadlines(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w := newGradingWorld(t, db)
		w.a.SatBoth(t, db, 0, exam.Grade17, exam.Grade23, exam.Grade13)
		w.a.SatBoth(t, db, 1, exam.Grade50, exam.Grade40, exam.Grade20)
		w.register(t, db, 2, "ISM") // registered, not graded: nothing to announce yet
		ctx, weber := context.Background(), w.a.Examiners[0]
		before := gradingCounts(t, db)
		got, err := db.AnnounceResults(ctx, wachsam.UserActor(weber), weber.ID, w.ism, gradingMail)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Announced) != 2 || got.On != wachsam.MustDate("2026-11-22") {
			t.Fatalf("announced %+v", got)
		}
		after := gradingCounts(t, db)
		if after[0] != before[0]+2 || after[2] != before[2]+2 {
			t.Fatalf("counts %v → %v: want two facts and two mails", before, after)
		}
		s, err := db.ExamState(ctx, w.a.Candidates[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		inspection, ok := gradingDeadline(s, exam.InspectionCutoff, "ISM")
		if !ok || inspection.LastDay != wachsam.MustDate("2026-12-21") || inspection.ShiftedFrom != wachsam.MustDate("2026-12-20") {
			t.Fatalf("inspection cut-off: %+v", inspection)
		}
		if _, ok := gradingDeadline(s, exam.InspectionCutoff, "RECHT"); ok {
			t.Fatal("RECHT's result was not announced, yet its cut-off runs")
		}
		failed, err := db.ExamState(ctx, w.a.Candidates[1].ID)
		if err != nil {
			t.Fatal(err)
		}
		if retake, ok := gradingDeadline(failed, exam.RetakeWindow, "ISM"); !ok || retake.LastDay != wachsam.MustDate("2027-11-22") {
			t.Fatalf("retake window: %+v", retake)
		}

		ms := gradingMails(t, db)
		first := ms[len(ms)-2]
		for _, want := range []string{"Informationssicherheitsmanagement", "vom 12.10.2026", "Note: 1,9 (gut)", "gewichtetes Mittel 1,9",
			"Frist für den Antrag auf Einsichtnahme (§12(2) der Prüfungsordnung): letzter Tag 21.12.2026",
			"https://wachsam.example/pruefung/" + strconv.FormatInt(w.a.Candidates[0].ID, 10)} {
			if !strings.Contains(first.Body, want) {
				t.Errorf("mail to %s lacks %q:\n%s", first.ToAddress, want, first.Body)
			}
		}
		if first.ToAddress != w.a.Users[0].Email {
			t.Errorf("mail goes to %s", first.ToAddress)
		}
		if second := ms[len(ms)-1]; !strings.Contains(second.Body, "Note: 4,6666… (nicht ausreichend)") || !strings.Contains(second.Body, "Jahresfrist für die Wiederholung (§6(1) der Prüfungsordnung): letzter Tag 22.11.2027") {
			t.Errorf("mail of the failed candidate:\n%s", second.Body)
		}
		if es := gradingAudit(t, db, "exam_date.results_announced"); len(es) != 1 || !strings.Contains(es[0].Detail, "2 Ergebnisse") {
			t.Fatalf("audit: %+v", es)
		}

		// Nothing left to announce: a German message, nothing written.
		before = gradingCounts(t, db)
		_, err = db.AnnounceResults(ctx, wachsam.UserActor(weber), weber.ID, w.ism, gradingMail)
		gradingRefused(t, err, wachsam.ECONFLICT, "keine Ergebnisse, die noch bekannt zu geben wären")
		if after := gradingCounts(t, db); after != before {
			t.Fatalf("counts %v → %v", before, after)
		}
	})
}

// Before the announcement a correction needs no reason; after it, it does,
// the audit log keeps old and new grades with the reason and the candidate
// is told.
func TestGradingCorrectionAfterAnnouncementNeedsAReason(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w := newGradingWorld(t, db)
		w.a.SatBoth(t, db, 0, exam.Grade17, exam.Grade23, exam.Grade13)
		ctx, weber := context.Background(), w.a.Examiners[0]
		cand := w.a.Candidates[0].ID
		got, err := db.CorrectGrades(ctx, wachsam.UserActor(weber), weber.ID, w.ism, cand, gradingISM("1,3", "2,3"), "", gradingMail)
		if err != nil || got.Attempt.Mean != "1,6333…" || got.Attempt.Grade != "1,6333…" {
			t.Fatalf("correction before the announcement: %+v, %v", got, err)
		}
		es := gradingAudit(t, db, "exam_fact.corrected")
		if len(es) != 1 || !strings.Contains(es[0].Detail, "keine Angabe") || len(gradingMails(t, db)) != 0 {
			t.Fatalf("audit %+v; a correction before the announcement is logged and mails nobody", es)
		}
		if _, err := db.AnnounceResults(ctx, wachsam.UserActor(weber), weber.ID, w.ism, gradingMail); err != nil {
			t.Fatal(err)
		}

		before := gradingCounts(t, db)
		_, err = db.CorrectGrades(ctx, wachsam.UserActor(weber), weber.ID, w.ism, cand, gradingISM("1,0", "2,3"), " ", gradingMail)
		var de *wachsam.Error
		if !asError(err, &de) || de.Field != "reason" || !strings.Contains(de.Message, "nur mit Begründung") {
			t.Fatalf("err = %v, want the reason demanded", err)
		}
		_, err = db.CorrectGrades(ctx, wachsam.UserActor(weber), weber.ID, w.ism, cand, gradingISM("1,3", "2,3"), "Zweitkorrektur", gradingMail)
		gradingRefused(t, err, wachsam.EINVALID, "unverändert")
		if after := gradingCounts(t, db); after != before {
			t.Fatalf("counts %v → %v", before, after)
		}

		got, err = db.CorrectGrades(ctx, wachsam.UserActor(weber), weber.ID, w.ism, cand, gradingISM("1,0", "2,3"), "Rechenfehler in Aufgabe 3", gradingMail)
		if err != nil || got.Attempt.Grade != "1,4333…" || got.Attempt.Mean != "1,4333…" {
			t.Fatalf("correction after the announcement: %+v, %v", got, err)
		}
		es = gradingAudit(t, db, "exam_fact.corrected")
		last := es[len(es)-1]
		for _, want := range []string{"vorher", "ISM-K 1,3", "nachher", "ISM-K 1,0", "Grund: Rechenfehler in Aufgabe 3"} {
			if !strings.Contains(last.Detail, want) {
				t.Errorf("audit %q lacks %q", last.Detail, want)
			}
		}
		if last.ActorID == nil || *last.ActorID != weber.ID {
			t.Errorf("audit actor %v", last.ActorID)
		}
		ms := gradingMails(t, db)
		m := ms[len(ms)-1]
		if !strings.HasPrefix(m.Subject, "Korrigiertes Prüfungsergebnis") || !strings.Contains(m.Body, "Bisher: 1,6333…") ||
			!strings.Contains(m.Body, "Note: 1,4333… (gut)") || !strings.Contains(m.Body, "Grund der Korrektur: Rechenfehler in Aufgabe 3") {
			t.Fatalf("correction mail %q:\n%s", m.Subject, m.Body)
		}
	})
}

// Nothing to correct before grading.
func TestGradingCorrectionNeedsAGrade(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		w := newGradingWorld(t, db)
		w.register(t, db, 0, "ISM")
		weber := w.a.Examiners[0]
		_, err := db.CorrectGrades(context.Background(), wachsam.UserActor(weber), weber.ID, w.ism, w.a.Candidates[0].ID, gradingISM("1,0", "1,0"), "x", gradingMail)
		gradingRefused(t, err, wachsam.ECONFLICT, "noch keine Bewertung")
	})
}
