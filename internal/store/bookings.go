package store

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// Booking, cancelling, the waiting list and offers. Every change runs in one
// transaction that first locks the session's row (FOR UPDATE on PostgreSQL;
// SQLite's immediate transactions hold the write lock from BEGIN), so the
// seats counted are the seats that exist when the change commits: a session
// is never overbooked and no quota is exceeded however many people book at
// once. The partial unique index bookings_one_per_round is the backstop for
// one person booking two sessions of a round at the same moment.

// lockedRound is a session locked for a change, with its round.
type lockedRound struct {
	round   courses.Round
	session courses.Session
}

func (db *DB) lockSession(ctx context.Context, tx bun.Tx, sessionID int64) (lockedRound, error) {
	var row sessionRow
	q := tx.NewSelect().Model(&row).Where("id = ?", sessionID)
	if db.Dialect == Postgres {
		q = q.For("UPDATE")
	}
	if err := q.Scan(ctx); err != nil {
		return lockedRound{}, lookupError(err, "Der Termin")
	}
	r, err := db.roundIn(ctx, tx, row.RoundID)
	if err != nil {
		return lockedRound{}, err
	}
	return lockedRound{round: r, session: row.session()}, nil
}

// bookerIn loads the person who books: only staff of a municipality with a
// department can book, because the quotas are counted by both.
func (db *DB) bookerIn(ctx context.Context, tx bun.IDB, userID int64) (courses.Person, error) {
	u := new(wachsam.User)
	if err := tx.NewSelect().Model(u).Where("id = ?", userID).Scan(ctx); err != nil {
		return courses.Person{}, lookupError(err, "Die Person")
	}
	switch {
	case u.Disabled:
		return courses.Person{}, wachsam.Errorf(wachsam.EFORBIDDEN, "Das Konto ist gesperrt.")
	case u.MunicipalityID == nil:
		return courses.Person{}, wachsam.Errorf(wachsam.EFORBIDDEN, "Nur Beschäftigte einer Kommune können Schulungstermine buchen.")
	case u.DepartmentID == nil:
		return courses.Person{}, wachsam.Errorf(wachsam.ECONFLICT, "Ihrem Konto ist keine Abteilung zugeordnet; bitte wenden Sie sich an die Koordination Ihrer Kommune.")
	}
	return courses.Person{ID: u.ID, MunicipalityID: *u.MunicipalityID, DepartmentID: *u.DepartmentID}, nil
}

func (db *DB) hasBookingIn(ctx context.Context, tx bun.IDB, roundID, userID int64) (bool, error) {
	return tx.NewSelect().Table("bookings").Where("round_id = ? AND user_id = ? AND cancelled_at IS NULL", roundID, userID).Exists(ctx)
}

func (db *DB) waitingFor(ctx context.Context, tx bun.IDB, sessionID, userID int64) (*waitlistRow, error) {
	var rows []waitlistRow
	err := tx.NewSelect().Model(&rows).Where("session_id = ? AND user_id = ? AND left_at IS NULL", sessionID, userID).Scan(ctx)
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	return &rows[0], nil
}

func openForBooking(r courses.Round) error {
	if r.Status != courses.StatusOpen {
		return wachsam.Errorf(wachsam.ECONFLICT, "Für die Runde „%s“ ist die Buchung nicht geöffnet (%s).", r.Name, r.Status.German())
	}
	return nil
}

// Book books a seat in a session for a member of staff, as the booking
// rules of the round allow, and queues the invitation mail. It answers the
// booking as its transaction wrote it (see bookedView).
func (db *DB) Book(ctx context.Context, actor wachsam.Actor, userID, sessionID int64) (courses.BookingView, error) {
	var booking courses.BookingView
	err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) (err error) {
		booking, err = db.bookIn(ctx, tx, actor, userID, sessionID, courses.BookedBySelf, "")
		return err
	})
	return db.settleBooking(ctx, booking, err)
}

// bookIn is the booking rules in a running transaction: lock the session,
// check the round's limits, write the booking. Self-service and the
// coordinator acting on behalf both come through here, so both count the
// same seats under the same lock; only the source differs.
func (db *DB) bookIn(ctx context.Context, tx bun.Tx, actor wachsam.Actor, userID, sessionID int64, source courses.BookingSource, reason string) (courses.BookingView, error) {
	locked, person, err := db.lockForBooking(ctx, tx, userID, sessionID)
	if err != nil {
		return courses.BookingView{}, err
	}
	req, seats, err := db.bookingRequest(ctx, tx, locked, person)
	if err != nil {
		return courses.BookingView{}, err
	}
	if err := locked.round.CanBook(req, seats); err != nil {
		return courses.BookingView{}, err
	}
	written, err := db.insertBooking(ctx, tx, actor, locked, person, source, reason)
	if err != nil {
		return courses.BookingView{}, err
	}
	return db.bookedView(ctx, tx, locked, written)
}

// lockForBooking loads the person who books and locks the session, which
// must belong to an open round the person's municipality shares.
func (db *DB) lockForBooking(ctx context.Context, tx bun.Tx, userID, sessionID int64) (lockedRound, courses.Person, error) {
	person, err := db.bookerIn(ctx, tx, userID)
	if err != nil {
		return lockedRound{}, person, err
	}
	locked, err := db.lockWithHeldOffers(ctx, tx, userID, sessionID)
	if err != nil {
		return locked, person, err
	}
	if !locked.round.Shares(person.MunicipalityID) {
		// Another group's session does not exist for this person.
		return locked, person, notFound("Der Termin")
	}
	return locked, person, openForBooking(locked.round)
}

