package wachsam

import (
	"mime"
	"net/mail"
	"strings"
	"time"
)

// MailDeliverJob is the job kind that delivers one mail of the outbox.
// internal/store enqueues it together with the mail; internal/mail handles it.
const MailDeliverJob = "mail.deliver"

// MailDeliverPayload is the payload of a MailDeliverJob: only the mail's ID,
// so that the job table holds no personal data of its own.
type MailDeliverPayload struct {
	MailID int64 `json:"mail_id"`
}

// Mail is one message in the outbox (table mails). It is written in the
// same transaction as the change it reports (a booking, a decision) and
// delivered afterwards by a job, so a mail is sent if and only if the change
// was committed.
type Mail struct {
	ID        int64  `bun:"id,pk,autoincrement"`
	ToAddress string `bun:"to_address,notnull"`
	ToName    string `bun:"to_name,notnull"`
	Subject   string `bun:"subject,notnull"`
	// Body is plain text, UTF-8.
	Body        string           `bun:"body,notnull"`
	Attachments []MailAttachment `bun:"attachments,notnull"`
	CreatedAt   time.Time        `bun:"created_at,notnull"`
	// SentAt is set once the mail server has accepted the mail; the delivery
	// job checks it so that a job run twice does not send twice.
	SentAt *time.Time `bun:"sent_at"`
}

// MailAttachment is a file sent with a mail: a PDF certificate, or an
// iCalendar invitation whose ContentType (e.g. "text/calendar;
// method=REQUEST; charset=UTF-8") is sent exactly as given, because mail
// programs read the method from it.
type MailAttachment struct {
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Data        []byte `json:"data"`
}

// Validate checks a mail before it enters the outbox. A recipient given as
// "Name <address>" is split into ToName and ToAddress.
func (m *Mail) Validate() error {
	addr, err := mail.ParseAddress(strings.TrimSpace(m.ToAddress))
	if err != nil || strings.ContainsAny(m.ToAddress, "\r\n") {
		return FieldError("to_address", "Die E-Mail-Adresse %q ist ungültig.", m.ToAddress)
	}
	m.ToAddress = addr.Address
	if m.ToName == "" {
		m.ToName = addr.Name
	}
	if strings.ContainsAny(m.ToName, "\r\n") {
		return FieldError("to_name", "Der Name des Empfängers darf keinen Zeilenumbruch enthalten.")
	}
	if strings.TrimSpace(m.Subject) == "" {
		return FieldError("subject", "Der Betreff der E-Mail fehlt.")
	}
	if strings.ContainsAny(m.Subject, "\r\n") {
		return FieldError("subject", "Der Betreff der E-Mail darf keinen Zeilenumbruch enthalten.")
	}
	for _, a := range m.Attachments {
		if strings.TrimSpace(a.Name) == "" || strings.ContainsAny(a.Name, "\r\n/\\") {
			return FieldError("attachments", "Der Dateiname des Anhangs %q ist ungültig.", a.Name)
		}
		if _, _, err := mime.ParseMediaType(a.ContentType); err != nil || strings.ContainsAny(a.ContentType, "\r\n") {
			return FieldError("attachments", "Der Inhaltstyp %q des Anhangs %q ist ungültig.", a.ContentType, a.Name)
		}
	}
	if m.Attachments == nil {
		// The column is NOT NULL and holds JSON; an empty list, not null.
		m.Attachments = []MailAttachment{}
	}
	return nil
}
