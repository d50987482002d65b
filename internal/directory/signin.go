package directory

import (
	"context"

	"github.com/go-ldap/ldap/v3"

	"github.com/wachsam/wachsam"
)

// Authenticate finds the person with the service account and binds as
// them with the given password. It returns errWrongCredentials when the
// directory knows no such person, finds more than one, or refuses the
// password; ErrUnavailable when it cannot be asked.
func (c Connector) Authenticate(ctx context.Context, cfg *wachsam.DirectoryConfig, login, password string) (wachsam.DirectoryPerson, error) {
	// An empty password is an "unauthenticated bind" that many directories
	// answer with success (RFC 4513 §5.1.2): never let it through.
	if password == "" || login == "" {
		return wachsam.DirectoryPerson{}, errWrongCredentials
	}
	conn, err := c.dial(ctx, cfg)
	if err != nil {
		return wachsam.DirectoryPerson{}, err
	}
	defer conn.Close()
	entries, err := c.search(conn, cfg, filterFor(cfg, login), 2)
	if err != nil {
		return wachsam.DirectoryPerson{}, unavailable(err)
	}
	if len(entries) != 1 {
		return wachsam.DirectoryPerson{}, errWrongCredentials
	}
	if err := conn.Bind(entries[0].DN, password); err != nil {
		if ldap.IsErrorWithCode(err, ldap.LDAPResultInvalidCredentials) {
			return wachsam.DirectoryPerson{}, errWrongCredentials
		}
		return wachsam.DirectoryPerson{}, unavailable(err)
	}
	return personOf(cfg, entries[0]), nil
}

// People lists everyone the configured filter finds under the base DN.
func (c Connector) People(ctx context.Context, cfg *wachsam.DirectoryConfig) ([]wachsam.DirectoryPerson, error) {
	conn, err := c.dial(ctx, cfg)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	entries, err := c.search(conn, cfg, everyone(cfg), 0)
	if wachsam.ErrorCodeOf(err) == ErrTruncated.Code {
		return nil, err
	}
	if err != nil {
		return nil, unavailable(err)
	}
	out := make([]wachsam.DirectoryPerson, len(entries))
	for i, e := range entries {
		out[i] = personOf(cfg, e)
	}
	return out, nil
}

// PasswordStore is what password checking needs from the database.
type PasswordStore interface {
	// DirectoryConfigOfAccount returns the directory of the account's
	// municipality when the directory manages the account, ENOTFOUND otherwise.
	DirectoryConfigOfAccount(ctx context.Context, userID int64) (*wachsam.DirectoryConfig, error)
}

// Passwords checks the passwords of directory-managed accounts by a bind;
// it implements auth.PasswordDirectory.
type Passwords struct {
	Store     PasswordStore
	Connector Connector
}

// VerifyPassword reports handled=false for accounts the directory does not
// manage, so their password is checked as usual. The person the directory
// finds must carry the account's address: a filter that also matches, say,
// userPrincipalName must not let one person sign in as another.
func (p Passwords) VerifyPassword(ctx context.Context, u *wachsam.User, password string) (handled, ok bool, err error) {
	cfg, err := p.Store.DirectoryConfigOfAccount(ctx, u.ID)
	if wachsam.ErrorCodeOf(err) == wachsam.ENOTFOUND {
		return false, false, nil
	}
	if err != nil {
		return true, false, err
	}
	person, err := p.Connector.Authenticate(ctx, cfg, u.Email, password)
	if err == errWrongCredentials {
		return true, false, nil
	}
	if err != nil {
		return true, false, err
	}
	return true, person.Email == wachsam.NormalizeEmail(u.Email), nil
}
