package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// certIssued gives candidate i a passed exam and its certificate.
func certIssued(t *testing.T, db *store.DB, a *storetest.Academy, i int) *exam.CertificateRecord {
	t.Helper()
	a.SatBoth(t, db, i, exam.Grade17, exam.Grade23, exam.Grade13)
	c, err := db.IssueCertificate(context.Background(), certOfficeActor, a.Candidates[i].ID)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// certRevoke records the board's §11(1) decision after a hearing: four
// members, three yes votes, ground cheating.
func certRevoke(t *testing.T, db *store.DB, a *storetest.Academy, i int, heard, decided wachsam.Date) {
	t.Helper()
	a.Record(t, db, i,
		exam.Fact{Type: exam.FactHearingHeld, Date: heard},
		exam.Fact{Type: exam.FactBoardDecision, Date: decided, Motion: exam.MotionInvalidateCertificate, Members: 4,
			Votes: exam.Votes{Yes: 3}, DecidedBy: exam.ByBoard, Ground: "cheating"})
}

// TestVerifyCertificateShowsOnlyWhatThePublicMaySee: any spelling of the
// code finds the certificate; the answer holds name, date and overall
// grade.
func TestVerifyCertificateShowsOnlyWhatThePublicMaySee(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		a, _ := academyAt(t, db)
		c := certIssued(t, db, a, 0)
		for _, typed := range []string{c.Code, strings.ToLower(c.Code), strings.ReplaceAll(c.Code, "-", " "), " " + strings.ReplaceAll(c.Code, "-", "") + " "} {
			got, err := db.VerifyCertificate(context.Background(), typed, "192.0.2.1")
			if err != nil {
				t.Fatalf("%q: %v", typed, err)
			}
			want := exam.CertificateCheck{Code: c.Code, HolderName: a.Users[0].Name, IssuedOn: c.IssuedOn, OverallGrade: "1,7", OverallWord: "gut"}
			if *got != want || !got.Valid() {
				t.Errorf("%q: %+v, want %+v", typed, *got, want)
			}
		}
	})
}

// TestPara11_RevokedCertificateVerifiesAsRevoked: after the board's
// effective §11 decision the certificate is revoked on the day of the
// decision, and stays listed with its reason for the office.
func TestPara11_RevokedCertificateVerifiesAsRevoked(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a, clock := academyAt(t, db)
		c := certIssued(t, db, a, 0)
		clock.Set(time.Date(2027, 2, 3, 10, 0, 0, 0, time.UTC))
		certRevoke(t, db, a, 0, wachsam.MustDate("2027-01-20"), wachsam.MustDate("2027-02-03"))
		got, err := db.VerifyCertificate(ctx, c.Code, "192.0.2.1")
		if err != nil {
			t.Fatal(err)
		}
		if got.Valid() || got.RevokedOn != wachsam.MustDate("2027-02-03") {
			t.Errorf("after §11: %+v, want revoked on 03.02.2027", got)
		}
		rec, err := db.ExamCertificate(ctx, c.ID)
		if err != nil || !rec.Revoked() || !strings.Contains(rec.RevokeReason, "§11(1)") {
			t.Errorf("office view: %+v, %v", rec, err)
		}
	})
}

// TestVerifyCertificateThrottlesGuessing: 20 unknown codes from one
// address within 10 minutes, and the address gets no answers, not even
// for a real code, until the window has passed. Malformed input is not
// a lookup and does not count; other addresses are not affected.
func TestVerifyCertificateThrottlesGuessing(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a, clock := academyAt(t, db)
		c := certIssued(t, db, a, 0)
		for i := range 25 {
			if _, err := db.VerifyCertificate(ctx, "zu kurz", "192.0.2.9"); wachsam.ErrorCodeOf(err) != wachsam.EINVALID {
				t.Fatalf("malformed %d: %v", i, err)
			}
		}
		for i := range store.VerifyFailures {
			_, err := db.VerifyCertificate(ctx, fmt.Sprintf("AAAA-BBBB-CC%cZ", exam.CertificateCodeAlphabet[i]), "192.0.2.9")
			if wachsam.ErrorCodeOf(err) != wachsam.ENOTFOUND {
				t.Fatalf("guess %d: %v, want not found", i, err)
			}
			clock.Advance(10 * time.Second)
		}
		if _, err := db.VerifyCertificate(ctx, c.Code, "192.0.2.9"); wachsam.ErrorCodeOf(err) != wachsam.ETOOMANY {
			t.Fatalf("after %d guesses: %v, want too many", store.VerifyFailures, err)
		}
		if _, err := db.VerifyCertificate(ctx, c.Code, "198.51.100.7"); err != nil {
			t.Fatalf("another address: %v", err)
		}
		clock.Advance(store.VerifyWindow)
		if _, err := db.VerifyCertificate(ctx, c.Code, "192.0.2.9"); err != nil {
			t.Fatalf("after the window: %v", err)
		}
	})
}

// TestVerifyCertificateCountsParallelGuesses: forty wrong codes from one
// address at the same moment get exactly the twenty answers the limit
// allows; the rest are refused without a lookup, on both databases.
func TestVerifyCertificateCountsParallelGuesses(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		academyAt(t, db)
		const guesses = 2 * store.VerifyFailures
		results := make(chan wachsam.ErrorCode, guesses)
		start := make(chan struct{})
		for i := range guesses {
			go func() {
				<-start
				_, err := db.VerifyCertificate(ctx, fmt.Sprintf("AAAA-BBBB-C%c%cZ", exam.CertificateCodeAlphabet[i%10], exam.CertificateCodeAlphabet[i/10]), "192.0.2.10")
				results <- wachsam.ErrorCodeOf(err)
			}()
		}
		close(start)
		answered, refused := 0, 0
		for range guesses {
			switch code := <-results; code {
			case wachsam.ENOTFOUND:
				answered++
			case wachsam.ETOOMANY:
				refused++
			default:
				t.Errorf("unexpected answer %q", code)
			}
		}
		if answered != store.VerifyFailures || refused != guesses-store.VerifyFailures {
			t.Fatalf("%d answered, %d refused; want %d and %d", answered, refused, store.VerifyFailures, guesses-store.VerifyFailures)
		}
	})
}
