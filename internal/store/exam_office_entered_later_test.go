package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// Every dated fact the office enters is dated by what happened, but
// entered on the server's day: entered on its own day it needs no reason;
// entered on the day after (or later) it is "nachgetragen" and needs a
// reason, which the file's history, the API and the audit log show. These
// tests walk each kind through its last day without a reason and the day
// after.

// enteredLaterKind is one kind of dated fact the office enters.
type enteredLaterKind struct {
	typ exam.FactType
	on  wachsam.Date // the fact's legal date
	// candidate returns the i-th candidate the fact is entered for (0: on
	// its day, 1: the day after); write enters it with reason.
	candidate func(i int) exam.CandidateRecord
	write     func(c exam.CandidateRecord, reason string) error
}

// officeEnteredLater proves one kind: on its day without a reason, not
// marked; the day after without a reason refused beside the field
// entered_reason with nothing written; with a reason kept and marked in
// the history (with its reason), the candidate's own view and the audit
// log.
func officeEnteredLater(t *testing.T, db *store.DB, clock *storetest.FixedClock, k enteredLaterKind) {
	t.Helper()
	setDay := func(d wachsam.Date) { clock.Set(d.In(db.Legal).Add(10 * time.Hour)) }
	setDay(k.on)
	onTime := k.candidate(0)
	if err := k.write(onTime, ""); err != nil {
		t.Fatalf("%s entered on its day: %v", k.typ, err)
	}
	if l := enteredLine(t, db, onTime.ID, k.typ, k.on); l.EnteredLater || l.EnteredReason != "" {
		t.Fatalf("%s entered on its day is marked: %+v", k.typ, l)
	}

	next := k.on.AddDays(1)
	setDay(next)
	late := k.candidate(1)
	facts, audit := countRows(t, db, "exam_facts"), countRows(t, db, "audit_entries")
	err := k.write(late, " ")
	officeWantRefusal(t, err, wachsam.EINVALID, "vor dem heutigen Tag ("+k.on.German()+")", "nur mit Begründung nachgetragen")
	if de, ok := errors.AsType[*wachsam.Error](err); !ok || de.Field != "entered_reason" {
		t.Fatalf("%s: the refusal is not beside the reason: %v", k.typ, err)
	}
	officeUnchanged(t, db, facts, audit)

	if err := k.write(late, "von der Papierliste übertragen"); err != nil {
		t.Fatalf("%s entered later with a reason: %v", k.typ, err)
	}
	if l := enteredLine(t, db, late.ID, k.typ, k.on); !l.EnteredLater || l.EnteredReason != "von der Papierliste übertragen" {
		t.Fatalf("%s entered later is not marked: %+v", k.typ, l)
	}
	for _, c := range []struct {
		rec  exam.CandidateRecord
		want int
	}{{onTime, 0}, {late, 1}} {
		v, err := db.CandidateFile(context.Background(), c.rec.UserID, c.rec.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(v.EnteredLater) != c.want || c.want == 1 && (v.EnteredLater[0].Date != k.on || v.EnteredLater[0].EnteredOn != next ||
			v.EnteredLater[0].Reason != "von der Papierliste übertragen") {
			t.Fatalf("%s: the candidate's view lists %+v, want %d", k.typ, v.EnteredLater, c.want)
		}
	}
	var detail string
	if err := db.NewSelect().Table("audit_entries").Column("detail").Where("action = ?", "exam_fact."+string(k.typ)).
		Where("object_id = ?", fmt.Sprint(late.ID)).OrderExpr("id DESC").Limit(1).Scan(context.Background(), &detail); err != nil {
		t.Fatal(err)
	}
	if want := "nachgetragen am " + next.German() + "; Grund: von der Papierliste übertragen"; !strings.Contains(detail, want) {
		t.Fatalf("%s audit %q lacks %q", k.typ, detail, want)
	}
}

// enteredLine is the history line of the candidate's file for the fact of
// type typ on day on.
func enteredLine(t *testing.T, db *store.DB, candidateID int64, typ exam.FactType, on wachsam.Date) exam.OfficeHistoryLine {
	t.Helper()
	f, err := db.OfficeFile(context.Background(), candidateID)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range f.History {
		if l.Type == typ && l.Date == on {
			return l
		}
	}
	t.Fatalf("no %s on %s in %+v", typ, on, f.History)
	return exam.OfficeHistoryLine{}
}

// freshCandidates enrols new candidates on demand, each once.
func freshCandidates(t *testing.T, db *store.DB, a *storetest.Academy, name string) func(i int) exam.CandidateRecord {
	return func(i int) exam.CandidateRecord {
		return officeNewCandidate(t, db, a, fmt.Sprintf("%s%d@akademie.example", name, i))
	}
}

// TestPara2_2_PaymentEnteredLaterNeedsAReason: a payment of 21.11.2026.
func TestPara2_2_PaymentEnteredLaterNeedsAReason(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		a, clock := academyAt(t, db)
		officeEnteredLater(t, db, clock, enteredLaterKind{typ: exam.FactFeePaid, on: wachsam.MustDate("2026-11-21"),
			candidate: freshCandidates(t, db, a, "zahlung"),
			write: func(c exam.CandidateRecord, reason string) error {
				_, err := db.RecordPayment(context.Background(), officeActor(a), c.ID,
					exam.OfficePayment{Fee: "exam", PaidOn: wachsam.MustDate("2026-11-21"), EnteredReason: reason})
				return err
			}})
	})
}

