package store

import (
	"context"
	"encoding/hex"
	"slices"
	"time"

	"github.com/uptrace/bun"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// What a trainer sees: their own sessions and the people booked into them.
// Every query names the trainer, so a session of another trainer does not
// exist for them (DESIGN.md §6).

// trainerSessionRow is a session with the names its list shows.
type trainerSessionRow struct {
	sessionRow
	RoundName      string  `bun:"round_name"`
	TopicID        int64   `bun:"topic_id"`
	TopicName      string  `bun:"topic_name"`
	ValidityMonths int     `bun:"validity_months"`
	RemindDays     int     `bun:"remind_days"`
	HostName       *string `bun:"host_name"`
	Booked         int     `bun:"booked"`
}

const trainerSessionQuery = `SELECT cs.*, r.name AS round_name, t.id AS topic_id, t.name AS topic_name,
	t.validity_months, t.remind_days, m.name AS host_name,
	(SELECT count(*) FROM bookings AS b WHERE b.session_id = cs.id AND b.cancelled_at IS NULL) AS booked
FROM course_sessions AS cs
JOIN rounds AS r ON r.id = cs.round_id
JOIN topics AS t ON t.id = r.topic_id
LEFT JOIN municipalities AS m ON m.id = cs.host_municipality_id
`

func (r trainerSessionRow) view(today wachsam.Date) courses.TrainerSession {
	v := courses.TrainerSession{
		Session: r.session(), Round: r.RoundName, Booked: r.Booked, Sequence: r.TrainerSequence,
		Topic: courses.Topic{ID: r.TopicID, Name: r.TopicName, ValidityMonths: r.ValidityMonths, RemindDays: r.RemindDays},
	}
	if r.HostName != nil {
		v.HostName = *r.HostName
	}
	if days := v.Session.Days; len(days) > 0 && !today.IsZero() {
		v.Past = days[len(days)-1].Before(today)
	}
	return v
}

// trainerSessionIn loads one session with its names; trainerID 0 loads it
// whoever teaches it (for the staff's check-in, which has its own scope).
func (db *DB) trainerSessionIn(ctx context.Context, tx bun.IDB, trainerID, sessionID int64) (trainerSessionRow, error) {
	var rows []trainerSessionRow
	q := trainerSessionQuery + "WHERE cs.id = ?"
	args := []any{sessionID}
	if trainerID != 0 {
		q += " AND cs.trainer_id = ?"
		args = append(args, trainerID)
	}
	if err := tx.NewRaw(q, args...).Scan(ctx, &rows); err != nil {
		return trainerSessionRow{}, translate(err)
	}
	if len(rows) == 0 {
		return trainerSessionRow{}, notFound("Der Termin")
	}
	return rows[0], nil
}

// TrainerSessions lists the sessions trainerID teaches: the coming ones
// first, soonest first, then the past ones, latest first. A session is past
// once its last day (in legal time loc) is over.
func (db *DB) TrainerSessions(ctx context.Context, trainerID int64, loc *time.Location) ([]courses.TrainerSession, error) {
	var rows []trainerSessionRow
	if err := db.NewRaw(trainerSessionQuery+"WHERE cs.trainer_id = ? ORDER BY cs.starts_at, cs.id", trainerID).Scan(ctx, &rows); err != nil {
		return nil, translate(err)
	}
	today := wachsam.DateIn(db.now(), loc)
	var coming, past []courses.TrainerSession
	for _, r := range rows {
		if v := r.view(today); v.Past {
			past = append(past, v)
		} else {
			coming = append(coming, v)
		}
	}
	slices.Reverse(past)
	return append(coming, past...), nil
}

// SessionParticipants lists everyone holding an active booking for the
// session, sorted by name, with the days they were present; only the
// session's own trainer may see it.
func (db *DB) SessionParticipants(ctx context.Context, trainerID, sessionID int64, loc *time.Location) (courses.Roster, error) {
	row, err := db.trainerSessionIn(ctx, db.DB, trainerID, sessionID)
	if err != nil {
		return courses.Roster{}, err
	}
	roster := courses.Roster{Session: row.view(wachsam.DateIn(db.now(), loc))}
	roster.Participants, err = db.participantsIn(ctx, db.DB, roster.Session.Session)
	return roster, err
}

func (db *DB) participantsIn(ctx context.Context, tx bun.IDB, s courses.Session) ([]courses.Participant, error) {
	var people []struct {
		UserID       int64  `bun:"user_id"`
		Name         string `bun:"name"`
		Municipality string `bun:"municipality"`
		Department   string `bun:"department"`
		WalkIn       int    `bun:"walk_in"`
	}
	// A walk-in who booked afterwards is listed once, by the booking.
	err := tx.NewRaw(`SELECT b.user_id, u.name, m.name AS municipality, d.name AS department, 0 AS walk_in
		FROM bookings AS b
		JOIN users AS u ON u.id = b.user_id
		JOIN municipalities AS m ON m.id = b.municipality_id
		JOIN departments AS d ON d.id = b.department_id
		WHERE b.session_id = ? AND b.cancelled_at IS NULL
		UNION ALL
		SELECT w.user_id, u.name, m.name AS municipality, COALESCE(d.name, '') AS department, 1 AS walk_in
		FROM walk_ins AS w
		JOIN users AS u ON u.id = w.user_id
		JOIN municipalities AS m ON m.id = u.municipality_id
		LEFT JOIN departments AS d ON d.id = u.department_id
		WHERE w.session_id = ? AND NOT EXISTS (SELECT 1 FROM bookings AS b
			WHERE b.session_id = w.session_id AND b.user_id = w.user_id AND b.cancelled_at IS NULL)`, s.ID, s.ID).Scan(ctx, &people)
	if err != nil {
		return nil, translate(err)
	}
	records, err := db.dayRecordsIn(ctx, tx, s.ID, 0)
	if err != nil {
		return nil, err
	}
	out := make([]courses.Participant, len(people))
	for i, p := range people {
		r := records[p.UserID]
		out[i] = courses.Participant{UserID: p.UserID, Name: p.Name, Municipality: p.Municipality, Department: p.Department,
			Attendance: r.Attendance, Statuses: r.Statuses, WalkIn: p.WalkIn == 1}
		out[i].Complete = s.AttendanceComplete(out[i].Attendance)
	}
	// German collation, so that the order is the same on both databases
	// and Ä sorts with A, as on the printed list.
	c := collate.New(language.German)
	slices.SortStableFunc(out, func(a, b courses.Participant) int {
		if n := c.CompareString(a.Name, b.Name); n != 0 {
			return n
		}
		return int(a.UserID - b.UserID)
	})
	return out, nil
}

// attendanceIn loads the attendance of a session by person, each person's
// days ascending; userID 0 loads everyone's.
func (db *DB) attendanceIn(ctx context.Context, tx bun.IDB, sessionID, userID int64) (map[int64][]courses.DayAttendance, error) {
	var rows []struct {
		UserID int64        `bun:"user_id"`
		Day    wachsam.Date `bun:"day"`
		Source string       `bun:"source"`
	}
	q := tx.NewSelect().Table("attendance").Column("user_id", "day", "source").Where("session_id = ?", sessionID)
	if userID != 0 {
		q = q.Where("user_id = ?", userID)
	}
	if err := q.OrderExpr("day, id").Scan(ctx, &rows); err != nil {
		return nil, translate(err)
	}
	out := map[int64][]courses.DayAttendance{}
	for _, r := range rows {
		out[r.UserID] = append(out[r.UserID], courses.DayAttendance{Day: r.Day, Source: courses.AttendanceSource(r.Source)})
	}
	return out, nil
}

// CheckInCodeFor returns the session with the secret its check-in codes are
// made of (courses.CheckInCode), for the code its trainer shows in the room.
func (db *DB) CheckInCodeFor(ctx context.Context, trainerID, sessionID int64, loc *time.Location) (courses.TrainerSession, []byte, error) {
	row, err := db.trainerSessionIn(ctx, db.DB, trainerID, sessionID)
	if err != nil {
		return courses.TrainerSession{}, nil, err
	}
	secret, err := hex.DecodeString(row.CheckInSecret)
	if err != nil {
		return courses.TrainerSession{}, nil, translate(err)
	}
	return row.view(wachsam.DateIn(db.now(), loc)), secret, nil
}
