package store

import (
	"context"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/evidence"
)

type evidenceTokenRow struct {
	bun.BaseModel  `bun:"table:evidence_tokens"`
	ID             int64      `bun:"id,pk,autoincrement"`
	MunicipalityID int64      `bun:"municipality_id,notnull"`
	Name           string     `bun:"name,notnull"`
	TokenHash      string     `bun:"token_hash,notnull"`
	CreatedBy      *int64     `bun:"created_by"`
	CreatedAt      time.Time  `bun:"created_at,notnull"`
	LastUsedAt     *time.Time `bun:"last_used_at"`
	RevokedAt      *time.Time `bun:"revoked_at"`
}

func (r evidenceTokenRow) token() evidence.Token {
	return evidence.Token{ID: r.ID, Name: r.Name, CreatedAt: r.CreatedAt, LastUsedAt: r.LastUsedAt, RevokedAt: r.RevokedAt}
}

// maxActiveTokens bounds how many importers a municipality can let in at
// once; more than a handful means old tokens were never revoked.
const maxActiveTokens = 20

// evidenceTokenNameMax keeps a token's name to a label in the token list
// (migration 00007 holds the same bound).
const evidenceTokenNameMax = 100

// CreateEvidenceToken makes a read-only token for the municipality's ISMS
// and returns it; only its hash is stored, so this is the one time anyone
// sees it.
func (db *DB) CreateEvidenceToken(ctx context.Context, actor wachsam.Actor, municipalityID int64, name string) (string, evidence.Token, error) {
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		return "", evidence.Token{}, wachsam.FieldError("name", "Bitte geben Sie dem Zugang einen Namen, z. B. den des ISMS-Werkzeugs.")
	}
	if err := wachsam.CheckLine("name", "Name des Zugangs", name, evidenceTokenNameMax); err != nil {
		return "", evidence.Token{}, err
	}
	secret := evidence.NewToken()
	row := evidenceTokenRow{MunicipalityID: municipalityID, Name: name, TokenHash: evidence.HashToken(secret),
		CreatedBy: actor.UserID, CreatedAt: db.now()}
	err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if _, err := db.lockTenant(ctx, tx, municipalityID); err != nil {
			return err
		}
		active, err := tx.NewSelect().Model((*evidenceTokenRow)(nil)).
			Where("municipality_id = ?", municipalityID).Where("revoked_at IS NULL").Count(ctx)
		if err != nil {
			return err
		}
		if active >= maxActiveTokens {
			return wachsam.Errorf(wachsam.ECONFLICT, "Ihre Kommune hat schon %d aktive Zugänge. Bitte widerrufen Sie zuerst einen, der nicht mehr gebraucht wird.", maxActiveTokens)
		}
		if _, err := tx.NewInsert().Model(&row).Exec(ctx); err != nil {
			return err
		}
		return db.audit(ctx, tx, actor, "evidence.token.create", "evidence_token", row.ID, "Zugang „"+name+"“ angelegt")
	})
	if err != nil {
		return "", evidence.Token{}, err
	}
	return secret, row.token(), nil
}

// EvidenceTokens lists the municipality's tokens, newest first, revoked
// ones included.
func (db *DB) EvidenceTokens(ctx context.Context, municipalityID int64) ([]evidence.Token, error) {
	var rows []evidenceTokenRow
	if err := db.NewSelect().Model(&rows).Where("municipality_id = ?", municipalityID).OrderExpr("id DESC").Scan(ctx); err != nil {
		return nil, translate(err)
	}
	out := make([]evidence.Token, len(rows))
	for i, r := range rows {
		out[i] = r.token()
	}
	return out, nil
}

// RevokeEvidenceToken ends a token of the municipality at once: the next
// request with it is refused. A token of another municipality is not found.
// Revoking twice changes nothing.
func (db *DB) RevokeEvidenceToken(ctx context.Context, actor wachsam.Actor, municipalityID, tokenID int64) error {
	return db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		var row evidenceTokenRow
		err := tx.NewSelect().Model(&row).Where("id = ?", tokenID).Where("municipality_id = ?", municipalityID).Scan(ctx)
		if err != nil {
			return lookupError(err, "Der Zugang")
		}
		if row.RevokedAt != nil {
			return nil
		}
		if _, err := tx.NewUpdate().Model(&row).Set("revoked_at = ?", db.now()).WherePK().Exec(ctx); err != nil {
			return err
		}
		return db.audit(ctx, tx, actor, "evidence.token.revoke", "evidence_token", row.ID, "Zugang „"+row.Name+"“ widerrufen")
	})
}

// tokenUseResolution is how often the last use of a token is written: often
// enough to tell a coordinator whether the importer still runs, rarely
// enough that paging does not write on every request.
const tokenUseResolution = time.Minute

// EvidenceTokenTown is the municipality a presented token reads, checked on
// every request so a revoked token is refused at once.
func (db *DB) EvidenceTokenTown(ctx context.Context, token string) (int64, error) {
	var row evidenceTokenRow
	err := db.NewSelect().Model(&row).Where("token_hash = ?", evidence.HashToken(token)).Where("revoked_at IS NULL").Scan(ctx)
	if err != nil {
		if err = translate(err); wachsam.ErrorCodeOf(err) == wachsam.ENOTFOUND {
			return 0, wachsam.Errorf(wachsam.EUNAUTHORIZED, "Der Zugangsschlüssel ist unbekannt oder wurde widerrufen.")
		}
		return 0, err
	}
	now := db.now()
	if row.LastUsedAt == nil || now.Sub(*row.LastUsedAt) >= tokenUseResolution {
		if _, err := db.NewUpdate().Model(&row).Set("last_used_at = ?", now).WherePK().Exec(ctx); err != nil {
			return 0, translate(err)
		}
	}
	return row.MunicipalityID, nil
}
