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
	// names of the session's host municipality and trainer, read before
	// the lock by lockForBooking for the answer (bookingAnswer).
	hostName, trainerName string
}

func (db *DB) lockSession(ctx context.Context, tx bun.Tx, sessionID int64) (lockedRound, error) {
	row, err := db.lockSessionRow(ctx, tx, sessionID)
	if err != nil {
		return lockedRound{}, err
	}
	r, err := db.roundIn(ctx, tx, row.RoundID)
	if err != nil {
		return lockedRound{}, err
	}
	return lockedRound{round: r, session: row.session()}, nil
}

// lockSessionRow locks one session's row and reads it as it stands under
// the lock.
func (db *DB) lockSessionRow(ctx context.Context, tx bun.Tx, sessionID int64) (sessionRow, error) {
	var row sessionRow
	if err := db.hotScan(ctx, tx, []any{&row}, db.lockSessionSQL(), sessionID); err != nil {
		return row, lookupError(err, "Der Termin")
	}
	return row, nil
}

// bookerIn loads the person who books: only staff of a municipality with a
// department can book, because the quotas are counted by both.
func (db *DB) bookerIn(ctx context.Context, tx bun.IDB, userID int64) (courses.Person, error) {
	u := new(wachsam.User)
	if err := tx.NewSelect().Model(u).Where("id = ?", userID).Scan(ctx); err != nil {
		return courses.Person{}, lookupError(err, "Die Person")
	}
	return bookerOf(u)
}

