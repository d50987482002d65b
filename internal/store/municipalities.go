package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
)

// CreateMunicipality validates and inserts a municipality with its departments.
func (db *DB) CreateMunicipality(ctx context.Context, actor wachsam.Actor, m *wachsam.Municipality) error {
	if err := m.Validate(); err != nil {
		return err
	}
	return db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		now := db.now()
		m.CreatedAt, m.UpdatedAt = now, now
		if _, err := tx.NewInsert().Model(m).Returning("id").Exec(ctx); err != nil {
			if isUniqueViolation(err) {
				return wachsam.FieldError("ags", "Eine Gemeinde mit dem Gemeindeschlüssel %s gibt es bereits.", m.AGS)
			}
			return err
		}
		for i := range m.Departments {
			m.Departments[i].MunicipalityID = m.ID
			if err := db.insertDepartment(ctx, tx, &m.Departments[i]); err != nil {
				return err
			}
		}
		return db.audit(ctx, tx, actor, "municipality.create", "municipality", m.ID, m.Name+" ("+m.AGS+")")
	})
}

// UpdateMunicipality changes name, key and population.
func (db *DB) UpdateMunicipality(ctx context.Context, actor wachsam.Actor, m *wachsam.Municipality) error {
	if err := m.Validate(); err != nil {
		return err
	}
	return db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		m.UpdatedAt = db.now()
		res, err := tx.NewUpdate().Model(m).Column("name", "ags", "population", "updated_at").WherePK().Exec(ctx)
		if err != nil {
			if isUniqueViolation(err) {
				return wachsam.FieldError("ags", "Eine Gemeinde mit dem Gemeindeschlüssel %s gibt es bereits.", m.AGS)
			}
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("Die Gemeinde")
		}
		return db.audit(ctx, tx, actor, "municipality.update", "municipality", m.ID,
			fmt.Sprintf("%s (%s), %d Einwohner", m.Name, m.AGS, m.Population))
	})
}

// Municipality loads one municipality with its departments.
func (db *DB) Municipality(ctx context.Context, id int64) (*wachsam.Municipality, error) {
	m := new(wachsam.Municipality)
	if err := db.NewSelect().Model(m).Where("id = ?", id).Scan(ctx); err != nil {
		return nil, lookupError(err, "Die Gemeinde")
	}
	deps, err := db.Departments(ctx, id)
	m.Departments = deps
	return m, err
}

// Municipalities lists all municipalities by name.
func (db *DB) Municipalities(ctx context.Context) ([]wachsam.Municipality, error) {
	var out []wachsam.Municipality
	err := db.NewSelect().Model(&out).OrderExpr("name, id").Scan(ctx)
	return out, translate(err)
}

// MunicipalitiesWithDepartments lists all municipalities by name, each with
// its departments, in two queries however many there are.
func (db *DB) MunicipalitiesWithDepartments(ctx context.Context) ([]wachsam.Municipality, error) {
	ms, err := db.Municipalities(ctx)
	if err != nil {
		return nil, err
	}
	var deps []wachsam.Department
	if err := db.NewSelect().Model(&deps).OrderExpr("name, id").Scan(ctx); err != nil {
		return nil, translate(err)
	}
	index := make(map[int64]int, len(ms))
	for i, m := range ms {
		index[m.ID] = i
	}
	for _, d := range deps {
		if i, ok := index[d.MunicipalityID]; ok {
			ms[i].Departments = append(ms[i].Departments, d)
		}
	}
	return ms, nil
}

// Departments lists the departments of one municipality by name.
func (db *DB) Departments(ctx context.Context, municipalityID int64) ([]wachsam.Department, error) {
	var out []wachsam.Department
	err := db.NewSelect().Model(&out).Where("municipality_id = ?", municipalityID).OrderExpr("name, id").Scan(ctx)
	return out, translate(err)
}

// AddDepartment adds a department to a municipality.
func (db *DB) AddDepartment(ctx context.Context, actor wachsam.Actor, d *wachsam.Department) error {
	return db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if err := db.insertDepartment(ctx, tx, d); err != nil {
			return err
		}
		return db.audit(ctx, tx, actor, "department.create", "municipality", d.MunicipalityID, d.Name)
	})
}

func (db *DB) insertDepartment(ctx context.Context, tx bun.IDB, d *wachsam.Department) error {
	d.Name = strings.TrimSpace(d.Name)
	if d.Name == "" {
		return wachsam.FieldError("department", "Bitte geben Sie einen Namen für die Abteilung an.")
	}
	if err := wachsam.CheckLine("department", "Abteilung", d.Name, wachsam.MaxNameLen); err != nil {
		return err
	}
	d.CreatedAt = db.now()
	if _, err := tx.NewInsert().Model(d).Returning("id").Exec(ctx); err != nil {
		if isUniqueViolation(err) {
			return wachsam.FieldError("department", "Die Abteilung %q gibt es in dieser Gemeinde bereits.", d.Name)
		}
		return err
	}
	return nil
}

// DeleteDepartment removes a department that no account belongs to any more.
func (db *DB) DeleteDepartment(ctx context.Context, actor wachsam.Actor, municipalityID, departmentID int64) error {
	return db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		// Another town's department does not exist for the caller, in use or not.
		own, err := tx.NewSelect().Model((*wachsam.Department)(nil)).
			Where("id = ? AND municipality_id = ?", departmentID, municipalityID).Exists(ctx)
		if err != nil {
			return err
		}
		if !own {
			return notFound("Die Abteilung")
		}
		used, err := tx.NewSelect().Model((*wachsam.User)(nil)).Where("department_id = ?", departmentID).Exists(ctx)
		if err != nil {
			return err
		}
		if !used {
			// A head would keep a role that opens nothing.
			used, err = tx.NewSelect().Model((*departmentHead)(nil)).Where("department_id = ?", departmentID).Exists(ctx)
			if err != nil {
				return err
			}
		}
		if used {
			return wachsam.Errorf(wachsam.ECONFLICT, "Der Abteilung sind noch Konten oder eine Abteilungsleitung zugeordnet; ordnen Sie diese zuerst einer anderen Abteilung zu.")
		}
		d := new(wachsam.Department)
		err = tx.NewDelete().Model(d).Where("id = ? AND municipality_id = ?", departmentID, municipalityID).Returning("name").Scan(ctx)
		if err != nil {
			return translate(err)
		}
		return db.audit(ctx, tx, actor, "department.delete", "municipality", municipalityID, d.Name)
	})
}

// MunicipalityByAGS finds a municipality by its official key.
func (db *DB) MunicipalityByAGS(ctx context.Context, ags string) (*wachsam.Municipality, error) {
	m := new(wachsam.Municipality)
	if err := db.NewSelect().Model(m).Where("ags = ?", strings.TrimSpace(ags)).Scan(ctx); err != nil {
		return nil, lookupError(err, "Eine Gemeinde mit dem Schlüssel "+ags)
	}
	return m, nil
}
