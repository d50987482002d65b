package store

import (
	"context"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// maxCorrectableSessions bounds the correction page to the latest sessions;
// older corrections are rare and go through the API.
const maxCorrectableSessions = 50

// AttendanceToCorrect lists what a coordinator of municipalityID may
// correct (CorrectAttendance): each day up to today of the latest sessions
// that are not cancelled, for each member of the municipality's own staff
// on the list (booked or walk-in), with the status recorded. Nobody of
// another municipality appears.
func (db *DB) AttendanceToCorrect(ctx context.Context, municipalityID int64, loc *time.Location) ([]courses.CorrectableDay, error) {
	var rows []struct {
		sessionRow
		TopicName string `bun:"topic_name"`
		UserID    int64  `bun:"user_id"`
		UserName  string `bun:"user_name"`
	}
	err := db.NewRaw(`SELECT cs.*, t.name AS topic_name, x.user_id, u.name AS user_name
		FROM (SELECT cs.id FROM course_sessions AS cs
			WHERE cs.cancelled_at IS NULL AND cs.starts_at <= ?
			AND (cs.id IN (SELECT session_id FROM bookings WHERE municipality_id = ? AND cancelled_at IS NULL)
				OR cs.id IN (SELECT w.session_id FROM walk_ins AS w JOIN users AS wu ON wu.id = w.user_id WHERE wu.municipality_id = ?))
			ORDER BY cs.starts_at DESC, cs.id DESC LIMIT ?) AS latest
		JOIN course_sessions AS cs ON cs.id = latest.id
		JOIN rounds AS r ON r.id = cs.round_id
		JOIN topics AS t ON t.id = r.topic_id
		JOIN (SELECT session_id, user_id FROM bookings WHERE municipality_id = ? AND cancelled_at IS NULL
			UNION SELECT w.session_id, w.user_id FROM walk_ins AS w JOIN users AS wu ON wu.id = w.user_id WHERE wu.municipality_id = ?) AS x
			ON x.session_id = cs.id
		JOIN users AS u ON u.id = x.user_id
		ORDER BY cs.starts_at DESC, cs.id DESC, u.name, u.id`,
		db.now(), municipalityID, municipalityID, maxCorrectableSessions, municipalityID, municipalityID).Scan(ctx, &rows)
	if err != nil {
		return nil, translate(err)
	}
	today := wachsam.DateIn(db.now(), loc)
	records := map[int64]map[int64]courses.Participant{}
	var out []courses.CorrectableDay
	for _, r := range rows {
		if records[r.ID] == nil {
			if records[r.ID], err = db.dayRecordsIn(ctx, db.DB, r.ID, 0); err != nil {
				return nil, err
			}
		}
		p := records[r.ID][r.UserID]
		for _, d := range r.Days {
			if d.After(today) {
				continue
			}
			out = append(out, courses.CorrectableDay{SessionID: r.ID, Topic: r.TopicName, UserID: r.UserID, Name: r.UserName,
				Day: d, Status: p.StatusOn(d)})
		}
	}
	return out, nil
}
