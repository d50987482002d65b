package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// partComplete books the person on the round's first session and has
// their coordinator record them present the day after; it returns the
// correction, to take back, and the completion's id.
func partComplete(t *testing.T, db *store.DB, w *storetest.Neighbours, clock *storetest.FixedClock, town int64, person *wachsam.User) (courses.AttendanceCorrection, int64) {
	t.Helper()
	ctx, loc := context.Background(), attLoc(t)
	first := w.Round.Sessions[0]
	attBook(t, db, person, first.ID)
	attSetClock(t, clock, time.Date(2026, 12, 2, 10, 0, 0, 0, loc))
	fix := courses.AttendanceCorrection{SessionID: first.ID, UserID: person.ID, Day: first.Days[0], Present: true, Reason: "Haken vergessen"}
	if err := db.CorrectAttendance(ctx, wachsam.UserActor(w.Coordinators[town]), town, fix, loc); err != nil {
		t.Fatal(err)
	}
	return fix, partCompletionID(t, db, person.ID)
}

func partCompletionID(t *testing.T, db *store.DB, userID int64) int64 {
	t.Helper()
	done, err := db.CompletionsOf(context.Background(), userID)
	if err != nil || len(done) != 1 {
		t.Fatalf("completions %v, %v", done, err)
	}
	return done[0].ID
}

func partAudits(t *testing.T, db *store.DB, action string) int {
	t.Helper()
	n, err := db.NewSelect().Table("audit_entries").Where("action = ?", action).Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

// The holder and their coordinator get the same certificate with the same
// code, issued and audited once; a colleague, and the coordinator of
// another town, find nothing. A correction that takes the completion back
// withdraws the certificate (the public check says so, the holder gets no
// copy), and one that restores it brings back the old code.
func TestParticipationCertificateIsStableScopedAndWithdrawn(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx, loc := context.Background(), attLoc(t)
		w, clock := neighbours(t, db, storetest.NeighbourOptions{})
		town, otherTown := w.Municipalities[1].ID, w.Municipalities[2].ID
		person, colleague := w.Staff[town][0], w.Staff[town][1]
		fix, completion := partComplete(t, db, w, clock, town, person)
		me := wachsam.UserActor(person)

		c, err := db.MyParticipationCertificate(ctx, me, person.ID, completion)
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Code) != 19 || strings.Count(c.Code, "-") != 3 {
			t.Fatalf("code %q is not XXXX-XXXX-XXXX-XXXX", c.Code)
		}
		if c.HolderName != person.Name || c.Topic != w.Topic.Name || c.HolderTown != w.Municipalities[1].Name ||
			c.Issuer == "" || c.TrainerName != w.Trainer.Name || c.IssuedOn != wachsam.MustDate("2026-12-02") ||
			c.ValidUntil != courses.NextDue(w.Round.Sessions[0].Days[0], w.Topic.ValidityMonths) || c.Place() == "" {
			t.Fatalf("certificate %+v", c)
		}
		again, err := db.MyParticipationCertificate(ctx, me, person.ID, completion)
		if err != nil || again.Code != c.Code {
			t.Fatalf("second copy: %v, code %q want %q", err, again.Code, c.Code)
		}
		coord, err := db.StaffParticipationCertificate(ctx, wachsam.UserActor(w.Coordinators[town]), town, person.ID, completion)
		if err != nil || coord.Code != c.Code {
			t.Fatalf("coordinator's copy: %v", err)
		}
		if n := partAudits(t, db, "participation_certificate.issue"); n != 1 {
			t.Fatalf("%d issue audits, want 1", n)
		}
		rows := attCount(t, db, "participation_certificates")
		_, err = db.MyParticipationCertificate(ctx, wachsam.UserActor(colleague), colleague.ID, completion)
		wantCode(t, err, wachsam.ENOTFOUND)
		_, err = db.StaffParticipationCertificate(ctx, wachsam.UserActor(w.Coordinators[otherTown]), otherTown, person.ID, completion)
		wantCode(t, err, wachsam.ENOTFOUND)
		_, err = db.StaffParticipationCertificate(ctx, wachsam.UserActor(w.Coordinators[town]), town, colleague.ID, completion)
		wantCode(t, err, wachsam.ENOTFOUND)
		_, _, err = db.StaffCompletions(ctx, otherTown, person.ID)
		wantCode(t, err, wachsam.ENOTFOUND)
		if _, done, err := db.StaffCompletions(ctx, town, person.ID); err != nil || len(done) != 1 {
			t.Fatalf("own town's staff completions: %v %v", done, err)
		}
		if attCount(t, db, "participation_certificates") != rows {
			t.Fatal("a refused request wrote a certificate")
		}

		check, err := db.VerifyParticipation(ctx, strings.ToLower(strings.ReplaceAll(c.Code, "-", " ")), "192.0.2.1")
		if err != nil || !check.Valid() || check.HolderName != person.Name || check.Topic != w.Topic.Name || check.Code != c.Code {
			t.Fatalf("check %+v, %v", check, err)
		}

		fix.Present, fix.Reason = false, "Falsche Person angehakt"
		attSetClock(t, clock, time.Date(2026, 12, 3, 10, 0, 0, 0, loc))
		if err := db.CorrectAttendance(ctx, wachsam.UserActor(w.Coordinators[town]), town, fix, loc); err != nil {
			t.Fatal(err)
		}
		check, err = db.VerifyParticipation(ctx, c.Code, "192.0.2.1")
		if err != nil || check.Valid() || check.WithdrawnOn != wachsam.MustDate("2026-12-03") {
			t.Fatalf("after the correction: %+v, %v", check, err)
		}
		_, err = db.MyParticipationCertificate(ctx, me, person.ID, completion)
		wantCode(t, err, wachsam.ENOTFOUND)
		if partAudits(t, db, "participation_certificate.withdraw") != 1 {
			t.Fatal("the withdrawal is not audited")
		}

		fix.Present, fix.Reason = true, "Doch anwesend, Liste geprüft"
		if err := db.CorrectAttendance(ctx, wachsam.UserActor(w.Coordinators[town]), town, fix, loc); err != nil {
			t.Fatal(err)
		}
		back, err := db.MyParticipationCertificate(ctx, me, person.ID, partCompletionID(t, db, person.ID))
		if err != nil || back.Code != c.Code {
			t.Fatalf("restored: %v, code %q want %q", err, back.Code, c.Code)
		}
		if check, err := db.VerifyParticipation(ctx, c.Code, "192.0.2.1"); err != nil || !check.Valid() {
			t.Fatalf("restored check: %+v, %v", check, err)
		}
	})
}

