package storetest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
	"github.com/wachsam/wachsam/internal/store"
)

// Academy is a test world of seeds/004: one ISB seminar in September 2026
// (two days on site, the last online), its canon of two components, their
// examiners, the examination board and three candidates. Every candidate
// attended every day, was told about the camera in writing and paid the
// exam fee; nothing else happened yet. The October exam dates are announced.
//
// The harness clock (22.11.2026) lies after all of it; tests add what they
// need with RecordExamFact and move the clock themselves.
type Academy struct {
	Seminar    exam.OfficeSeminar
	ISM        exam.OfficeComponent // parts ISM-K (weight 2) and ISM-F (weight 1), examiner Examiners[0]
	Recht      exam.OfficeComponent // graded as a whole, examiner Examiners[1]
	Examiners  []*wachsam.User
	Board      []*wachsam.User // three members; Chair is the fourth
	Chair      *wachsam.User   // scientific director and chair (§4(2)), also holds the board role
	Office     *wachsam.User   // the exam office
	Candidates []exam.CandidateRecord
	Users      []*wachsam.User // the candidates' accounts, index by index
	Dates      map[string]wachsam.Date
}

// The academy's calendar.
var (
	AcademyDays = []exam.SeminarDay{
		{Date: wachsam.MustDate("2026-09-07")},
		{Date: wachsam.MustDate("2026-09-08")},
		{Date: wachsam.MustDate("2026-09-10"), Online: true},
	}
	// ISMExamDay and RechtExamDay are announced on 01.09.2026.
	ISMExamDay   = wachsam.MustDate("2026-10-12")
	RechtExamDay = wachsam.MustDate("2026-10-13")
)

// NewAcademy builds the academy in db. Account e-mails start with prefix,
// so two academies can live in one database. The password hashes are not
// valid: tests that sign in set their own.
func NewAcademy(t testing.TB, db *store.DB, prefix string) *Academy {
	t.Helper()
	ctx := context.Background()
	actor := wachsam.SystemActor("test")
	a := &Academy{Dates: map[string]wachsam.Date{"ISM": ISMExamDay, "RECHT": RechtExamDay}}
	// A prefix such as "Zweite " names people; their addresses must stay
	// valid, since mails to them are checked like any other.
	mail := func(s string) string {
		return strings.ReplaceAll(strings.TrimSpace(lower(prefix)), " ", "-") + s + "@akademie.example"
	}
	a.Examiners = []*wachsam.User{
		newUser(t, db, mail("weber"), prefix+"Dr. Erik Weber", nil, nil, wachsam.RoleExaminer),
		newUser(t, db, mail("roth"), prefix+"Ria Roth", nil, nil, wachsam.RoleExaminer),
	}
	for i := range 3 {
		a.Board = append(a.Board, newUser(t, db, mail(fmt.Sprintf("ausschuss%d", i+1)), fmt.Sprintf("%sAusschussmitglied %d", prefix, i+1), nil, nil, wachsam.RoleBoard))
	}
	a.Chair = newUser(t, db, mail("vorsitz"), prefix+"Prof. Dr. Vera Vorsitz", nil, nil, wachsam.RoleBoardChair)
	a.Chair.Roles = append(a.Chair.Roles, wachsam.RoleBoard)
	must(t, db.UpdateUser(ctx, actor, a.Chair))
	a.Office = newUser(t, db, mail("pruefungsamt"), prefix+"Pia Prüfungsamt", nil, nil, wachsam.RoleExamOffice)

	s := exam.OfficeSeminar{Title: prefix + "ISB/CISO-Seminar Herbst 2026", LeaderName: "Dr. Erik Weber",
		ExamFeeCents: 45000, RetakeFeeCents: 15000, Days: AcademyDays,
		Components: []exam.OfficeComponent{
			{Code: "ISM", Name: "Informationssicherheitsmanagement", ExaminerID: &a.Examiners[0].ID,
				Parts: []exam.OfficePart{{Code: "ISM-K", Name: "Klausur", Weight: 2}, {Code: "ISM-F", Name: "Fallstudie", Weight: 1}}},
			{Code: "RECHT", Name: "Recht und Datenschutz", ExaminerID: &a.Examiners[1].ID},
		}}
	must(t, db.CreateExamSeminar(ctx, actor, &s))
	a.Seminar = s
	a.ISM, a.Recht = s.Components[0], s.Components[1]

	announced := wachsam.MustDate("2026-09-01")
	for _, d := range []exam.ExamDate{
		{ComponentID: a.ISM.ID, ExamDay: ISMExamDay, AnnouncedOn: announced, EnteredReason: "Aushang im Seminar", Place: "Ulm, Raum 1"},
		{ComponentID: a.Recht.ID, ExamDay: RechtExamDay, AnnouncedOn: announced, EnteredReason: "Aushang im Seminar", Place: "Ulm, Raum 1"},
	} {
		must(t, db.AnnounceExamDate(ctx, actor, &d))
	}

	for i, name := range []string{"Anna Amsel", "Bernd Buchfink", "Clara Christ"} {
		u := newUser(t, db, mail(fmt.Sprintf("kandidat%d", i+1)), prefix+name, nil, nil, wachsam.RoleCandidate)
		c, err := db.AddExamCandidate(ctx, actor, s.ID, u.ID)
		must(t, err)
		a.Users = append(a.Users, u)
		a.Candidates = append(a.Candidates, *c)
		facts := []exam.Fact{{Type: exam.FactOnlineNoticeGiven, Date: wachsam.MustDate("2026-08-20")}, {Type: exam.FactFeePaid, Date: wachsam.MustDate("2026-08-25"), Fee: "exam"}}
		for _, d := range AcademyDays {
			facts = append(facts, exam.Fact{Type: exam.FactSeminarDayAttended, Date: d.Date, CameraConfirmed: d.Online})
		}
		for _, f := range facts {
			_, err := db.RecordExamFact(ctx, actor, c.ID, f)
			must(t, err)
		}
	}
	return a
}

