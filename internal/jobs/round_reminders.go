package jobs

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// RoundReminderStore is the store as a coordinator's reminders need it;
// *store.DB implements it. MailRoundReminder queues the mail compose
// writes, at most once per reminder, and nothing for someone who acted in
// the meantime.
type RoundReminderStore interface {
	MailRoundReminder(ctx context.Context, p wachsam.RoundReminderPayload, compose func(courses.RoundReminderNotice) (*wachsam.Mail, error)) error
}

// RoundReminders mails the reminders a coordinator queued for a round
// (issue 14 §2): enter your preferences, or book a seat.
type RoundReminders struct {
	store RoundReminderStore
	w     writer
}

// NewRoundReminders checks cfg; register Handle for
// wachsam.RoundReminderJob.
func NewRoundReminders(store RoundReminderStore, cfg NoticeConfig) (*RoundReminders, error) {
	w, err := newWriter(cfg)
	if err != nil {
		return nil, err
	}
	return &RoundReminders{store: store, w: w}, nil
}

// Handle mails one reminder.
func (r *RoundReminders) Handle(ctx context.Context, payload []byte) error {
	var p wachsam.RoundReminderPayload
	if err := json.Unmarshal(payload, &p); err != nil || p.RoundID == 0 || p.UserID == 0 || p.Day.IsZero() {
		return &wachsam.Error{Code: wachsam.EINVALID, Message: "Der Auftrag nennt keine Erinnerung.", Err: err}
	}
	return r.store.MailRoundReminder(ctx, p, r.w.roundReminder)
}

func (w writer) roundReminder(n courses.RoundReminderNotice) (*wachsam.Mail, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "Guten Tag %s,\n\n", n.To.Name)
	subject := "Bitte buchen Sie einen Termin: " + n.Topic.Name
	if n.Group == courses.RemindNoPreferences {
		subject = "Bitte geben Sie Ihre Terminwünsche an: " + n.Topic.Name
		fmt.Fprintf(&b, "für die Schulung „%s“ (Runde „%s“) sammelt die Koordination Ihrer Kommune gerade Terminwünsche. "+
			"Von Ihnen liegen noch keine vor. Bitte geben Sie an, welche Termine Ihnen am besten passen und an welchen Tagen Sie verhindert sind:\n\n%s/schulungen/runden/%s/wuensche\n\n",
			n.Topic.Name, n.RoundName, w.base, strconv.FormatInt(n.RoundID, 10))
	} else {
		fmt.Fprintf(&b, "für die Schulung „%s“ (Runde „%s“) haben Sie noch keinen Termin gebucht. "+
			"Bitte buchen Sie einen der freien Termine:\n\n%s/schulungen\n\n", n.Topic.Name, n.RoundName, w.base)
	}
	if len(n.Sessions) > 0 {
		b.WriteString("Die Termine:\n")
		for _, s := range n.Sessions {
			place := courses.PlaceLabel(s.Online, s.Location, n.HostNames[s.HostMunicipalityID])
			fmt.Fprintf(&b, "- %s, %s Uhr, %s\n", germanWeekday(wachsam.DateIn(s.StartsAt, w.loc).Weekday())+", "+w.firstDay(s),
				s.StartsAt.In(w.loc).Format("15:04"), place)
		}
		b.WriteString("\n")
	}
	b.WriteString("Diese Erinnerung hat die Koordination Ihrer Kommune veranlasst.\n\n")
	w.footer(&b)
	return w.mail(n.To, subject, b.String())
}