// TestPara2_1_SeminarAttendanceEnteredLaterNeedsAReason: the first seminar
// day, 07.09.2026, ticked that day and on 08.09.2026; and the attendance
// list the same way.
func TestPara2_1_SeminarAttendanceEnteredLaterNeedsAReason(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		a, clock := academyAt(t, db)
		day := storetest.AcademyDays[0].Date
		officeEnteredLater(t, db, clock, enteredLaterKind{typ: exam.FactSeminarDayAttended, on: day,
			candidate: freshCandidates(t, db, a, "anwesend"),
			write: func(c exam.CandidateRecord, reason string) error {
				_, err := db.RecordSeminarAttendance(context.Background(), officeActor(a), c.ID, day, false, "", reason)
				return err
			}})
		officeEnteredLater(t, db, clock, enteredLaterKind{typ: exam.FactSeminarDayAttended, on: day,
			candidate: freshCandidates(t, db, a, "liste"),
			write: func(c exam.CandidateRecord, reason string) error {
				_, err := db.RecordOfficeRoster(context.Background(), officeActor(a), a.Seminar.ID,
					[]exam.OfficeAttendanceMark{{CandidateID: c.ID, Day: day}}, reason)
				return err
			}})
	})
}

// TestPara2_1_OnlineNoticeEnteredLaterNeedsAReason: the written notice on
// the camera (§2(1) sentence 6) of 20.08.2026.
func TestPara2_1_OnlineNoticeEnteredLaterNeedsAReason(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		a, clock := academyAt(t, db)
		on := wachsam.MustDate("2026-08-20")
		officeEnteredLater(t, db, clock, enteredLaterKind{typ: exam.FactOnlineNoticeGiven, on: on,
			candidate: freshCandidates(t, db, a, "hinweis"),
			write: func(c exam.CandidateRecord, reason string) error {
				_, err := db.RecordOnlineNotice(context.Background(), officeActor(a), c.ID, on, "", reason)
				return err
			}})
	})
}

// TestPara3_3_RegistrationEnteredLaterNeedsAReason: registrations for the
// ISM date of 12.10.2026 on 15.09.2026, by the academy's admitted
// candidates.
func TestPara3_3_RegistrationEnteredLaterNeedsAReason(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		a, clock := academyAt(t, db)
		on := wachsam.MustDate("2026-09-15")
		officeEnteredLater(t, db, clock, enteredLaterKind{typ: exam.FactRegistered, on: on,
			candidate: func(i int) exam.CandidateRecord { return a.Candidates[i] },
			write: func(c exam.CandidateRecord, reason string) error {
				_, err := db.RegisterForExam(context.Background(), officeActor(a), c.ID, "ISM", storetest.ISMExamDay, on, "", reason)
				return err
			}})
	})
}

// TestPara9_1_AbsenceEnteredLaterNeedsAReason: the absence from the ISM
// exam on 12.10.2026, entered that day and on 13.10.2026.
func TestPara9_1_AbsenceEnteredLaterNeedsAReason(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		a, clock := academyAt(t, db)
		for i := range 2 {
			a.Record(t, db, i, exam.Fact{Type: exam.FactRegistered, Date: wachsam.MustDate("2026-09-15"), Component: "ISM", ExamDate: storetest.ISMExamDay})
		}
		officeEnteredLater(t, db, clock, enteredLaterKind{typ: exam.FactAbsent, on: storetest.ISMExamDay,
			candidate: func(i int) exam.CandidateRecord { return a.Candidates[i] },
			write: func(c exam.CandidateRecord, reason string) error {
				_, err := db.RecordAbsence(context.Background(), officeActor(a), c.ID,
					exam.OfficeAbsence{Kind: exam.FactAbsent, Component: "ISM", ExamDate: storetest.ISMExamDay, EnteredReason: reason})
				return err
			}})
	})
}

// TestPara2_3_PaymentEnteredLaterCountsFromItsDay: a typed payment day
// never makes a registration look paid that was not: a payment entered
// later with its reason, dated the day of the registration (21.11.2026),
// pays it (the last allowed day); one of the day after (22.11.2026, today)
// does not, and the registration of 21.11.2026 is refused (§2(3)).
func TestPara2_3_PaymentEnteredLaterCountsFromItsDay(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		a, _ := academyAt(t, db)
		ctx := context.Background()
		registered := wachsam.MustDate("2026-11-21")
		jan := exam.ExamDate{ComponentID: a.ISM.ID, ExamDay: wachsam.MustDate("2027-01-11"), AnnouncedOn: wachsam.MustDate("2026-11-20"), EnteredReason: "Aushang"}
		if err := db.AnnounceExamDate(ctx, officeActor(a), &jan); err != nil {
			t.Fatal(err)
		}
		admitted := func(email string) exam.CandidateRecord {
			c := officeNewCandidate(t, db, a, email)
			mustState(t)(db.RecordOnlineNotice(ctx, officeActor(a), c.ID, wachsam.MustDate("2026-08-20"), "", testEnteredLater))
			for _, d := range storetest.AcademyDays {
				mustState(t)(db.RecordSeminarAttendance(ctx, officeActor(a), c.ID, d.Date, d.Online, "", testEnteredLater))
			}
			return c
		}
		for _, tc := range []struct {
			paid string
			want string
		}{{"2026-11-21", ""}, {"2026-11-22", "§2(3)"}} {
			c := admitted("gebuehr" + tc.paid + "@akademie.example")
			mustState(t)(db.RecordPayment(ctx, officeActor(a), c.ID, exam.OfficePayment{Fee: "exam", PaidOn: wachsam.MustDate(tc.paid), EnteredReason: testEnteredLater}))
			_, err := db.RegisterForExam(ctx, officeActor(a), c.ID, "ISM", jan.ExamDay, registered, "", testEnteredLater)
			if tc.want == "" && err != nil {
				t.Fatalf("paid %s, registered %s: %v", tc.paid, registered, err)
			}
			if tc.want != "" {
				officeWantRefusal(t, err, wachsam.ECONFLICT, tc.want)
			}
		}
	})
}