// Record records facts in a candidate's file and fails the test on a refusal.
func (a *Academy) Record(t testing.TB, db *store.DB, candidate int, facts ...exam.Fact) exam.State {
	t.Helper()
	var s exam.State
	var err error
	for _, f := range facts {
		s, err = db.RecordExamFact(context.Background(), wachsam.SystemActor("test"), a.Candidates[candidate].ID, f)
		must(t, err)
	}
	return s
}

// SatBoth registers a candidate for the October dates (on 15.09.2026) and
// records the grades of both attempts (on 20.10.2026): ism are the grades of
// ISM-K and ISM-F, recht the grade of RECHT. Results are not announced.
func (a *Academy) SatBoth(t testing.TB, db *store.DB, candidate int, ismK, ismF, recht exam.Grade) exam.State {
	t.Helper()
	reg := wachsam.MustDate("2026-09-15")
	graded := wachsam.MustDate("2026-10-20")
	return a.Record(t, db, candidate,
		exam.Fact{Type: exam.FactRegistered, Date: reg, Component: "ISM", ExamDate: ISMExamDay},
		exam.Fact{Type: exam.FactRegistered, Date: reg, Component: "RECHT", ExamDate: RechtExamDay},
		exam.Fact{Type: exam.FactAttemptGraded, Date: graded, Component: "ISM", ExamDate: ISMExamDay,
			Grades: []exam.PartGrade{{Part: "ISM-K", Grade: ismK}, {Part: "ISM-F", Grade: ismF}}},
		exam.Fact{Type: exam.FactAttemptGraded, Date: graded, Component: "RECHT", ExamDate: RechtExamDay,
			Grades: []exam.PartGrade{{Grade: recht}}},
	)
}
