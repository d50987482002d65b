package mail_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/jobs"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

// A trainer's invitation (issue 14 §3) goes the whole way: the session is
// made with its trainer, the notice job writes the mail into the outbox,
// the delivery job sends it through a real SMTP server, and what arrives
// is iMIP — text/plain and text/calendar (method=REQUEST, the trainer as
// CHAIR) in a multipart/alternative, and the .ics as attachment.
func TestMailTrainerInvitationIsIMIP(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := storetest.NewNeighbours(t, db, storetest.NeighbourOptions{Sessions: 1, Draft: true})
		server := startSMTPServer(t, false)
		sender := smtpSender(t, server.addr.Port)
		notices, err := jobs.NewNotices(db, jobs.NoticeConfig{BaseURL: "https://wachsam.example.de", From: "portal@wachsam.example"})
		if err != nil {
			t.Fatal(err)
		}
		r := mailRunner(db, sender)
		r.Handle(wachsam.TrainerNoticeJob, notices.Trainer)
		for i := 0; ; i++ {
			ran, err := r.RunOnce(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if !ran {
				break
			}
			if i > 10 {
				t.Fatal("the jobs do not end")
			}
		}
		msgs := server.received()
		if len(msgs) != 1 || msgs[0].to[0] != w.Trainer.Email {
			t.Fatalf("server received %d messages, want 1 to the trainer", len(msgs))
		}
		var alternative, attachment, plain *leaf
		leaves := mimeLeaves(t, msgs[0].data)
		for i := range leaves {
			l := &leaves[i]
			switch {
			case l.mediaType == "text/calendar" && l.parent == "multipart/alternative":
				alternative = l
			case l.mediaType == "text/calendar" && strings.HasPrefix(l.disposition, "attachment"):
				attachment = l
			case l.mediaType == "text/plain" && l.parent == "multipart/alternative":
				plain = l
			}
		}
		if alternative == nil || attachment == nil || plain == nil {
			t.Fatalf("want text/plain and text/calendar alternatives and a calendar attachment, got %+v", leaves)
		}
		if !strings.Contains(string(plain.data), "Sie leiten den folgenden Termin") {
			t.Errorf("plain text:\n%s", plain.data)
		}
		for name, l := range map[string]*leaf{"alternative": alternative, "attachment": attachment} {
			if l.params["method"] != "REQUEST" {
				t.Errorf("%s: parameters %v, want method=REQUEST", name, l.params)
			}
			text := strings.ReplaceAll(strings.ReplaceAll(string(l.data), "\r\n", "\n"), "\n ", "")
			if m := regexp.MustCompile(`(?m)^METHOD:(\w+)$`).FindStringSubmatch(text); m == nil || m[1] != "REQUEST" {
				t.Errorf("%s: METHOD %v", name, m)
			}
			for _, want := range []string{"ROLE=CHAIR", "mailto:" + w.Trainer.Email, "UID:session-"} {
				if !strings.Contains(text, want) {
					t.Errorf("%s lacks %q:\n%s", name, want, text)
				}
			}
		}
	})
}
