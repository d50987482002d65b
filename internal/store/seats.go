package store

import (
	"context"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam/courses"
)

// seatScope names what seats are counted for: one session, or every
// session of a round. The value is a column of bookings and
// waitlist_entries, never input.
type seatScope string

const (
	ofSession seatScope = "session_id"
	ofRound   seatScope = "round_id"
)

// seatsBySession counts the taken seats per session, by municipality and
// department, in one query. With heldOffers, a seat held for an open offer
// counts as taken until the offer is accepted, declined or withdrawn by its
// expiry job, as the booking rules count it, so that nobody jumps the
// queue; without, only bookings count (what the coordinator's "booked"
// columns show).
func (db *DB) seatsBySession(ctx context.Context, idb bun.IDB, scope seatScope, id int64, heldOffers bool) (map[int64]courses.Seats, error) {
	var rows []struct {
		SessionID      int64 `bun:"session_id"`
		MunicipalityID int64 `bun:"municipality_id"`
		DepartmentID   int64 `bun:"department_id"`
	}
	q := idb.NewSelect().Table("bookings").Column("session_id", "municipality_id", "department_id").
		Where("? = ? AND cancelled_at IS NULL", bun.Ident(scope), id)
	if heldOffers {
		q = q.UnionAll(idb.NewSelect().Table("waitlist_entries").Column("session_id", "municipality_id", "department_id").
			Where("? = ? AND left_at IS NULL AND offered_at IS NOT NULL", bun.Ident(scope), id))
	}
	if err := q.Scan(ctx, &rows); err != nil {
		return nil, err
	}
	out := map[int64]courses.Seats{}
	for _, r := range rows {
		s, ok := out[r.SessionID]
		if !ok {
			s = courses.Seats{ByMunicipality: map[int64]int{}, ByDepartment: map[int64]int{}}
		}
		s.Taken++
		s.ByMunicipality[r.MunicipalityID]++
		s.ByDepartment[r.DepartmentID]++
		out[r.SessionID] = s
	}
	return out, nil
}

// seatsIn counts the taken seats of one session, held offers included, as
// counts by municipality and department: one prepared statement whose
// answer stays small however many people booked. Booking runs it under the
// session's lock.
func (db *DB) seatsIn(ctx context.Context, idb bun.IDB, sessionID int64) (courses.Seats, error) {
	var rows []struct {
		MunicipalityID int64 `bun:"municipality_id"`
		DepartmentID   int64 `bun:"department_id"`
		N              int   `bun:"n"`
	}
	err := db.hotScan(ctx, idb, []any{&rows}, `SELECT municipality_id, department_id, count(*) AS n FROM (
		SELECT municipality_id, department_id FROM bookings WHERE session_id = ? AND cancelled_at IS NULL
		UNION ALL
		SELECT municipality_id, department_id FROM waitlist_entries
		WHERE session_id = ? AND left_at IS NULL AND offered_at IS NOT NULL) AS taken
		GROUP BY municipality_id, department_id`, sessionID, sessionID)
	seats := courses.Seats{ByMunicipality: map[int64]int{}, ByDepartment: map[int64]int{}}
	for _, r := range rows {
		seats.Taken += r.N
		seats.ByMunicipality[r.MunicipalityID] += r.N
		seats.ByDepartment[r.DepartmentID] += r.N
	}
	return seats, err
}
