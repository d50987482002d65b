package store

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// A coordinator books, cancels and moves bookings for the staff of their
// own municipality; a department head does the same for the members of
// their department (courses.OnBehalf.DepartmentID). The seats, quotas and locks are those of self-service
// (bookIn, cancelBookingIn); what differs is whom the rules protect: the
// coordinator may cancel after the self-service deadline, and must give a
// reason, which the audit log keeps beside the name of the person acted for.

// staffOf loads a member of the municipality's staff, and of its
// department departmentID unless that is 0; a person of any other town or
// department answers as not found, so no coordinator or department head
// learns who exists elsewhere.
func (db *DB) staffOf(ctx context.Context, tx bun.IDB, municipalityID, departmentID, userID int64) (*wachsam.User, error) {
	u := new(wachsam.User)
	if err := tx.NewSelect().Model(u).Where("id = ?", userID).Scan(ctx); err != nil {
		return nil, lookupError(err, "Die Person")
	}
	if u.MunicipalityID == nil || *u.MunicipalityID != municipalityID {
		return nil, notFound("Die Person")
	}
	if departmentID != 0 && (u.DepartmentID == nil || *u.DepartmentID != departmentID) {
		return nil, notFound("Die Person")
	}
	staff, err := tx.NewSelect().Table("user_roles").Where("user_id = ? AND role = ?", userID, wachsam.RoleStaff).Exists(ctx)
	if err != nil {
		return nil, err
	}
	if !staff {
		return nil, notFound("Die Person")
	}
	return u, nil
}

func (db *DB) auditBehalf(ctx context.Context, tx bun.IDB, o courses.OnBehalf, action string, bookingID int64, u *wachsam.User, what string) error {
	return db.audit(ctx, tx, o.Actor, action, "booking", bookingID,
		fmt.Sprintf("im Auftrag von %s (Person %d): %s; Grund: %s", u.Name, u.ID, what, o.Reason))
}

// BookOnBehalf books a seat in a session for a member of the coordinator's
// staff, under the same rules as self-service, and mails them the invitation.
func (db *DB) BookOnBehalf(ctx context.Context, o courses.OnBehalf, userID, sessionID int64) (courses.BookingView, error) {
	if err := o.Check(); err != nil {
		return courses.BookingView{}, err
	}
	var booking courses.BookingView
	err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		u, err := db.staffOf(ctx, tx, o.MunicipalityID, o.DepartmentID, userID)
		if err != nil {
			return err
		}
		if booking, err = db.bookIn(ctx, tx, o.Actor, userID, sessionID, courses.BookedByCoordinator, o.Reason); err != nil {
			return err
		}
		return db.auditBehalf(ctx, tx, o, "booking.behalf.create", booking.ID, u, fmt.Sprintf("Termin %d gebucht", sessionID))
	})
	return db.settleBooking(ctx, booking, err)
}

// behalfBooking loads an active booking of a member of the coordinator's
// staff.
func (db *DB) behalfBooking(ctx context.Context, tx bun.IDB, o courses.OnBehalf, bookingID int64) (bookingRow, *wachsam.User, error) {
	var b bookingRow
	if err := tx.NewSelect().Model(&b).Where("id = ? AND municipality_id = ?", bookingID, o.MunicipalityID).Scan(ctx); err != nil {
		return b, nil, lookupError(err, "Die Buchung")
	}
	u, err := db.staffOf(ctx, tx, o.MunicipalityID, o.DepartmentID, b.UserID)
	if err != nil {
		return b, nil, notFound("Die Buchung")
	}
	if b.CancelledAt != nil {
		return b, nil, wachsam.Errorf(wachsam.ECONFLICT, "Diese Buchung ist bereits abgesagt.")
	}
	return b, u, nil
}

// releasable refuses to cancel a booking whose attendance is recorded: the
// attendance must keep a booking explaining it. The coordinator corrects
// the attendance first (CorrectAttendance, with its own reason and mail).
func (db *DB) releasable(ctx context.Context, tx bun.IDB, b bookingRow) error {
	attended, err := tx.NewSelect().Model((*attendanceRow)(nil)).
		Where("session_id = ? AND user_id = ?", b.SessionID, b.UserID).Exists(ctx)
	if err != nil {
		return err
	}
	if attended {
		return wachsam.Errorf(wachsam.ECONFLICT, "Für diese Buchung ist Anwesenheit erfasst. Bitte korrigieren Sie zuerst die Anwesenheit; danach können Sie die Buchung absagen oder verlegen.")
	}
	return nil
}

// CancelOnBehalf cancels a booking of a member of the coordinator's staff,
// also after the self-service deadline, mails the person the cancellation
// and offers the seat on.
func (db *DB) CancelOnBehalf(ctx context.Context, o courses.OnBehalf, bookingID int64) error {
	if err := o.Check(); err != nil {
		return err
	}
	return db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		b, u, err := db.behalfBooking(ctx, tx, o, bookingID)
		if err != nil {
			return err
		}
		locked, err := db.lockSession(ctx, tx, b.SessionID)
		if err != nil {
			return err
		}
		if locked.session.Cancelled {
			return wachsam.Errorf(wachsam.ECONFLICT, "Der Termin ist bereits abgesagt; die Buchung entfällt ohnehin.")
		}
		if err := db.releasable(ctx, tx, b); err != nil {
			return err
		}
		if err := db.cancelBookingIn(ctx, tx, o.Actor, locked, b.ID, o.Reason); err != nil {
			return err
		}
		return db.auditBehalf(ctx, tx, o, "booking.behalf.cancel", b.ID, u, fmt.Sprintf("Termin %d abgesagt", b.SessionID))
	})
}

// MoveOnBehalf moves a booking to another session in one transaction: the
// old seat is freed (and offered on) only if the new one is booked. Both
// sessions are locked in the order of their IDs, so two moves in opposite
// directions cannot deadlock.
func (db *DB) MoveOnBehalf(ctx context.Context, o courses.OnBehalf, bookingID, toSessionID int64) (courses.BookingView, error) {
	if err := o.Check(); err != nil {
		return courses.BookingView{}, err
	}
	var booking courses.BookingView
	err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		b, u, err := db.behalfBooking(ctx, tx, o, bookingID)
		if err != nil {
			return err
		}
		if b.SessionID == toSessionID {
			return wachsam.FieldError("session", "Die Person ist bereits für diesen Termin gebucht.")
		}
		first, second := min(b.SessionID, toSessionID), max(b.SessionID, toSessionID)
		if _, err := db.lockSession(ctx, tx, first); err != nil {
			return err
		}
		if _, err := db.lockSession(ctx, tx, second); err != nil {
			return err
		}
		from, err := db.lockSession(ctx, tx, b.SessionID)
		if err != nil {
			return err
		}
		if err := db.releasable(ctx, tx, b); err != nil {
			return err
		}
		if err := db.cancelBookingIn(ctx, tx, o.Actor, from, b.ID, o.Reason); err != nil {
			return err
		}
		if booking, err = db.bookIn(ctx, tx, o.Actor, b.UserID, toSessionID, courses.BookedByCoordinator, o.Reason); err != nil {
			return err
		}
		return db.auditBehalf(ctx, tx, o, "booking.behalf.move", booking.ID, u,
			fmt.Sprintf("von Termin %d (Buchung %d) auf Termin %d verlegt", b.SessionID, b.ID, toSessionID))
	})
	return db.settleBooking(ctx, booking, err)
}
