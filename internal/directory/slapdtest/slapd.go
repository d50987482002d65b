// Package slapdtest runs a real OpenLDAP server (Debian's slapd) for tests:
// its own configuration, database and TLS certificates in a temporary
// directory, on free ports of 127.0.0.1, stopped when the test ends. It is
// skipped where slapd is missing, except under CI, where that fails.
package slapdtest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-ldap/ldap/v3"
)

// Suffix is the naming context of the test town's directory.
const Suffix = "dc=musterstadt,dc=de"

// Credentials of the administrator (rootdn) and the service account that
// wachsam binds as to search.
const (
	AdminDN         = "cn=admin," + Suffix
	AdminPassword   = "admin-geheim"
	ServiceDN       = "cn=wachsam,ou=Dienste," + Suffix
	ServicePassword = "dienst-geheim"
	// LimitedDN is a second service account (same password) that keeps
	// slapd's default limit of 500 entries per search, as a directory
	// whose administrator has not lifted it for wachsam.
	LimitedDN = "cn=begrenzt,ou=Dienste," + Suffix
	StaffBase = "ou=Mitarbeitende," + Suffix
)

// Person is one member of staff seeded into the directory.
type Person struct {
	UID, GivenName, Surname, Mail, Password string
	OU                                      string // the department as an OU below StaffBase
	DepartmentNumber                        string // the department as an attribute (may differ from OU)
}

// DN is where the person lives in the directory.
func (p Person) DN() string {
	return "uid=" + ldap.EscapeDN(p.UID) + ",ou=" + ldap.EscapeDN(p.OU) + "," + StaffBase
}

// Town is the seeded town: three departments, an umlaut name and a person
// who will leave.
var Town = []Person{
	{UID: "aschmidt", GivenName: "Anna", Surname: "Schmidt", Mail: "anna.schmidt@musterstadt.de", Password: "anna-pw-1", OU: "Bürgerbüro", DepartmentNumber: "Bürgerservice"},
	{UID: "jmuessig", GivenName: "Jürgen", Surname: "Müßig", Mail: "juergen.muessig@musterstadt.de", Password: "jürgen-pw-2", OU: "Kämmerei", DepartmentNumber: "Finanzen"},
	{UID: "bkoch", GivenName: "Berta", Surname: "Koch", Mail: "berta.koch@musterstadt.de", Password: "berta-pw-3", OU: "Kämmerei", DepartmentNumber: "Finanzen"},
	{UID: "oweg", GivenName: "Otto", Surname: "Weg", Mail: "otto.weg@musterstadt.de", Password: "otto-pw-4", OU: "Ordnungsamt", DepartmentNumber: "Ordnung"},
}

// Server is a running slapd.
type Server struct {
	LDAPURL  string // ldap://127.0.0.1:port (StartTLS or plain)
	LDAPSURL string // ldaps://127.0.0.1:port
	CAPEM    string // the CA that signed the server's certificate
	dir      string
}

// Start runs slapd seeded with Town (plus extra people) until the test ends.
func Start(t testing.TB, extra ...Person) *Server {
	t.Helper()
	slapd, err := exec.LookPath("slapd")
	if err != nil {
		slapd = "/usr/sbin/slapd"
	}
	slapadd := filepath.Join(filepath.Dir(slapd), "slapadd")
	if _, err := os.Stat(slapd); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("slapd is missing, but CI requires the directory tests to run (apt-get install slapd ldap-utils)")
		}
		t.Skip("slapd not installed: directory tests skipped (apt-get install slapd ldap-utils)")
	}
	dir := t.TempDir()
	s := &Server{dir: dir}
	s.CAPEM = writeCertificates(t, dir)
	must(t, os.MkdirAll(filepath.Join(dir, "db"), 0o700))
	must(t, os.WriteFile(filepath.Join(dir, "slapd.conf"), []byte(config(dir)), 0o600))
	must(t, os.WriteFile(filepath.Join(dir, "seed.ldif"), []byte(Seed(append(append([]Person{}, Town...), extra...))), 0o600))
	if out, err := exec.Command(slapadd, "-f", filepath.Join(dir, "slapd.conf"), "-l", filepath.Join(dir, "seed.ldif")).CombinedOutput(); err != nil {
		t.Fatalf("slapadd: %v\n%s", err, out)
	}
	ldapPort, ldapsPort := freePort(t), freePort(t)
	s.LDAPURL = fmt.Sprintf("ldap://127.0.0.1:%d", ldapPort)
	s.LDAPSURL = fmt.Sprintf("ldaps://127.0.0.1:%d", ldapsPort)
	var logs bytes.Buffer
	cmd := exec.Command(slapd, "-f", filepath.Join(dir, "slapd.conf"), "-h", s.LDAPURL+"/ "+s.LDAPSURL+"/", "-d", "0")
	cmd.Stdout, cmd.Stderr = &logs, &logs
	must(t, cmd.Start())
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", ldapsPort), time.Second)
		if err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("slapd did not start: %v\n%s", err, logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	return s
}

