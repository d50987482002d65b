package mail

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"mime"
	netmail "net/mail"
	"strings"

	gomail "github.com/wneessen/go-mail"

	"github.com/wachsam/wachsam"
)

// SMTPConfig names the mail server that wachsam submits mail to.
type SMTPConfig struct {
	Host     string
	Port     int // 0: 587 for starttls, 465 for tls, 25 for none
	Username string
	Password string
	// From is the sender, an address optionally with a name:
	// "Schulungsportal <schulung@landkreis.example>".
	From string
	// TLS is "starttls" (the default), "tls" (implicit TLS, "SMTPS") or
	// "none" (only for a mail server on the same host or in tests).
	TLS string
}

// SMTPSender submits mail to an SMTP server with github.com/wneessen/go-mail.
type SMTPSender struct {
	from    *netmail.Address
	options []gomail.Option
	host    string
}

// NewSMTPSender checks cfg and prepares the connection settings; it does not
// connect, so wachsam starts even while the mail server is down.
func NewSMTPSender(cfg SMTPConfig) (*SMTPSender, error) {
	from, err := netmail.ParseAddress(cfg.From)
	if err != nil {
		return nil, fmt.Errorf("SMTP: die Absenderadresse %q ist ungültig: %w", cfg.From, err)
	}
	var opts []gomail.Option
	port := cfg.Port
	switch strings.ToLower(cfg.TLS) {
	case "", "starttls":
		port = portOr(port, gomail.DefaultPortTLS)
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	case "tls":
		port = portOr(port, gomail.DefaultPortSSL)
		opts = append(opts, gomail.WithSSL())
	case "none":
		port = portOr(port, gomail.DefaultPort)
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	default:
		return nil, fmt.Errorf("SMTP: unbekannte TLS-Einstellung %q (erlaubt: starttls, tls, none)", cfg.TLS)
	}
	opts = append(opts, gomail.WithPort(port))
	if cfg.Username != "" {
		// Auto-discovery picks the strongest mechanism the server offers and
		// never sends a password in the clear over an unencrypted connection.
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(cfg.Username), gomail.WithPassword(cfg.Password))
	}
	return &SMTPSender{from: from, options: opts, host: cfg.Host}, nil
}

func portOr(port, fallback int) int {
	if port == 0 {
		return fallback
	}
	return port
}

// Send submits one mail. A recipient the server rejects for good comes back
// as an EINVALID domain error, so the delivery job gives up instead of
// retrying; every other failure is worth another attempt. Errors never
// carry the recipient's address, because they end up in logs.
func (s *SMTPSender) Send(ctx context.Context, m *wachsam.Mail) error {
	msg := s.message(m)
	client, err := gomail.NewClient(s.host, s.options...)
	if err != nil {
		return fmt.Errorf("smtp client: %w", err)
	}
	return deliveryError(client.DialAndSendWithContext(ctx, msg))
}

func (s *SMTPSender) message(m *wachsam.Mail) *gomail.Msg {
	msg := gomail.NewMsg() // UTF-8, quoted-printable: German text arrives intact
	msg.FromMailAddress(s.from)
	msg.ToMailAddress(&netmail.Address{Name: m.ToName, Address: m.ToAddress})
	msg.Subject(m.Subject)
	msg.SetDate()
	msg.SetMessageIDWithValue(s.messageID(m))
	msg.SetBodyString(gomail.TypeTextPlain, m.Body)
	if ics, method := invitationOf(m); ics != nil {
		// iMIP (RFC 6047): the invitation as an alternative of the text, so
		// Outlook handles it as a meeting request or cancellation (and
		// removes a cancelled event); the attachment stays for the others.
		// go-mail appends "; charset=UTF-8" to the part's type.
		msg.AddAlternativeString(gomail.ContentType("text/calendar; method="+method), string(ics.Data))
	}
	for _, a := range m.Attachments {
		msg.AttachReadSeeker(a.Name, bytes.NewReader(a.Data), exactContentType(a.ContentType))
	}
	return msg
}

// invitationOf returns the mail's first iCalendar attachment that carries an
// iTIP method (REQUEST, CANCEL, …), and that method in upper case.
func invitationOf(m *wachsam.Mail) (*wachsam.MailAttachment, string) {
	for i, a := range m.Attachments {
		mediaType, params, err := mime.ParseMediaType(a.ContentType)
		if err == nil && mediaType == "text/calendar" && params["method"] != "" {
			return &m.Attachments[i], strings.ToUpper(params["method"])
		}
	}
	return nil, ""
}

// messageID is the same on every attempt to send a mail, so a mail sent
// twice (see the package documentation) can be recognised as one.
func (s *SMTPSender) messageID(m *wachsam.Mail) string {
	domain := "localhost"
	if at := strings.LastIndexByte(s.from.Address, '@'); at >= 0 {
		domain = s.from.Address[at+1:]
	}
	return fmt.Sprintf("wachsam-mail-%d-%d@%s", m.ID, m.CreatedAt.Unix(), domain)
}

// exactContentType sets the part's Content-Type header as given. go-mail
// would otherwise rebuild it and add a name parameter; an iCalendar
// invitation's "text/calendar; method=REQUEST; charset=UTF-8" must reach the
// mail program unchanged. The file name travels in Content-Disposition.
func exactContentType(contentType string) gomail.FileOption {
	return func(f *gomail.File) { f.Header.Set("Content-Type", contentType) }
}

// deliveryError keeps what an operator needs (the SMTP stage and codes) and
// drops what go-mail adds (recipients, the server's text quoting them).
func deliveryError(err error) error {
	if err == nil {
		return nil
	}
	var send *gomail.SendError
	if !errors.As(err, &send) {
		return fmt.Errorf("smtp: %w", err)
	}
	clean := fmt.Errorf("smtp: %s (code %d %s)", send.Reason, send.ErrorCode(), send.EnhancedStatusCode())
	if send.Reason == gomail.ErrSMTPRcptTo && !send.IsTemp() && send.ErrorCode() >= 500 {
		return &wachsam.Error{Code: wachsam.EINVALID, Field: "to_address",
			Message: "Der Mailserver hat die Empfängeradresse abgelehnt.", Err: clean}
	}
	return clean
}
