package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/exam"
)

// examCandidateAddressRow is a candidate's postal address for decision
// letters (migrations/*/00005_candidate_addresses.sql).
type examCandidateAddressRow struct {
	bun.BaseModel `bun:"table:exam_candidate_addresses"`
	CandidateID   int64     `bun:"candidate_id,pk"`
	FormOfAddress string    `bun:"form_of_address,notnull"`
	Extra         string    `bun:"extra,notnull"`
	Street        string    `bun:"street,notnull"`
	PostalCode    string    `bun:"postal_code,notnull"`
	City          string    `bun:"city,notnull"`
	UpdatedAt     time.Time `bun:"updated_at,notnull"`
}

// SetCandidateAddress stores the postal address of a candidate's file (the
// exam office's task), or removes it when a is empty. Bad input is refused
// with a German message beside its field and changes nothing; every change
// is audited, without the address itself.
func (db *DB) SetCandidateAddress(ctx context.Context, actor wachsam.Actor, candidateID int64, a exam.PostalAddress) (exam.PostalAddress, error) {
	a, err := a.Normalize()
	if err != nil {
		return exam.PostalAddress{}, err
	}
	err = db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if _, err := db.candidateRecord(ctx, tx, candidateID); err != nil {
			return err
		}
		detail := "Postanschrift geändert"
		if a.IsZero() {
			detail = "Postanschrift gelöscht"
			if _, err := tx.NewDelete().Model((*examCandidateAddressRow)(nil)).Where("candidate_id = ?", candidateID).Exec(ctx); err != nil {
				return err
			}
		} else {
			row := examCandidateAddressRow{CandidateID: candidateID, FormOfAddress: a.FormOfAddress, Extra: a.Extra, Street: a.Street,
				PostalCode: a.PostalCode, City: a.City, UpdatedAt: db.now()}
			_, err := tx.NewInsert().Model(&row).On("CONFLICT (candidate_id) DO UPDATE").
				Set("form_of_address = EXCLUDED.form_of_address").Set("extra = EXCLUDED.extra").Set("street = EXCLUDED.street").
				Set("postal_code = EXCLUDED.postal_code").Set("city = EXCLUDED.city").Set("updated_at = EXCLUDED.updated_at").Exec(ctx)
			if err != nil {
				return err
			}
		}
		return db.audit(ctx, tx, actor, "exam_candidate.address", "exam_candidate", candidateID, detail)
	})
	if err != nil {
		return exam.PostalAddress{}, translate(err)
	}
	return a, nil
}

// CandidateAddress is the postal address of a candidate's file; the zero
// value when none is stored.
func (db *DB) CandidateAddress(ctx context.Context, candidateID int64) (exam.PostalAddress, error) {
	return db.candidateAddress(ctx, db.DB, candidateID)
}

func (db *DB) candidateAddress(ctx context.Context, tx bun.IDB, candidateID int64) (exam.PostalAddress, error) {
	var row examCandidateAddressRow
	err := tx.NewSelect().Model(&row).Where("candidate_id = ?", candidateID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return exam.PostalAddress{}, nil
	}
	if err != nil {
		return exam.PostalAddress{}, translate(err)
	}
	return exam.PostalAddress{FormOfAddress: row.FormOfAddress, Extra: row.Extra, Street: row.Street, PostalCode: row.PostalCode, City: row.City}, nil
}
