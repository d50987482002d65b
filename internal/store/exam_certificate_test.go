package store_test

import (
	"context"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

var certOfficeActor = wachsam.SystemActor("Prüfungsamt (Test)")

// certCodePattern is a verification code as printed: three groups of four
// characters without 0, 1, I and O.
var certCodePattern = regexp.MustCompile(`^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$`)

// certUnchanged snapshots the tables an issue writes, to prove that a refused
// one wrote nothing.
func certUnchanged(t *testing.T, db *store.DB) func() {
	t.Helper()
	tables := []string{"exam_certificates", "exam_facts", "audit_entries", "mails"}
	before := map[string]int64{}
	for _, tb := range tables {
		before[tb] = countRows(t, db, tb)
	}
	return func() {
		t.Helper()
		for _, tb := range tables {
			if n := countRows(t, db, tb); n != before[tb] {
				t.Errorf("%s: %d rows, before %d: a refused issue wrote something", tb, n, before[tb])
			}
		}
	}
}

// TestPara10_1_IssueRefusedBeforeAllComponentsPassed: with ISM failed
// (5,0) the certificate is refused, naming the component and §10(1).
func TestPara10_1_IssueRefusedBeforeAllComponentsPassed(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		a, _ := academyAt(t, db)
		a.SatBoth(t, db, 0, exam.Grade50, exam.Grade40, exam.Grade13)
		check := certUnchanged(t, db)
		_, err := db.IssueCertificate(context.Background(), certOfficeActor, a.Candidates[0].ID)
		if wachsam.ErrorCodeOf(err) != wachsam.ECONFLICT || !strings.Contains(err.Error(), "§10(1)") || !strings.Contains(err.Error(), "Informationssicherheitsmanagement") {
			t.Fatalf("issue before passing: %v, want a §10(1) refusal naming the component", err)
		}
		check()
		// Nothing graded at all is refused the same way.
		if _, err := db.IssueCertificate(context.Background(), certOfficeActor, a.Candidates[1].ID); !strings.Contains(err.Error(), "§10(1)") {
			t.Fatalf("issue without grades: %v", err)
		}
		check()
	})
}

// TestPara10_1_SecondIssueRefused: one certificate per candidate.
func TestPara10_1_SecondIssueRefused(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		a, clock := academyAt(t, db)
		a.SatBoth(t, db, 0, exam.Grade17, exam.Grade23, exam.Grade13)
		first, err := db.IssueCertificate(context.Background(), certOfficeActor, a.Candidates[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		clock.Advance(24 * time.Hour)
		check := certUnchanged(t, db)
		_, err = db.IssueCertificate(context.Background(), certOfficeActor, a.Candidates[0].ID)
		if wachsam.ErrorCodeOf(err) != wachsam.ECONFLICT || !strings.Contains(err.Error(), "§10(1)") || !strings.Contains(err.Error(), first.IssuedOn.German()) {
			t.Fatalf("second issue: %v, want a §10(1) refusal naming the first date", err)
		}
		check()
	})
}

// TestCertificateSnapshot checks what the row keeps: holder, date, the
// overall grade of §5(5) with its word, each component grade, the
// scientific director (the board's chair, §4(2)) and the seminar leader
// (§10(2)); and that the holder is told by mail in the same transaction.
func TestCertificateSnapshot(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a, _ := academyAt(t, db)
		// ISM: (1,7×2 + 2,3)/3 = 1,9 → 2,0; RECHT 1,3; overall 1,65 → 1,7.
		a.SatBoth(t, db, 0, exam.Grade17, exam.Grade23, exam.Grade13)
		due, err := db.CertificatesDue(ctx)
		if err != nil || len(due) != 1 || due[0].CandidateID != a.Candidates[0].ID || due[0].OverallGrade != "1,7" {
			t.Fatalf("due before issuing: %+v, %v", due, err)
		}
		c, err := db.IssueCertificate(ctx, certOfficeActor, a.Candidates[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		want := exam.CertificateRecord{
			ID: c.ID, CandidateID: a.Candidates[0].ID, CandidateNumber: a.Candidates[0].Number, UserID: a.Users[0].ID,
			Regulation: exam.IDUdisISB2025, Code: c.Code, HolderName: a.Users[0].Name, SeminarTitle: a.Seminar.Title,
			SeminarFirstDay: wachsam.MustDate("2026-09-07"), SeminarLastDay: wachsam.MustDate("2026-09-10"),
			IssuedOn: wachsam.MustDate("2026-11-22"), OverallGrade: "1,7", OverallWord: "gut",
			DirectorName: a.Chair.Name, LeaderName: "Dr. Erik Weber",
			Grades: []exam.CertificateGrade{
				{Component: "ISM", Name: "Informationssicherheitsmanagement", Grade: "1,9", Word: "gut"},
				{Component: "RECHT", Name: "Recht und Datenschutz", Grade: "1,3", Word: "sehr gut"},
			},
		}
		if !reflect.DeepEqual(*c, want) {
			t.Errorf("certificate\n got %+v\nwant %+v", *c, want)
		}
		if listed, err := db.ExamCertificate(ctx, c.ID); err != nil || !reflect.DeepEqual(*listed, want) {
			t.Errorf("ExamCertificate: %+v, %v", listed, err)
		}
		if due, _ := db.CertificatesDue(ctx); len(due) != 0 {
			t.Errorf("still due after issuing: %+v", due)
		}
		var mails []wachsam.Mail
		if err := db.NewSelect().Model(&mails).Where("to_address = ?", a.Users[0].Email).Scan(ctx); err != nil || len(mails) != 1 {
			t.Fatalf("mails to the holder: %d, %v", len(mails), err)
		}
		if !strings.Contains(mails[0].Body, "22.11.2026") || strings.Contains(mails[0].Body, c.Code) {
			t.Errorf("mail body:\n%s", mails[0].Body)
		}
		s, err := db.ExamState(ctx, a.Candidates[0].ID)
		if err != nil || s.Certificate == nil || s.Certificate.IssuedOn != c.IssuedOn {
			t.Errorf("state certificate %+v, %v", s.Certificate, err)
		}
	})
}

