package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// ApplyDirectorySync compares the directory's people with the staff
// accounts of one municipality and, unless dryRun, applies the plan in one
// transaction: new people become staff accounts linked to the directory,
// names and departments follow the directory, and linked accounts that left
// it are disabled — their coming bookings are cancelled through the usual
// cancel path (so each freed seat is offered to the next in line) and they
// leave the waiting lists. Every change is audited. Only this
// municipality's accounts are read or written.
func (db *DB) ApplyDirectorySync(ctx context.Context, actor wachsam.Actor, municipalityID int64, people []wachsam.DirectoryPerson, dryRun bool) (wachsam.DirectorySyncPlan, error) {
	var plan wachsam.DirectorySyncPlan
	err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		// The configuration's row is the lock that keeps two syncs of one
		// municipality (two instances, or a job and a button) apart.
		q := tx.NewSelect().Model((*wachsam.DirectoryConfig)(nil)).Column("municipality_id").Where("municipality_id = ?", municipalityID)
		if db.Dialect == Postgres {
			q = q.For("UPDATE")
		}
		var locked int64
		if err := q.Scan(ctx, &locked); err != nil {
			return lookupError(err, "Die Verzeichnisanbindung")
		}
		accounts, err := directoryStaff(ctx, tx, municipalityID)
		if err != nil {
			return err
		}
		foreign, err := directoryForeign(ctx, tx, people, accounts)
		if err != nil {
			return err
		}
		plan = wachsam.PlanDirectorySync(people, accounts, foreign)
		if dryRun {
			return nil
		}
		// An empty answer is far more likely a wrong base DN or filter than
		// a town whose staff all left: never disable everyone on it.
		if len(people) == 0 && len(plan.Disable) > 0 {
			return wachsam.Errorf(wachsam.ECONFLICT, "Das Verzeichnis hat niemanden gefunden; der Abgleich hätte alle %d Konten gesperrt und wurde nicht ausgeführt. Bitte prüfen Sie Basis-DN und Filter.", len(plan.Disable))
		}
		return db.applyDirectoryPlan(ctx, tx, actor, municipalityID, plan)
	})
	return plan, err
}

// directoryStaff loads the municipality's staff accounts with their link.
func directoryStaff(ctx context.Context, tx bun.IDB, municipalityID int64) ([]wachsam.DirectoryAccount, error) {
	var rows []struct {
		UserID     int64   `bun:"user_id"`
		Email      string  `bun:"email"`
		Name       string  `bun:"name"`
		Department string  `bun:"department"`
		Disabled   bool    `bun:"disabled"`
		DN         *string `bun:"dn"`
	}
	err := tx.NewSelect().TableExpr("users AS u").
		ColumnExpr("u.id AS user_id, u.email, u.name, COALESCE(d.name, '') AS department, u.disabled, da.dn").
		Join("JOIN user_roles AS r ON r.user_id = u.id AND r.role = ?", wachsam.RoleStaff).
		Join("LEFT JOIN departments AS d ON d.id = u.department_id").
		Join("LEFT JOIN directory_accounts AS da ON da.user_id = u.id").
		Where("u.municipality_id = ?", municipalityID).OrderExpr("u.id").Scan(ctx, &rows)
	out := make([]wachsam.DirectoryAccount, len(rows))
	for i, r := range rows {
		out[i] = wachsam.DirectoryAccount{UserID: r.UserID, Email: r.Email, Name: r.Name, Department: r.Department, Disabled: r.Disabled}
		if r.DN != nil {
			out[i].Linked, out[i].DN = true, *r.DN
		}
	}
	return out, err
}

