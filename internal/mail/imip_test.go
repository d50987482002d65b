package mail_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	netmail "net/mail"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/calendar"
)

// leaf is one non-multipart part with the multipart type that holds it.
type leaf struct {
	parent, contentType, mediaType string
	params                         map[string]string
	disposition                    string
	data                           []byte
}

// An invitation and a cancellation go out as iMIP (RFC 6047 §2.4): a
// multipart/alternative of text/plain and text/calendar whose method
// parameter equals the VCALENDAR's METHOD, charset UTF-8 — and the .ics
// attachment stays for mail programs that only offer files. Sent through
// the real SMTP path and read back with net/mail and mime/multipart.
func TestMailInvitationIsIMIP(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	server := startSMTPServer(t, false)
	sender := smtpSender(t, server.addr.Port)
	for i, method := range []calendar.Method{calendar.Request, calendar.Cancel} {
		ics, err := calendar.Invitation(calendar.Event{
			UID: "booking-42@wachsam.example.de", Sequence: i,
			Summary: "Phishing erkennen", Location: "Rathaus Musterstadt, Raum 2.14",
			Start:     time.Date(2026, time.July, 14, 9, 0, 0, 0, loc),
			End:       time.Date(2026, time.July, 14, 12, 30, 0, 0, loc),
			Organizer: calendar.Person{Name: "Koordination", Email: "koordination@wachsam.example.de"},
			Attendee:  calendar.Person{Name: "Jördis Müller", Email: "joerdis.mueller@example.org"},
			Stamp:     epoch,
		}, method, loc)
		if err != nil {
			t.Fatal(err)
		}
		m := &wachsam.Mail{ID: int64(i + 1), ToAddress: "joerdis.mueller@example.org", Subject: "Einladung", Body: germanBody,
			CreatedAt: epoch, Attachments: []wachsam.MailAttachment{{Name: "einladung.ics", ContentType: calendar.ContentType(method), Data: ics}}}
		if err := sender.Send(context.Background(), m); err != nil {
			t.Fatalf("%s: Send: %v", method, err)
		}
		msgs := server.received()
		leaves := mimeLeaves(t, msgs[len(msgs)-1].data)

		var alternative, attachment *leaf
		for i := range leaves {
			l := &leaves[i]
			switch {
			case l.mediaType == "text/calendar" && l.parent == "multipart/alternative":
				alternative = l
			case l.mediaType == "text/calendar" && strings.HasPrefix(l.disposition, "attachment"):
				attachment = l
			}
		}
		if alternative == nil || attachment == nil {
			t.Fatalf("%s: want a text/calendar alternative and attachment, got %+v", method, leaves)
		}
		var plain bool
		for _, l := range leaves {
			plain = plain || l.mediaType == "text/plain" && l.parent == "multipart/alternative"
		}
		if !plain {
			t.Errorf("%s: no text/plain beside the calendar in the multipart/alternative", method)
		}
		inside := regexp.MustCompile(`(?m)^METHOD:(\w+)\r?$`).FindSubmatch(alternative.data)
		if inside == nil || string(inside[1]) != string(method) {
			t.Errorf("%s: calendar part has METHOD %q", method, inside)
		}
		for name, l := range map[string]*leaf{"alternative": alternative, "attachment": attachment} {
			if l.params["method"] != string(method) || !strings.EqualFold(l.params["charset"], "UTF-8") {
				t.Errorf("%s: %s parameters %v, want method=%s and charset=UTF-8", method, name, l.params, method)
			}
			if !bytes.Equal(bytes.ReplaceAll(l.data, []byte("\r\n"), []byte("\n")), bytes.ReplaceAll(ics, []byte("\r\n"), []byte("\n"))) {
				t.Errorf("%s: %s differs from the invitation:\n%s", method, name, l.data)
			}
		}
	}
}

// mimeLeaves parses a message and lists its leaf parts, depth first.
func mimeLeaves(t *testing.T, data []byte) []leaf {
	t.Helper()
	msg, err := netmail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("parse message: %v", err)
	}
	var out []leaf
	var visit func(parent, contentType, disposition string, body io.Reader, encoding string)
	visit = func(parent, contentType, disposition string, body io.Reader, encoding string) {
		mediaType, params, err := mime.ParseMediaType(contentType)
		if err != nil {
			t.Fatalf("Content-Type %q: %v", contentType, err)
		}
		if strings.HasPrefix(mediaType, "multipart/") {
			mr := multipart.NewReader(body, params["boundary"])
			for {
				p, err := mr.NextPart()
				if err == io.EOF {
					return
				}
				if err != nil {
					t.Fatalf("next part: %v", err)
				}
				visit(mediaType, p.Header.Get("Content-Type"), p.Header.Get("Content-Disposition"), p, p.Header.Get("Content-Transfer-Encoding"))
			}
		}
		if strings.EqualFold(encoding, "base64") {
			body = base64.NewDecoder(base64.StdEncoding, body)
		}
		b, err := io.ReadAll(body)
		if err != nil {
			t.Fatalf("read %s: %v", mediaType, err)
		}
		out = append(out, leaf{parent: parent, contentType: contentType, mediaType: mediaType, params: params, disposition: disposition, data: b})
	}
	visit("", msg.Header.Get("Content-Type"), "", msg.Body, msg.Header.Get("Content-Transfer-Encoding"))
	return out
}
