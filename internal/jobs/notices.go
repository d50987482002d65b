package jobs

import (
	"context"
	"encoding/json"
	"fmt"
	"net/mail"
	"net/url"
	"strings"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/calendar"
)

// NoticeStore is the store as the booking and waiting-list handlers need
// it; *store.DB implements it. The Mail… methods load the state and queue
// the mail that compose writes in one transaction.
type NoticeStore interface {
	MailBookingNotice(ctx context.Context, bookingID int64, compose func(courses.BookingNotice) (*wachsam.Mail, error)) error
	MailOfferNotice(ctx context.Context, entryID int64, compose func(courses.OfferNotice) (*wachsam.Mail, error)) error
	MailTrainerNotice(ctx context.Context, sessionID, trainerID int64, compose func(courses.TrainerNotice) (*wachsam.Mail, error)) error
	ExpireOffer(ctx context.Context, entryID int64) error
}

// NoticeConfig is what every mail about training needs to know.
type NoticeConfig struct {
	// BaseURL is the public address (WACHSAM_BASE_URL); links point there,
	// and its host name makes calendar UIDs globally unique.
	BaseURL string
	// From is the configured sender (WACHSAM_SMTP_FROM); its address is
	// the ORGANIZER of every invitation.
	From string
	// Location is legal time, Europe/Berlin; nil loads it.
	Location *time.Location
	// Now is the clock for DTSTAMP and reminders' "today"; nil is time.Now.
	Now func() time.Time
}

// writer turns the store's notices into German mails with iCalendar
// attachments.
type writer struct {
	base      string // BaseURL without a trailing slash
	host      string
	organizer calendar.Person
	loc       *time.Location
	now       func() time.Time
}

func newWriter(cfg NoticeConfig) (writer, error) {
	u, err := url.Parse(cfg.BaseURL)
	if err != nil || u.Hostname() == "" {
		return writer{}, fmt.Errorf("jobs: base URL %q has no host name", cfg.BaseURL)
	}
	from, err := mail.ParseAddress(cfg.From)
	if err != nil {
		return writer{}, fmt.Errorf("jobs: sender %q is not a mail address", cfg.From)
	}
	w := writer{base: strings.TrimRight(cfg.BaseURL, "/"), host: u.Hostname(),
		organizer: calendar.Person{Name: "wachsam", Email: from.Address}, loc: cfg.Location, now: cfg.Now}
	if w.loc == nil {
		if w.loc, err = time.LoadLocation("Europe/Berlin"); err != nil {
			return writer{}, fmt.Errorf("jobs: %w", err)
		}
	}
	if w.now == nil {
		w.now = time.Now
	}
	return w, nil
}

// Notices are the handlers of the booking and waiting-list jobs.
type Notices struct {
	store NoticeStore
	w     writer
}

// NewNotices checks cfg and returns the handlers; register Booking, Offer,
// Expiry and Trainer for wachsam.BookingNoticeJob, OfferNoticeJob,
// OfferExpiryJob and TrainerNoticeJob.
func NewNotices(store NoticeStore, cfg NoticeConfig) (*Notices, error) {
	w, err := newWriter(cfg)
	if err != nil {
		return nil, err
	}
	return &Notices{store: store, w: w}, nil
}

// Booking mails the booking's current state: the invitation (METHOD:REQUEST)
// while it is active, the cancellation (METHOD:CANCEL) once it or its
// session is cancelled, with the UID the calendar feed uses and the
// booking's SEQUENCE. A job run twice mails twice (at least once): the
// schema does not record the SEQUENCE mailed, and a calendar program takes
// a second copy with the same UID and SEQUENCE for the same event.
func (n *Notices) Booking(ctx context.Context, payload []byte) error {
	var p wachsam.BookingNoticePayload
	if err := json.Unmarshal(payload, &p); err != nil || p.BookingID == 0 {
		return &wachsam.Error{Code: wachsam.EINVALID, Message: "Der Auftrag nennt keine Buchung.", Err: err}
	}
	return n.store.MailBookingNotice(ctx, p.BookingID, func(bn courses.BookingNotice) (*wachsam.Mail, error) {
		bn.Reason, bn.Completed = p.Reason, p.Completed
		return n.w.bookingMail(bn)
	})
}

