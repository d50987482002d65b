// Package mail delivers wachsam's mail: the outbox in the database
// (internal/store writes a mail and its delivery job in the transaction of
// the change it reports) and the Senders that hand a mail to the world.
//
// Delivery runs as a job of kind wachsam.MailDeliverJob (internal/jobs), so
// it is retried with backoff while the mail server is away, and it happens
// at least once: if an instance dies after the mail server accepted a mail
// but before sent_at was recorded, the mail is sent again. The handler
// checks sent_at first, so every other repetition of the job sends nothing,
// and the Message-ID is the same on every attempt, so receiving servers and
// mail programs can recognise the rare duplicate.
package mail