// bookerOf is the account as the person who books, or why it cannot book.
func bookerOf(u *wachsam.User) (courses.Person, error) {
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
	if db.Dialect == Postgres {
		if booking, done, err := db.bookPipelined(ctx, actor, userID, sessionID); done {
			return db.settleBooking(ctx, booking, err)
		}
	}
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
//
// Everything that does not need the lock is read before it is taken
// (lockForBooking); under the lock run the session's row, the person's
// standing, the seat counts, the insert, the audit entry and the job, and
// the answer is built from what the transaction holds (issue 16).
func (db *DB) bookIn(ctx context.Context, tx bun.Tx, actor wachsam.Actor, userID, sessionID int64, source courses.BookingSource, reason string) (courses.BookingView, error) {
	locked, person, err := db.lockForBooking(ctx, tx, userID, sessionID)
	if err != nil {
		return courses.BookingView{}, err
	}
	req, standing, seats, err := db.bookingRequest(ctx, tx, locked, person)
	if err != nil {
		return courses.BookingView{}, err
	}
	if err := locked.round.CanBook(req, seats); err != nil {
		return courses.BookingView{}, err
	}
	written, err := db.insertBooking(ctx, tx, actor, locked, person, source, reason, standing.Listed)
	if err != nil {
		return courses.BookingView{}, err
	}
	return bookingAnswer(locked, written, seatsAfter(seats, person, standing.OfferedHere), db.now()), nil
}

// bookingStart is what a booking reads before it takes any lock, in one
// statement: the person, the session's round with its topic, what the
// quotas are computed from (the round's active sessions, the staff of the
// person's municipality and department, whether the municipality shares
// the round), how many offers the person holds on sessions of the round
// that are locked first (lockWithHeldOffers) and the names the answer
// shows. Nothing in it grows with the round's sessions, the staff or the
// person's history (issue 16).
type bookingStart struct {
	Session         sessionRow `bun:"embed:s_"` // as locked, when read with the lock (bookPipelined)
	Round           roundRow   `bun:"embed:r_"` // zero without the session
	Topic           topicRow   `bun:"embed:t_"`
	Disabled        bool       `bun:"disabled"`
	MunicipalityID  *int64     `bun:"municipality_id"`
	DepartmentID    *int64     `bun:"department_id"`
	RoundID         *int64     `bun:"round_id"`
	HeldBelow       int        `bun:"held_below"`
	ActiveSessions  int        `bun:"active_sessions"`
	Shares          bool       `bun:"shares"`
	TownStaff       int        `bun:"town_staff"`
	DepartmentStaff int        `bun:"department_staff"`
	HostName        *string    `bun:"host_name"`
	TrainerName     *string    `bun:"trainer_name"`
}

// partialRound is the round as the booking rules need it for one person
// and one session (courses.Round.Partial): the session as locked, and the
// staff counts of the person's municipality and department only — the
// same numbers roundParts would read for them.
func (st bookingStart) partialRound(p courses.Person, s courses.Session) courses.Round {
	r := st.Round.round(st.Topic.topic())
	r.Partial, r.ActiveCount = true, st.ActiveSessions
	r.Sessions = []courses.Session{s}
	r.Staff = courses.Staff{ByMunicipality: map[int64]int{}, ByDepartment: map[int64]int{}}
	if st.Shares {
		r.Municipalities = []int64{p.MunicipalityID}
		r.Staff.ByMunicipality[p.MunicipalityID] = st.TownStaff
		if st.DepartmentStaff != 0 {
			r.Staff.ByDepartment[p.DepartmentID] = st.DepartmentStaff
		}
	}
	return r
}

// lockForBooking loads the person who books and locks the session, which
// must belong to an open round the person's municipality shares. The round
// (topic, quota bases) is read before the lock: only the locked session's
// own row is taken as it stands under the lock.
func (db *DB) lockForBooking(ctx context.Context, tx bun.Tx, userID, sessionID int64) (lockedRound, courses.Person, error) {
	var st bookingStart
	if err := db.hotScan(ctx, tx, []any{&st}, db.bookingStartSQL(false), sessionID, userID); err != nil {
		return lockedRound{}, courses.Person{}, lookupError(err, "Die Person")
	}
	person, err := st.booker(userID)
	if err != nil {
		return lockedRound{}, person, err
	}
	var locked lockedRound
	if st.HeldBelow > 0 {
		// Rare: the person holds offers the booking will pass on; lock
		// those sessions first, in the order every booking locks them.
		// This reads the whole round after the lock.
		if locked, err = db.lockWithHeldOffers(ctx, tx, userID, sessionID); err != nil {
			return locked, person, err
		}
	} else {
		row, err := db.lockSessionRow(ctx, tx, sessionID)
		if err != nil {
			return locked, person, err
		}
		locked = lockedRound{round: st.partialRound(person, row.session()), session: row.session()}
	}
	return locked, person, st.admit(&locked, person)
}

// booker is the person who books, or why they cannot book that session.
func (st bookingStart) booker(userID int64) (courses.Person, error) {
	u := wachsam.User{ID: userID, Disabled: st.Disabled, MunicipalityID: st.MunicipalityID, DepartmentID: st.DepartmentID}
	person, err := bookerOf(&u)
	if err == nil && st.RoundID == nil {
		err = notFound("Der Termin")
	}
	return person, err
}

// admit completes the locked session with the names read before the lock
// and checks that the person may book in its round at all: their
// municipality shares it and it is open.
func (st bookingStart) admit(locked *lockedRound, person courses.Person) error {
	locked.hostName, locked.trainerName = deref(st.HostName), deref(st.TrainerName)
	if !locked.round.Shares(person.MunicipalityID) {
		// Another group's session does not exist for this person.
		return notFound("Der Termin")
	}
	return openForBooking(locked.round)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// standing is the person's own rows that the booking rules look at, read
// under the session's lock.
type standing struct {
	Booked      bool // a booking in the round
	Waiting     bool // on this session's waiting list
	OfferedHere bool // holding an offered seat of this session
	Listed      bool // on any waiting list of the round
}

// bookingRequest reads, under the session's lock, the person's standing
// and the seats taken, in one statement: its first row is the standing
// (kind 1), every further row the seats of one municipality and department
// (kind 2). They are read after the lock is granted, never in the
// statement that takes it, whose snapshot may predate the bookings the
// lock's previous holder committed.
func (db *DB) bookingRequest(ctx context.Context, tx bun.IDB, locked lockedRound, person courses.Person) (courses.BookingRequest, standing, courses.Seats, error) {
	var rows []standingRow
	err := db.hotScan(ctx, tx, []any{&rows}, standingSQL, standingArgs(person.ID, locked.session.ID)...)
	req, st, seats := foldStanding(rows, person, locked.session.ID, db.now())
	return req, st, seats, err
}

// insertBooking writes the booking, takes the person off every waiting list
// of the round (they have a seat now; listed says whether they are on any),
// logs it and queues the invitation, which quotes reason when a coordinator
// booked for the person.
func (db *DB) insertBooking(ctx context.Context, tx bun.Tx, actor wachsam.Actor, locked lockedRound, p courses.Person, source courses.BookingSource, reason string, listed bool) (courses.Booking, error) {
	now := db.now()
	row, detail := newBooking(locked, p, source, now)
	if db.Dialect == Postgres && !listed {
		return db.insertBookingAtOnce(ctx, tx, actor, row, detail, reason)
	}
	if err := db.hotScan(ctx, tx, []any{&row.ID}, `INSERT INTO bookings
		(session_id, round_id, user_id, municipality_id, department_id, source, sequence, booked_at)
		VALUES (?, ?, ?, ?, ?, ?, 0, ?) RETURNING id`,
		row.SessionID, row.RoundID, row.UserID, row.MunicipalityID, row.DepartmentID, row.Source, row.BookedAt); err != nil {
		if isUniqueViolation(err) {
			return courses.Booking{}, alreadyBooked()
		}
		return courses.Booking{}, err
	}
	if listed {
		if err := db.withdrawEntries(ctx, tx, actor, p.ID, locked.round.ID, locked.session.ID, "booked"); err != nil {
			return courses.Booking{}, err
		}
	}
	if err := db.audit(ctx, tx, actor, "booking.create", "booking", row.ID, detail); err != nil {
		return courses.Booking{}, err
	}
	err := db.EnqueueJob(ctx, tx, wachsam.BookingNoticeJob, wachsam.BookingNoticePayload{BookingID: row.ID, Reason: reason}, now)
	return row.booking(), err
}

// insertBookingAtOnce writes the booking, its audit entry and its
// invitation job in one statement (PostgreSQL's data-modifying WITH): one
// round trip under the session's lock instead of three. The entry and the
// job are exactly those audit and EnqueueJob write.
func (db *DB) insertBookingAtOnce(ctx context.Context, tx bun.Tx, actor wachsam.Actor, row *bookingRow, detail, reason string) (courses.Booking, error) {
	args, err := insertAtOnceArgs(actor, row, detail, reason)
	if err != nil {
		return courses.Booking{}, err
	}
	err = db.hotScan(ctx, tx, []any{&row.ID}, insertAtOnceSQL, args...)
	if err != nil {
		if isUniqueViolation(err) {
			return courses.Booking{}, alreadyBooked()
		}
		return courses.Booking{}, err
	}
	return row.booking(), nil
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
