package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// staffImportChunk bounds the parameters of one IN list or multi-row insert,
// well below the limits of both databases (SQLite: 32,766).
const staffImportChunk = 500

// staffImportAccount is what the import needs to know of an existing account.
type staffImportAccount struct {
	ID             int64  `bun:"id"`
	Email          string `bun:"email"`
	Name           string `bun:"name"`
	MunicipalityID *int64 `bun:"municipality_id"`
	DepartmentID   *int64 `bun:"department_id"`
	StaffNumber    string `bun:"staff_number"`
	Staff          int    `bun:"staff"` // 1 if the account has the staff role
}

// ImportStaff brings a municipality's staff list into the accounts, in one
// transaction: people are matched by e-mail address; new people become
// staff accounts that cannot sign in until a password is issued; existing
// staff of the municipality get name, department and staff number from the
// list. An address that belongs to an account the import may not change
// stops the whole import with a problem naming its line, in words that do
// not tell another town's account from any other (staffImportForeign), so
// a coordinator can never take over another town's account.
// An empty staff number in the list keeps the stored one: the column is
// optional, and a list without it must not erase what an earlier one set.
func (db *DB) ImportStaff(ctx context.Context, actor wachsam.Actor, municipalityID int64, rows []courses.StaffRow) (courses.ImportSummary, error) {
	if len(rows) == 0 {
		return courses.ImportSummary{}, wachsam.FieldError("file", "Die Datei enthält außer der Kopfzeile keine Personen.")
	}
	var sum courses.ImportSummary
	err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		sum = courses.ImportSummary{}
		exists, err := tx.NewSelect().Model((*wachsam.Municipality)(nil)).Where("id = ?", municipalityID).Exists(ctx)
		if err != nil {
			return err
		}
		if !exists {
			return notFound("Die Gemeinde")
		}
		accounts, err := staffImportAccounts(ctx, tx, rows)
		if err != nil {
			return err
		}
		if problems := staffImportForeign(rows, accounts, municipalityID); len(problems) > 0 {
			return &wachsam.Error{Code: wachsam.EINVALID, Err: problems,
				Message: fmt.Sprintf("Die Liste enthält %d Fehler; es wurde nichts übernommen.", len(problems))}
		}
		deps, err := db.staffImportDepartments(ctx, tx, municipalityID, rows, &sum)
		if err != nil {
			return err
		}
		var fresh []courses.StaffRow
		for _, row := range rows {
			acc, ok := accounts[row.Email]
			if !ok {
				fresh = append(fresh, row)
				continue
			}
			changed, err := db.updateImportedStaff(ctx, tx, acc, row, deps[strings.ToLower(row.Department)])
			if err != nil {
				return err
			}
			if changed {
				sum.Updated++
			} else {
				sum.Unchanged++
			}
		}
		if err := db.insertImportedStaff(ctx, tx, municipalityID, fresh, deps); err != nil {
			return err
		}
		sum.Created = len(fresh)
		detail := fmt.Sprintf("%d neu, %d aktualisiert, %d unverändert", sum.Created, sum.Updated, sum.Unchanged)
		if len(sum.NewDepartments) > 0 {
			detail += "; neue Abteilungen: " + strings.Join(sum.NewDepartments, ", ")
		}
		return db.audit(ctx, tx, actor, "staff.import", "municipality", municipalityID, detail)
	})
	return sum, err
}

// staffImportAccounts loads the existing accounts with the list's addresses.
func staffImportAccounts(ctx context.Context, tx bun.IDB, rows []courses.StaffRow) (map[string]staffImportAccount, error) {
	out := make(map[string]staffImportAccount, len(rows))
	for start := 0; start < len(rows); start += staffImportChunk {
		end := min(start+staffImportChunk, len(rows))
		emails := make([]string, 0, end-start)
		for _, r := range rows[start:end] {
			emails = append(emails, r.Email)
		}
		var found []staffImportAccount
		err := tx.NewSelect().TableExpr("users AS u").
			ColumnExpr("u.id, u.email, u.name, u.municipality_id, u.department_id, u.staff_number").
			ColumnExpr("CASE WHEN EXISTS (SELECT 1 FROM user_roles AS r WHERE r.user_id = u.id AND r.role = ?) THEN 1 ELSE 0 END AS staff", wachsam.RoleStaff).
			Where("u.email IN (?)", bun.In(emails)).Scan(ctx, &found)
		if err != nil {
			return nil, err
		}
		for _, a := range found {
			out[a.Email] = a
		}
	}
	return out, nil
}

