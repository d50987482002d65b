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

// officeActor is the exam office acting in the tests.
func officeActor(a *storetest.Academy) wachsam.Actor { return wachsam.UserActor(a.Office) }

// officeNewCandidate enrols a fresh candidate in the academy's seminar:
// nothing is recorded for them yet.
func officeNewCandidate(t *testing.T, db *store.DB, a *storetest.Academy, email string) exam.CandidateRecord {
	t.Helper()
	ctx := context.Background()
	u := &wachsam.User{Email: email, Name: "Dora Drossel", PasswordHash: "not-a-hash", Roles: []wachsam.Role{wachsam.RoleCandidate}}
	if err := db.CreateUser(ctx, wachsam.SystemActor("test"), u); err != nil {
		t.Fatal(err)
	}
	c, err := db.AddExamCandidate(ctx, officeActor(a), a.Seminar.ID, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return *c
}

// officeJanuaryDate announces an ISM date in January 2027 today
// (22.11.2026). The clock moves on a minute: facts of one day are ordered
// by the time they were recorded.
func officeJanuaryDate(t *testing.T, db *store.DB, a *storetest.Academy, clock *storetest.FixedClock) wachsam.Date {
	t.Helper()
	d := exam.ExamDate{ComponentID: a.ISM.ID, ExamDay: wachsam.MustDate("2027-01-11"), Place: "Ulm, Raum 2"}
	if err := db.AnnounceExamDate(context.Background(), officeActor(a), &d); err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Minute)
	return d.ExamDay
}

// officeWantRefusal fails unless err has the code and its message contains every text.
func officeWantRefusal(t *testing.T, err error, code wachsam.ErrorCode, texts ...string) {
	t.Helper()
	if wachsam.ErrorCodeOf(err) != code {
		t.Fatalf("err = %v, want code %s", err, code)
	}
	for _, text := range texts {
		if !strings.Contains(wachsam.ErrorMessageOf(err), text) {
			t.Fatalf("message %q lacks %q", wachsam.ErrorMessageOf(err), text)
		}
	}
}

// officeUnchanged fails if a write changed the facts or the audit log.
func officeUnchanged(t *testing.T, db *store.DB, facts, audit int64) {
	t.Helper()
	if f, a := countRows(t, db, "exam_facts"), countRows(t, db, "audit_entries"); f != facts || a != audit {
		t.Fatalf("facts %d → %d, audit %d → %d: a refused write changed something", facts, f, audit, a)
	}
}

// §2(1): without attendance on every seminar day there is no admission,
// and the refusal names the missing day.
func TestPara2_1_RegistrationRefusedWithoutAttendanceNamesMissingDay(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		a, clock := academyAt(t, db)
		ctx := context.Background()
		jan := officeJanuaryDate(t, db, a, clock)
		c := officeNewCandidate(t, db, a, "dora@akademie.example")
		actor := officeActor(a)
		mustState(t)(db.RecordOnlineNotice(ctx, actor, c.ID, wachsam.MustDate("2026-08-20"), "im Einladungsschreiben", testEnteredLater))
		mustState(t)(db.RecordPayment(ctx, actor, c.ID, exam.OfficePayment{EnteredReason: testEnteredLater, Fee: "exam", PaidOn: wachsam.MustDate("2026-08-25")}))
		mustState(t)(db.RecordSeminarAttendance(ctx, actor, c.ID, wachsam.MustDate("2026-09-07"), false, "", testEnteredLater))
		mustState(t)(db.RecordSeminarAttendance(ctx, actor, c.ID, wachsam.MustDate("2026-09-10"), true, "", testEnteredLater))
		facts, audit := countRows(t, db, "exam_facts"), countRows(t, db, "audit_entries")
		_, err := db.RegisterForExam(ctx, actor, c.ID, "ISM", jan, wachsam.Date{}, "", testEnteredLater)
		officeWantRefusal(t, err, wachsam.ECONFLICT, "08.09.2026", "§2(1)")
		officeUnchanged(t, db, facts, audit)

		s := mustState(t)(db.RecordSeminarAttendance(ctx, actor, c.ID, wachsam.MustDate("2026-09-08"), false, "", testEnteredLater))
		if !s.Admission.Granted {
			t.Fatalf("admission after the last day: %+v", s.Admission)
		}
		s = mustState(t)(db.RegisterForExam(ctx, actor, c.ID, "ISM", jan, wachsam.Date{}, "", testEnteredLater))
		if at := s.Components[0].Attempts; len(at) != 1 || at[0].ExamDate != jan || at[0].Status != "registered" {
			t.Fatalf("attempts after registering: %+v", at)
		}
	})
}

