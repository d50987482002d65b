package demodir

import (
	"crypto/subtle"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/go-ldap/ldap/v3"
	"github.com/hashicorp/go-hclog"
	"github.com/jimlambrt/gldap"
)

// Person is one member of staff as the directory lists them.
type Person struct {
	Email, GivenName, Surname, Department string
	Password                              string
}

// Config names the directory's tree and its service account.
type Config struct {
	// BaseDN is the root of the tree, e.g. dc=buchenried,dc=demo; staff
	// live under ou=<department>,ou=Mitarbeitende,<BaseDN>.
	BaseDN string
	// ServicePassword is the password of the read-only service account
	// cn=wachsam,ou=Dienstkonten,<BaseDN>, the only one that may search.
	ServicePassword string
}

// Server is a running demo directory.
type Server struct {
	srv       *gldap.Server
	url       string
	caPEM     string
	base      *ldap.DN
	serviceDN *ldap.DN
	cfg       Config

	mu      sync.Mutex
	entries []*entry
	// service holds the connections bound as the service account, the
	// only ones that may search (RFC 4511 §4.2.1: any new bind, failed or
	// not, ends the previous one).
	service map[int]bool
}

type entry struct {
	dn       string
	parsed   *ldap.DN
	password string
	attrs    [][2]string // name, value; a name may repeat
}

func (e *entry) values(name string) []string {
	var out []string
	for _, a := range e.attrs {
		if strings.EqualFold(a[0], name) {
			out = append(out, a[1])
		}
	}
	return out
}

// Start serves the people on a loopback port chosen now, over LDAPS.
func Start(cfg Config, people []Person) (*Server, error) {
	base, err := ldap.ParseDN(cfg.BaseDN)
	if err != nil || len(base.RDNs) == 0 {
		return nil, fmt.Errorf("demodir: base DN %q: %v", cfg.BaseDN, err)
	}
	if cfg.ServicePassword == "" {
		return nil, errors.New("demodir: the service account needs a password")
	}
	tlsConfig, caPEM, err := newTLS(time.Now())
	if err != nil {
		return nil, err
	}
	serviceDN, err := ldap.ParseDN("cn=wachsam,ou=Dienstkonten," + cfg.BaseDN)
	if err != nil {
		return nil, err
	}
	s := &Server{caPEM: caPEM, base: base, serviceDN: serviceDN, cfg: cfg, service: map[int]bool{}}
	s.SetPeople(people)
	mux, err := s.routes()
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM([]byte(caPEM))
	// gldap listens itself and does not tell the port it got, so a free
	// port is picked first; another process may take it in between, which
	// the TLS probe notices (it must reach this server's certificate).
	var lastErr error
	for range 5 {
		if err := s.listen(mux, tlsConfig, pool); err != nil {
			lastErr = err
			continue
		}
		return s, nil
	}
	return nil, fmt.Errorf("demodir: no port to listen on: %w", lastErr)
}

func (s *Server) listen(mux *gldap.Mux, tlsConfig *tls.Config, pool *x509.CertPool) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	addr := ln.Addr().String()
	ln.Close()
	srv, err := gldap.NewServer(gldap.WithLogger(hclog.NewNullLogger()), gldap.WithOnClose(s.forget),
		gldap.WithReadTimeout(5*time.Minute))
	if err != nil {
		return err
	}
	if err := srv.Router(mux); err != nil {
		return err
	}
	done := make(chan error, 1)
	go func() { done <- srv.Run(addr, gldap.WithTLSConfig(tlsConfig)) }()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		select {
		case err := <-done:
			return err
		default:
		}
		conn, err := tls.DialWithDialer(&net.Dialer{Timeout: time.Second}, "tcp", addr,
			&tls.Config{RootCAs: pool, ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12})
		if err == nil {
			conn.Close()
			s.srv, s.url = srv, "ldaps://"+addr
			return nil
		}
	}
	srv.Stop()
	return fmt.Errorf("demodir: %s does not answer", addr)
}

// URL is the ldaps:// address to connect to.
func (s *Server) URL() string { return s.url }

// CACertPEM is the certificate authority the server's certificate chains to.
func (s *Server) CACertPEM() string { return s.caPEM }

// BaseDN is where the staff live: ou=Mitarbeitende under the tree's root.
func (s *Server) BaseDN() string { return "ou=Mitarbeitende," + s.cfg.BaseDN }

// ServiceDN is the read-only service account that binds to search.
func (s *Server) ServiceDN() string { return "cn=wachsam,ou=Dienstkonten," + s.cfg.BaseDN }

// DN is the entry a person gets: uid=<local part>,ou=<department>,ou=Mitarbeitende,<base>.
func (s *Server) DN(p Person) string {
	uid, _, _ := strings.Cut(p.Email, "@")
	dn := "uid=" + escapeDNValue(uid)
	if p.Department != "" {
		dn += ",ou=" + escapeDNValue(p.Department)
	}
	return dn + "," + s.BaseDN()
}

// SetPeople replaces the staff the directory lists.
func (s *Server) SetPeople(people []Person) {
	entries := make([]*entry, 0, len(people))
	for _, p := range people {
		dn := s.DN(p)
		parsed, err := ldap.ParseDN(dn)
		if err != nil {
			continue // an address no DN can be made of is not listed
		}
		e := &entry{dn: dn, parsed: parsed, password: p.Password, attrs: [][2]string{
			{"objectClass", "top"}, {"objectClass", "person"}, {"objectClass", "organizationalPerson"}, {"objectClass", "inetOrgPerson"},
			{"uid", strings.SplitN(p.Email, "@", 2)[0]}, {"mail", p.Email}, {"givenName", p.GivenName}, {"sn", p.Surname},
			{"cn", strings.TrimSpace(p.GivenName + " " + p.Surname)},
		}}
		if p.Department != "" {
			e.attrs = append(e.attrs, [2]string{"ou", p.Department})
		}
		entries = append(entries, e)
	}
	s.mu.Lock()
	s.entries = entries
	s.mu.Unlock()
}

// Close stops the server and closes its connections.
func (s *Server) Close() error {
	if s.srv == nil {
		return nil
	}
	return s.srv.Stop()
}

func (s *Server) forget(connID int) {
	s.mu.Lock()
	delete(s.service, connID)
	s.mu.Unlock()
}

// escapeDNValue escapes what RFC 4514 §2.4 requires and keeps other
// characters (umlauts) readable.
func escapeDNValue(v string) string {
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c == '"' || c == '+' || c == ',' || c == ';' || c == '<' || c == '>' || c == '\\' || c == '=',
			(c == ' ' || c == '#') && i == 0, c == ' ' && i == len(v)-1:
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < ' ':
			fmt.Fprintf(&b, "\\%02x", c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// checkPassword compares in constant time; an empty password never
// matches (RFC 4513 §5.1.2: that would be an unauthenticated bind).
func checkPassword(want, got string) bool {
	return want != "" && got != "" && subtle.ConstantTimeCompare([]byte(want), []byte(got)) == 1
}

// person finds the entry of a DN, matching without regard to case.
func (s *Server) person(dn string) *entry {
	parsed, err := ldap.ParseDN(dn)
	if err != nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	i := slices.IndexFunc(s.entries, func(e *entry) bool { return e.parsed.EqualFold(parsed) })
	if i < 0 {
		return nil
	}
	return s.entries[i]
}
