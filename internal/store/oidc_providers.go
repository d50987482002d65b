package store

import (
	"context"
	"slices"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
)

// OIDCProviders lists every configured directory with its town's name, for
// the login page's choice of municipality.
func (db *DB) OIDCProviders(ctx context.Context) ([]wachsam.OIDCProvider, error) {
	var out []wachsam.OIDCProvider
	err := db.NewSelect().Model(&out).
		ColumnExpr("p.*").ColumnExpr("m.name AS municipality_name").
		Join("JOIN municipalities AS m ON m.id = p.municipality_id").
		ModelTableExpr("oidc_providers AS p").OrderExpr("m.name, m.id").Scan(ctx)
	return out, translate(err)
}

// OIDCProvider loads the directory of one municipality.
func (db *DB) OIDCProvider(ctx context.Context, municipalityID int64) (*wachsam.OIDCProvider, error) {
	p := new(wachsam.OIDCProvider)
	if err := db.NewSelect().Model(p).Where("municipality_id = ?", municipalityID).Scan(ctx); err != nil {
		return nil, lookupError(err, "Die Verzeichnis-Anmeldung dieser Gemeinde")
	}
	return p, nil
}

// SaveOIDCProvider creates or changes a municipality's directory. An empty
// client secret keeps the stored one; the secret never enters the audit log.
func (db *DB) SaveOIDCProvider(ctx context.Context, actor wachsam.Actor, p *wachsam.OIDCProvider) error {
	return db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		old := new(wachsam.OIDCProvider)
		err := tx.NewSelect().Model(old).Where("municipality_id = ?", p.MunicipalityID).Scan(ctx)
		exists := err == nil
		if err != nil && wachsam.ErrorCodeOf(translate(err)) != wachsam.ENOTFOUND {
			return err
		}
		if err := p.Validate(exists && old.ClientSecret != ""); err != nil {
			return err
		}
		if p.ClientSecret == "" {
			p.ClientSecret = old.ClientSecret
		}
		if p.GroupRoles == nil {
			p.GroupRoles = map[string]wachsam.Role{}
		}
		if p.MFAMethods == nil {
			p.MFAMethods = []string{}
		}
		if p.EmailDomains == nil {
			p.EmailDomains = []string{}
		}
		if err := domainsFree(ctx, tx, p); err != nil {
			return err
		}
		now := db.now()
		p.UpdatedAt = now
		if exists {
			p.CreatedAt = old.CreatedAt
			_, err = tx.NewUpdate().Model(p).WherePK().Exec(ctx)
		} else {
			if ok, err := tx.NewSelect().Model((*wachsam.Municipality)(nil)).Where("id = ?", p.MunicipalityID).Exists(ctx); err != nil || !ok {
				if err == nil {
					err = notFound("Die Gemeinde")
				}
				return err
			}
			p.CreatedAt = now
			_, err = tx.NewInsert().Model(p).Exec(ctx)
		}
		if err != nil {
			return err
		}
		return db.audit(ctx, tx, actor, "oidc.configure", "municipality", p.MunicipalityID, p.IssuerURL+" "+p.ClientID)
	})
}

// DeleteOIDCProvider turns a municipality's directory sign-in off; its
// staff sign in with a password again (an administrator issues one).
func (db *DB) DeleteOIDCProvider(ctx context.Context, actor wachsam.Actor, municipalityID int64) error {
	return db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		res, err := tx.NewDelete().Model((*wachsam.OIDCProvider)(nil)).Where("municipality_id = ?", municipalityID).Exec(ctx)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("Die Verzeichnis-Anmeldung dieser Gemeinde")
		}
		return db.audit(ctx, tx, actor, "oidc.remove", "municipality", municipalityID, "")
	})
}

// domainsFree refuses a domain that another town's directory claims: the
// login page must find exactly one town for an address.
func domainsFree(ctx context.Context, tx bun.Tx, p *wachsam.OIDCProvider) error {
	if len(p.EmailDomains) == 0 {
		return nil
	}
	var others []wachsam.OIDCProvider
	if err := tx.NewSelect().Model(&others).Where("municipality_id <> ?", p.MunicipalityID).Scan(ctx); err != nil {
		return err
	}
	for _, o := range others {
		for _, d := range p.EmailDomains {
			if slices.Contains(o.EmailDomains, d) {
				return wachsam.FieldError("email_domains", "Die Domain %s gehört schon zum Verzeichnis einer anderen Gemeinde.", d)
			}
		}
	}
	return nil
}

// OIDCProviderForEmail finds the directory whose town owns the domain of
// the address.
func (db *DB) OIDCProviderForEmail(ctx context.Context, email string) (*wachsam.OIDCProvider, error) {
	all, err := db.OIDCProviders(ctx)
	if err != nil {
		return nil, err
	}
	for i := range all {
		if all[i].HasDomain(email) {
			return &all[i], nil
		}
	}
	return nil, notFound("Das Verzeichnis zu dieser Adresse")
}
