package storetest

import (
	"context"
	"testing"

	"github.com/wachsam/wachsam/internal/store"
)

// AttendEveryone records that every member of staff of the municipality
// attended every session of the world's round on the session's first day,
// and completed it, in two statements: benchmarks need a million
// attendance records without a million transactions. It bypasses the
// booking and attendance rules on purpose; only the evidence feed reads
// what it writes. It returns the number of attendance records.
func AttendEveryone(t testing.TB, db *store.DB, n *Neighbours, municipalityID int64) int {
	t.Helper()
	ctx := context.Background()
	now := db.Now().UTC()
	day := n.Round.Sessions[0].Days[0]
	res, err := db.NewRaw(`INSERT INTO attendance (session_id, user_id, day, source, recorded_at)
		SELECT s.id, u.id, ?, 'trainer_list', ? FROM course_sessions AS s CROSS JOIN users AS u
		WHERE s.round_id = ? AND u.municipality_id = ?`, day, now, n.Round.ID, municipalityID).Exec(ctx)
	must(t, err)
	_, err = db.NewRaw(`INSERT INTO completions (user_id, topic_id, session_id, completed_on, created_at)
		SELECT u.id, ?, s.id, ?, ? FROM course_sessions AS s CROSS JOIN users AS u
		WHERE s.round_id = ? AND u.municipality_id = ?`, n.Topic.ID, day, now, n.Round.ID, municipalityID).Exec(ctx)
	must(t, err)
	rows, err := res.RowsAffected()
	must(t, err)
	return int(rows)
}