// Offer mails a freed seat to the person it is offered to, unless the
// entry was closed meanwhile (accepted, declined, expired).
func (n *Notices) Offer(ctx context.Context, payload []byte) error {
	id, err := entryOf(payload)
	if err != nil {
		return err
	}
	return n.store.MailOfferNotice(ctx, id, n.w.offerMail)
}

// Expiry withdraws an offer not accepted in time and offers the seat on.
func (n *Notices) Expiry(ctx context.Context, payload []byte) error {
	id, err := entryOf(payload)
	if err != nil {
		return err
	}
	return n.store.ExpireOffer(ctx, id)
}

func entryOf(payload []byte) (int64, error) {
	var p wachsam.WaitlistPayload
	if err := json.Unmarshal(payload, &p); err != nil || p.EntryID == 0 {
		return 0, &wachsam.Error{Code: wachsam.EINVALID, Message: "Der Auftrag nennt keinen Wartelisteneintrag.", Err: err}
	}
	return p.EntryID, nil
}

func (w writer) bookingMail(n courses.BookingNotice) (*wachsam.Mail, error) {
	method, file, subject := calendar.Request, "einladung.ics", "Ihre Anmeldung: "
	if n.Cancelled() {
		method, file, subject = calendar.Cancel, "absage.ics", "Abgesagt: "
	}
	ics, err := w.invitation(n, method)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Guten Tag %s,\n\n", n.To.Name)
	switch {
	case n.SessionCancelled:
		fmt.Fprintf(&b, "der folgende Termin der Schulung „%s“ wurde abgesagt. Ihre Anmeldung entfällt damit; bitte buchen Sie einen anderen Termin.\n\n", n.Topic.Name)
	case n.BookingCancelled && n.Completed:
		fmt.Fprintf(&b, "Sie haben die Schulung „%s“ inzwischen abgeschlossen. Ihre Anmeldung zu dem folgenden weiteren Termin ist deshalb storniert; der Platz geht an die Nächsten auf der Warteliste.\n\n", n.Topic.Name)
	case n.BookingCancelled:
		fmt.Fprintf(&b, "Ihre Anmeldung zur Schulung „%s“ ist storniert.\n\n", n.Topic.Name)
	default:
		fmt.Fprintf(&b, "Sie sind zur Schulung „%s“ angemeldet.\n\n", n.Topic.Name)
	}
	if n.Reason != "" {
		fmt.Fprintf(&b, "Die Koordination Ihrer Kommune hat dies für Sie erledigt. Grund: %s\n\n", n.Reason)
	}
	w.sessionLines(&b, n.SessionNotice)
	if !n.Cancelled() && n.Session.Online && n.Session.JoinURL != "" {
		// Only the booked person is told where to join; an offer is not.
		fmt.Fprintf(&b, "Zugang:   %s\n\n", n.Session.JoinURL)
	}
	if !n.Cancelled() {
		fmt.Fprintf(&b, "Absagen können Sie den Termin bis %s.\n\n", w.dateTime(n.CancellationDeadline))
		b.WriteString("Die Einladung im Anhang können Sie in Ihren Kalender übernehmen.\n")
	} else {
		b.WriteString("Mit der Absage im Anhang entfernt Ihr Kalenderprogramm den Termin.\n")
	}
	w.footer(&b)
	return w.mail(n.To, subject+n.Topic.Name+" am "+w.firstDay(n.Session), b.String(),
		wachsam.MailAttachment{Name: file, ContentType: calendar.ContentType(method), Data: ics})
}