// Twenty unknown codes from one address within the window, of either kind
// of document, stop every further answer to it — even for a real code —
// while another address is still answered; malformed codes do not count.
func TestVerifyParticipationThrottlesGuessing(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, clock := neighbours(t, db, storetest.NeighbourOptions{})
		town := w.Municipalities[0].ID
		person := w.Staff[town][0]
		_, completion := partComplete(t, db, w, clock, town, person)
		c, err := db.MyParticipationCertificate(ctx, wachsam.UserActor(person), person.ID, completion)
		if err != nil {
			t.Fatal(err)
		}
		for range 5 {
			_, err := db.VerifyParticipation(ctx, "zu kurz", "192.0.2.9")
			wantCode(t, err, wachsam.EINVALID)
		}
		for i := range store.VerifyFailures {
			var err error
			if i%2 == 0 {
				_, err = db.VerifyParticipation(ctx, fmt.Sprintf("AAAA-BBBB-CCCC-DD%cZ", wachsam.VerificationCodeAlphabet[i]), "192.0.2.9")
			} else {
				_, err = db.VerifyCertificate(ctx, fmt.Sprintf("AAAA-BBBB-CC%cZ", wachsam.VerificationCodeAlphabet[i]), "192.0.2.9")
			}
			wantCode(t, err, wachsam.ENOTFOUND)
		}
		_, err = db.VerifyParticipation(ctx, c.Code, "192.0.2.9")
		wantCode(t, err, wachsam.ETOOMANY)
		if _, err := db.VerifyParticipation(ctx, c.Code, "198.51.100.7"); err != nil {
			t.Fatal(err)
		}
		clock.Advance(store.VerifyWindow + time.Second)
		if _, err := db.VerifyParticipation(ctx, c.Code, "192.0.2.9"); err != nil {
			t.Fatalf("after the window: %v", err)
		}
	})
}
