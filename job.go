package wachsam

import "time"

// Job is one unit of background work in the durable job table (jobs). A job
// is written in the same transaction as the change that causes it, so the
// work is never lost when the change commits and never done when it rolls
// back. internal/jobs runs jobs; internal/store writes and claims them.
//
// A job runs at least once: an instance claims it with a lease (LockedBy,
// LockedUntil), and if that instance dies before finishing, another one
// claims it again once the lease has expired. Handlers are therefore
// idempotent.
type Job struct {
	ID   int64  `bun:"id,pk,autoincrement"`
	Kind string `bun:"kind,notnull"`
	// Payload is JSON; it may hold personal data, so it is never logged.
	Payload     string     `bun:"payload,notnull"`
	RunAt       time.Time  `bun:"run_at,notnull"`
	Attempts    int        `bun:"attempts,notnull"`
	MaxAttempts int        `bun:"max_attempts,notnull"`
	LockedBy    *string    `bun:"locked_by"`
	LockedUntil *time.Time `bun:"locked_until"`
	LastError   *string    `bun:"last_error"`
	DoneAt      *time.Time `bun:"done_at"`
	FailedAt    *time.Time `bun:"failed_at"`
	CreatedAt   time.Time  `bun:"created_at,notnull"`
}

// Finished reports whether the job will not run again: done, or failed for good.
func (j *Job) Finished() bool { return j.DoneAt != nil || j.FailedAt != nil }

// Job kinds of shared awareness sessions. internal/store enqueues them in
// the transaction that changes a booking; internal/calendar and
// internal/jobs handle them.
const (
	// BookingNoticeJob mails an invitation or cancellation (iCalendar) for one booking.
	BookingNoticeJob = "booking.notice"
	// OfferNoticeJob mails a freed seat offered to someone on a waiting list.
	OfferNoticeJob = "waitlist.offer"
	// OfferExpiryJob withdraws an offer that was not accepted in time and
	// offers the seat to the next person.
	OfferExpiryJob = "waitlist.expire"
	// RoundReminderJob mails a coordinator's reminder about a round to one
	// member of staff: enter preferences, or book a seat.
	RoundReminderJob = "round.reminder"
	// TrainerNoticeJob mails a session's trainer the invitation to it, or
	// the cancellation once they no longer train it or it is called off.
	TrainerNoticeJob = "trainer.notice"
)

// TrainerNoticePayload names the session and the trainer to be told about
// it. The handler mails the state at the time it runs: an invitation if
// the trainer still trains the session, else a cancellation, so a trainer
// replaced meanwhile is never invited to a session they lost.
type TrainerNoticePayload struct {
	SessionID int64 `json:"session_id"`
	TrainerID int64 `json:"trainer_id"`
}

// BookingNoticePayload names the booking whose state is to be mailed.
type BookingNoticePayload struct {
	BookingID int64 `json:"booking_id"`
	// Reason is the coordinator's reason when they acted for the person;
	// the mail quotes it, so the person is told why.
	Reason string `json:"reason,omitempty"`
	// Completed is set when the booking was released because the person
	// completed the topic in another session; the mail says so.
	Completed bool `json:"completed,omitempty"`
}

// RoundReminderPayload names one reminder (round_reminders: round, person
// and day in legal time).
type RoundReminderPayload struct {
	RoundID int64 `json:"round_id"`
	UserID  int64 `json:"user_id"`
	Day     Date  `json:"day"`
}

// WaitlistPayload names one waiting-list entry.
type WaitlistPayload struct {
	EntryID int64 `json:"entry_id"`
}