// directoryForeign finds the directory's addresses that belong to accounts
// outside the municipality's staff (another town, or a non-staff account):
// the sync never takes those over.
func directoryForeign(ctx context.Context, tx bun.IDB, people []wachsam.DirectoryPerson, staff []wachsam.DirectoryAccount) (map[string]bool, error) {
	own := make(map[int64]bool, len(staff))
	for _, a := range staff {
		own[a.UserID] = true
	}
	foreign := make(map[string]bool)
	for start := 0; start < len(people); start += staffImportChunk {
		var emails []string
		for _, p := range people[start:min(start+staffImportChunk, len(people))] {
			emails = append(emails, wachsam.NormalizeEmail(p.Email))
		}
		var found []wachsam.User
		if err := tx.NewSelect().Model(&found).Column("id", "email").Where("email IN (?)", bun.In(emails)).Scan(ctx); err != nil {
			return nil, err
		}
		for _, u := range found {
			if !own[u.ID] {
				foreign[wachsam.NormalizeEmail(u.Email)] = true
			}
		}
	}
	return foreign, nil
}

func (db *DB) applyDirectoryPlan(ctx context.Context, tx bun.Tx, actor wachsam.Actor, municipalityID int64, plan wachsam.DirectorySyncPlan) error {
	// Departments are matched and created exactly as the staff import does.
	var rows []courses.StaffRow
	for _, p := range plan.Create {
		rows = append(rows, courses.StaffRow{Email: p.Email, Name: p.Name, Department: p.Department})
	}
	for _, u := range plan.Update {
		rows = append(rows, courses.StaffRow{Email: u.Person.Email, Name: u.Person.Name, Department: u.Person.Department})
	}
	var sum courses.ImportSummary
	deps, err := db.staffImportDepartments(ctx, tx, municipalityID, withDepartment(rows), &sum)
	if err != nil {
		return err
	}
	for _, p := range plan.Create {
		id, err := db.insertDirectoryPerson(ctx, tx, municipalityID, p, deps)
		if err != nil {
			return err
		}
		if err := db.linkDirectoryAccount(ctx, tx, id, municipalityID, p.DN); err != nil {
			return err
		}
		if err := db.audit(ctx, tx, actor, "directory.create", "user", id, p.Department); err != nil {
			return err
		}
	}
	for _, u := range plan.Update {
		if err := db.updateDirectoryAccount(ctx, tx, actor, municipalityID, u, deps); err != nil {
			return err
		}
	}
	for _, a := range plan.Disable {
		if err := db.disableLeaver(ctx, tx, actor, a); err != nil {
			return err
		}
	}
	now := db.now()
	if _, err := tx.NewUpdate().Model((*wachsam.DirectoryConfig)(nil)).Set("last_sync_at = ?", now).
		Set("last_sync_result = ?", plan.Summary()).Where("municipality_id = ?", municipalityID).Exec(ctx); err != nil {
		return err
	}
	return db.audit(ctx, tx, actor, "directory.sync", "municipality", municipalityID, plan.Summary())
}

// withDepartment drops the rows without a department, which name none to create.
func withDepartment(rows []courses.StaffRow) []courses.StaffRow {
	var out []courses.StaffRow
	for _, r := range rows {
		if r.Department != "" {
			out = append(out, r)
		}
	}
	return out
}

// insertDirectoryPerson creates a staff account that signs in through the
// directory; its password column holds a value no password matches.
func (db *DB) insertDirectoryPerson(ctx context.Context, tx bun.IDB, municipalityID int64, p wachsam.DirectoryPerson, deps map[string]int64) (int64, error) {
	now := db.now()
	u := &wachsam.User{Email: p.Email, Name: p.Name, MunicipalityID: &municipalityID, PasswordHash: unusablePassword(),
		PasswordSetAt: now, CreatedAt: now, UpdatedAt: now}
	if dep, ok := deps[strings.ToLower(p.Department)]; ok {
		u.DepartmentID = &dep
	}
	if _, err := tx.NewInsert().Model(u).Returning("id").Exec(ctx); err != nil {
		return 0, err
	}
	_, err := tx.NewInsert().Model(&userRole{UserID: u.ID, Role: wachsam.RoleStaff}).Exec(ctx)
	return u.ID, err
}

