package store

import (
	"context"
	"fmt"
	"reflect"

	"github.com/jackc/pgx/v5"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// On PostgreSQL a member of staff's own booking — the most frequent write,
// and the one a whole town makes at once when a round opens — sends its
// statements in two pipelines (pgx batches) on one connection instead of
// one round trip each (issue 16):
//
//  1. BEGIN; the session's row locked, with the person and the round as
//     read before the lock (bookingStartSQL with lock); the person's
//     standing and the seats taken (standingSQL);
//  2. the booking with its audit entry and job (insertAtOnceSQL); COMMIT.
//
// Between the two, the rules of package courses decide exactly as in bookIn,
// on the same statements' results. The server runs a pipeline's statements
// one after the other as if they came one by one: standingSQL starts only
// once the lock is granted, so its snapshot holds every booking the lock's
// previous holder committed. The two rare cases that need more statements —
// the person holds offers in the round that the booking passes on, or
// stands on one of its waiting lists — roll back after the first pipeline
// and take bookIn's way, as does a booking of a session or by a person
// that does not exist, for bookIn's precise answer.

// bookPipelined books as Book does. done is false when the booking must
// take bookIn's way instead; nothing was written then.
func (db *DB) bookPipelined(ctx context.Context, actor wachsam.Actor, userID, sessionID int64) (view courses.BookingView, done bool, err error) {
	leave, err := db.bookings.enter(ctx, sessionID)
	if err != nil {
		return view, true, translate(err)
	}
	defer leave()
	conn, err := db.DB.DB.Conn(ctx)
	if err != nil {
		return view, true, translate(err)
	}
	defer conn.Close()
	err = pgxOf(conn, func(c *pgx.Conn) error {
		view, done, err = db.bookOn(ctx, c, actor, userID, sessionID)
		if c.PgConn().TxStatus() != 'I' && !c.IsClosed() {
			// Refused, handed back or failed half-way: nothing of it
			// stays. (Should ROLLBACK fail, the pool discards a
			// connection left inside a transaction.)
			_, _ = c.Exec(context.WithoutCancel(ctx), "ROLLBACK")
		}
		return err
	})
	return view, done, translate(err)
}

// bookOn runs the two pipelines on c; see bookPipelined.
func (db *DB) bookOn(ctx context.Context, c *pgx.Conn, actor wachsam.Actor, userID, sessionID int64) (courses.BookingView, bool, error) {
	first := &pgx.Batch{}
	first.Queue("BEGIN")
	first.Queue(db.pgText(db.bookingStartSQL(true)), userID, sessionID)
	first.Queue(db.pgText(standingSQL), standingArgs(userID, sessionID)...)
	var (
		st    bookingStart
		rows  []standingRow
		found bool
	)
	err := db.pipeline(ctx, c, first, func(br pgx.BatchResults) (err error) {
		if _, err = br.Exec(); err != nil {
			return err
		}
		if found, err = db.scanFirst(br, &st); err != nil {
			return err
		}
		rows, err = scanStanding(br)
		return err
	})
	if err != nil {
		return courses.BookingView{}, true, err
	}
	if !found {
		// No such session, or no such person: bookIn tells which.
		return courses.BookingView{}, false, nil
	}
	person, err := st.booker(userID)
	switch {
	case err != nil:
		return courses.BookingView{}, true, err
	case st.HeldBelow > 0:
		return courses.BookingView{}, false, nil
	}
	row := st.Session
	locked := lockedRound{round: st.partialRound(person, row.session()), session: row.session()}
	if err := st.admit(&locked, person); err != nil {
		return courses.BookingView{}, true, err
	}
	req, standing, seats := foldStanding(rows, person, sessionID, db.now())
	if err := locked.round.CanBook(req, seats); err != nil {
		return courses.BookingView{}, true, err
	}
	if standing.Listed {
		return courses.BookingView{}, false, nil
	}

	written, detail := newBooking(locked, person, courses.BookedBySelf, db.now())
	args, err := insertAtOnceArgs(actor, written, detail, "")
	if err != nil {
		return courses.BookingView{}, true, err
	}
	second := &pgx.Batch{}
	second.Queue(db.pgText(insertAtOnceSQL), args...)
	second.Queue("COMMIT")
	err = db.pipeline(ctx, c, second, func(br pgx.BatchResults) error {
		if err := br.QueryRow().Scan(&written.ID); err != nil {
			return err
		}
		_, err := br.Exec()
		return err
	})
	if err != nil && isUniqueViolation(err) {
		return courses.BookingView{}, true, alreadyBooked()
	}
	// The answer goes back with a failed COMMIT too: settleBooking asks
	// whether the booking it names was stored after all.
	return bookingAnswer(locked, written.booking(), seatsAfter(seats, person, standing.OfferedHere), db.now()), true, err
}

// pipeline sends batch in one round trip, its statements prepared once per
// connection, lets read take the results in order and then reads whatever
// it left. After a failed statement the server skips the rest of the batch.
func (db *DB) pipeline(ctx context.Context, c *pgx.Conn, batch *pgx.Batch, read func(pgx.BatchResults) error) error {
	for _, q := range batch.QueuedQueries {
		if len(q.Arguments) == 0 {
			continue // BEGIN, COMMIT: nothing to prepare
		}
		if _, err := c.Prepare(ctx, q.SQL, q.SQL); err != nil {
			return err
		}
	}
	br := c.SendBatch(ctx, batch)
	err := read(br)
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	return err
}

// scanFirst scans the first row of the batch's next result into the bun
// model dest, as bun's Scan would; found is false without a row.
func (db *DB) scanFirst(br pgx.BatchResults, dest any) (found bool, err error) {
	rows, err := br.Query()
	if err != nil {
		return false, err
	}
	defer rows.Close()
	if !rows.Next() {
		return false, rows.Err()
	}
	strct := reflect.ValueOf(dest).Elem()
	table := db.Table(strct.Type())
	targets := make([]any, len(rows.FieldDescriptions()))
	for i, fd := range rows.FieldDescriptions() {
		f := table.LookupField(fd.Name)
		if f == nil {
			return true, fmt.Errorf("store: column %s has no field in %s", fd.Name, strct.Type())
		}
		targets[i] = &bunField{scan: f.ScanValue, strct: strct}
	}
	if err := rows.Scan(targets...); err != nil {
		return true, err
	}
	rows.Close()
	return true, rows.Err()
}

// bunField scans one column into its field of a bun model. pgx hands an
// sql.Scanner the value database/sql would (int64, string, time.Time, …),
// so the field sees what it sees through database/sql.
type bunField struct {
	scan  func(strct reflect.Value, src any) error
	strct reflect.Value
}

func (f *bunField) Scan(src any) error { return f.scan(f.strct, src) }

// scanStanding reads the rows of standingSQL, the batch's next result.
func scanStanding(br pgx.BatchResults) ([]standingRow, error) {
	rows, err := br.Query()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []standingRow
	for rows.Next() {
		var r standingRow
		if err := rows.Scan(&r.Kind, &r.MunicipalityID, &r.DepartmentID, &r.N, &r.Booked, &r.Waiting, &r.OfferedHere, &r.Listed); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