// TestCertificateCodesAreUniqueAndReadable: every certificate gets its
// own code in the printed form.
func TestCertificateCodesAreUniqueAndReadable(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a, _ := academyAt(t, db)
		seen := map[string]bool{}
		for i := range a.Candidates {
			a.SatBoth(t, db, i, exam.Grade10, exam.Grade10, exam.Grade37)
			c, err := db.IssueCertificate(ctx, certOfficeActor, a.Candidates[i].ID)
			if err != nil {
				t.Fatal(err)
			}
			if !certCodePattern.MatchString(c.Code) || seen[c.Code] {
				t.Errorf("code %q: malformed or repeated", c.Code)
			}
			seen[c.Code] = true
		}
		all, err := db.ExamCertificates(ctx)
		if err != nil || len(all) != 3 {
			t.Fatalf("ExamCertificates: %d, %v", len(all), err)
		}
	})
}

// TestCertificateNeedsTheScientificDirector: §10(2) needs a signatory
// with the chair's role; without one nothing is issued.
func TestCertificateNeedsTheScientificDirector(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a, _ := academyAt(t, db)
		a.SatBoth(t, db, 0, exam.Grade17, exam.Grade23, exam.Grade13)
		a.Chair.Roles = []wachsam.Role{wachsam.RoleBoard}
		if err := db.UpdateUser(ctx, wachsam.SystemActor("test"), a.Chair); err != nil {
			t.Fatal(err)
		}
		check := certUnchanged(t, db)
		_, err := db.IssueCertificate(ctx, certOfficeActor, a.Candidates[0].ID)
		if wachsam.ErrorCodeOf(err) != wachsam.ECONFLICT || !strings.Contains(err.Error(), "§10(2)") {
			t.Fatalf("issue without a chair: %v", err)
		}
		check()
	})
}

// TestCandidateCertificateIsTheHoldersOnly: another account, even another
// candidate of the seminar, finds nothing.
func TestCandidateCertificateIsTheHoldersOnly(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a, _ := academyAt(t, db)
		a.SatBoth(t, db, 0, exam.Grade17, exam.Grade23, exam.Grade13)
		c, err := db.IssueCertificate(ctx, certOfficeActor, a.Candidates[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if own, err := db.CandidateCertificate(ctx, a.Users[0].ID, a.Candidates[0].ID); err != nil || own.ID != c.ID {
			t.Fatalf("holder: %+v, %v", own, err)
		}
		if _, err := db.CandidateCertificate(ctx, a.Users[1].ID, a.Candidates[0].ID); wachsam.ErrorCodeOf(err) != wachsam.ENOTFOUND {
			t.Errorf("another candidate: %v, want not found", err)
		}
		if _, err := db.CandidateCertificate(ctx, a.Users[1].ID, a.Candidates[1].ID); wachsam.ErrorCodeOf(err) != wachsam.ENOTFOUND {
			t.Errorf("own file without certificate: %v, want not found", err)
		}
		if _, err := db.ExamCertificate(ctx, c.ID+100); wachsam.ErrorCodeOf(err) != wachsam.ENOTFOUND {
			t.Errorf("unknown certificate: %v", err)
		}
	})
}