func (db *DB) linkDirectoryAccount(ctx context.Context, tx bun.IDB, userID, municipalityID int64, dn string) error {
	link := &directoryAccount{UserID: userID, MunicipalityID: municipalityID, DN: dn, SyncedAt: db.now()}
	_, err := tx.NewInsert().Model(link).On("CONFLICT (user_id) DO UPDATE").
		Set("dn = EXCLUDED.dn, synced_at = EXCLUDED.synced_at").Exec(ctx)
	return err
}

// updateDirectoryAccount takes name and department from the directory and
// links the account; an account the sync had disabled is enabled again
// when the person is back in the directory.
func (db *DB) updateDirectoryAccount(ctx context.Context, tx bun.IDB, actor wachsam.Actor, municipalityID int64, u wachsam.DirectoryUpdate, deps map[string]int64) error {
	q := tx.NewUpdate().Model((*wachsam.User)(nil)).Set("name = ?", u.Person.Name).Set("updated_at = ?", db.now())
	if dep, ok := deps[strings.ToLower(u.Person.Department)]; ok {
		q = q.Set("department_id = ?", dep)
	} else {
		q = q.Set("department_id = NULL")
	}
	if u.Account.Linked && u.Account.Disabled {
		q = q.Set("disabled = ?", false)
	}
	if _, err := q.Where("id = ? AND municipality_id = ?", u.Account.UserID, municipalityID).Exec(ctx); err != nil {
		return err
	}
	if err := db.linkDirectoryAccount(ctx, tx, u.Account.UserID, municipalityID, u.Person.DN); err != nil {
		return err
	}
	return db.audit(ctx, tx, actor, "directory.update", "user", u.Account.UserID, u.Person.Department)
}

// disableLeaver disables an account that left the directory, signs it out,
// cancels its bookings of sessions that have not started and takes it off
// the waiting lists, offering each freed seat to the next in line.
func (db *DB) disableLeaver(ctx context.Context, tx bun.Tx, actor wachsam.Actor, a wachsam.DirectoryAccount) error {
	now := db.now()
	if _, err := tx.NewUpdate().Model((*wachsam.User)(nil)).Set("disabled = ?", true).Set("updated_at = ?", now).
		Where("id = ?", a.UserID).Exec(ctx); err != nil {
		return err
	}
	if _, err := tx.NewDelete().Model((*wachsam.Session)(nil)).Where("user_id = ?", a.UserID).Exec(ctx); err != nil {
		return err
	}
	var bookings []bookingRow
	if err := tx.NewSelect().Model(&bookings).
		Where("user_id = ? AND cancelled_at IS NULL", a.UserID).
		Where("session_id IN (SELECT s.id FROM course_sessions AS s WHERE s.starts_at > ?)", now).
		OrderExpr("id").Scan(ctx); err != nil {
		return err
	}
	for _, b := range bookings {
		locked, err := db.lockSession(ctx, tx, b.SessionID)
		if err != nil {
			return err
		}
		if err := db.cancelBookingIn(ctx, tx, actor, locked, b.ID, "Abgleich mit dem Verzeichnis der Gemeinde: Ihr Konto ist dort nicht mehr eingetragen."); err != nil {
			return err
		}
	}
	var entries []waitlistRow
	if err := tx.NewSelect().Model(&entries).Where("user_id = ? AND left_at IS NULL", a.UserID).OrderExpr("id").Scan(ctx); err != nil {
		return err
	}
	for _, e := range entries {
		locked, err := db.lockSession(ctx, tx, e.SessionID)
		if err != nil {
			return err
		}
		if err := db.closeEntry(ctx, tx, e.ID, "left"); err != nil {
			return err
		}
		if err := db.offerFreedSeats(ctx, tx, locked); err != nil {
			return err
		}
	}
	return db.audit(ctx, tx, actor, "directory.disable", "user", a.UserID,
		fmt.Sprintf("%d Buchungen abgesagt, %d Wartelisten verlassen", len(bookings), len(entries)))
}
