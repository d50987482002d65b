package loadtest

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
)

func jsonText(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

// Sink is a round of one session that takes pgbench's bookings.
type Sink struct{ RoundID, SessionID int64 }

// OpenSink sets up the round for pgbench's bookings through the API.
func (w *World) OpenSink(ctx context.Context, c *Client) (Sink, error) {
	round, err := w.openRound(ctx, c, Rush{Name: "pgbench", Sessions: 1})
	if err != nil || len(round.Sessions) != 1 {
		return Sink{}, fmt.Errorf("Runde für pgbench: %v", err)
	}
	return Sink{RoundID: round.ID, SessionID: round.Sessions[0].ID}, nil
}

// PgbenchScript is pgbench's side of a rush: the minimal booking
// transaction (lock the session, count its bookings, insert one) on the
// same sessions and people. Its bookings go to the sink's session and are
// written as cancelled: the sessions of the rush keep the bookings wachsam
// counted (pgbench repeats its transaction many times more often, and the
// count would grow with every one), and no one-booking-per-round rule
// breaks however often pgbench books the same person.
func (w *World) PgbenchScript(r Result, sink Sink) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\\set s random(0, %d)\n", len(r.SessionIDs)-1)
	fmt.Fprintf(&b, "\\set p random(0, %d)\n", len(w.Staff)-1)
	// pgbench has no arrays: the ids are consecutive in both lists of this
	// run, checked by ConsecutiveIDs.
	fmt.Fprintf(&b, "\\set sid %d + :s\n", r.SessionIDs[0])
	fmt.Fprintf(&b, "\\set uid %d + :p\n", w.Staff[0].ID)
	b.WriteString("BEGIN;\n")
	b.WriteString("SELECT id FROM course_sessions WHERE id = :sid FOR UPDATE;\n")
	b.WriteString("SELECT count(*) FROM bookings WHERE session_id = :sid AND cancelled_at IS NULL;\n")
	fmt.Fprintf(&b, "INSERT INTO bookings (session_id, round_id, user_id, municipality_id, department_id, source, booked_at, cancelled_at) "+
		"SELECT %d, %d, u.id, u.municipality_id, u.department_id, 'self', now(), now() FROM users u WHERE u.id = :uid;\n",
		sink.SessionID, sink.RoundID)
	b.WriteString("COMMIT;\n")
	return b.String()
}

// ConsecutiveIDs tells whether the session and staff ids of a rush run
// without gaps, as PgbenchScript needs.
func (w *World) ConsecutiveIDs(r Result) bool {
	for i := range r.SessionIDs {
		if r.SessionIDs[i] != r.SessionIDs[0]+int64(i) {
			return false
		}
	}
	for i := range w.Staff {
		if w.Staff[i].ID != w.Staff[0].ID+int64(i) {
			return false
		}
	}
	return true
}
