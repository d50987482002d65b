package store_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

func TestMailOutboxWritesMailAndDeliveryJobTogether(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clock := storetest.NewClock(jobEpoch)
		db.Now = clock.Now
		pdf := []byte("%PDF-1.7\x00\xff binary")
		m := &wachsam.Mail{
			ToAddress: "Jörg Müller <joerg.mueller@überlingen.example>",
			Subject:   "Ihre Teilnahmebescheinigung – Schulung „Phishing“",
			Body:      "Guten Tag,\nanbei Ihre Bescheinigung.\n",
			Attachments: []wachsam.MailAttachment{
				{Name: "bescheinigung.pdf", ContentType: "application/pdf", Data: pdf},
			},
		}
		if err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error { return db.EnqueueMail(ctx, tx, m) }); err != nil {
			t.Fatalf("EnqueueMail: %v", err)
		}
		if m.ToAddress != "joerg.mueller@überlingen.example" || m.ToName != "Jörg Müller" {
			t.Fatalf("recipient split into %q / %q", m.ToAddress, m.ToName)
		}
		got, err := db.Mail(ctx, m.ID)
		if err != nil {
			t.Fatalf("Mail: %v", err)
		}
		if got.Subject != m.Subject || got.Body != m.Body || got.SentAt != nil || !got.CreatedAt.Equal(jobEpoch) ||
			len(got.Attachments) != 1 || !bytes.Equal(got.Attachments[0].Data, pdf) || got.Attachments[0].ContentType != "application/pdf" {
			t.Fatalf("Mail = %+v", got)
		}

		job := claim(t, db, "w")
		var payload wachsam.MailDeliverPayload
		if err := json.Unmarshal([]byte(job.Payload), &payload); err != nil || job.Kind != wachsam.MailDeliverJob || payload.MailID != m.ID {
			t.Fatalf("delivery job %+v (payload %+v, %v)", job, payload, err)
		}

		clock.Advance(time.Minute)
		for range 2 { // marking twice is harmless: a delivery job may run twice
			if err := db.MarkMailSent(ctx, m.ID); err != nil {
				t.Fatalf("MarkMailSent: %v", err)
			}
		}
		if got, _ := db.Mail(ctx, m.ID); got.SentAt == nil || !got.SentAt.Equal(jobEpoch.Add(time.Minute)) {
			t.Fatalf("SentAt = %v", got.SentAt)
		}
		if err := db.MarkMailSent(ctx, m.ID+100); wachsam.ErrorCodeOf(err) != wachsam.ENOTFOUND {
			t.Fatalf("MarkMailSent(unknown) = %v", err)
		}
		if _, err := db.Mail(ctx, m.ID+100); wachsam.ErrorCodeOf(err) != wachsam.ENOTFOUND {
			t.Fatalf("Mail(unknown) = %v", err)
		}
		if n, err := db.DeleteSentMails(ctx, jobEpoch.Add(2*time.Minute)); err != nil || n != 1 {
			t.Fatalf("DeleteSentMails = %d, %v", n, err)
		}
	})
}

func TestMailOutboxRefusesInvalidMail(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		cases := []struct {
			field string
			mail  wachsam.Mail
		}{
			{"to_address", wachsam.Mail{ToAddress: "kein-at-zeichen", Subject: "s"}},
			{"to_address", wachsam.Mail{ToAddress: "a@b.example\r\nBcc: x@y.example", Subject: "s"}},
			{"subject", wachsam.Mail{ToAddress: "a@b.example", Subject: " "}},
			{"subject", wachsam.Mail{ToAddress: "a@b.example", Subject: "a\nBcc: x@y.example"}},
			{"attachments", wachsam.Mail{ToAddress: "a@b.example", Subject: "s",
				Attachments: []wachsam.MailAttachment{{Name: "x.ics", ContentType: "text/calendar; method"}}}},
			{"attachments", wachsam.Mail{ToAddress: "a@b.example", Subject: "s",
				Attachments: []wachsam.MailAttachment{{Name: "", ContentType: "application/pdf"}}}},
		}
		for _, c := range cases {
			m := c.mail
			err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error { return db.EnqueueMail(ctx, tx, &m) })
			var domain *wachsam.Error
			if wachsam.ErrorCodeOf(err) != wachsam.EINVALID || !errors.As(err, &domain) || domain.Field != c.field {
				t.Errorf("EnqueueMail(%+v) = %v, want a field error on %s", c.mail, err, c.field)
			}
		}
		if n, err := db.PendingJobs(ctx); err != nil || n != 0 {
			t.Fatalf("PendingJobs after refused mails = %d, %v", n, err)
		}
	})
}
