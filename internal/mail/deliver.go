package mail

import (
	"context"
	"encoding/json"

	"github.com/wachsam/wachsam"
)

// Outbox is the mail table as delivery needs it; *store.DB implements it.
type Outbox interface {
	Mail(ctx context.Context, id int64) (*wachsam.Mail, error)
	MarkMailSent(ctx context.Context, id int64) error
}

// DeliveryHandler is the job handler for wachsam.MailDeliverJob: it loads
// the mail, skips it if it was sent already (the job may run twice), sends
// it and records that it was sent. It has the shape of jobs.Handler without
// importing internal/jobs.
func DeliveryHandler(outbox Outbox, sender Sender) func(ctx context.Context, payload []byte) error {
	return func(ctx context.Context, payload []byte) error {
		var p wachsam.MailDeliverPayload
		if err := json.Unmarshal(payload, &p); err != nil || p.MailID == 0 {
			return &wachsam.Error{Code: wachsam.EINVALID, Message: "Der Zustellauftrag nennt keine E-Mail.", Err: err}
		}
		m, err := outbox.Mail(ctx, p.MailID)
		if err != nil {
			return err // ENOTFOUND: the mail was deleted; the job gives up
		}
		if m.SentAt != nil {
			return nil
		}
		if err := sender.Send(ctx, m); err != nil {
			return err
		}
		return outbox.MarkMailSent(ctx, m.ID)
	}
}
