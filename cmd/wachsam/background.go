package main

import (
	"context"
	"sync"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/directory"
	"github.com/wachsam/wachsam/internal/jobs"
	"github.com/wachsam/wachsam/internal/mail"
)

// startBackground runs the job runner and housekeeping beside the web
// server and returns a function that stops both and waits for them: a job
// in hand is finished before the process exits. The runner paces itself
// while busy reports the web server busy (jobs.Options.Busy).
func startBackground(ctx context.Context, a *app, busy func() bool) (func(), error) {
	sender, err := mail.NewSender(mail.SMTPConfig{
		Host: a.cfg.SMTPHost, Port: a.cfg.SMTPPort, Username: a.cfg.SMTPUsername, Password: a.cfg.SMTPPassword,
		From: a.cfg.SMTPFrom, TLS: a.cfg.SMTPTLS,
	}, a.logger)
	if err != nil {
		return nil, err
	}
	runner := jobs.New(a.db, a.logger, jobs.Options{Busy: busy})
	runner.Handle(wachsam.MailDeliverJob, mail.DeliveryHandler(a.db, sender))
	noticeCfg := jobs.NoticeConfig{BaseURL: a.cfg.BaseURL, From: a.cfg.SMTPFrom}
	notices, err := jobs.NewNotices(a.db, noticeCfg)
	if err != nil {
		return nil, err
	}
	runner.Handle(wachsam.BookingNoticeJob, notices.Booking)
	runner.Handle(wachsam.OfferNoticeJob, notices.Offer)
	runner.Handle(wachsam.OfferExpiryJob, notices.Expiry)
	roundReminders, err := jobs.NewRoundReminders(a.db, noticeCfg)
	if err != nil {
		return nil, err
	}
	runner.Handle(wachsam.RoundReminderJob, roundReminders.Handle)
	runner.Handle(wachsam.TrainerNoticeJob, notices.Trainer)
	runner.Handle(wachsam.DirectorySyncJob, directory.Syncer{Store: a.db, Connector: a.directory}.Handle)
	reminders, err := jobs.NewReminders(a.db, noticeCfg, a.logger)
	if err != nil {
		return nil, err
	}
	retention, err := jobs.NewRetention(a.db, a.db.Legal, a.logger)
	if err != nil {
		return nil, err
	}

	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() {
		if err := runner.Run(ctx); err != nil {
			a.logger.Error("job runner stopped", "error", err)
		}
	})
	evidence := jobs.NewEvidenceRefresh(a.db, time.Hour, a.logger)
	wg.Go(func() { housekeeping(ctx, a, reminders, retention, evidence) })
	return func() {
		cancel()
		wg.Wait()
	}, nil
}

// housekeeping removes ended sessions, old login failures, finished jobs
// and delivered mails (a delivered mail is personal data that has served
// its purpose), and sends the reminders that are due (each is claimed in
// the database, so it goes out once however many instances run). Deleting is idempotent, so several instances may do it at
// once. Written exam papers are deleted once their retention period of
// §12(1) has passed (once a day; each candidate's papers under its lock).
// Every municipality's training evidence is refreshed hourly, so coverage
// that changes with time alone reaches the feed. Directory syncs whose
// schedule is due are enqueued (once, however many instances look).
func housekeeping(ctx context.Context, a *app, reminders *jobs.Reminders, retention *jobs.Retention, evidence *jobs.EvidenceRefresh) {
	month := 30 * 24 * time.Hour
	tasks := []struct {
		what string
		run  func(now time.Time) error
	}{
		{"sessions", func(time.Time) error { _, err := a.db.DeleteExpiredSessions(ctx); return err }},
		{"login failures", func(now time.Time) error { return a.db.PruneLoginFailures(ctx, now.Add(-24*time.Hour)) }},
		{"jobs", func(now time.Time) error { _, err := a.db.DeleteFinishedJobs(ctx, now.Add(-month)); return err }},
		{"mails", func(now time.Time) error { _, err := a.db.DeleteSentMails(ctx, now.Add(-month)); return err }},
		{"reminders", func(now time.Time) error { _, err := reminders.Run(ctx, now); return err }},
		{"exam paper retention", func(now time.Time) error { _, err := retention.Run(ctx, now); return err }},
		{"training evidence", func(now time.Time) error { _, err := evidence.Run(ctx, now); return err }},
		{"directory syncs", func(now time.Time) error { _, err := a.db.EnqueueDueDirectorySyncs(ctx, now); return err }},
	}
	tick := time.NewTicker(10 * time.Minute)
	defer tick.Stop()
	for {
		for _, task := range tasks {
			if err := task.run(time.Now()); err != nil && ctx.Err() == nil {
				a.logger.Warn("housekeeping failed", "what", task.what, "error", err)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
