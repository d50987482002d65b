package mail

import (
	"context"
	"log/slog"

	"github.com/wachsam/wachsam"
)

// LogSender "delivers" a mail by writing it to the log at level INFO:
// recipient, subject, body and the names of the attachments. It stands in
// for a mail server in demos and first installations.
//
// This is the one place where wachsam deliberately logs an address and a
// mail's text (DESIGN.md §8 keeps personal data out of logs otherwise): the
// log line is the delivery, and without it the mail would be lost.
type LogSender struct {
	logger *slog.Logger
}

// NewLogSender writes mails to logger.
func NewLogSender(logger *slog.Logger) *LogSender { return &LogSender{logger: logger} }

// Send writes the mail to the log; it never fails.
func (s *LogSender) Send(ctx context.Context, m *wachsam.Mail) error {
	names := make([]string, len(m.Attachments))
	for i, a := range m.Attachments {
		names[i] = a.Name
	}
	s.logger.InfoContext(ctx, "mail written to the log (no SMTP server configured)",
		"mail_id", m.ID, "to", m.ToAddress, "to_name", m.ToName,
		"subject", m.Subject, "body", m.Body, "attachments", names)
	return nil
}
