package store

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// Attendance statuses (issue 12 §4): present lives in the attendance table,
// which completions and the evidence read; excused and absent live in
// attendance_statuses. setDayStatus keeps at most one of them per person
// and day.

type attendanceStatusRow struct {
	bun.BaseModel `bun:"table:attendance_statuses"`
	ID            int64        `bun:"id,pk,autoincrement"`
	SessionID     int64        `bun:"session_id,notnull"`
	UserID        int64        `bun:"user_id,notnull"`
	Day           wachsam.Date `bun:"day,notnull"`
	Status        string       `bun:"status,notnull"`
	RecordedBy    *int64       `bun:"recorded_by"`
	RecordedAt    time.Time    `bun:"recorded_at,notnull"`
}

// setDayStatus replaces the person's status from by to on day, audited.
func (db *DB) setDayStatus(ctx context.Context, tx bun.IDB, actor wachsam.Actor, sessionID, userID int64, day wachsam.Date,
	from, to courses.AttendanceStatus, source courses.AttendanceSource) error {
	switch from {
	case courses.AttendancePresent:
		if err := db.deleteMark(ctx, tx, actor, sessionID, userID, day); err != nil {
			return err
		}
	case courses.AttendanceExcused, courses.AttendanceAbsent:
		if _, err := tx.NewDelete().Model((*attendanceStatusRow)(nil)).
			Where("session_id = ? AND user_id = ? AND day = ?", sessionID, userID, day).Exec(ctx); err != nil {
			return err
		}
	}
	switch to {
	case courses.AttendancePresent:
		return db.insertMark(ctx, tx, actor, sessionID, userID, day, source)
	case courses.AttendanceExcused, courses.AttendanceAbsent:
		row := &attendanceStatusRow{SessionID: sessionID, UserID: userID, Day: day, Status: string(to), RecordedBy: actor.UserID, RecordedAt: db.now()}
		if _, err := tx.NewInsert().Model(row).Exec(ctx); err != nil {
			return err
		}
		return db.audit(ctx, tx, actor, "attendance.status", "session", sessionID,
			fmt.Sprintf("Person %d %s am %s", userID, to.German(), day))
	}
	return nil
}

// dayRecordsIn loads what is recorded for each person of a session (userID
// 0: everyone): present days with their source, and excused or absent days.
func (db *DB) dayRecordsIn(ctx context.Context, tx bun.IDB, sessionID, userID int64) (map[int64]courses.Participant, error) {
	present, err := db.attendanceIn(ctx, tx, sessionID, userID)
	if err != nil {
		return nil, err
	}
	var rows []attendanceStatusRow
	q := tx.NewSelect().Model(&rows).Where("session_id = ?", sessionID)
	if userID != 0 {
		q = q.Where("user_id = ?", userID)
	}
	if err := q.OrderExpr("day, id").Scan(ctx); err != nil {
		return nil, translate(err)
	}
	out := make(map[int64]courses.Participant, len(present))
	for id, days := range present {
		out[id] = courses.Participant{UserID: id, Attendance: days}
	}
	for _, r := range rows {
		p := out[r.UserID]
		p.UserID = r.UserID
		p.Statuses = append(p.Statuses, courses.DayStatus{Day: r.Day, Status: courses.AttendanceStatus(r.Status)})
		out[r.UserID] = p
	}
	return out, nil
}

// listedIn is the set of people on a session's list: those holding an
// active booking and the walk-ins.
func (db *DB) listedIn(ctx context.Context, tx bun.IDB, sessionID int64) (map[int64]bool, error) {
	listed, err := db.bookedIn(ctx, tx, sessionID)
	if err != nil {
		return nil, err
	}
	var ids []int64
	if err := tx.NewSelect().Table("walk_ins").Column("user_id").Where("session_id = ?", sessionID).Scan(ctx, &ids); err != nil {
		return nil, err
	}
	for _, id := range ids {
		listed[id] = true
	}
	return listed, nil
}
