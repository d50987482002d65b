package store

import (
	"context"
	"net/mail"
	"slices"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
)

// oidcIdentity is one row of oidc_identities.
type oidcIdentity struct {
	bun.BaseModel `bun:"table:oidc_identities"`
	Issuer        string    `bun:"issuer,pk"`
	Subject       string    `bun:"subject,pk"`
	UserID        int64     `bun:"user_id,notnull"`
	CreatedAt     time.Time `bun:"created_at,notnull"`
}

// oidcSession is one row of oidc_sessions.
type oidcSession struct {
	bun.BaseModel  `bun:"table:oidc_sessions"`
	SessionID      int64  `bun:"session_id,pk"`
	MunicipalityID int64  `bun:"municipality_id,notnull"`
	IDToken        string `bun:"id_token,notnull"`
}

// The refusals of a directory sign-in. None of them tells the person
// anything about accounts of other municipalities.
var (
	// One answer for "nobody" and "somebody of another town", so the
	// refusal does not tell that an address is known elsewhere.
	errDirectoryNoAccount = wachsam.Errorf(wachsam.EFORBIDDEN,
		"Über das Verzeichnis dieser Kommune gibt es für Sie kein Konto in wachsam. Bitte prüfen Sie, ob Sie Ihre Kommune gewählt haben, oder wenden Sie sich an deren Koordination.")
	errDirectoryDisabled = wachsam.Errorf(wachsam.EFORBIDDEN,
		"Ihr Konto ist gesperrt. Bitte wenden Sie sich an die Koordination Ihrer Kommune.")
	errDirectoryBeyondTown = wachsam.Errorf(wachsam.EFORBIDDEN,
		"Ihr Konto hat Rechte über Ihre Kommune hinaus (etwa in der Prüfung oder der Administration). Bitte melden Sie sich mit Ihrer E-Mail-Adresse und Ihrem Passwort an.")
	errDirectoryOtherSubject = wachsam.Errorf(wachsam.EFORBIDDEN,
		"Diese E-Mail-Adresse gehört im Verzeichnis inzwischen zu einer anderen Person als bei der ersten Anmeldung. Bitte wenden Sie sich an die Koordination Ihrer Kommune.")
	errDirectoryUnverified = wachsam.Errorf(wachsam.EFORBIDDEN,
		"Ihr Verzeichnis hat keine bestätigte E-Mail-Adresse übermittelt. Bitte wenden Sie sich an die IT Ihrer Kommune.")
)

// BeginOIDCLogin stores a sign-in on its way to the provider and clears
// those that ran out unused.
func (db *DB) BeginOIDCLogin(ctx context.Context, l *wachsam.OIDCLogin) error {
	return db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewDelete().Model((*wachsam.OIDCLogin)(nil)).Where("expires_at <= ?", db.now()).Exec(ctx); err != nil {
			return err
		}
		l.ExpiresAt = l.ExpiresAt.UTC()
		_, err := tx.NewInsert().Model(l).Exec(ctx)
		return err
	})
}

