package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// The attendance list records only changes: a day already recorded is not
// written twice, and one refused box leaves the whole list unwritten.
func TestOfficeRosterRecordsOnlyChanges(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		a, _ := academyAt(t, db)
		ctx := context.Background()
		c := officeNewCandidate(t, db, a, "dora@akademie.example")
		actor := officeActor(a)
		day1, day2, online := storetest.AcademyDays[0].Date, storetest.AcademyDays[1].Date, storetest.AcademyDays[2].Date
		n, err := db.RecordOfficeRoster(ctx, actor, a.Seminar.ID, []exam.OfficeAttendanceMark{
			{CandidateID: c.ID, Day: day1},
			{CandidateID: a.Candidates[0].ID, Day: day1}, // recorded by the academy already
		}, testEnteredLater)
		if err != nil || n != 1 {
			t.Fatalf("roster: %d recorded, %v; want 1", n, err)
		}
		facts, audit := countRows(t, db, "exam_facts"), countRows(t, db, "audit_entries")
		_, err = db.RecordSeminarAttendance(ctx, actor, c.ID, day1, false, "", testEnteredLater)
		officeWantRefusal(t, err, wachsam.ECONFLICT, "bereits erfasst")
		_, err = db.RecordSeminarAttendance(ctx, actor, c.ID, wachsam.MustDate("2026-09-09"), false, "", testEnteredLater)
		officeWantRefusal(t, err, wachsam.EINVALID, "kein Tag des Seminars")
		// A good box and a bad one: nothing is written.
		_, err = db.RecordOfficeRoster(ctx, actor, a.Seminar.ID, []exam.OfficeAttendanceMark{
			{CandidateID: c.ID, Day: day2}, {CandidateID: c.ID, Day: online}}, testEnteredLater)
		officeWantRefusal(t, err, wachsam.ECONFLICT, "Dora Drossel", "§2(1)")
		officeUnchanged(t, db, facts, audit)

		roster, err := db.OfficeRoster(ctx, a.Seminar.ID)
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(roster.Rows, func(r exam.OfficeRosterRow) bool { return r.Candidate.ID == c.ID })
		if got := roster.Rows[i].Days; !got[0].Recorded || got[1].Recorded || got[2].Recorded || !got[2].Online {
			t.Fatalf("roster days %+v", got)
		}
		if roster.Rows[i].Admission.Granted || !roster.Rows[0].Admission.Granted {
			t.Fatalf("admission in the roster: %+v / %+v", roster.Rows[i].Admission, roster.Rows[0].Admission)
		}
	})
}

// A candidate of another seminar is not on this seminar's list.
func TestOfficeRosterRefusesACandidateOfAnotherSeminar(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		a, _ := academyAt(t, db)
		other := storetest.NewAcademy(t, db, "Zwei-")
		facts := countRows(t, db, "exam_facts")
		_, err := db.RecordOfficeRoster(context.Background(), officeActor(a), a.Seminar.ID, []exam.OfficeAttendanceMark{
			{CandidateID: other.Candidates[0].ID, Day: storetest.AcademyDays[0].Date}}, testEnteredLater)
		officeWantRefusal(t, err, wachsam.ENOTFOUND)
		if countRows(t, db, "exam_facts") != facts {
			t.Fatal("a fact was written")
		}
	})
}

