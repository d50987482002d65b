package mail

import (
	"context"
	"log/slog"

	"github.com/wachsam/wachsam"
)

// Sender hands one mail over for delivery.
type Sender interface {
	Send(ctx context.Context, m *wachsam.Mail) error
}

// NewSender picks the SMTP sender when a mail server is configured, and the
// LogSender otherwise, so a demo or a first installation needs nothing but
// the binary. A configuration that cannot work is refused at start.
func NewSender(cfg SMTPConfig, logger *slog.Logger) (Sender, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Host == "" {
		logger.Warn("no SMTP server configured: mails are written to the log instead of being sent")
		return NewLogSender(logger), nil
	}
	return NewSMTPSender(cfg)
}