func (w writer) offerMail(n courses.OfferNotice) (*wachsam.Mail, error) {
	if !n.Open {
		return nil, nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Guten Tag %s,\n\n", n.To.Name)
	fmt.Fprintf(&b, "auf der Warteliste der Schulung „%s“ ist ein Platz für Sie frei geworden:\n\n", n.Topic.Name)
	w.sessionLines(&b, n.SessionNotice)
	fmt.Fprintf(&b, "Bitte nehmen Sie den Platz bis %s an; danach geht er an die nächste Person auf der Warteliste.\n", w.dateTime(n.ExpiresAt))
	w.footer(&b)
	return w.mail(n.To, "Ein Platz ist für Sie frei geworden", b.String())
}

// invitation writes the iCalendar message for a booking. Its UID is the one
// the personal calendar feed uses for the same booking.
func (w writer) invitation(n courses.BookingNotice, m calendar.Method) ([]byte, error) {
	if err := checkRecipient(n.To); err != nil {
		return nil, err
	}
	s := n.Session
	end := s.CalendarEnd()
	desc := "Schulungsrunde: " + n.RoundName
	if n.TrainerName != "" {
		desc += "\nSchulungsleitung: " + n.TrainerName
	}
	ev := calendar.Event{
		UID: calendar.BookingUID(n.BookingID, w.host), Sequence: n.Sequence,
		Summary: n.Topic.Name, Description: desc, Location: n.Place(), URL: w.base + "/schulungen",
		Start: s.StartsAt, End: end, ExtraStarts: w.extraStarts(s),
		Organizer: w.organizer, Attendee: calendar.Person{Name: n.To.Name, Email: n.To.Email}, Stamp: w.now(),
	}
	ics, err := calendar.Invitation(ev, m, w.loc)
	if err != nil {
		return nil, fmt.Errorf("booking %d: %w", n.BookingID, err)
	}
	return ics, nil
}

// extraStarts are the further days of a seminar at the first day's clock
// time in legal time, so summer time does not shift them.
func (w writer) extraStarts(s courses.Session) []time.Time {
	first := wachsam.DateIn(s.StartsAt, w.loc)
	var out []time.Time
	for _, start := range s.DayStarts(w.loc) {
		if wachsam.DateIn(start, w.loc) != first {
			out = append(out, start)
		}
	}
	return out
}

// checkRecipient refuses an address that cannot be mailed. The error names
// no address: job errors are logged and stored, without personal data.
func checkRecipient(to courses.Recipient) error {
	a, err := mail.ParseAddress(to.Email)
	if err != nil || a.Address != to.Email {
		return wachsam.Errorf(wachsam.EINVALID, "Die E-Mail-Adresse des Empfängers ist ungültig.")
	}
	return nil
}

func (w writer) mail(to courses.Recipient, subject, body string, files ...wachsam.MailAttachment) (*wachsam.Mail, error) {
	if err := checkRecipient(to); err != nil {
		return nil, err
	}
	return &wachsam.Mail{ToAddress: to.Email, ToName: to.Name, Subject: subject, Body: body, Attachments: files}, nil
}

// sessionLines lists date, time, place and trainer of a session.
func (w writer) sessionLines(b *strings.Builder, n courses.SessionNotice) {
	s := n.Session
	days := make([]string, 0, len(s.Days))
	for _, d := range s.Days {
		days = append(days, germanWeekday(d.Weekday())+", "+d.German())
	}
	if len(days) == 0 {
		days = append(days, w.firstDay(s))
	}
	label := "Datum:    "
	if len(days) > 1 {
		label = "Tage:     "
	}
	fmt.Fprintf(b, "%s%s\n", label, strings.Join(days, "; "))
	fmt.Fprintf(b, "Uhrzeit:  %s", s.StartsAt.In(w.loc).Format("15:04"))
	if s.EndsAt.After(s.StartsAt) {
		fmt.Fprintf(b, " bis %s", s.EndsAt.In(w.loc).Format("15:04"))
	}
	b.WriteString(" Uhr\n")
	fmt.Fprintf(b, "Ort:      %s\n", n.Place())
	if n.TrainerName != "" {
		fmt.Fprintf(b, "Leitung:  %s\n", n.TrainerName)
	}
	fmt.Fprintf(b, "Runde:    %s\n\n", n.RoundName)
}

func (w writer) footer(b *strings.Builder) {
	fmt.Fprintf(b, "Ihre Schulungen und Buchungen: %s/schulungen\n\n", w.base)
	b.WriteString("Mit freundlichen Grüßen\nwachsam\n\n(Diese Nachricht wurde automatisch erstellt.)\n")
}

// firstDay is the session's first day, "01.12.2026".
func (w writer) firstDay(s courses.Session) string { return wachsam.DateIn(s.StartsAt, w.loc).German() }

// dateTime is an instant in legal time, "02.12.2026, 10:00 Uhr".
func (w writer) dateTime(t time.Time) string {
	t = t.In(w.loc)
	return wachsam.DateOf(t).German() + ", " + t.Format("15:04") + " Uhr"
}

func germanWeekday(d time.Weekday) string {
	return [...]string{"Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"}[d]
}
