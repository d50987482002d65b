package mail_test

import (
	"bytes"
	"context"
	"log/slog"
	"mime"
	"net"
	netmail "net/mail"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/jobs"
	"github.com/wachsam/wachsam/internal/mail"
	"github.com/wachsam/wachsam/internal/store"
	"github.com/wachsam/wachsam/internal/store/storetest"
)

const (
	germanSubject = "Einladung: Schulung „Phishing erkennen“ – Rathaus Überlingen, Größe: 1 Saal"
	germanBody    = "Guten Tag Frau Müller,\n\nIhre Buchung für den 22.11.2026 ist bestätigt.\nGrüße aus dem Rathaus\n"
	calendarType  = "text/calendar; method=REQUEST; charset=UTF-8"
)

var epoch = time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)

func invitation() *wachsam.Mail {
	return &wachsam.Mail{
		ToAddress: "Jördis Müller <joerdis.mueller@example.org>",
		Subject:   germanSubject,
		Body:      germanBody,
		Attachments: []wachsam.MailAttachment{
			{Name: "einladung.ics", ContentType: calendarType, Data: []byte("BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n")},
			{Name: "Teilnahmebescheinigung.pdf", ContentType: "application/pdf", Data: []byte("%PDF-1.7\n\x00\xff\xfe binär")},
		},
	}
}

func enqueueMail(t *testing.T, db *store.DB, m *wachsam.Mail) {
	t.Helper()
	err := db.InTx(context.Background(), func(ctx context.Context, tx bun.Tx) error { return db.EnqueueMail(ctx, tx, m) })
	if err != nil {
		t.Fatalf("EnqueueMail: %v", err)
	}
}

func smtpSender(t *testing.T, port int) mail.Sender {
	t.Helper()
	s, err := mail.NewSender(mail.SMTPConfig{Host: "127.0.0.1", Port: port, TLS: "none", From: "Schulungsportal <portal@wachsam.example>"}, nil)
	if err != nil {
		t.Fatalf("NewSender: %v", err)
	}
	return s
}

func mailRunner(db *store.DB, sender mail.Sender) *jobs.Runner {
	r := jobs.New(db, nil, jobs.Options{Worker: "test"})
	r.Handle(wachsam.MailDeliverJob, mail.DeliveryHandler(db, sender))
	return r
}

func deliveryJob(t *testing.T, db *store.DB) *wachsam.Job {
	t.Helper()
	var all []wachsam.Job
	err := db.NewSelect().Model(&all).Where("kind = ?", wachsam.MailDeliverJob).Scan(context.Background())
	if err != nil || len(all) != 1 {
		t.Fatalf("delivery jobs = %+v, %v; want one", all, err)
	}
	return &all[0]
}

func TestMailOutboxDeliversOnceThroughSMTP(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		server := startSMTPServer(t, false)
		sender := smtpSender(t, server.addr.Port)
		m := invitation()
		enqueueMail(t, db, m)

		r := mailRunner(db, sender)
		if ran, err := r.RunOnce(ctx); err != nil || !ran {
			t.Fatalf("RunOnce = %v, %v", ran, err)
		}
		if job := deliveryJob(t, db); job.DoneAt == nil {
			t.Fatalf("delivery job = %+v, want done", job)
		}
		if got, err := db.Mail(ctx, m.ID); err != nil || got.SentAt == nil {
			t.Fatalf("mail after delivery = %+v, %v; want sent", got, err)
		}
		// The job runs again (a crashed instance's lease expired): the mail
		// was sent already, so nothing goes out a second time.
		if err := mail.DeliveryHandler(db, sender)(ctx, []byte(`{"mail_id":`+strconv.FormatInt(m.ID, 10)+`}`)); err != nil {
			t.Fatalf("repeated delivery: %v", err)
		}

		msgs := server.received()
		if len(msgs) != 1 {
			t.Fatalf("server received %d messages, want 1", len(msgs))
		}
		got := msgs[0]
		if got.from != "portal@wachsam.example" || len(got.to) != 1 || got.to[0] != "joerdis.mueller@example.org" {
			t.Fatalf("envelope from %q to %q", got.from, got.to)
		}
		checkMessage(t, got.data)
	})
}

