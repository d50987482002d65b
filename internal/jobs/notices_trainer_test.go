package jobs_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/calendar"
	"github.com/wachsam/wachsam/internal/jobs"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// mailsTo are the outbox's mails to one address, oldest first.
func mailsTo(t *testing.T, db *store.DB, address string) []wachsam.Mail {
	t.Helper()
	var out []wachsam.Mail
	for _, m := range outbox(t, db) {
		if m.ToAddress == address {
			out = append(out, m)
		}
	}
	return out
}

// The trainer's invitations (issue 14 §3): made with the session, renewed
// with a higher SEQUENCE when its time changes, cancelled for the trainer
// who is replaced while the new one is invited, and cancelled with the
// session — always the session's own trainer UID, the trainer as CHAIR.
func TestNoticeTrainerInvitedMovedReplacedCancelled(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, clock := noticeWorld(t, db, 10)
		n, err := jobs.NewNotices(db, noticeConfig(clock))
		if err != nil {
			t.Fatal(err)
		}
		coordinator := wachsam.UserActor(w.Coordinators[w.Round.CreatedBy])
		// The world's three sessions were made with their trainer.
		if ran := runJobs(t, db, wachsam.TrainerNoticeJob, n.Trainer); ran != 3 {
			t.Fatalf("%d trainer notices ran, want 3", ran)
		}
		sess := w.Round.Sessions[0]
		uid := fmt.Sprintf("UID:session-%d-leitung@wachsam.example.de\r\n", sess.ID)
		first := mailsTo(t, db, w.Trainer.Email)
		if len(first) != 3 {
			t.Fatalf("trainer got %d mails, want 3", len(first))
		}
		invite := first[0]
		if invite.Subject != "Ihr Schulungstermin: Informationssicherheit im Rathaus am 01.12.2026" ||
			len(invite.Attachments) != 1 || invite.Attachments[0].ContentType != calendar.ContentType(calendar.Request) {
			t.Fatalf("trainer invitation = %q %+v", invite.Subject, invite.Attachments)
		}
		wantAll(t, "trainer invitation body", invite.Body, "Sie leiten den folgenden Termin", "Dienstag, 01.12.2026",
			"Rathaus Lindenbach, Sitzungssaal", "Angemeldet: 0 von 10 Plätzen", noticeBase+"/trainer/")
		wantAll(t, "trainer invitation", unfolded(invite.Attachments[0].Data), "METHOD:REQUEST\r\n", uid, "SEQUENCE:0\r\n",
			"ROLE=CHAIR", "mailto:"+w.Trainer.Email, "ORGANIZER;CN=wachsam:mailto:noreply@wachsam.example.de")

		// A booking, then the session moves an hour later: the person and
		// the trainer are told, each with SEQUENCE 1.
		staff := w.Staff[w.Municipalities[0].ID][0]
		b, err := db.Book(ctx, wachsam.UserActor(staff), staff.ID, sess.ID)
		if err != nil {
			t.Fatal(err)
		}
		runJobs(t, db, wachsam.BookingNoticeJob, n.Booking)
		moved := sess
		moved.StartsAt, moved.EndsAt = sess.StartsAt.Add(time.Hour), sess.EndsAt.Add(time.Hour)
		if err := db.UpdateSession(ctx, coordinator, w.Round.CreatedBy, moved); err != nil {
			t.Fatal(err)
		}
		runJobs(t, db, wachsam.BookingNoticeJob, n.Booking)
		runJobs(t, db, wachsam.TrainerNoticeJob, n.Trainer)
		trainerMails := mailsTo(t, db, w.Trainer.Email)
		if len(trainerMails) != 4 {
			t.Fatalf("trainer got %d mails, want 4", len(trainerMails))
		}
		wantAll(t, "moved session, trainer", unfolded(trainerMails[3].Attachments[0].Data), "METHOD:REQUEST\r\n", uid,
			"SEQUENCE:1\r\n", "DTSTART;TZID=Europe/Berlin:20261201T100000\r\n")
		wantAll(t, "moved session, trainer body", trainerMails[3].Body, "10:00 bis 13:00 Uhr", "Angemeldet: 1 von 10")
		staffMails := mailsTo(t, db, staff.Email)
		if len(staffMails) != 2 {
			t.Fatalf("the booked person got %d mails, want 2", len(staffMails))
		}
		wantAll(t, "moved session, booking", unfolded(staffMails[1].Attachments[0].Data), "METHOD:REQUEST\r\n",
			fmt.Sprintf("UID:booking-%d@wachsam.example.de\r\n", b.ID), "SEQUENCE:1\r\n", "DTSTART;TZID=Europe/Berlin:20261201T100000\r\n")

		// Another trainer: the old one gets the cancellation, the new one
		// the invitation, both with SEQUENCE 2 and the same UID.
		other := &wachsam.User{Email: "zweiter.trainer@example.org", Name: "Zoran Zweit", PasswordHash: "x",
			Roles: []wachsam.Role{wachsam.RoleTrainer}}
		if err := db.CreateUser(ctx, wachsam.SystemActor("test"), other); err != nil {
			t.Fatal(err)
		}
		replaced := moved
		replaced.TrainerID = other.ID
		if err := db.UpdateSession(ctx, coordinator, w.Round.CreatedBy, replaced); err != nil {
			t.Fatal(err)
		}
		if ran := runJobs(t, db, wachsam.BookingNoticeJob, n.Booking); ran != 0 {
			t.Errorf("a new trainer re-invited %d booked people; time and place did not change", ran)
		}
		runJobs(t, db, wachsam.TrainerNoticeJob, n.Trainer)
		oldMails, newMails := mailsTo(t, db, w.Trainer.Email), mailsTo(t, db, other.Email)
		if len(oldMails) != 5 || len(newMails) != 1 {
			t.Fatalf("after the change of trainer: old %d mails (want 5), new %d (want 1)", len(oldMails), len(newMails))
		}
		withdrawn := oldMails[4]
		if !strings.HasPrefix(withdrawn.Subject, "Abgesagt: ") || withdrawn.Attachments[0].ContentType != calendar.ContentType(calendar.Cancel) {
			t.Fatalf("old trainer's mail = %q %+v", withdrawn.Subject, withdrawn.Attachments)
		}
		wantAll(t, "withdrawn body", withdrawn.Body, "leiten nicht mehr Sie")
		wantAll(t, "withdrawn", unfolded(withdrawn.Attachments[0].Data), "METHOD:CANCEL\r\n", uid, "SEQUENCE:2\r\n", "STATUS:CANCELLED\r\n")
		wantAll(t, "new trainer", unfolded(newMails[0].Attachments[0].Data), "METHOD:REQUEST\r\n", uid, "SEQUENCE:2\r\n",
			"ROLE=CHAIR", "mailto:"+other.Email)

		// The session is called off: the new trainer is told, SEQUENCE 3.
		if err := db.CancelSession(ctx, coordinator, w.Round.CreatedBy, sess.ID); err != nil {
			t.Fatal(err)
		}
		runJobs(t, db, wachsam.TrainerNoticeJob, n.Trainer)
		newMails = mailsTo(t, db, other.Email)
		if len(newMails) != 2 {
			t.Fatalf("new trainer got %d mails, want 2", len(newMails))
		}
		wantAll(t, "cancelled session body", newMails[1].Body, "wurde abgesagt")
		wantAll(t, "cancelled session", unfolded(newMails[1].Attachments[0].Data), "METHOD:CANCEL\r\n", uid, "SEQUENCE:3\r\n")
		if got := len(mailsTo(t, db, w.Trainer.Email)); got != 5 {
			t.Errorf("the replaced trainer got %d mails, want still 5", got)
		}

		// Every trainer mail is audited.
		if audited := countRows(t, db, "audit_entries", "action = ?", "mail.trainer_notice"); audited != 7 {
			t.Errorf("%d trainer mails audited, want 7", audited)
		}
		if audited := countRows(t, db, "audit_entries", "action = ?", "session.update"); audited != 2 {
			t.Errorf("%d session changes audited, want 2", audited)
		}
	})
}