func (db *DB) bookingRequest(ctx context.Context, tx bun.IDB, locked lockedRound, person courses.Person) (courses.BookingRequest, courses.Seats, error) {
	req := courses.BookingRequest{Person: person, SessionID: locked.session.ID, Now: db.now()}
	var err error
	if req.Booked, err = db.hasBookingIn(ctx, tx, locked.round.ID, person.ID); err != nil {
		return req, courses.Seats{}, err
	}
	entry, err := db.waitingFor(ctx, tx, locked.session.ID, person.ID)
	if err != nil {
		return req, courses.Seats{}, err
	}
	req.Waiting = entry != nil
	seats, err := db.seatsIn(ctx, tx, locked.session.ID)
	return req, seats, err
}

// insertBooking writes the booking, takes the person off every waiting list
// of the round (they have a seat now), logs it and queues the invitation,
// which quotes reason when a coordinator booked for the person.
func (db *DB) insertBooking(ctx context.Context, tx bun.Tx, actor wachsam.Actor, locked lockedRound, p courses.Person, source courses.BookingSource, reason string) (courses.Booking, error) {
	now := db.now()
	row := &bookingRow{
		SessionID: locked.session.ID, RoundID: locked.round.ID, UserID: p.ID,
		MunicipalityID: p.MunicipalityID, DepartmentID: p.DepartmentID, Source: string(source), BookedAt: now,
	}
	if _, err := tx.NewInsert().Model(row).Returning("id").Exec(ctx); err != nil {
		if isUniqueViolation(err) {
			return courses.Booking{}, wachsam.Errorf(wachsam.ECONFLICT, "Sie haben in dieser Schulungsrunde bereits einen Termin gebucht.")
		}
		return courses.Booking{}, err
	}
	if err := db.withdrawEntries(ctx, tx, actor, p.ID, locked.round.ID, locked.session.ID, "booked"); err != nil {
		return courses.Booking{}, err
	}
	if err := db.audit(ctx, tx, actor, "booking.create", "booking", row.ID,
		fmt.Sprintf("Termin %d, Person %d, %s", locked.session.ID, p.ID, source)); err != nil {
		return courses.Booking{}, err
	}
	err := db.EnqueueJob(ctx, tx, wachsam.BookingNoticeJob, wachsam.BookingNoticePayload{BookingID: row.ID, Reason: reason}, now)
	return row.booking(), err
}

// CancelBooking cancels a person's own booking until the round's deadline,
// queues the cancellation mail and offers the freed seat to the waiting list.
func (db *DB) CancelBooking(ctx context.Context, actor wachsam.Actor, userID, bookingID int64) error {
	return db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		var b bookingRow
		if err := tx.NewSelect().Model(&b).Where("id = ? AND user_id = ?", bookingID, userID).Scan(ctx); err != nil {
			return lookupError(err, "Die Buchung")
		}
		if b.CancelledAt != nil {
			return wachsam.Errorf(wachsam.ECONFLICT, "Diese Buchung ist bereits abgesagt.")
		}
		locked, err := db.lockSession(ctx, tx, b.SessionID)
		if err != nil {
			return err
		}
		if err := locked.round.CanCancel(b.SessionID, db.now()); err != nil {
			return err
		}
		// Attendance recorded is a fact the booking must keep explaining
		// (attended ≤ booked + walk-ins): only a coordinator may undo it.
		attended, err := tx.NewSelect().Model((*attendanceRow)(nil)).
			Where("session_id = ? AND user_id = ?", b.SessionID, userID).Exists(ctx)
		if err != nil {
			return err
		}
		if attended {
			return wachsam.Errorf(wachsam.ECONFLICT, "Ihre Anwesenheit ist für diesen Termin bereits erfasst; abmelden können Sie sich nicht mehr. Bitte wenden Sie sich an die Koordination.")
		}
		return db.cancelBookingIn(ctx, tx, actor, locked, b.ID, "")
	})
}

// cancelBookingIn cancels the booking, queues the cancellation mail (quoting
// reason when a coordinator cancelled) and offers the seat on.
func (db *DB) cancelBookingIn(ctx context.Context, tx bun.Tx, actor wachsam.Actor, locked lockedRound, bookingID int64, reason string) error {
	now := db.now()
	res, err := tx.NewUpdate().Model((*bookingRow)(nil)).Set("cancelled_at = ?", now).Set("sequence = sequence + 1").
		Where("id = ? AND cancelled_at IS NULL", bookingID).Exec(ctx)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return wachsam.Errorf(wachsam.ECONFLICT, "Diese Buchung ist bereits abgesagt.")
	}
	if err := db.audit(ctx, tx, actor, "booking.cancel", "booking", bookingID, fmt.Sprintf("Termin %d", locked.session.ID)); err != nil {
		return err
	}
	if err := db.EnqueueJob(ctx, tx, wachsam.BookingNoticeJob, wachsam.BookingNoticePayload{BookingID: bookingID, Reason: reason}, now); err != nil {
		return err
	}
	return db.offerFreedSeats(ctx, tx, locked)
}