// Admin binds as the directory's administrator over StartTLS, for tests
// that change the directory (a leaver is removed, a name changes).
func (s *Server) Admin(t testing.TB) *ldap.Conn {
	t.Helper()
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM([]byte(s.CAPEM))
	conn, err := ldap.DialURL(s.LDAPSURL, ldap.DialWithTLSConfig(tlsConfig(pool)))
	must(t, err)
	must(t, conn.Bind(AdminDN, AdminPassword))
	t.Cleanup(func() { conn.Close() })
	return conn
}

func config(dir string) string {
	return strings.NewReplacer("DIR", dir).Replace(`include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile DIR/slapd.pid
TLSCACertificateFile DIR/ca.pem
TLSCertificateFile DIR/server.pem
TLSCertificateKeyFile DIR/server.key
access to attrs=userPassword by anonymous auth by * none
access to * by users read by * none
database mdb
maxsize 10485760
suffix "` + Suffix + `"
rootdn "` + AdminDN + `"
rootpw ` + AdminPassword + `
directory DIR/db
limits dn.exact="` + ServiceDN + `" size=unlimited
`)
}

// Seed is the LDIF of the town. Values that are not plain ASCII are
// base64-encoded, as RFC 2849 requires.
func Seed(people []Person) string {
	var b strings.Builder
	entry := func(dn string, attrs ...string) {
		line(&b, "dn", dn)
		for i := 0; i < len(attrs); i += 2 {
			line(&b, attrs[i], attrs[i+1])
		}
		b.WriteString("\n")
	}
	entry(Suffix, "objectClass", "dcObject", "objectClass", "organization", "o", "Musterstadt", "dc", "musterstadt")
	entry("ou=Dienste,"+Suffix, "objectClass", "organizationalUnit", "ou", "Dienste")
	entry(ServiceDN, "objectClass", "person", "cn", "wachsam", "sn", "Dienstkonto", "userPassword", ServicePassword)
	entry(LimitedDN, "objectClass", "person", "cn", "begrenzt", "sn", "Dienstkonto", "userPassword", ServicePassword)
	entry(StaffBase, "objectClass", "organizationalUnit", "ou", "Mitarbeitende")
	ous := map[string]bool{}
	for _, p := range people {
		if !ous[p.OU] {
			ous[p.OU] = true
			entry("ou="+ldap.EscapeDN(p.OU)+","+StaffBase, "objectClass", "organizationalUnit", "ou", p.OU)
		}
		entry(p.DN(), "objectClass", "inetOrgPerson", "uid", p.UID, "cn", p.GivenName+" "+p.Surname,
			"givenName", p.GivenName, "sn", p.Surname, "mail", p.Mail, "userPassword", p.Password,
			"departmentNumber", p.DepartmentNumber)
	}
	return b.String()
}

func line(b *strings.Builder, attr, value string) {
	for _, r := range value {
		if r > 0x7e || r < 0x20 {
			fmt.Fprintf(b, "%s:: %s\n", attr, base64.StdEncoding.EncodeToString([]byte(value)))
			return
		}
	}
	fmt.Fprintf(b, "%s: %s\n", attr, value)
}

// writeCertificates makes a CA and a server certificate for 127.0.0.1 and
// localhost, and returns the CA in PEM.
func writeCertificates(t testing.TB, dir string) string {
	t.Helper()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	must(t, err)
	ca := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Musterstadt Test-CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
	must(t, err)
	caCert, err := x509.ParseCertificate(caDER)
	must(t, err)
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	must(t, err)
	leaf := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, DNSNames: []string{"localhost"},
	}
	leafDER, err := x509.CreateCertificate(rand.Reader, leaf, caCert, &key.PublicKey, caKey)
	must(t, err)
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	must(t, err)
	caPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER})
	must(t, os.WriteFile(filepath.Join(dir, "ca.pem"), caPEM, 0o600))
	must(t, os.WriteFile(filepath.Join(dir, "server.pem"), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: leafDER}), 0o600))
	must(t, os.WriteFile(filepath.Join(dir, "server.key"), pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), 0o600))
	return string(caPEM)
}

func tlsConfig(pool *x509.CertPool) *tls.Config {
	return &tls.Config{RootCAs: pool, ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12}
}

func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
