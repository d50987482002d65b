package directory

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/go-ldap/ldap/v3"

	"github.com/wachsam/wachsam"
)

// Connector opens connections to a town's directory.
type Connector struct {
	// AllowPlain permits configurations with PlainLDAP set. Production
	// leaves it false: a password must never cross the network in clear.
	AllowPlain bool
	// Timeout bounds connecting and every request; default 10s.
	Timeout time.Duration
}

// ErrUnavailable is returned when the directory cannot be reached or
// answers with a fault; nothing is written in that case.
var ErrUnavailable = &wachsam.Error{Code: wachsam.EUNAVAILABLE,
	Message: "Das Verzeichnis Ihrer Kommune ist gerade nicht erreichbar. Bitte versuchen Sie es später erneut."}

// ErrTruncated is returned when the directory sends only part of the
// people (a size limit): a sync on a partial list would disable everyone
// left out, so it does not run.
var ErrTruncated = &wachsam.Error{Code: wachsam.ECONFLICT,
	Message: "Das Verzeichnis liefert nicht alle Personen, weil eine Größenbeschränkung greift; es wurde nichts geändert. Bitte heben Sie die Beschränkung für das Dienstkonto auf (OpenLDAP: limits … size=unlimited; Active Directory: Abfrage mit Seiten ist erlaubt)."}

// errWrongCredentials means the directory refused the person's password,
// or knows no such person.
var errWrongCredentials = errors.New("directory: wrong credentials")

func (c Connector) timeout() time.Duration {
	if c.Timeout <= 0 {
		return 10 * time.Second
	}
	return c.Timeout
}

// unavailable wraps the cause for the log while the person sees only the
// German sentence.
func unavailable(err error) error {
	return &wachsam.Error{Code: ErrUnavailable.Code, Message: ErrUnavailable.Message, Err: err}
}

// dial connects, secures the connection and binds as the service account.
func (c Connector) dial(ctx context.Context, cfg *wachsam.DirectoryConfig) (*ldap.Conn, error) {
	u, err := url.Parse(cfg.URL)
	if err != nil {
		return nil, unavailable(err)
	}
	if cfg.PlainLDAP && !c.AllowPlain {
		return nil, &wachsam.Error{Code: wachsam.EINVALID, Field: "plain_ldap",
			Message: "Unverschlüsseltes LDAP ist auf diesem Server nicht erlaubt; bitte nutzen Sie LDAPS oder StartTLS."}
	}
	pool, err := cfg.CertPool()
	if err != nil {
		return nil, err
	}
	tlsConfig := &tls.Config{ServerName: u.Hostname(), RootCAs: pool, MinVersion: tls.VersionTLS12}
	dialer := &net.Dialer{Timeout: c.timeout()}
	if deadline, ok := ctx.Deadline(); ok {
		dialer.Deadline = deadline
	}
	conn, err := ldap.DialURL(cfg.URL, ldap.DialWithDialer(dialer), ldap.DialWithTLSConfig(tlsConfig))
	if err != nil {
		return nil, unavailable(err)
	}
	conn.SetTimeout(c.timeout())
	if u.Scheme == "ldap" && !cfg.PlainLDAP {
		if err := conn.StartTLS(tlsConfig); err != nil {
			conn.Close()
			return nil, unavailable(err)
		}
	}
	if err := conn.Bind(cfg.BindDN, cfg.BindPassword); err != nil {
		conn.Close()
		return nil, unavailable(err)
	}
	return conn, nil
}

// filterFor puts the escaped value into every %s of the configured filter;
// escaping keeps a typed "*" or ")(" from widening or breaking the search.
func filterFor(cfg *wachsam.DirectoryConfig, value string) string {
	return strings.ReplaceAll(cfg.UserFilter, "%s", ldap.EscapeFilter(value))
}

// everyone is the configured filter with every %s a presence test.
func everyone(cfg *wachsam.DirectoryConfig) string {
	return strings.ReplaceAll(cfg.UserFilter, "%s", "*")
}

func (c Connector) search(conn *ldap.Conn, cfg *wachsam.DirectoryConfig, filter string, sizeLimit int) ([]*ldap.Entry, error) {
	attrs := []string{cfg.EmailAttr, cfg.GivenNameAttr, cfg.SurnameAttr}
	if cfg.DepartmentAttr != "" {
		attrs = append(attrs, cfg.DepartmentAttr)
	}
	req := ldap.NewSearchRequest(cfg.BaseDN, ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, sizeLimit,
		int(c.timeout().Seconds()), false, filter, attrs, nil)
	if sizeLimit > 0 {
		res, err := conn.Search(req)
		if err != nil && !ldap.IsErrorWithCode(err, ldap.LDAPResultSizeLimitExceeded) {
			return nil, err
		}
		if res == nil {
			return nil, err
		}
		return res.Entries, nil
	}
	// Active Directory answers at most 1,000 entries per page.
	res, err := conn.SearchWithPaging(req, 500)
	if ldap.IsErrorWithCode(err, ldap.LDAPResultSizeLimitExceeded) {
		return nil, &wachsam.Error{Code: ErrTruncated.Code, Message: ErrTruncated.Message, Err: err}
	}
	if err != nil {
		return nil, err
	}
	return res.Entries, nil
}

// personOf reads one entry with the configured attributes.
func personOf(cfg *wachsam.DirectoryConfig, e *ldap.Entry) wachsam.DirectoryPerson {
	p := wachsam.DirectoryPerson{
		DN:    e.DN,
		Email: wachsam.NormalizeEmail(e.GetAttributeValue(cfg.EmailAttr)),
		Name: strings.TrimSpace(strings.TrimSpace(e.GetAttributeValue(cfg.GivenNameAttr)) + " " +
			strings.TrimSpace(e.GetAttributeValue(cfg.SurnameAttr))),
	}
	if cfg.DepartmentAttr != "" {
		p.Department = strings.TrimSpace(e.GetAttributeValue(cfg.DepartmentAttr))
	} else {
		p.Department = departmentFromDN(e.DN)
	}
	if p.Name == "" {
		p.Name = p.Email
	}
	return p
}

// departmentFromDN takes the department from the person's nearest OU, as
// towns that file their staff under ou=Kämmerei,ou=Mitarbeitende,… do.
func departmentFromDN(dn string) string {
	parsed, err := ldap.ParseDN(dn)
	if err != nil {
		return ""
	}
	for _, rdn := range parsed.RDNs {
		for _, a := range rdn.Attributes {
			if strings.EqualFold(a.Type, "ou") {
				return a.Value
			}
		}
	}
	return ""
}
