package store

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
)

// directoryAccount links an account to the directory that manages it.
type directoryAccount struct {
	bun.BaseModel  `bun:"table:directory_accounts"`
	UserID         int64     `bun:"user_id,pk"`
	MunicipalityID int64     `bun:"municipality_id,notnull"`
	DN             string    `bun:"dn,notnull"`
	SyncedAt       time.Time `bun:"synced_at,notnull"`
}

// DirectoryConfig returns a municipality's directory settings.
func (db *DB) DirectoryConfig(ctx context.Context, municipalityID int64) (*wachsam.DirectoryConfig, error) {
	cfg := new(wachsam.DirectoryConfig)
	err := db.NewSelect().Model(cfg).Where("municipality_id = ?", municipalityID).Scan(ctx)
	return cfg, lookupError(err, "Die Verzeichnisanbindung")
}

// DirectoryConfigOfAccount returns the directory that manages an account,
// ENOTFOUND when none does (the account signs in with its password).
func (db *DB) DirectoryConfigOfAccount(ctx context.Context, userID int64) (*wachsam.DirectoryConfig, error) {
	cfg := new(wachsam.DirectoryConfig)
	err := db.NewSelect().Model(cfg).
		Where("municipality_id = (SELECT da.municipality_id FROM directory_accounts AS da WHERE da.user_id = ?)", userID).Scan(ctx)
	return cfg, lookupError(err, "Die Verzeichnisanbindung")
}

// SaveDirectoryConfig validates and stores a municipality's directory
// settings. An empty bind password keeps the stored one, so the form never
// has to show it again. The next scheduled sync follows the new interval.
func (db *DB) SaveDirectoryConfig(ctx context.Context, actor wachsam.Actor, cfg *wachsam.DirectoryConfig) error {
	return db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		exists, err := tx.NewSelect().Model((*wachsam.Municipality)(nil)).Where("id = ?", cfg.MunicipalityID).Exists(ctx)
		if err != nil {
			return err
		}
		if !exists {
			return notFound("Die Gemeinde")
		}
		old := new(wachsam.DirectoryConfig)
		err = tx.NewSelect().Model(old).Where("municipality_id = ?", cfg.MunicipalityID).Scan(ctx)
		found := err == nil
		if err != nil && wachsam.ErrorCodeOf(lookupError(err, "")) != wachsam.ENOTFOUND {
			return err
		}
		if cfg.BindPassword == "" && found {
			cfg.BindPassword = old.BindPassword
		}
		if err := cfg.Validate(); err != nil {
			return err
		}
		now := db.now()
		cfg.UpdatedAt = now
		cfg.LastSyncAt, cfg.LastSyncResult = old.LastSyncAt, old.LastSyncResult
		cfg.ScheduleNext(now)
		if _, err := tx.NewInsert().Model(cfg).On("CONFLICT (municipality_id) DO UPDATE").
			Set("url = EXCLUDED.url, plain_ldap = EXCLUDED.plain_ldap, base_dn = EXCLUDED.base_dn, bind_dn = EXCLUDED.bind_dn").
			Set("bind_password = EXCLUDED.bind_password, user_filter = EXCLUDED.user_filter, email_attr = EXCLUDED.email_attr").
			Set("given_name_attr = EXCLUDED.given_name_attr, surname_attr = EXCLUDED.surname_attr").
			Set("department_attr = EXCLUDED.department_attr, ca_cert_pem = EXCLUDED.ca_cert_pem").
			Set("sync_interval_minutes = EXCLUDED.sync_interval_minutes, next_sync_at = EXCLUDED.next_sync_at, updated_at = EXCLUDED.updated_at").
			Exec(ctx); err != nil {
			return err
		}
		// The password itself never enters the audit log.
		return db.audit(ctx, tx, actor, "directory.configure", "municipality", cfg.MunicipalityID, cfg.URL)
	})
}

// RecordDirectorySyncFailure notes a failed scheduled sync as the last
// result; the people and accounts stay as they were.
func (db *DB) RecordDirectorySyncFailure(ctx context.Context, municipalityID int64, message string) error {
	_, err := db.NewUpdate().Model((*wachsam.DirectoryConfig)(nil)).Set("last_sync_at = ?", db.now()).
		Set("last_sync_result = ?", "Fehlgeschlagen: "+message).Where("municipality_id = ?", municipalityID).Exec(ctx)
	return translate(err)
}

// EnqueueDueDirectorySyncs enqueues a sync job for every municipality whose
// schedule is due and moves its schedule on, in one transaction per
// municipality. The conditional update lets exactly one of several
// instances enqueue each due sync.
func (db *DB) EnqueueDueDirectorySyncs(ctx context.Context, now time.Time) (int, error) {
	var due []wachsam.DirectoryConfig
	if err := db.NewSelect().Model(&due).Column("municipality_id", "sync_interval_minutes", "next_sync_at").
		Where("sync_interval_minutes > 0 AND next_sync_at <= ?", now.UTC()).Scan(ctx); err != nil {
		return 0, translate(err)
	}
	enqueued := 0
	for _, cfg := range due {
		err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
			previous := *cfg.NextSyncAt
			cfg.ScheduleNext(now)
			res, err := tx.NewUpdate().Model((*wachsam.DirectoryConfig)(nil)).Set("next_sync_at = ?", cfg.NextSyncAt).
				Where("municipality_id = ? AND next_sync_at = ?", cfg.MunicipalityID, previous).Exec(ctx)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return nil // another instance took it
			}
			enqueued++
			return db.EnqueueJob(ctx, tx, wachsam.DirectorySyncJob, wachsam.DirectorySyncPayload{MunicipalityID: cfg.MunicipalityID}, now)
		})
		if err != nil {
			return enqueued, err
		}
	}
	return enqueued, nil
}
