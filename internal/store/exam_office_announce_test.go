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

// listedDate finds the exam date of a component on a day in the office's list.
func listedDate(t *testing.T, db *store.DB, a *storetest.Academy, component int64, day wachsam.Date) exam.ExamDate {
	t.Helper()
	dates, err := db.ExamDates(context.Background(), a.Seminar.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dates {
		if d.ComponentID == component && d.ExamDay == day {
			return d
		}
	}
	t.Fatalf("no date on %s in %+v", day, dates)
	return exam.ExamDate{}
}

// TestPara3_3_AnnouncingIsDatedByTheServerClock: the clock says 22.11.2026
// (academyAt); an announcement in the app is dated that day, says who
// entered it and when, and is not marked as entered later. Four weeks
// ahead, 20.12.2026, is the first day allowed; 19.12.2026 is refused.
func TestPara3_3_AnnouncingIsDatedByTheServerClock(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		a, clock := academyAt(t, db)
		ctx := context.Background()
		early := exam.ExamDate{ComponentID: a.Recht.ID, ExamDay: wachsam.MustDate("2026-12-19")}
		officeWantRefusal(t, db.AnnounceExamDate(ctx, officeActor(a), &early), wachsam.EINVALID, "§3(3)", "frühestens am 20.12.2026")
		d := exam.ExamDate{ComponentID: a.Recht.ID, ExamDay: wachsam.MustDate("2026-12-20"), Place: "Ulm"}
		if err := db.AnnounceExamDate(ctx, officeActor(a), &d); err != nil {
			t.Fatal(err)
		}
		got := listedDate(t, db, a, a.Recht.ID, d.ExamDay)
		if got.AnnouncedOn != wachsam.MustDate("2026-11-22") || got.EnteredLater() || got.RecordedBy != a.Office.Name ||
			!got.RecordedAt.Equal(clock.Now()) {
			t.Fatalf("listed %+v", got)
		}
	})
}

// TestPara3_3_EnteredLaterNeedsAReasonAndIsMarked: an announcement typed
// with an earlier day is refused without a reason (nothing written). With
// a reason it is kept, but marked: the list and the audit log say
// "nachgetragen", when and by whom it was entered, and that §3(3) was
// checked against the typed day. A date 14 days away never passes for one
// announced four weeks ahead by the app.
func TestPara3_3_EnteredLaterNeedsAReasonAndIsMarked(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		a, clock := academyAt(t, db)
		ctx := context.Background()
		inTwoWeeks := wachsam.MustDate("2026-12-06")
		fourWeeksAgo := wachsam.MustDate("2026-11-08")
		rows, audits := countRows(t, db, "exam_dates"), countRows(t, db, "audit_entries")
		for _, reason := range []string{"", "   "} {
			d := exam.ExamDate{ComponentID: a.Recht.ID, ExamDay: inTwoWeeks, AnnouncedOn: fourWeeksAgo, EnteredReason: reason}
			err := db.AnnounceExamDate(ctx, officeActor(a), &d)
			officeWantRefusal(t, err, wachsam.EINVALID, "nur mit Begründung nachgetragen")
			if e, ok := err.(*wachsam.Error); !ok || e.Field != "entered_reason" {
				t.Fatalf("err %#v, want the field entered_reason", err)
			}
		}
		// Announced today in the app, the date 14 days away is refused.
		today := exam.ExamDate{ComponentID: a.Recht.ID, ExamDay: inTwoWeeks}
		officeWantRefusal(t, db.AnnounceExamDate(ctx, officeActor(a), &today), wachsam.EINVALID, "§3(3)")
		if countRows(t, db, "exam_dates") != rows || countRows(t, db, "audit_entries") != audits {
			t.Fatal("a refused announcement wrote something")
		}

		d := exam.ExamDate{ComponentID: a.Recht.ID, ExamDay: inTwoWeeks, AnnouncedOn: fourWeeksAgo, EnteredReason: " Aushang am Schwarzen Brett "}
		if err := db.AnnounceExamDate(ctx, officeActor(a), &d); err != nil {
			t.Fatal(err)
		}
		got := listedDate(t, db, a, a.Recht.ID, inTwoWeeks)
		if !got.EnteredLater() || got.EnteredReason != "Aushang am Schwarzen Brett" || got.AnnouncedOn != fourWeeksAgo ||
			got.RecordedBy != a.Office.Name || !got.RecordedAt.Equal(clock.Now()) {
			t.Fatalf("listed %+v", got)
		}
		es := gradingAudit(t, db, "exam_date.announce")
		last := es[len(es)-1]
		for _, want := range []string{"bekannt gegeben am 08.11.2026", "nachgetragen am 22.11.2026", "§3(3) gegen das eingetragene Datum geprüft", "Grund: Aushang am Schwarzen Brett"} {
			if !strings.Contains(last.Detail, want) {
				t.Errorf("audit %q lacks %q", last.Detail, want)
			}
		}
		if last.ActorID == nil || *last.ActorID != a.Office.ID {
			t.Errorf("audit actor %v", last.ActorID)
		}
		// A day in the future cannot be typed at all.
		clock.Advance(time.Hour)
		future := exam.ExamDate{ComponentID: a.Recht.ID, ExamDay: wachsam.MustDate("2027-02-01"), AnnouncedOn: wachsam.MustDate("2026-11-23"), EnteredReason: "x"}
		officeWantRefusal(t, db.AnnounceExamDate(ctx, officeActor(a), &future), wachsam.EINVALID, "in der Zukunft")
	})
}