// TakeOIDCLogin hands out a pending sign-in exactly once: the row is
// deleted by whoever reads it first, so a replayed callback finds nothing.
func (db *DB) TakeOIDCLogin(ctx context.Context, stateHash string) (*wachsam.OIDCLogin, error) {
	l := new(wachsam.OIDCLogin)
	err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if err := tx.NewSelect().Model(l).Where("state_hash = ?", stateHash).Scan(ctx); err != nil {
			return err
		}
		res, err := tx.NewDelete().Model((*wachsam.OIDCLogin)(nil)).Where("state_hash = ?", stateHash).Exec(ctx)
		if err != nil {
			return err
		}
		// Two callbacks racing for one state both read the row; only the
		// one whose delete removed it goes on.
		if n, _ := res.RowsAffected(); n == 0 || !l.ExpiresAt.After(db.now()) {
			return notFound("Die Anmeldung")
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return l, nil
}

// SignInFromDirectory finds the account a municipality's directory vouches
// for: by the stored (issuer, subject) first, then by verified address. It
// refuses a disabled account, an account of another municipality (or of
// none), and an unknown person unless the town provisions just in time. On
// success it applies the directory's roles; a refusal writes nothing.
func (db *DB) SignInFromDirectory(ctx context.Context, p *wachsam.OIDCProvider, id wachsam.DirectoryIdentity) (*wachsam.User, error) {
	var u *wachsam.User
	err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		found, linked, err := db.directoryAccount(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if found == nil {
			if found, err = db.provision(ctx, tx, p, id); err != nil {
				return err
			}
		}
		u = found
		if u.MunicipalityID == nil || *u.MunicipalityID != p.MunicipalityID {
			return errDirectoryNoAccount
		}
		if u.Disabled {
			return errDirectoryDisabled
		}
		// A town's directory vouches for the town's staff only: an account
		// that also examines, sits on the board, administers or holds an
		// exam file is not the town's to sign in.
		for _, r := range u.Roles {
			if !slices.Contains(wachsam.TownRoles(), r) {
				return errDirectoryBeyondTown
			}
		}
		if p.LinkSubject && !linked {
			if _, err := tx.NewInsert().Model(&oidcIdentity{Issuer: id.Issuer, Subject: id.Subject, UserID: u.ID, CreatedAt: db.now()}).Exec(ctx); err != nil {
				return err
			}
		}
		if roles := p.RolesAfterSignIn(u.Roles, id.Groups); !slices.Equal(roles, u.Roles) {
			if err := db.writeRoles(ctx, tx, u.ID, roles); err != nil {
				return err
			}
			u.Roles = roles
			return db.audit(ctx, tx, wachsam.SystemActor("Verzeichnis "+p.IssuerURL), "user.roles_from_directory", "user", u.ID, u.Email+" "+rolesText(roles))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// directoryAccount looks the person up; linked tells whether the stored
// subject found them.
func (db *DB) directoryAccount(ctx context.Context, tx bun.Tx, p *wachsam.OIDCProvider, id wachsam.DirectoryIdentity) (*wachsam.User, bool, error) {
	link := new(oidcIdentity)
	err := tx.NewSelect().Model(link).Where("issuer = ? AND subject = ?", id.Issuer, id.Subject).Scan(ctx)
	if err == nil {
		u, err := db.userIn(ctx, tx, "id = ?", link.UserID)
		return u, true, err
	}
	if wachsam.ErrorCodeOf(translate(err)) != wachsam.ENOTFOUND {
		return nil, false, err
	}
	if id.Email == "" || p.RequireEmailVerified && !id.EmailVerified {
		return nil, false, errDirectoryUnverified
	}
	u, err := db.userIn(ctx, tx, "email = ?", wachsam.NormalizeEmail(id.Email))
	if wachsam.ErrorCodeOf(err) == wachsam.ENOTFOUND {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	// An account linked to another subject of this directory belongs to
	// that person: an address handed on to a new colleague must not hand
	// on the account.
	taken, err := tx.NewSelect().Model((*oidcIdentity)(nil)).Where("issuer = ? AND user_id = ?", id.Issuer, u.ID).Exists(ctx)
	if err != nil {
		return nil, false, err
	}
	if taken {
		return nil, false, errDirectoryOtherSubject
	}
	return u, false, nil
}

func (db *DB) userIn(ctx context.Context, tx bun.Tx, where string, arg any) (*wachsam.User, error) {
	u := new(wachsam.User)
	if err := tx.NewSelect().Model(u).Where(where, arg).Scan(ctx); err != nil {
		return nil, lookupError(err, "Das Konto")
	}
	var rows []userRole
	if err := tx.NewSelect().Model(&rows).Where("user_id = ?", u.ID).Scan(ctx); err != nil {
		return nil, err
	}
	for _, r := range wachsam.Roles() {
		if slices.ContainsFunc(rows, func(row userRole) bool { return row.Role == r }) {
			u.Roles = append(u.Roles, r)
		}
	}
	return u, nil
}

// provision creates an unknown person as staff of the town, when the town
// wants that. The account has no password: it signs in through the
// directory only.
func (db *DB) provision(ctx context.Context, tx bun.Tx, p *wachsam.OIDCProvider, id wachsam.DirectoryIdentity) (*wachsam.User, error) {
	if !p.Provision {
		return nil, errDirectoryNoAccount
	}
	email := wachsam.NormalizeEmail(id.Email)
	if a, err := mail.ParseAddress(email); err != nil || a.Address != email || len(email) > 254 {
		return nil, errDirectoryUnverified
	}
	name := strings.TrimSpace(id.Name)
	if name == "" || len(name) > 200 || strings.ContainsFunc(name, func(r rune) bool { return r < 0x20 }) {
		name = id.Email
	}
	now := db.now()
	municipality := p.MunicipalityID
	u := &wachsam.User{Email: email, Name: name, MunicipalityID: &municipality,
		CreatedAt: now, UpdatedAt: now, PasswordSetAt: now, Roles: []wachsam.Role{wachsam.RoleStaff}}
	if _, err := tx.NewInsert().Model(u).Returning("id").Exec(ctx); err != nil {
		return nil, err
	}
	if err := db.writeRoles(ctx, tx, u.ID, u.Roles); err != nil {
		return nil, err
	}
	return u, db.audit(ctx, tx, wachsam.SystemActor("Verzeichnis "+p.IssuerURL), "user.create", "user", u.ID, u.Email+" "+rolesText(u.Roles))
}

// RecordOIDCSession keeps the ID token of a session that a directory
// signed in, for the provider's logout.
func (db *DB) RecordOIDCSession(ctx context.Context, sessionID, municipalityID int64, idToken string) error {
	_, err := db.NewInsert().Model(&oidcSession{SessionID: sessionID, MunicipalityID: municipalityID, IDToken: idToken}).Exec(ctx)
	return translate(err)
}

// OIDCSession tells which directory signed a session in and with which ID
// token; ENOTFOUND for a password sign-in.
func (db *DB) OIDCSession(ctx context.Context, sessionID int64) (municipalityID int64, idToken string, err error) {
	s := new(oidcSession)
	if err := db.NewSelect().Model(s).Where("session_id = ?", sessionID).Scan(ctx); err != nil {
		return 0, "", lookupError(err, "Die Sitzung")
	}
	return s.MunicipalityID, s.IDToken, nil
}
