package store

import (
	"context"
	"slices"
	"strings"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
)

// userRole is one row of user_roles.
type userRole struct {
	bun.BaseModel `bun:"table:user_roles"`
	UserID        int64        `bun:"user_id,pk"`
	Role          wachsam.Role `bun:"role,pk"`
}

// CreateUser inserts an account with its roles. The password hash is
// computed by the caller (internal/auth), which owns the hashing parameters.
func (db *DB) CreateUser(ctx context.Context, actor wachsam.Actor, u *wachsam.User) error {
	u.Email = wachsam.NormalizeEmail(u.Email)
	return db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if err := db.checkMembership(ctx, tx, u); err != nil {
			return err
		}
		now := db.now()
		u.CreatedAt, u.UpdatedAt, u.PasswordSetAt = now, now, now
		if _, err := tx.NewInsert().Model(u).Returning("id").Exec(ctx); err != nil {
			if isUniqueViolation(err) {
				return wachsam.FieldError("email", "Ein Konto mit der Adresse %s gibt es bereits.", u.Email)
			}
			return err
		}
		if err := db.writeRoles(ctx, tx, u.ID, u.Roles); err != nil {
			return err
		}
		if err := db.writeHead(ctx, tx, u); err != nil {
			return err
		}
		return db.audit(ctx, tx, actor, "user.create", "user", u.ID, u.Email+" "+rolesText(u.Roles)+headText(u))
	})
}

// checkMembership enforces that roles scoped to a municipality have one and
// that a department belongs to the account's municipality.
func (db *DB) checkMembership(ctx context.Context, tx bun.IDB, u *wachsam.User) error {
	for _, r := range u.Roles {
		if r.NeedsMunicipality() && u.MunicipalityID == nil {
			return wachsam.FieldError("municipality", "Die Rolle %s gehört zu einer Gemeinde: bitte wählen Sie die Gemeinde.", r.Label())
		}
	}
	if err := db.checkHead(ctx, tx, u); err != nil {
		return err
	}
	if u.DepartmentID == nil {
		return nil
	}
	if u.MunicipalityID == nil {
		return wachsam.FieldError("department", "Eine Abteilung kann nur zusammen mit ihrer Gemeinde gewählt werden.")
	}
	ok, err := tx.NewSelect().Model((*wachsam.Department)(nil)).
		Where("id = ? AND municipality_id = ?", *u.DepartmentID, *u.MunicipalityID).Exists(ctx)
	if err != nil {
		return err
	}
	if !ok {
		return wachsam.FieldError("department", "Die Abteilung gehört nicht zur gewählten Gemeinde.")
	}
	return nil
}

func (db *DB) writeRoles(ctx context.Context, tx bun.IDB, userID int64, roles []wachsam.Role) error {
	if _, err := tx.NewDelete().Model((*userRole)(nil)).Where("user_id = ?", userID).Exec(ctx); err != nil {
		return err
	}
	for _, r := range roles {
		if _, err := tx.NewInsert().Model(&userRole{UserID: userID, Role: r}).Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

func rolesText(rs []wachsam.Role) string {
	s := make([]string, len(rs))
	for i, r := range rs {
		s[i] = string(r)
	}
	return "[" + strings.Join(s, ",") + "]"
}

// UpdateUser changes name, municipality, department, roles and whether the
// account is disabled. Disabling an account ends all its sessions.
func (db *DB) UpdateUser(ctx context.Context, actor wachsam.Actor, u *wachsam.User) error {
	return db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if err := db.checkMembership(ctx, tx, u); err != nil {
			return err
		}
		u.UpdatedAt = db.now()
		res, err := tx.NewUpdate().Model(u).
			Column("name", "municipality_id", "department_id", "disabled", "updated_at").WherePK().Exec(ctx)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("Das Konto")
		}
		if err := db.writeRoles(ctx, tx, u.ID, u.Roles); err != nil {
			return err
		}
		if err := db.writeHead(ctx, tx, u); err != nil {
			return err
		}
		if u.Disabled {
			if _, err := tx.NewDelete().Model((*wachsam.Session)(nil)).Where("user_id = ?", u.ID).Exec(ctx); err != nil {
				return err
			}
			// A disabled account waits for nothing; a seat held for it
			// goes to the next person in line.
			if err := db.withdrawEntries(ctx, tx, actor, u.ID, 0, 0, "disabled"); err != nil {
				return err
			}
		}
		detail := u.Email + " " + rolesText(u.Roles) + headText(u)
		if u.Disabled {
			detail += " gesperrt"
		}
		return db.audit(ctx, tx, actor, "user.update", "user", u.ID, detail)
	})
}

// SetRoles replaces the roles of an account.
func (db *DB) SetRoles(ctx context.Context, actor wachsam.Actor, userID int64, roles []wachsam.Role) error {
	u, err := db.User(ctx, userID)
	if err != nil {
		return err
	}
	u.Roles = roles
	return db.UpdateUser(ctx, actor, u)
}