// checkMessage parses the message as a mail program would and checks the
// German subject and body and both attachments, byte for byte.
func checkMessage(t *testing.T, data []byte) {
	t.Helper()
	msg, err := netmail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("parse message: %v", err)
	}
	raw := msg.Header.Get("Subject")
	if !strings.Contains(raw, "=?UTF-8?") {
		t.Errorf("Subject header %q is not MIME-encoded UTF-8", raw)
	}
	if subject, err := new(mime.WordDecoder).DecodeHeader(raw); err != nil || subject != germanSubject {
		t.Errorf("Subject = %q, %v; want %q", subject, err, germanSubject)
	}
	if id := msg.Header.Get("Message-Id"); !strings.HasPrefix(id, "<wachsam-mail-") || !strings.HasSuffix(id, "@wachsam.example>") {
		t.Errorf("Message-ID = %q", id)
	}
	// By exact Content-Type; the .ics attachment comes after the iMIP
	// alternative of the same type and is the one kept.
	parts := map[string]part{}
	for _, l := range mimeLeaves(t, data) {
		parts[l.contentType] = part{disposition: l.disposition, data: l.data}
	}

	body, ok := parts["text/plain; charset=UTF-8"]
	if !ok || strings.ReplaceAll(string(body.data), "\r\n", "\n") != germanBody {
		t.Errorf("body = %q (parts %v)", body.data, keys(parts))
	}
	ics, ok := parts[calendarType]
	if !ok || string(ics.data) != "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n" ||
		!strings.Contains(ics.disposition, `filename="einladung.ics"`) {
		t.Errorf("calendar part = %+v; want content type exactly %q (parts %v)", ics, calendarType, keys(parts))
	}
	pdf, ok := parts["application/pdf"]
	if !ok || string(pdf.data) != "%PDF-1.7\n\x00\xff\xfe binär" || !strings.Contains(pdf.disposition, "attachment") {
		t.Errorf("pdf part = %+v (parts %v)", pdf, keys(parts))
	}
}

type part struct {
	disposition string
	data        []byte
}

func keys(m map[string]part) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestMailDeliveryRetriedWhileSMTPServerIsDown(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clock := storetest.NewClock(epoch)
		db.Now = clock.Now
		r := mailRunner(db, smtpSender(t, closedPort(t)))
		m := invitation()
		enqueueMail(t, db, m)

		for attempt := 1; attempt <= 2; attempt++ {
			if ran, err := r.RunOnce(ctx); err != nil || !ran {
				t.Fatalf("attempt %d: RunOnce = %v, %v", attempt, ran, err)
			}
			job := deliveryJob(t, db)
			if job.DoneAt != nil || job.FailedAt != nil || job.Attempts != attempt || job.LastError == nil ||
				!strings.HasPrefix(*job.LastError, "smtp: ") || !job.RunAt.After(clock.Now()) {
				t.Fatalf("attempt %d: job = %+v, want a retry later", attempt, job)
			}
			clock.Advance(jobs.ExponentialBackoff(attempt))
		}
		if got, _ := db.Mail(ctx, m.ID); got.SentAt != nil {
			t.Fatal("mail marked sent although the server was down")
		}
	})
}

func TestMailRejectedRecipientGivesUpWithoutLoggingTheAddress(t *testing.T) {
	storetest.Dialects(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		server := startSMTPServer(t, true)
		var logs bytes.Buffer
		r := jobs.New(db, slog.New(slog.NewTextHandler(&logs, nil)), jobs.Options{Worker: "test"})
		r.Handle(wachsam.MailDeliverJob, mail.DeliveryHandler(db, smtpSender(t, server.addr.Port)))
		enqueueMail(t, db, invitation())

		if ran, err := r.RunOnce(ctx); err != nil || !ran {
			t.Fatalf("RunOnce = %v, %v", ran, err)
		}
		job := deliveryJob(t, db)
		if job.FailedAt == nil || job.Attempts != 1 || job.LastError == nil || !strings.Contains(*job.LastError, "550") {
			t.Fatalf("job = %+v, want failed for good with the SMTP code", job)
		}
		for where, text := range map[string]string{"last_error": *job.LastError, "log": logs.String()} {
			if strings.Contains(text, "joerdis") {
				t.Errorf("%s contains the recipient's address: %s", where, text)
			}
		}
	})
}

// closedPort is a port on 127.0.0.1 where nothing listens.
func closedPort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	return port
}

func TestMailLogSenderWritesTheMailToTheLog(t *testing.T) {
	var logs bytes.Buffer
	s, err := mail.NewSender(mail.SMTPConfig{}, slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := s.(*mail.LogSender); !ok {
		t.Fatalf("NewSender without a host = %T, want *mail.LogSender", s)
	}
	m := invitation()
	m.ToAddress = "joerdis.mueller@example.org"
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	out := logs.String()
	for _, want := range []string{"level=INFO", "joerdis.mueller@example.org", "Phishing erkennen", "22.11.2026", "einladung.ics", "Teilnahmebescheinigung.pdf"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "VCALENDAR") {
		t.Errorf("log contains attachment content:\n%s", out)
	}
}

func TestMailNewSenderValidatesTheConfiguration(t *testing.T) {
	good := mail.SMTPConfig{Host: "mail.example", From: "Portal <portal@example.org>"}
	for _, tls := range []string{"", "starttls", "tls", "none", "STARTTLS"} {
		cfg := good
		cfg.TLS = tls
		s, err := mail.NewSender(cfg, nil)
		if _, ok := s.(*mail.SMTPSender); err != nil || !ok {
			t.Errorf("NewSender(TLS %q) = %T, %v", tls, s, err)
		}
	}
	bad := []mail.SMTPConfig{
		{Host: "mail.example", From: "kein absender"},
		{Host: "mail.example", From: "portal@example.org", TLS: "ssl3"},
	}
	for _, cfg := range bad {
		if _, err := mail.NewSender(cfg, nil); err == nil {
			t.Errorf("NewSender(%+v) accepted a configuration that cannot work", cfg)
		}
	}
}
