package store

import (
	"context"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// EachStaffMember hands the staff of one municipality to each, by name, as
// StaffOf lists them, but one row at a time as the database returns them:
// an export of 50,000 people holds one person in memory, not all of them.
func (db *DB) EachStaffMember(ctx context.Context, municipalityID int64, each func(courses.StaffMember) error) error {
	rows, err := db.NewSelect().TableExpr("users AS u").
		ColumnExpr("u.id, u.name, u.email, COALESCE(d.name, '') AS department, u.staff_number, u.disabled").
		ColumnExpr("COALESCE(hd.name, '') AS heads").
		Join("JOIN user_roles AS r ON r.user_id = u.id AND r.role = ?", wachsam.RoleStaff).
		Join("LEFT JOIN departments AS d ON d.id = u.department_id").
		Join("LEFT JOIN department_heads AS h ON h.user_id = u.id").
		Join("LEFT JOIN departments AS hd ON hd.id = h.department_id").
		Where("u.municipality_id = ?", municipalityID).
		OrderExpr("u.name, u.id").Rows(ctx)
	if err != nil {
		return translate(err)
	}
	defer rows.Close()
	var m courses.StaffMember
	for rows.Next() {
		if err := rows.Scan(&m.ID, &m.Name, &m.Email, &m.Department, &m.StaffNumber, &m.Disabled, &m.Heads); err != nil {
			return translate(err)
		}
		if err := each(m); err != nil {
			return err
		}
	}
	return translate(rows.Err())
}