// User loads an account by id with its roles.
func (db *DB) User(ctx context.Context, id int64) (*wachsam.User, error) {
	u := new(wachsam.User)
	if err := db.NewSelect().Model(u).Where("id = ?", id).Scan(ctx); err != nil {
		return nil, lookupError(err, "Das Konto")
	}
	return u, db.loadRoles(ctx, u)
}

// UserByEmail loads an account by its address (any spelling).
func (db *DB) UserByEmail(ctx context.Context, email string) (*wachsam.User, error) {
	u := new(wachsam.User)
	if err := db.NewSelect().Model(u).Where("email = ?", wachsam.NormalizeEmail(email)).Scan(ctx); err != nil {
		return nil, lookupError(err, "Das Konto")
	}
	return u, db.loadRoles(ctx, u)
}

func (db *DB) loadRoles(ctx context.Context, u *wachsam.User) error {
	err := db.attachRoles(ctx, []wachsam.User{*u}, func(i int, roles []wachsam.Role) { u.Roles = roles })
	if err != nil {
		return err
	}
	return db.attachHeads(ctx, []*wachsam.User{u})
}

// attachRoles loads the roles of many accounts in one query and hands each
// account's roles, in the order of wachsam.Roles, to set.
func (db *DB) attachRoles(ctx context.Context, users []wachsam.User, set func(i int, roles []wachsam.Role)) error {
	if len(users) == 0 {
		return nil
	}
	ids := make([]int64, len(users))
	for i, u := range users {
		ids[i] = u.ID
	}
	var rows []userRole
	if err := db.NewSelect().Model(&rows).Where("user_id IN (?)", bun.In(ids)).Scan(ctx); err != nil {
		return translate(err)
	}
	byUser := map[int64][]wachsam.Role{}
	for _, r := range rows {
		byUser[r.UserID] = append(byUser[r.UserID], r.Role)
	}
	order := wachsam.Roles()
	for i, u := range users {
		roles := byUser[u.ID]
		slices.SortFunc(roles, func(a, b wachsam.Role) int { return slices.Index(order, a) - slices.Index(order, b) })
		set(i, roles)
	}
	return nil
}

// Users lists accounts by name with their roles.
func (db *DB) Users(ctx context.Context, f wachsam.UserFilter) ([]wachsam.User, error) {
	var out []wachsam.User
	q := db.NewSelect().Model(&out).OrderExpr("name, id")
	if f.MunicipalityID != nil {
		q = q.Where("municipality_id = ?", *f.MunicipalityID)
	}
	if s := strings.TrimSpace(f.Query); s != "" {
		like := "%" + strings.ToLower(s) + "%"
		q = q.Where("(LOWER(name) LIKE ? OR email LIKE ?)", like, like)
	}
	if f.Limit > 0 {
		q = q.Limit(int64(f.Limit))
	}
	if err := q.Scan(ctx); err != nil {
		return nil, translate(err)
	}
	if err := db.attachRoles(ctx, out, func(i int, roles []wachsam.Role) { out[i].Roles = roles }); err != nil {
		return nil, err
	}
	heads := make([]*wachsam.User, len(out))
	for i := range out {
		heads[i] = &out[i]
	}
	return out, db.attachHeads(ctx, heads)
}

// CountUsers counts all accounts; the demo loader seeds only an empty database.
func (db *DB) CountUsers(ctx context.Context) (int, error) {
	n, err := db.NewSelect().Model((*wachsam.User)(nil)).Count(ctx)
	return int(n), translate(err)
}

// SetPassword stores a new password hash. keepSession, when not zero, is
// the one session that stays signed in; every other session of the account
// ends, since a changed password must lock out whoever knew the old one.
func (db *DB) SetPassword(ctx context.Context, actor wachsam.Actor, userID int64, hash string, keepSession int64) error {
	return db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		return db.setPassword(ctx, tx, actor, userID, hash, keepSession)
	})
}

func (db *DB) setPassword(ctx context.Context, tx bun.Tx, actor wachsam.Actor, userID int64, hash string, keepSession int64) error {
	now := db.now()
	res, err := tx.NewUpdate().Model((*wachsam.User)(nil)).
		Set("password_hash = ?", hash).Set("password_changed_at = ?", now).Set("updated_at = ?", now).
		Where("id = ?", userID).Exec(ctx)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound("Das Konto")
	}
	if _, err := tx.NewDelete().Model((*wachsam.Session)(nil)).
		Where("user_id = ? AND id <> ?", userID, keepSession).Exec(ctx); err != nil {
		return err
	}
	return db.audit(ctx, tx, actor, "user.password", "user", userID, "Passwort geändert")
}
