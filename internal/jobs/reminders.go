package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// ReminderStore is the store as reminders need it; *store.DB implements it.
// Each method claims every reminder in the transaction that queues its
// mail, so that several instances running reminders at once send each one
// exactly once; the int is the number of mails queued.
type ReminderStore interface {
	RemindSessionsBetween(ctx context.Context, from, to time.Time, compose func(courses.BookingNotice) (*wachsam.Mail, error)) (int, error)
	RemindRefreshers(ctx context.Context, today wachsam.Date, compose func(courses.RefresherNotice) (*wachsam.Mail, error)) (int, error)
	SendOverdueDigests(ctx context.Context, today wachsam.Date, week string, compose func(courses.OverdueDigest) (*wachsam.Mail, error)) (int, error)
}

// Reminders sends the periodic reminders (DESIGN.md §4): the day before a
// session, before a refresher falls due, and on Mondays the weekly overview
// of overdue staff to each municipality's coordinators. Run it every few
// minutes from any number of instances.
type Reminders struct {
	store  ReminderStore
	w      writer
	logger *slog.Logger
}

// NewReminders checks cfg; logger gets counts only, never personal data.
func NewReminders(store ReminderStore, cfg NoticeConfig, logger *slog.Logger) (*Reminders, error) {
	w, err := newWriter(cfg)
	if err != nil {
		return nil, err
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Reminders{store: store, w: w, logger: logger}, nil
}

// Run queues every reminder due at now, judged by the date in legal time,
// and returns the number of mails queued. A failure of one kind does not
// stop the others; the errors name only IDs.
//
// The weekly overview goes out on Mondays only: a Monday the service was
// down all day skips that week's overview, the next one follows a week
// later.
func (r *Reminders) Run(ctx context.Context, now time.Time) (int, error) {
	today := wachsam.DateIn(now, r.w.loc)
	tomorrow := today.AddDays(1)
	var errs []error
	total := 0
	count := func(what string, n int, err error) {
		total += n
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", what, err))
		}
	}
	n, err := r.store.RemindSessionsBetween(ctx, tomorrow.In(r.w.loc), tomorrow.EndIn(r.w.loc), func(bn courses.BookingNotice) (*wachsam.Mail, error) {
		return r.w.sessionReminder(bn, now)
	})
	count("session reminders", n, err)
	n, err = r.store.RemindRefreshers(ctx, today, func(rn courses.RefresherNotice) (*wachsam.Mail, error) {
		return r.w.refresherReminder(rn, today)
	})
	count("refresher reminders", n, err)
	if today.Weekday() == time.Monday {
		n, err = r.store.SendOverdueDigests(ctx, today, isoWeek(today), r.w.overdueDigest)
		count("overdue digests", n, err)
	}
	if total > 0 {
		r.logger.InfoContext(ctx, "reminders queued", "mails", total)
	}
	return total, errors.Join(errs...)
}

// isoWeek is the ISO 8601 week of a date, "2026-W48".
func isoWeek(d wachsam.Date) string {
	y, w := time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, w)
}

func (w writer) sessionReminder(n courses.BookingNotice, now time.Time) (*wachsam.Mail, error) {
	if n.Cancelled() {
		return nil, nil
	}
	clock := n.Session.StartsAt.In(w.loc).Format("15:04") + " Uhr"
	var b strings.Builder
	fmt.Fprintf(&b, "Guten Tag %s,\n\n", n.To.Name)
	fmt.Fprintf(&b, "morgen findet die Schulung „%s“ statt, zu der Sie angemeldet sind:\n\n", n.Topic.Name)
	w.sessionLines(&b, n.SessionNotice)
	if now.Before(n.CancellationDeadline) {
		fmt.Fprintf(&b, "Falls Sie nicht teilnehmen können, melden Sie sich bitte bis %s ab, damit jemand von der Warteliste den Platz bekommt.\n", w.dateTime(n.CancellationDeadline))
	} else {
		b.WriteString("Falls Sie nicht teilnehmen können, sagen Sie bitte der Koordination Ihrer Kommune Bescheid.\n")
	}
	w.footer(&b)
	return w.mail(n.To, "Erinnerung: morgen "+n.Topic.Name+", "+clock+", "+n.Place(), b.String())
}

func (w writer) refresherReminder(n courses.RefresherNotice, today wachsam.Date) (*wachsam.Mail, error) {
	subject := fmt.Sprintf("Ihre Schulung „%s“ wird am %s fällig", n.Topic.Name, n.Due.German())
	if today.After(n.Due) {
		subject = fmt.Sprintf("Ihre Schulung „%s“ war am %s fällig", n.Topic.Name, n.Due.German())
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Guten Tag %s,\n\n", n.To.Name)
	fmt.Fprintf(&b, "Sie haben die Schulung „%s“ am %s besucht. Sie gilt %d Monate, also bis %s.\n\n",
		n.Topic.Name, n.CompletedOn.German(), n.Topic.ValidityMonths, n.Due.German())
	if today.After(n.Due) {
		b.WriteString("Bitte buchen Sie möglichst bald einen Termin zur Auffrischung.\n\n")
	} else {
		b.WriteString("Bitte buchen Sie rechtzeitig einen Termin zur Auffrischung.\n\n")
	}
	w.footer(&b)
	return w.mail(n.To, subject, b.String())
}

// overdueDigest lists the overdue staff of the coordinator's own
// municipality; the store never passes another municipality's staff.
func (w writer) overdueDigest(d courses.OverdueDigest) (*wachsam.Mail, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "Guten Tag %s,\n\n", d.To.Name)
	fmt.Fprintf(&b, "in %s sind am %s diese Schulungen überfällig:\n\n", d.MunicipalityName, d.Today.German())
	for _, s := range d.Overdue {
		since := "noch nie besucht"
		if !s.Due.IsZero() {
			since = "war am " + s.Due.German() + " fällig"
		}
		who := s.Name
		if s.Department != "" {
			who += " (" + s.Department + ")"
		}
		fmt.Fprintf(&b, "- %s: %s, %s\n", who, s.Topic, since)
	}
	fmt.Fprintf(&b, "\nDie Übersicht mit allen Fälligkeiten: %s/koordination/faelligkeiten\n\n", w.base)
	b.WriteString("Mit freundlichen Grüßen\nwachsam\n\n(Diese Nachricht wurde automatisch erstellt.)\n")
	subject := fmt.Sprintf("Wochenübersicht %s: %d überfällige Schulungen in %s", d.Week, len(d.Overdue), d.MunicipalityName)
	return w.mail(d.To, subject, b.String())
}
