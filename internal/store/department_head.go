package store

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
)

// Department heads (issue 14 §2): the role department_head in user_roles,
// and the one department it is for in department_heads. Both are written
// in the same transaction, so a row exists exactly while the role is held;
// reading, every check asks for both, so neither alone opens anything.

// departmentHead is one row of department_heads.
type departmentHead struct {
	bun.BaseModel `bun:"table:department_heads"`
	UserID        int64     `bun:"user_id,pk"`
	DepartmentID  int64     `bun:"department_id,notnull"`
	AssignedAt    time.Time `bun:"assigned_at,notnull"`
}

// checkHead refuses a department head without a department of their own
// town, and forgets the department of an account without the role.
func (db *DB) checkHead(ctx context.Context, tx bun.IDB, u *wachsam.User) error {
	if !u.Has(wachsam.RoleDepartmentHead) {
		u.HeadOfDepartmentID = nil
		return nil
	}
	if u.HeadOfDepartmentID == nil {
		return wachsam.FieldError("head_of_department", "Bitte wählen Sie die Abteilung, die die Person leitet.")
	}
	if u.MunicipalityID == nil {
		return wachsam.FieldError("municipality", "Die Rolle %s gehört zu einer Gemeinde: bitte wählen Sie die Gemeinde.", wachsam.RoleDepartmentHead.Label())
	}
	ok, err := tx.NewSelect().Model((*wachsam.Department)(nil)).
		Where("id = ? AND municipality_id = ?", *u.HeadOfDepartmentID, *u.MunicipalityID).Exists(ctx)
	if err != nil {
		return err
	}
	if !ok {
		return wachsam.FieldError("head_of_department", "Die geleitete Abteilung gehört nicht zur gewählten Gemeinde.")
	}
	return nil
}

// writeHead stores the account's department as checkHead left it.
func (db *DB) writeHead(ctx context.Context, tx bun.IDB, u *wachsam.User) error {
	if _, err := tx.NewDelete().Model((*departmentHead)(nil)).Where("user_id = ?", u.ID).Exec(ctx); err != nil {
		return err
	}
	if u.HeadOfDepartmentID == nil {
		return nil
	}
	_, err := tx.NewInsert().Model(&departmentHead{UserID: u.ID, DepartmentID: *u.HeadOfDepartmentID, AssignedAt: db.now()}).Exec(ctx)
	return err
}

// headText is the audit log's note of the headed department.
func headText(u *wachsam.User) string {
	if u.HeadOfDepartmentID == nil {
		return ""
	}
	return fmt.Sprintf(" leitet Abteilung %d", *u.HeadOfDepartmentID)
}

// attachHeads loads the headed department of those accounts that hold the
// role, in one query.
func (db *DB) attachHeads(ctx context.Context, users []*wachsam.User) error {
	var ids []int64
	for _, u := range users {
		u.HeadOfDepartmentID = nil
		if u.Has(wachsam.RoleDepartmentHead) {
			ids = append(ids, u.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	var rows []departmentHead
	if err := db.NewSelect().Model(&rows).Where("user_id IN (?)", bun.In(ids)).Scan(ctx); err != nil {
		return translate(err)
	}
	byUser := make(map[int64]int64, len(rows))
	for _, r := range rows {
		byUser[r.UserID] = r.DepartmentID
	}
	for _, u := range users {
		if d, ok := byUser[u.ID]; ok {
			u.HeadOfDepartmentID = &d
		}
	}
	return nil
}

// HeadedDepartment is the department the account heads now: it holds the
// role, is not disabled, and the department belongs to its own town.
// Anything else is not found, so a withdrawn role closes the pages with
// the very next request.
func (db *DB) HeadedDepartment(ctx context.Context, userID int64) (wachsam.Department, error) {
	var d wachsam.Department
	err := db.NewSelect().Model(&d).
		Join("JOIN department_heads AS h ON h.department_id = department.id").
		Join("JOIN users AS u ON u.id = h.user_id AND u.municipality_id = department.municipality_id").
		Join("JOIN user_roles AS r ON r.user_id = u.id AND r.role = ?", wachsam.RoleDepartmentHead).
		Where("h.user_id = ?", userID).Where("NOT u.disabled").Scan(ctx)
	if err != nil {
		return d, lookupError(err, "Die geleitete Abteilung")
	}
	return d, nil
}

// SetDepartmentHead makes a member of the coordinator's staff the head of
// the department they work in, or (head false) withdraws the role. Anyone
// who is not staff of the municipality is not found. The change is audited
// in the same transaction.
func (db *DB) SetDepartmentHead(ctx context.Context, actor wachsam.Actor, municipalityID, userID int64, head bool) error {
	return db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		u, err := db.staffOf(ctx, tx, municipalityID, 0, userID)
		if err != nil {
			return err
		}
		var roles []userRole
		if err := tx.NewSelect().Model(&roles).Where("user_id = ?", u.ID).Scan(ctx); err != nil {
			return err
		}
		for _, r := range roles {
			if r.Role != wachsam.RoleDepartmentHead {
				u.Roles = append(u.Roles, r.Role)
			}
		}
		detail := u.Email + " ist nicht mehr Abteilungsleitung"
		u.HeadOfDepartmentID = nil
		if head {
			if u.DepartmentID == nil {
				return wachsam.FieldError("department", "%s ist keiner Abteilung zugeordnet und kann daher keine leiten.", u.Name)
			}
			u.Roles = append(u.Roles, wachsam.RoleDepartmentHead)
			u.HeadOfDepartmentID = u.DepartmentID
			detail = u.Email + " ist Abteilungsleitung;" + headText(u)
		}
		if err := db.writeRoles(ctx, tx, u.ID, u.Roles); err != nil {
			return err
		}
		if err := db.writeHead(ctx, tx, u); err != nil {
			return err
		}
		if _, err := tx.NewUpdate().Model(u).Set("updated_at = ?", db.now()).WherePK().Exec(ctx); err != nil {
			return err
		}
		return db.audit(ctx, tx, actor, "user.department_head", "user", u.ID, detail)
	})
}
