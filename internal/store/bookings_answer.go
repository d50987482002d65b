package store

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// bookedView describes a booking just written, read inside the transaction
// that wrote it. The answer to "book" is built from it rather than from a
// read after the commit: when the database fails between the commit and
// that read, the person would be told their booking failed although it is
// stored (issue 13 §4).
func (db *DB) bookedView(ctx context.Context, tx bun.IDB, locked lockedRound, b courses.Booking) (courses.BookingView, error) {
	facts := courses.StaffFacts{Municipalities: map[int64]string{}, Trainers: map[int64]string{}, Now: db.now()}
	s := locked.session
	if err := nameInto(ctx, tx, "municipalities", s.HostMunicipalityID, facts.Municipalities); err != nil {
		return courses.BookingView{}, err
	}
	if err := nameInto(ctx, tx, "users", s.TrainerID, facts.Trainers); err != nil {
		return courses.BookingView{}, err
	}
	seats, err := db.seatsIn(ctx, tx, s.ID)
	if err != nil {
		return courses.BookingView{}, err
	}
	facts.Seats = map[int64]courses.Seats{s.ID: seats}
	return locked.round.BookingViewOf(b, facts), nil
}

// bookingAnswer describes a booking just written from what its transaction
// holds: the round read before the lock, the session as locked, the names
// read with the person, the seats counted under the lock with the new
// booking added. No statement runs for it, so the lock is released sooner
// and the answer does not grow with the person's history.
func bookingAnswer(locked lockedRound, b courses.Booking, seats courses.Seats, now time.Time) courses.BookingView {
	facts := courses.StaffFacts{Municipalities: map[int64]string{}, Trainers: map[int64]string{}, Now: now,
		Seats: map[int64]courses.Seats{locked.session.ID: seats}}
	if id := locked.session.HostMunicipalityID; id != 0 {
		facts.Municipalities[id] = locked.hostName
	}
	if id := locked.session.TrainerID; id != 0 {
		facts.Trainers[id] = locked.trainerName
	}
	return locked.round.BookingViewOf(b, facts)
}

// seatsAfter is the seats counted before a booking with the booking added;
// a seat the person held as an offer of this session was counted already
// (and is closed by the booking).
func seatsAfter(before courses.Seats, p courses.Person, heldHere bool) courses.Seats {
	if heldHere {
		return before
	}
	after := courses.Seats{Taken: before.Taken + 1, ByMunicipality: map[int64]int{}, ByDepartment: map[int64]int{}}
	for k, v := range before.ByMunicipality {
		after.ByMunicipality[k] = v
	}
	for k, v := range before.ByDepartment {
		after.ByDepartment[k] = v
	}
	after.ByMunicipality[p.MunicipalityID]++
	after.ByDepartment[p.DepartmentID]++
	return after
}

// nameInto loads the name of row id of table into names; id 0 is none.
func nameInto(ctx context.Context, tx bun.IDB, table string, id int64, names map[int64]string) error {
	if id == 0 {
		return nil
	}
	var name string
	if err := tx.NewSelect().Table(table).Column("name").Where("id = ?", id).Scan(ctx, &name); err != nil {
		return translate(err)
	}
	names[id] = name
	return nil
}

// settleBooking decides a booking whose transaction failed because the
// database stopped answering. If that happened during COMMIT, the booking
// may be stored although the answer to COMMIT was lost; telling the person
// "error" then would be wrong (issue 13 §4). So it asks the database,
// once it answers again (for a few seconds at most), whether the booking
// written is there: if so, the booking stands; if not, the error does.
func (db *DB) settleBooking(ctx context.Context, written courses.BookingView, err error) (courses.BookingView, error) {
	if err == nil || written.ID == 0 || wachsam.ErrorCodeOf(err) != wachsam.EUNAVAILABLE {
		return written, err
	}
	for range 10 {
		stored, qerr := db.NewSelect().Table("bookings").
			Where("id = ? AND user_id = ? AND session_id = ?", written.ID, written.Person.ID, written.SessionID).Exists(ctx)
		switch {
		case qerr == nil && stored:
			return written, nil
		case qerr == nil:
			return courses.BookingView{}, err
		}
		select {
		case <-ctx.Done():
			return courses.BookingView{}, err
		case <-time.After(500 * time.Millisecond):
		}
	}
	return courses.BookingView{}, err
}