// §2(1): on an online day the presence must be shown by the camera; an
// attendance without it is refused, so admission names that day.
func TestPara2_1_RegistrationRefusedWithoutCameraOnOnlineDay(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		a, clock := academyAt(t, db)
		ctx := context.Background()
		jan := officeJanuaryDate(t, db, a, clock)
		c := officeNewCandidate(t, db, a, "dora@akademie.example")
		actor := officeActor(a)
		mustState(t)(db.RecordOnlineNotice(ctx, actor, c.ID, wachsam.MustDate("2026-08-20"), "", testEnteredLater))
		mustState(t)(db.RecordPayment(ctx, actor, c.ID, exam.OfficePayment{EnteredReason: testEnteredLater, Fee: "exam"}))
		n, err := db.RecordOfficeRoster(ctx, actor, a.Seminar.ID, []exam.OfficeAttendanceMark{
			{CandidateID: c.ID, Day: wachsam.MustDate("2026-09-07")}, {CandidateID: c.ID, Day: wachsam.MustDate("2026-09-08")}}, testEnteredLater)
		if err != nil || n != 2 {
			t.Fatalf("roster: %d, %v", n, err)
		}
		facts, audit := countRows(t, db, "exam_facts"), countRows(t, db, "audit_entries")
		_, err = db.RecordSeminarAttendance(ctx, actor, c.ID, wachsam.MustDate("2026-09-10"), false, "", testEnteredLater)
		officeWantRefusal(t, err, wachsam.ECONFLICT, "Kamera", "§2(1)")
		_, err = db.RecordOfficeRoster(ctx, actor, a.Seminar.ID, []exam.OfficeAttendanceMark{{CandidateID: c.ID, Day: wachsam.MustDate("2026-09-10")}}, testEnteredLater)
		officeWantRefusal(t, err, wachsam.ECONFLICT, "Dora Drossel", c.Number, "§2(1)")
		_, err = db.RegisterForExam(ctx, actor, c.ID, "ISM", jan, wachsam.Date{}, "", testEnteredLater)
		officeWantRefusal(t, err, wachsam.ECONFLICT, "10.09.2026", "§2(1)")
		officeUnchanged(t, db, facts, audit)
	})
}

// §2(3): no exam performance before the fee is paid, so the office does
// not register a candidate whose fee for that attempt is open.
func TestPara2_3_RegistrationRefusedWhileExamFeeUnpaid(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		a, clock := academyAt(t, db)
		ctx := context.Background()
		jan := officeJanuaryDate(t, db, a, clock)
		c := officeNewCandidate(t, db, a, "dora@akademie.example")
		actor := officeActor(a)
		mustState(t)(db.RecordOnlineNotice(ctx, actor, c.ID, wachsam.MustDate("2026-08-20"), "", testEnteredLater))
		for _, d := range storetest.AcademyDays {
			mustState(t)(db.RecordSeminarAttendance(ctx, actor, c.ID, d.Date, true, "", testEnteredLater))
		}
		file, err := db.OfficeFile(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(file.FeesDue) != 1 || file.FeesDue[0].Fee != "exam" || file.FeesDue[0].AmountCents != 45000 {
			t.Fatalf("fees due: %+v", file.FeesDue)
		}
		facts, audit := countRows(t, db, "exam_facts"), countRows(t, db, "audit_entries")
		_, err = db.RegisterForExam(ctx, actor, c.ID, "ISM", jan, wachsam.Date{}, "", testEnteredLater)
		officeWantRefusal(t, err, wachsam.ECONFLICT, "Prüfungsgebühr", "450,00 €", "§2(3)")
		officeUnchanged(t, db, facts, audit)

		mustState(t)(db.RecordPayment(ctx, actor, c.ID, exam.OfficePayment{EnteredReason: testEnteredLater, Fee: "exam", Reference: "RE-2026-117"}))
		mustState(t)(db.RegisterForExam(ctx, actor, c.ID, "ISM", jan, wachsam.Date{}, "", testEnteredLater))
		file, err = db.OfficeFile(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(file.FeesDue) != 0 || len(file.Payments) != 1 || file.Payments[0].AmountCents != 45000 || file.Payments[0].Reference != "RE-2026-117" {
			t.Fatalf("fees due %+v, payments %+v", file.FeesDue, file.Payments)
		}
	})
}