// staffImportForeign lists the rows whose address belongs to an account the
// import may not change: another municipality's, one without a
// municipality, or one of this municipality without the staff role. All get
// the same message (issue 13 §2), so the import never tells the coordinator
// that an address belongs to another town, let alone which.
func staffImportForeign(rows []courses.StaffRow, accounts map[string]staffImportAccount, municipalityID int64) courses.ImportProblems {
	var problems courses.ImportProblems
	for _, row := range rows {
		acc, ok := accounts[row.Email]
		if !ok || (acc.MunicipalityID != nil && *acc.MunicipalityID == municipalityID && acc.Staff == 1) {
			continue
		}
		problems = append(problems, courses.RowProblem{Line: row.Line, Field: "email", Message: fmt.Sprintf(
			"Die Adresse „%s“ gehört zu einem Konto, das der Import nicht ändern kann. "+
				"Bitte entfernen Sie die Zeile, oder klären Sie die Adresse mit der Administration.", row.Email)})
	}
	return problems
}

// staffImportDepartments maps each department the list names, compared without
// regard to case, to its id, creating the missing ones with the spelling
// of their first mention.
func (db *DB) staffImportDepartments(ctx context.Context, tx bun.IDB, municipalityID int64, rows []courses.StaffRow, sum *courses.ImportSummary) (map[string]int64, error) {
	var existing []wachsam.Department
	if err := tx.NewSelect().Model(&existing).Where("municipality_id = ?", municipalityID).Scan(ctx); err != nil {
		return nil, err
	}
	ids := make(map[string]int64, len(existing))
	for _, d := range existing {
		ids[strings.ToLower(d.Name)] = d.ID
	}
	for _, row := range rows {
		key := strings.ToLower(row.Department)
		if _, ok := ids[key]; ok {
			continue
		}
		d := &wachsam.Department{MunicipalityID: municipalityID, Name: row.Department}
		if err := db.insertDepartment(ctx, tx, d); err != nil {
			return nil, err
		}
		ids[key] = d.ID
		sum.NewDepartments = append(sum.NewDepartments, d.Name)
	}
	return ids, nil
}

// updateImportedStaff writes the list's values into an existing staff account
// and reports whether anything changed.
func (db *DB) updateImportedStaff(ctx context.Context, tx bun.IDB, acc staffImportAccount, row courses.StaffRow, department int64) (bool, error) {
	number := row.StaffNumber
	if number == "" {
		number = acc.StaffNumber
	}
	if acc.Name == row.Name && acc.DepartmentID != nil && *acc.DepartmentID == department && acc.StaffNumber == number {
		return false, nil
	}
	_, err := tx.NewUpdate().Model((*wachsam.User)(nil)).
		Set("name = ?", row.Name).Set("department_id = ?", department).Set("staff_number = ?", number).
		Set("updated_at = ?", db.now()).Where("id = ?", acc.ID).Exec(ctx)
	return err == nil, err
}

// insertImportedStaff creates the accounts of new people with the staff role.
func (db *DB) insertImportedStaff(ctx context.Context, tx bun.IDB, municipalityID int64, rows []courses.StaffRow, deps map[string]int64) error {
	now := db.now()
	for start := 0; start < len(rows); start += staffImportChunk {
		chunk := rows[start:min(start+staffImportChunk, len(rows))]
		users := make([]wachsam.User, len(chunk))
		emails := make([]string, len(chunk))
		for i, row := range chunk {
			dep := deps[strings.ToLower(row.Department)]
			users[i] = wachsam.User{
				Email: row.Email, Name: row.Name, MunicipalityID: &municipalityID, DepartmentID: &dep,
				StaffNumber: row.StaffNumber, PasswordHash: unusablePassword(),
				PasswordSetAt: now, CreatedAt: now, UpdatedAt: now,
			}
			emails[i] = row.Email
		}
		if _, err := tx.NewInsert().Model(&users).Exec(ctx); err != nil {
			return err
		}
		// The ids are read back by address rather than from RETURNING,
		// whose row order PostgreSQL does not promise for a multi-row insert.
		var ids []int64
		if err := tx.NewSelect().Model((*wachsam.User)(nil)).Column("id").
			Where("email IN (?)", bun.In(emails)).Scan(ctx, &ids); err != nil {
			return err
		}
		roles := make([]userRole, len(ids))
		for i, id := range ids {
			roles[i] = userRole{UserID: id, Role: wachsam.RoleStaff}
		}
		if len(roles) > 0 {
			if _, err := tx.NewInsert().Model(&roles).Exec(ctx); err != nil {
				return err
			}
		}
	}
	return nil
}

// unusablePassword is a random value that is no argon2id hash, so no
// password matches it: an imported person signs in only after a
// coordinator or an administrator issues a password.
func unusablePassword() string {
	b := make([]byte, 24)
	rand.Read(b)
	return "!" + hex.EncodeToString(b)
}

// StaffOf lists the staff accounts of one municipality by name.
func (db *DB) StaffOf(ctx context.Context, municipalityID int64) ([]courses.StaffMember, error) {
	var out []courses.StaffMember
	err := db.EachStaffMember(ctx, municipalityID, func(m courses.StaffMember) error {
		out = append(out, m)
		return nil
	})
	return out, err
}
