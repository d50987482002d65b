package jobs

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/calendar"
)

// Trainer mails a session's trainer its current state (issue 14 §3): the
// invitation while they train it, the cancellation once another trainer
// was named or the session was called off. The trainer is the event's
// ATTENDEE with ROLE=CHAIR, the organizer wachsam's sender as for every
// booking; the UID is the session's trainer entry (calendar.TrainerUID),
// the one the trainer's calendar feed carries too.
func (n *Notices) Trainer(ctx context.Context, payload []byte) error {
	var p wachsam.TrainerNoticePayload
	if err := json.Unmarshal(payload, &p); err != nil || p.SessionID == 0 || p.TrainerID == 0 {
		return &wachsam.Error{Code: wachsam.EINVALID, Message: "Der Auftrag nennt keinen Termin oder keine Schulungsleitung.", Err: err}
	}
	return n.store.MailTrainerNotice(ctx, p.SessionID, p.TrainerID, n.w.trainerMail)
}

func (w writer) trainerMail(n courses.TrainerNotice) (*wachsam.Mail, error) {
	method, file, subject := calendar.Request, "einladung.ics", "Ihr Schulungstermin: "
	if n.Cancelled() {
		method, file, subject = calendar.Cancel, "absage.ics", "Abgesagt: "
	}
	ics, err := w.trainerInvitation(n, method)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Guten Tag %s,\n\n", n.To.Name)
	switch {
	case n.SessionCancelled:
		fmt.Fprintf(&b, "der folgende Termin der Schulung „%s“, den Sie leiten sollten, wurde abgesagt.\n\n", n.Topic.Name)
	case n.Withdrawn:
		fmt.Fprintf(&b, "den folgenden Termin der Schulung „%s“ leiten nicht mehr Sie; die Koordination hat die Schulungsleitung geändert.\n\n", n.Topic.Name)
	case n.Sequence > 0:
		// A change, or a trainer named later: the state decides the text,
		// and the state does not say which of the two it is.
		fmt.Fprintf(&b, "Sie leiten den folgenden Termin der Schulung „%s“. Haben Sie zu diesem Termin schon eine Einladung erhalten, gilt ab jetzt diese:\n\n", n.Topic.Name)
	default:
		fmt.Fprintf(&b, "Sie leiten den folgenden Termin der Schulung „%s“.\n\n", n.Topic.Name)
	}
	sn := n.SessionNotice
	sn.TrainerName = "" // the mail's reader, or no longer them
	w.sessionLines(&b, sn)
	if !n.Cancelled() {
		fmt.Fprintf(&b, "Angemeldet: %d von %d Plätzen\n", n.Booked, n.Session.Capacity)
		if n.Session.Online && n.Session.JoinURL != "" {
			fmt.Fprintf(&b, "Zugang:     %s\n", n.Session.JoinURL)
		}
		b.WriteString("\nDie Einladung im Anhang können Sie in Ihren Kalender übernehmen.\n")
	} else {
		b.WriteString("Mit der Absage im Anhang entfernt Ihr Kalenderprogramm den Termin.\n")
	}
	fmt.Fprintf(&b, "\nIhre Termine und die Teilnehmerlisten: %s/trainer/\n\n", w.base)
	b.WriteString("Mit freundlichen Grüßen\nwachsam\n\n(Diese Nachricht wurde automatisch erstellt.)\n")
	return w.mail(n.To, subject+n.Topic.Name+" am "+w.firstDay(n.Session), b.String(),
		wachsam.MailAttachment{Name: file, ContentType: calendar.ContentType(method), Data: ics})
}

// trainerInvitation writes the iCalendar message for the trainer's entry.
func (w writer) trainerInvitation(n courses.TrainerNotice, m calendar.Method) ([]byte, error) {
	if err := checkRecipient(n.To); err != nil {
		return nil, err
	}
	s := n.Session
	end := s.CalendarEnd()
	desc := "Schulungsrunde: " + n.RoundName + "\nSie leiten diesen Termin."
	ev := calendar.Event{
		UID: calendar.TrainerUID(s.ID, w.host), Sequence: n.Sequence,
		Summary: "Schulung leiten: " + n.Topic.Name, Description: desc, Location: n.Place(), URL: w.base + "/trainer/",
		Start: s.StartsAt, End: end, ExtraStarts: w.extraStarts(s),
		Organizer: w.organizer, Attendee: calendar.Person{Name: n.To.Name, Email: n.To.Email},
		AttendeeRole: calendar.Chair, Stamp: w.now(),
	}
	ics, err := calendar.Invitation(ev, m, w.loc)
	if err != nil {
		return nil, fmt.Errorf("session %d: %w", s.ID, err)
	}
	return ics, nil
}
