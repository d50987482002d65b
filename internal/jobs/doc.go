// Package jobs runs wachsam's background work from the durable job table
// (DESIGN.md §8): mail delivery; booking invitations and cancellations with
// iCalendar attachments, waiting-list offers and their expiry (notices.go);
// reminders the day before a session, before a refresher falls due, and the
// weekly overview of overdue staff for coordinators (reminders.go).
//
// A job is written by internal/store in the same transaction as the change
// that causes it, so work is never lost when a change commits and never
// done when it rolls back. A Runner polls the table, claims one due job at
// a time with a lease, runs the handler registered for its kind, and marks
// the job done, or failed with a backoff before the next attempt.
//
// # Several instances
//
// Any number of wachsam instances may run a Runner on the same database.
// Claiming is a single conditional UPDATE: on PostgreSQL it picks its row
// with FOR UPDATE SKIP LOCKED, on SQLite the database's single writer lock
// serialises claims. Each claim therefore goes to exactly one instance.
//
// # At least once
//
// A claim is a lease, not a lock held by a connection: if an instance dies
// while running a job, the job is claimed again once the lease has expired
// and runs a second time. A job thus runs at least once, and exactly once
// unless an instance crashes (or loses its database) between doing the
// work and recording it. Handlers must be idempotent: the mail handler, for
// one, checks the mail's sent_at before sending. A handler's context ends
// shortly before its lease, so a slow handler is stopped before another
// instance may take its job over; instances' clocks should agree (NTP)
// to well within the lease.
//
// # Why not River
//
// github.com/riverqueue/river was the first choice (DESIGN.md §8), but its
// SQLite driver does not resolve at the same version as river itself
// (riversqlite v0.31.0 against river v0.51.1), and wachsam must run on
// SQLite as well as PostgreSQL. The job table here is small and uses
// nothing either database lacks.
package jobs
