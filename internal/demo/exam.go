package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

// ExamStore is what the exam part of the demo writes to.
type ExamStore interface {
	CreateUser(ctx context.Context, actor wachsam.Actor, u *wachsam.User) error
	CreateExamSeminar(ctx context.Context, actor wachsam.Actor, s *exam.OfficeSeminar) error
	AnnounceExamDate(ctx context.Context, actor wachsam.Actor, d *exam.ExamDate) error
	AddExamCandidate(ctx context.Context, actor wachsam.Actor, seminarID, userID int64) (*exam.CandidateRecord, error)
	RecordExamFact(ctx context.Context, actor wachsam.Actor, candidateID int64, f exam.Fact) (exam.State, error)
	CandidateApply(ctx context.Context, actor wachsam.Actor, userID, candidateID int64, app exam.CandidateApplication) (exam.CandidateReceipt, error)
	SetCandidateAddress(ctx context.Context, actor wachsam.Actor, candidateID int64, a exam.PostalAddress) (exam.PostalAddress, error)
}

// examCandidate is a demo candidate and what happened to them so far.
type examCandidate struct {
	email, name string
	facts       func(d func(int) wachsam.Date) []exam.Fact
}

// loadAcademy sets up the ISB exam of seeds/004 around today: a seminar ten
// weeks ago, its first exam dates six weeks ago, a retake date in five
// weeks. The demo candidate (Paula) passed ISM and failed RECHT, and the
// result was announced ten days ago, so her retake, inspection and hardship
// deadlines are running; Kai passed everything and awaits his certificate;
// Lena missed a late ISM date through illness, and her reasons with a
// medical certificate wait for the board's vote (§9(2)).
func loadAcademy(ctx context.Context, st ExamStore, accounts map[wachsam.Role]*wachsam.User, passwordHash string, now time.Time) error {
	actor := wachsam.SystemActor("demo")
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		return err
	}
	today := wachsam.DateIn(now, berlin)
	d := func(offset int) wachsam.Date { return today.AddDays(offset) }
	examiner := accounts[wachsam.RoleExaminer].ID
	s := exam.OfficeSeminar{Title: fmt.Sprintf("ISB/CISO-Seminar %d", d(-70).Year), LeaderName: "Peter Prüfer",
		ExamFeeCents: 45000, RetakeFeeCents: 15000,
		Days: []exam.SeminarDay{{Date: d(-70)}, {Date: d(-69)}, {Date: d(-67), Online: true}},
		Components: []exam.OfficeComponent{
			{Code: "ISM", Name: "Informationssicherheitsmanagement", ExaminerID: &examiner,
				Parts: []exam.OfficePart{{Code: "ISM-K", Name: "Klausur", Weight: 2}, {Code: "ISM-F", Name: "Fallstudie", Weight: 1}}},
			{Code: "RECHT", Name: "Recht und Datenschutz", ExaminerID: &examiner},
		}}
	if err := st.CreateExamSeminar(ctx, actor, &s); err != nil {
		return err
	}
	for _, date := range []exam.ExamDate{
		{ComponentID: s.Components[0].ID, ExamDay: d(-40), AnnouncedOn: d(-75), EnteredReason: "Bekanntgabe im Seminar (Demodaten)", Place: "Akademie, Raum 1"},
		{ComponentID: s.Components[1].ID, ExamDay: d(-39), AnnouncedOn: d(-75), EnteredReason: "Bekanntgabe im Seminar (Demodaten)", Place: "Akademie, Raum 1"},
		{ComponentID: s.Components[0].ID, ExamDay: d(-3), AnnouncedOn: d(-40), EnteredReason: "Bekanntgabe im Seminar (Demodaten)", Place: "Akademie, Raum 1"},
		{ComponentID: s.Components[1].ID, ExamDay: d(35), AnnouncedOn: d(0), EnteredReason: "Bekanntgabe im Seminar (Demodaten)", Place: "Akademie, Raum 2"},
	} {
		if err := st.AnnounceExamDate(ctx, actor, &date); err != nil {
			return fmt.Errorf("Prüfungstermin %s: %w", date.ExamDay.German(), err)
		}
	}
	sat := func(d func(int) wachsam.Date, ismK, ismF, recht exam.Grade) []exam.Fact {
		return []exam.Fact{
			{Type: exam.FactRegistered, Date: d(-60), Component: "ISM", ExamDate: d(-40)},
			{Type: exam.FactRegistered, Date: d(-60), Component: "RECHT", ExamDate: d(-39)},
			{Type: exam.FactAttemptGraded, Date: d(-20), Component: "ISM", ExamDate: d(-40),
				Grades: []exam.PartGrade{{Part: "ISM-K", Grade: ismK}, {Part: "ISM-F", Grade: ismF}}},
			{Type: exam.FactAttemptGraded, Date: d(-20), Component: "RECHT", ExamDate: d(-39), Grades: []exam.PartGrade{{Grade: recht}}},
			{Type: exam.FactResultAnnounced, Date: d(-10), Component: "ISM", ExamDate: d(-40)},
			{Type: exam.FactResultAnnounced, Date: d(-10), Component: "RECHT", ExamDate: d(-39)},
		}
	}
	candidates := []examCandidate{
		{accounts[wachsam.RoleCandidate].Email, "", func(d func(int) wachsam.Date) []exam.Fact { return sat(d, exam.Grade17, exam.Grade23, exam.Grade50) }},
		{"kai.kandidat@demo.wachsam.de", "Kai Kandidat", func(d func(int) wachsam.Date) []exam.Fact { return sat(d, exam.Grade13, exam.Grade20, exam.Grade17) }},
		{"lena.lernend@demo.wachsam.de", "Lena Lernend", func(d func(int) wachsam.Date) []exam.Fact {
			return []exam.Fact{
				{Type: exam.FactRegistered, Date: d(-20), Component: "ISM", ExamDate: d(-3)},
				{Type: exam.FactAbsent, Date: d(-3), Component: "ISM", ExamDate: d(-3)},
			}
		}},
	}
	for _, c := range candidates {
		u := accounts[wachsam.RoleCandidate]
		if c.name != "" {
			u = &wachsam.User{Email: c.email, Name: c.name, PasswordHash: passwordHash, Roles: []wachsam.Role{wachsam.RoleCandidate}}
			if err := st.CreateUser(ctx, actor, u); err != nil {
				return err
			}
		}
		rec, err := st.AddExamCandidate(ctx, actor, s.ID, u.ID)
		if err != nil {
			return err
		}
		facts := []exam.Fact{{Type: exam.FactOnlineNoticeGiven, Date: d(-80)}, {Type: exam.FactFeePaid, Date: d(-78), Fee: "exam"}}
		for _, day := range s.Days {
			facts = append(facts, exam.Fact{Type: exam.FactSeminarDayAttended, Date: day.Date, CameraConfirmed: day.Online})
		}
		for _, f := range append(facts, c.facts(d)...) {
			if _, err := st.RecordExamFact(ctx, actor, rec.ID, f); err != nil {
				return fmt.Errorf("Demo-Prüfling %s: %w", u.Name, err)
			}
		}
		if c.email == "lena.lernend@demo.wachsam.de" {
			// Her decision letter goes by post too: an invented address in
			// the invented Lindenbach (89000 is no German postal code in use).
			if _, err := st.SetCandidateAddress(ctx, actor, rec.ID, exam.PostalAddress{FormOfAddress: "Frau",
				Street: "Am Lindenplatz 3", PostalCode: "89000", City: "Lindenbach"}); err != nil {
				return err
			}
			if _, err := st.CandidateApply(ctx, wachsam.UserActor(u), u.ID, rec.ID, exam.CandidateApplication{
				Action: exam.ApplyReasons, Component: "ISM", ExamDate: d(-3), Illness: true,
				Text:    "Ich war am Prüfungstag krank; das ärztliche Attest über die Prüfungsunfähigkeit liegt bei.",
				Uploads: []exam.CandidateUpload{{Filename: "attest.pdf", Content: demoCertificatePDF()}},
			}); err != nil {
				return fmt.Errorf("Demo-Prüfling %s: %w", u.Name, err)
			}
		}
	}
	return nil
}

// demoCertificatePDF is a one-page PDF standing in for a scanned medical
// certificate.
func demoCertificatePDF() []byte {
	return []byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
		"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
}