// §9(1): an absence from a registered exam date keeps the attempt open for
// reasons until the cut-off; a withdrawal after the exam day is refused.
func TestPara9_1_AbsenceAndWithdrawalRecorded(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		a, clock := academyAt(t, db)
		ctx := context.Background()
		jan := officeJanuaryDate(t, db, a, clock)
		actor := officeActor(a)
		mustState(t)(db.RegisterForExam(ctx, actor, a.Candidates[1].ID, "ISM", jan, wachsam.Date{}, "", testEnteredLater))
		mustState(t)(db.RegisterForExam(ctx, actor, a.Candidates[2].ID, "ISM", jan, wachsam.Date{}, "", testEnteredLater))
		_, err := db.RecordAbsence(ctx, actor, a.Candidates[1].ID, exam.OfficeAbsence{EnteredReason: testEnteredLater, Kind: exam.FactAbsent, Component: "ISM", ExamDate: jan})
		officeWantRefusal(t, err, wachsam.EINVALID, "Zukunft")
		s := mustState(t)(db.RecordAbsence(ctx, actor, a.Candidates[1].ID, exam.OfficeAbsence{EnteredReason: testEnteredLater, Kind: exam.FactWithdrew, Component: "ISM", ExamDate: jan, Note: "per E-Mail"}))
		if at := s.Components[0].Attempts[0]; at.Status != "awaiting_reasons" {
			t.Fatalf("attempt after withdrawal: %+v", at)
		}
		_, err = db.RecordAbsence(ctx, actor, a.Candidates[1].ID, exam.OfficeAbsence{EnteredReason: testEnteredLater, Kind: "krank", Component: "ISM", ExamDate: jan})
		officeWantRefusal(t, err, wachsam.EINVALID)

		file, err := db.OfficeFile(ctx, a.Candidates[2].ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(file.Open) != 1 || file.Open[0].ExamDate != jan || file.Open[0].DateID == 0 {
			t.Fatalf("open attempts: %+v", file.Open)
		}
	})
}

// The history names every fact, who recorded it and what was paid.
func TestOfficeFileHistoryNamesWhoRecorded(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		a, _ := academyAt(t, db)
		ctx := context.Background()
		c := officeNewCandidate(t, db, a, "dora@akademie.example")
		mustState(t)(db.RecordPayment(ctx, officeActor(a), c.ID, exam.OfficePayment{EnteredReason: testEnteredLater, Fee: "exam", AmountCents: 46000, Reference: "Überweisung 4711"}))
		file, err := db.OfficeFile(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		var paid *exam.OfficeHistoryLine
		for i, h := range file.History {
			if h.Type == exam.FactFeePaid {
				paid = &file.History[i]
			}
		}
		if paid == nil || paid.RecordedBy != a.Office.Name || paid.AmountCents != 46000 || paid.Reference != "Überweisung 4711" || paid.RecordedAt.IsZero() || paid.EnteredLater {
			t.Fatalf("history: %+v", file.History)
		}
		// The exam dates of the seminar are facts of every file, with their
		// place; the fixture's were announced on 01.09.2026 outside the app
		// and entered later, which the history says (§3(3)).
		if !slices.ContainsFunc(file.History, func(h exam.OfficeHistoryLine) bool {
			return h.Type == exam.FactExamDateAnnounced && h.EnteredLater &&
				h.Detail == "Ort: Ulm, Raum 1; Bekanntgabe nachgetragen, Grund: Aushang im Seminar; §3(3) gegen das eingetragene Datum geprüft"
		}) {
			t.Fatalf("no exam date in the history: %+v", file.History)
		}
		if file.Attendance[0].Recorded || file.NoticeOn != (wachsam.Date{}) {
			t.Fatalf("attendance %+v, notice %s", file.Attendance, file.NoticeOn)
		}
		_, err = db.RecordOnlineNotice(ctx, officeActor(a), c.ID, wachsam.MustDate("2026-08-21"), "", testEnteredLater)
		if err != nil {
			t.Fatal(err)
		}
		_, err = db.RecordOnlineNotice(ctx, officeActor(a), c.ID, wachsam.Date{}, "", testEnteredLater)
		officeWantRefusal(t, err, wachsam.ECONFLICT, "bereits am 21.08.2026")
		_, err = db.RecordPayment(ctx, officeActor(a), c.ID, exam.OfficePayment{EnteredReason: testEnteredLater, Fee: "exam", Reference: strings.Repeat("x", 201)})
		officeWantRefusal(t, err, wachsam.EINVALID, "Verwendungszweck: höchstens 200 Zeichen")
	})
}

