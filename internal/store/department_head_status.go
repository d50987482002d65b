package store

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// DepartmentStatus is a department head's list: every active member of
// staff of the department (of that municipality: a department of another
// town yields no one), each topic the town trains with its due state on
// today, and the sessions booked for it that have not ended at now in loc.
func (db *DB) DepartmentStatus(ctx context.Context, municipalityID, departmentID int64, today wachsam.Date, loc *time.Location) ([]courses.DepartmentMember, error) {
	var staff []courses.StaffMember
	err := db.NewSelect().TableExpr("users AS u").
		ColumnExpr("u.id, u.name, u.email, d.name AS department, u.staff_number, u.disabled").
		Join("JOIN user_roles AS r ON r.user_id = u.id AND r.role = ?", wachsam.RoleStaff).
		Join("JOIN departments AS d ON d.id = u.department_id AND d.municipality_id = u.municipality_id").
		Where("u.municipality_id = ? AND u.department_id = ?", municipalityID, departmentID).Where("NOT u.disabled").
		OrderExpr("u.name, u.id").Scan(ctx, &staff)
	if err != nil {
		return nil, translate(err)
	}
	due, err := db.dueRowsIn(ctx, db.DB, municipalityID, dueScope{department: departmentID}, today)
	if err != nil {
		return nil, err
	}
	upcoming, err := db.departmentBookings(ctx, municipalityID, departmentID)
	if err != nil {
		return nil, err
	}
	return courses.DepartmentStatusOf(staff, due, upcoming, db.now(), loc), nil
}

// departmentBookings are the active bookings of the department's members
// in sessions that are not cancelled; DepartmentStatusOf keeps those that
// lie ahead (a session's last day is known only with its days).
func (db *DB) departmentBookings(ctx context.Context, municipalityID, departmentID int64) ([]courses.UpcomingBooking, error) {
	var rows []struct {
		BookingID int64  `bun:"booking_id"`
		UserID    int64  `bun:"user_id"`
		SessionID int64  `bun:"session_id"`
		TopicID   int64  `bun:"topic_id"`
		Topic     string `bun:"topic"`
	}
	err := db.NewSelect().TableExpr("bookings AS b").
		ColumnExpr("b.id AS booking_id, b.user_id, b.session_id, t.id AS topic_id, t.name AS topic").
		Join("JOIN users AS u ON u.id = b.user_id").
		Join("JOIN course_sessions AS s ON s.id = b.session_id").
		Join("JOIN rounds AS ro ON ro.id = b.round_id").
		Join("JOIN topics AS t ON t.id = ro.topic_id").
		Where("u.municipality_id = ? AND u.department_id = ?", municipalityID, departmentID).
		Where("b.cancelled_at IS NULL AND s.cancelled_at IS NULL").
		Scan(ctx, &rows)
	if err != nil || len(rows) == 0 {
		return nil, translate(err)
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.SessionID
	}
	var sessions []sessionRow
	if err := db.NewSelect().Model(&sessions).Where("id IN (?)", bun.In(ids)).Scan(ctx); err != nil {
		return nil, translate(err)
	}
	hosts, err := db.hostNames(ctx, sessions)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]sessionRow, len(sessions))
	for _, s := range sessions {
		byID[s.ID] = s
	}
	out := make([]courses.UpcomingBooking, 0, len(rows))
	for _, r := range rows {
		s := byID[r.SessionID]
		out = append(out, courses.UpcomingBooking{
			BookingID: r.BookingID, UserID: r.UserID, TopicID: r.TopicID, Topic: r.Topic, Session: s.session(),
			Place: courses.PlaceLabel(s.Online, s.Location, hosts[idOrZero(s.HostMunicipalityID)]),
		})
	}
	return out, nil
}

// hostNames are the names of the sessions' host municipalities by ID.
func (db *DB) hostNames(ctx context.Context, sessions []sessionRow) (map[int64]string, error) {
	var ids []int64
	for _, s := range sessions {
		if s.HostMunicipalityID != nil {
			ids = append(ids, *s.HostMunicipalityID)
		}
	}
	out := map[int64]string{}
	if err := townNames(ctx, db.DB, ids, out); err != nil {
		return nil, err
	}
	return out, nil
}
