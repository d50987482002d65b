package store

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
)

// EnqueueMail puts a mail into the outbox inside the caller's transaction
// tx, together with the job that delivers it: the mail goes out if and only
// if the change it reports is committed. An invalid recipient is refused
// with a German field error and nothing is written.
func (db *DB) EnqueueMail(ctx context.Context, tx bun.IDB, m *wachsam.Mail) error {
	if err := m.Validate(); err != nil {
		return err
	}
	m.CreatedAt = db.now()
	m.SentAt = nil
	if _, err := tx.NewInsert().Model(m).Returning("id").Exec(ctx); err != nil {
		return translate(err)
	}
	return db.EnqueueJob(ctx, tx, wachsam.MailDeliverJob, wachsam.MailDeliverPayload{MailID: m.ID}, time.Time{})
}

// Mail reads one mail of the outbox.
func (db *DB) Mail(ctx context.Context, id int64) (*wachsam.Mail, error) {
	m := new(wachsam.Mail)
	err := db.NewSelect().Model(m).Where("id = ?", id).Scan(ctx)
	if err != nil {
		return nil, lookupError(err, "Die E-Mail")
	}
	return m, nil
}

// MarkMailSent records that the mail server accepted the mail. Marking a
// mail that is already sent changes nothing, so a repeated delivery job
// does no harm here.
func (db *DB) MarkMailSent(ctx context.Context, id int64) error {
	res, err := db.NewUpdate().Model((*wachsam.Mail)(nil)).
		Set("sent_at = ?", db.now()).
		Where("id = ? AND sent_at IS NULL", id).Exec(ctx)
	if err != nil {
		return translate(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		exists, err := db.NewSelect().Model((*wachsam.Mail)(nil)).Where("id = ?", id).Exists(ctx)
		if err != nil {
			return translate(err)
		}
		if !exists {
			return notFound("Die E-Mail")
		}
	}
	return nil
}

// DeleteSentMails removes mails sent before the given instant: once
// delivered, the outbox copy (with its personal data) has no further use.
func (db *DB) DeleteSentMails(ctx context.Context, before time.Time) (int, error) {
	res, err := db.NewDelete().Model((*wachsam.Mail)(nil)).Where("sent_at < ?", before.UTC()).Exec(ctx)
	if err != nil {
		return 0, translate(err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}