// A component's examiner can be changed until an attempt at it is graded;
// the change is audited. Then only the board names a substitute (§3(2)).
func TestOfficeChangeExaminerUntilGraded(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		a, _ := academyAt(t, db)
		ctx := context.Background()
		actor := officeActor(a)
		audit := countRows(t, db, "audit_entries")
		if err := db.ChangeComponentExaminer(ctx, actor, a.Seminar.ID, a.Recht.ID, a.Examiners[0].ID); err != nil {
			t.Fatal(err)
		}
		s, err := db.ExamSeminar(ctx, a.Seminar.ID)
		if err != nil || *s.Components[1].ExaminerID != a.Examiners[0].ID {
			t.Fatalf("examiner after the change: %+v, %v", s.Components[1], err)
		}
		if countRows(t, db, "audit_entries") != audit+1 {
			t.Fatal("the change was not audited")
		}
		err = db.ChangeComponentExaminer(ctx, actor, a.Seminar.ID, a.Recht.ID, a.Examiners[0].ID)
		officeWantRefusal(t, err, wachsam.EINVALID, "bereits Prüfer")
		err = db.ChangeComponentExaminer(ctx, actor, a.Seminar.ID, a.Recht.ID, a.Board[0].ID)
		officeWantRefusal(t, err, wachsam.EINVALID, "Rolle")
		other := storetest.NewAcademy(t, db, "Zwei-")
		err = db.ChangeComponentExaminer(ctx, actor, a.Seminar.ID, other.Recht.ID, a.Examiners[1].ID)
		officeWantRefusal(t, err, wachsam.ENOTFOUND)

		a.SatBoth(t, db, 0, exam.Grade20, exam.Grade20, exam.Grade20)
		err = db.ChangeComponentExaminer(ctx, actor, a.Seminar.ID, a.Recht.ID, a.Examiners[1].ID)
		officeWantRefusal(t, err, wachsam.ECONFLICT, "bereits bewertet", "§3(2)")
	})
}

// The office chooses candidates to enrol from accounts not yet enrolled,
// and sees each candidate's state in the overview.
func TestOfficeOverviewAndEnrolableAccounts(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		a, clock := academyAt(t, db)
		ctx := context.Background()
		u := &wachsam.User{Email: "neu@akademie.example", Name: "Emil Elster", PasswordHash: "x", Roles: []wachsam.Role{wachsam.RoleCandidate}}
		if err := db.CreateUser(ctx, wachsam.SystemActor("test"), u); err != nil {
			t.Fatal(err)
		}
		free, err := db.OfficeEnrolableAccounts(ctx, a.Seminar.ID)
		if err != nil || len(free) != 1 || free[0].ID != u.ID {
			t.Fatalf("enrolable: %+v, %v", free, err)
		}
		if _, err := db.OfficeEnrolableAccounts(ctx, 999999); wachsam.ErrorCodeOf(err) != wachsam.ENOTFOUND {
			t.Fatalf("unknown seminar: %v", err)
		}
		examiners, err := db.OfficeExaminers(ctx)
		if err != nil || len(examiners) != 2 {
			t.Fatalf("examiners: %+v, %v", examiners, err)
		}
		a.SatBoth(t, db, 0, exam.Grade17, exam.Grade23, exam.Grade13)
		rows, err := db.OfficeCandidates(ctx, a.Seminar.ID)
		if err != nil || len(rows) != 3 {
			t.Fatalf("overview: %+v, %v", rows, err)
		}
		if r := rows[0]; r.Overall.Status != exam.OverallPassed || r.Components[0].Grade != "1,9" || !r.Admission.Granted || len(r.FeesDue) != 0 {
			t.Fatalf("first candidate: %+v", r)
		}
		lines, err := db.OfficeSeminarLines(ctx)
		if err != nil || len(lines) != 1 || lines[0].Candidates != 3 || !lines[0].NextExam.IsZero() {
			t.Fatalf("seminar lines: %+v, %v", lines, err)
		}
		jan := officeJanuaryDate(t, db, a, clock)
		if lines, err = db.OfficeSeminarLines(ctx); err != nil || lines[0].NextExam != jan {
			t.Fatalf("next exam after announcing %s: %+v, %v", jan.German(), lines, err)
		}
	})
}
