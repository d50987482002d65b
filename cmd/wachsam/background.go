package main

import (
	"context"
	"sync"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/jobs"
	"github.com/wachsam/wachsam/internal/mail"
)

// startBackground runs the job runner and housekeeping beside the web
// server and returns a function that stops both and waits for them: a job
// in hand is finished before the process exits.
func startBackground(ctx context.Context, a *app) (func(), error) {
	sender, err := mail.NewSender(mail.SMTPConfig{
		Host: a.cfg.SMTPHost, Port: a.cfg.SMTPPort, Username: a.cfg.SMTPUsername, Password: a.cfg.SMTPPassword,
		From: a.cfg.SMTPFrom, TLS: a.cfg.SMTPTLS,
	}, a.logger)
	if err != nil {
		return nil, err
	}
	runner := jobs.New(a.db, a.logger, jobs.Options{})
	runner.Handle(wachsam.MailDeliverJob, mail.DeliveryHandler(a.db, sender))

	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() {
		if err := runner.Run(ctx); err != nil {
			a.logger.Error("job runner stopped", "error", err)
		}
	})
	wg.Go(func() { housekeeping(ctx, a) })
	return func() {
		cancel()
		wg.Wait()
	}, nil
}

// housekeeping removes ended sessions, old login failures, finished jobs
// and delivered mails. Deleting is idempotent, so several instances may do it at once.
func housekeeping(ctx context.Context, a *app) {
	tick := time.NewTicker(10 * time.Minute)
	defer tick.Stop()
	for {
		if _, err := a.db.DeleteExpiredSessions(ctx); err != nil && ctx.Err() == nil {
			a.logger.Warn("housekeeping: sessions", "error", err)
		}
		if err := a.db.PruneLoginFailures(ctx, time.Now().Add(-24*time.Hour)); err != nil && ctx.Err() == nil {
			a.logger.Warn("housekeeping: login failures", "error", err)
		}
		if _, err := a.db.DeleteFinishedJobs(ctx, time.Now().Add(-30*24*time.Hour)); err != nil && ctx.Err() == nil {
			a.logger.Warn("housekeeping: jobs", "error", err)
		}
		// A delivered mail is personal data that has served its purpose.
		if _, err := a.db.DeleteSentMails(ctx, time.Now().Add(-30*24*time.Hour)); err != nil && ctx.Err() == nil {
			a.logger.Warn("housekeeping: mails", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
