package store

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// The statements of a booking, shared by the booking in a bun transaction
// (bookIn, on both databases) and the pipelined booking on PostgreSQL
// (bookPipelined), so that both read and write exactly the same.

// bookingStartSQL reads a bookingStart; arguments: session, person. With
// lock (PostgreSQL only) it is also the statement that locks the session's
// row, read as it stands under the lock into Session, and has no row when
// the session does not exist. Only the session's row is locked; everything
// else is read as it stood before the lock, as without lock.
func (db *DB) bookingStartSQL(lock bool) string {
	key := "bookingStart"
	if lock {
		key = "bookingStart locked"
	}
	return db.statement(key, func() string { return db.buildBookingStartSQL(lock) })
}

func (db *DB) buildBookingStartSQL(lock bool) string {
	from := `
		FROM users u
		LEFT JOIN course_sessions s ON s.id = ?`
	where := `
		WHERE u.id = ?`
	cols := ""
	if lock {
		cols = db.columnsOf((*sessionRow)(nil), "s", "s_") + ", "
		from = `
		FROM course_sessions s
		JOIN users u ON u.id = ?`
		where = `
		WHERE s.id = ? FOR UPDATE OF s`
	}
	return `SELECT ` + cols + `u.disabled, u.municipality_id, u.department_id, s.round_id,
		hm.name AS host_name, tr.name AS trainer_name,
		(SELECT count(*) FROM waitlist_entries w WHERE w.user_id = u.id AND w.round_id = s.round_id
		   AND w.left_at IS NULL AND w.offered_at IS NOT NULL AND w.session_id < s.id) AS held_below,
		(SELECT count(*) FROM course_sessions a WHERE a.round_id = s.round_id AND a.cancelled_at IS NULL) AS active_sessions,
		EXISTS (SELECT 1 FROM round_municipalities rm WHERE rm.round_id = s.round_id
		   AND rm.municipality_id = u.municipality_id) AS shares,
		(SELECT coalesce(sum(sc.staff), 0) FROM staff_counts sc WHERE sc.municipality_id = u.municipality_id) AS town_staff,
		(SELECT coalesce(sum(sc.staff), 0) FROM staff_counts sc WHERE sc.municipality_id = u.municipality_id
		   AND sc.department_id = u.department_id) AS department_staff, ` +
		db.columnsOf((*roundRow)(nil), "r", "r_") + ", " + db.columnsOf((*topicRow)(nil), "t", "t_") + from + `
		LEFT JOIN rounds r ON r.id = s.round_id
		LEFT JOIN topics t ON t.id = r.topic_id
		LEFT JOIN municipalities hm ON hm.id = s.host_municipality_id
		LEFT JOIN users tr ON tr.id = s.trainer_id` + where
}

// lockSessionSQL locks one session's row and reads it; argument: session.
func (db *DB) lockSessionSQL() string {
	return db.statement("lockSession", func() string {
		q := "SELECT " + db.columnsOf((*sessionRow)(nil), "s", "") + " FROM course_sessions s WHERE s.id = ?"
		if db.Dialect == Postgres {
			q += " FOR UPDATE"
		}
		return q
	})
}

// standingSQL reads, under the session's lock, the person's standing and
// the seats taken, in one statement: its first row is the standing (kind
// 1), every further row the seats of one municipality and department (kind
// 2). Arguments: standingArgs.
const standingSQL = `SELECT 1 AS kind, 0 AS municipality_id, 0 AS department_id, 0 AS n,
	CASE WHEN EXISTS (SELECT 1 FROM bookings WHERE round_id = (SELECT round_id FROM course_sessions WHERE id = ?)
	                  AND user_id = ? AND cancelled_at IS NULL) THEN 1 ELSE 0 END AS booked,
	CASE WHEN EXISTS (SELECT 1 FROM waitlist_entries WHERE session_id = ? AND user_id = ? AND left_at IS NULL) THEN 1 ELSE 0 END AS waiting,
	CASE WHEN EXISTS (SELECT 1 FROM waitlist_entries WHERE session_id = ? AND user_id = ? AND left_at IS NULL
	                  AND offered_at IS NOT NULL) THEN 1 ELSE 0 END AS offered_here,
	CASE WHEN EXISTS (SELECT 1 FROM waitlist_entries WHERE round_id = (SELECT round_id FROM course_sessions WHERE id = ?)
	                  AND user_id = ? AND left_at IS NULL) THEN 1 ELSE 0 END AS listed
	UNION ALL
	SELECT 2, municipality_id, department_id, count(*), 0, 0, 0, 0 FROM (
		SELECT municipality_id, department_id FROM bookings WHERE session_id = ? AND cancelled_at IS NULL
		UNION ALL
		SELECT municipality_id, department_id FROM waitlist_entries
		WHERE session_id = ? AND left_at IS NULL AND offered_at IS NOT NULL) AS taken
	GROUP BY municipality_id, department_id`

