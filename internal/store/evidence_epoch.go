package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
)

// The feed's epoch (migrations/*/00008_evidence_epoch.sql) is part of every
// cursor. Renewing it turns every cursor issued so far into "re-sync from
// the start": after a restore from a backup the positions an importer holds
// may be past the restored feed's newest record or name records that no
// longer exist.

type evidenceEpochRow struct {
	bun.BaseModel `bun:"table:evidence_epoch"`
	ID            int64  `bun:"id,pk"`
	Epoch         string `bun:"epoch,notnull"`
}

// EvidenceEpoch is the feed's current epoch.
func (db *DB) EvidenceEpoch(ctx context.Context) (string, error) {
	var row evidenceEpochRow
	err := db.NewSelect().Model(&row).Where("id = 1").Scan(ctx)
	return row.Epoch, lookupError(err, "Die Epoche des Nachweis-Feeds")
}

// RenewEvidenceEpoch gives the feed a new epoch, audited, and returns it.
// `wachsam backup restore` calls it on the restored database. (A restore by
// other means keeps the epoch; the feed then still refuses cursors past its
// newest position.)
func (db *DB) RenewEvidenceEpoch(ctx context.Context, actor wachsam.Actor) (string, error) {
	raw := make([]byte, 8)
	rand.Read(raw)
	epoch := hex.EncodeToString(raw)
	err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewUpdate().Table("evidence_epoch").Set("epoch = ?", epoch).Set("renewed_at = ?", db.now()).
			Where("id = 1").Exec(ctx); err != nil {
			return err
		}
		return db.audit(ctx, tx, actor, "evidence.epoch", "evidence_feed", 1, "Neue Epoche des Nachweis-Feeds: alle Importe gleichen neu ab")
	})
	return epoch, err
}