// §2(2),(3): every retake needs its own fee; the retake registration waits
// for it.
func TestPara2_3_RetakeRegistrationRefusedWhileRetakeFeeUnpaid(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		a, clock := academyAt(t, db)
		ctx := context.Background()
		a.SatBoth(t, db, 0, exam.Grade50, exam.Grade50, exam.Grade20)
		a.Record(t, db, 0, exam.Fact{Type: exam.FactResultAnnounced, Date: wachsam.MustDate("2026-10-23"), Component: "ISM", ExamDate: storetest.ISMExamDay})
		jan := officeJanuaryDate(t, db, a, clock)
		actor := officeActor(a)
		id := a.Candidates[0].ID
		_, err := db.RegisterForExam(ctx, actor, id, "ISM", jan, wachsam.Date{}, "", testEnteredLater)
		officeWantRefusal(t, err, wachsam.ECONFLICT, "Wiederholungsgebühr", "150,00 €", "§2(3)")

		_, err = db.RecordPayment(ctx, actor, id, exam.OfficePayment{EnteredReason: testEnteredLater, Fee: "retake", Component: "ISM", AmountCents: 10000})
		officeWantRefusal(t, err, wachsam.EINVALID, "100,00 €", "150,00 €")
		_, err = db.RecordPayment(ctx, actor, id, exam.OfficePayment{EnteredReason: testEnteredLater, Fee: "retake"})
		officeWantRefusal(t, err, wachsam.EINVALID, "Prüfungsleistung")
		_, err = db.RecordPayment(ctx, actor, id, exam.OfficePayment{EnteredReason: testEnteredLater, Fee: "exam"})
		officeWantRefusal(t, err, wachsam.ECONFLICT, "bereits", "§2(2)")
		_, err = db.RecordPayment(ctx, actor, id, exam.OfficePayment{EnteredReason: testEnteredLater, Fee: "retake", Component: "NETZ"})
		officeWantRefusal(t, err, wachsam.EINVALID, "keine Prüfungsleistung dieses Seminars")

		mustState(t)(db.RecordPayment(ctx, actor, id, exam.OfficePayment{EnteredReason: testEnteredLater, Fee: "retake", Component: "ISM"}))
		s := mustState(t)(db.RegisterForExam(ctx, actor, id, "ISM", jan, wachsam.Date{}, "Anmeldung per Brief", testEnteredLater))
		if at := s.Components[0].Attempts; len(at) != 2 || at[1].Number != 2 || at[1].Status != "registered" {
			t.Fatalf("attempts: %+v", at)
		}
	})
}

// §3(3): exam dates are announced at least four weeks before. Announced on
// 01.09.2026, the earliest exam day is 29.09.2026.
func TestPara3_3_NoticeLastPermissibleDayAccepted(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		a, _ := academyAt(t, db)
		announced := wachsam.MustDate("2026-09-01")
		reg := exam.UdisISB2025(db.Legal)
		if got := reg.EarliestExamDate(announced); got != wachsam.MustDate("2026-09-29") {
			t.Fatalf("earliest exam day %s, want 29.09.2026", got.German())
		}
		d := exam.ExamDate{ComponentID: a.Recht.ID, ExamDay: wachsam.MustDate("2026-09-29"), AnnouncedOn: announced, EnteredReason: "Aushang im Seminar"}
		if err := db.AnnounceExamDate(context.Background(), officeActor(a), &d); err != nil {
			t.Fatalf("announced on the last permissible day: %v", err)
		}
		// Announced on the last permissible day, the date is one the
		// candidates' files accept: a candidate can be registered for it.
		s := a.Record(t, db, 2, exam.Fact{Type: exam.FactRegistered, Date: wachsam.MustDate("2026-09-15"), Component: "RECHT", ExamDate: d.ExamDay})
		if len(s.Components[1].Attempts) != 1 {
			t.Fatalf("registration: %+v", s.Components[1])
		}
	})
}

func TestPara3_3_NoticeDayAfterRefused(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		a, _ := academyAt(t, db)
		ctx := context.Background()
		rows := countRows(t, db, "exam_dates")
		// One day short of four weeks: announced a day later, or an exam a day earlier.
		for _, d := range []exam.ExamDate{
			{ComponentID: a.Recht.ID, ExamDay: wachsam.MustDate("2026-09-29"), AnnouncedOn: wachsam.MustDate("2026-09-02"), EnteredReason: "Aushang im Seminar"},
			{ComponentID: a.Recht.ID, ExamDay: wachsam.MustDate("2026-09-28"), AnnouncedOn: wachsam.MustDate("2026-09-01"), EnteredReason: "Aushang im Seminar"},
		} {
			err := db.AnnounceExamDate(ctx, officeActor(a), &d)
			officeWantRefusal(t, err, wachsam.EINVALID, "§3(3)", "frühestens am")
		}
		if n := countRows(t, db, "exam_dates"); n != rows {
			t.Fatalf("exam dates %d → %d", rows, n)
		}
	})
}

func mustState(t *testing.T) func(exam.State, error) exam.State {
	return func(s exam.State, err error) exam.State {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
}

// testEnteredLater is the reason the office tests give for facts dated
// before the clock's day (enteredLater); a fact of today drops it.
const testEnteredLater = "von der Papierliste übertragen"