func standingArgs(userID, sessionID int64) []any {
	u, s := userID, sessionID
	return []any{s, u, s, u, s, u, s, u, s, s}
}

// standingRow is one row of standingSQL.
type standingRow struct {
	Kind           int   `bun:"kind"`
	MunicipalityID int64 `bun:"municipality_id"`
	DepartmentID   int64 `bun:"department_id"`
	N              int   `bun:"n"`
	Booked         int   `bun:"booked"`
	Waiting        int   `bun:"waiting"`
	OfferedHere    int   `bun:"offered_here"`
	Listed         int   `bun:"listed"`
}

// foldStanding turns the rows of standingSQL into the booking request, the
// person's standing and the seats taken.
func foldStanding(rows []standingRow, person courses.Person, sessionID int64, now time.Time) (courses.BookingRequest, standing, courses.Seats) {
	seats := courses.Seats{ByMunicipality: map[int64]int{}, ByDepartment: map[int64]int{}}
	var st standing
	for _, row := range rows {
		if row.Kind == 1 {
			st = standing{Booked: row.Booked == 1, Waiting: row.Waiting == 1, OfferedHere: row.OfferedHere == 1, Listed: row.Listed == 1}
			continue
		}
		seats.Taken += row.N
		seats.ByMunicipality[row.MunicipalityID] += row.N
		seats.ByDepartment[row.DepartmentID] += row.N
	}
	req := courses.BookingRequest{Person: person, SessionID: sessionID, Now: now, Booked: st.Booked, Waiting: st.Waiting}
	return req, st, seats
}

// insertAtOnceSQL writes the booking, its audit entry and its invitation
// job in one statement (PostgreSQL's data-modifying WITH) and returns the
// booking's id. The entry and the job are exactly those audit and
// EnqueueJob write. Arguments: insertAtOnceArgs.
const insertAtOnceSQL = `WITH b AS (
		INSERT INTO bookings (session_id, round_id, user_id, municipality_id, department_id, source, sequence, booked_at)
		VALUES (?, ?, ?, ?, ?, ?, 0, ?) RETURNING id
	), a AS (
		INSERT INTO audit_entries (at, actor_id, actor, action, object_type, object_id, detail)
		SELECT ?, ?, ?, 'booking.create', 'booking', b.id::text, ? FROM b
	), j AS (
		INSERT INTO jobs (kind, payload, run_at, attempts, max_attempts, created_at)
		SELECT ?, '{"booking_id":' || b.id || ?, ?, 0, ?, ? FROM b
	)
	SELECT id FROM b`

func insertAtOnceArgs(actor wachsam.Actor, row *bookingRow, detail, reason string) ([]any, error) {
	// The payload as json.Marshal writes it, the booking's id put in by
	// the statement: {"booking_id":ID + the rest.
	payload, err := json.Marshal(wachsam.BookingNoticePayload{Reason: reason})
	if err != nil {
		return nil, err
	}
	rest := strings.TrimPrefix(string(payload), `{"booking_id":0`)
	return []any{row.SessionID, row.RoundID, row.UserID, row.MunicipalityID, row.DepartmentID, row.Source, row.BookedAt,
		row.BookedAt, actor.UserID, actor.Label, detail,
		wachsam.BookingNoticeJob, rest, row.BookedAt, DefaultJobMaxAttempts, row.BookedAt}, nil
}

// alreadyBooked is the answer when the partial unique index
// bookings_one_per_round refuses a second booking in the round.
func alreadyBooked() error {
	return wachsam.Errorf(wachsam.ECONFLICT, "Sie haben in dieser Schulungsrunde bereits einen Termin gebucht.")
}

// newBooking is the row a booking writes and its audit entry's detail.
func newBooking(locked lockedRound, p courses.Person, source courses.BookingSource, now time.Time) (*bookingRow, string) {
	row := &bookingRow{
		SessionID: locked.session.ID, RoundID: locked.round.ID, UserID: p.ID,
		MunicipalityID: p.MunicipalityID, DepartmentID: p.DepartmentID, Source: string(source), BookedAt: now,
	}
	return row, fmt.Sprintf("Termin %d, Person %d, %s", locked.session.ID, p.ID, source)
}
