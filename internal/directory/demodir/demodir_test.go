package demodir

import (
	"crypto/tls"
	"crypto/x509"
	"strings"
	"testing"

	"github.com/go-ldap/ldap/v3"
)

func startDemo(t *testing.T) (*Server, func() *ldap.Conn) {
	t.Helper()
	people := []Person{
		{Email: "anna@x.de", GivenName: "Anna", Surname: "Müller", Department: "Kämmerei", Password: "geheim-a"},
		{Email: "jonas@x.de", GivenName: "Jonas", Surname: "Weber", Department: "Bau- und Ordnungsamt, Ost", Password: "geheim-j"},
		{Email: "lea@x.de", GivenName: "Lea", Surname: "Koch", Department: "Kämmerei", Password: "geheim-l"},
	}
	s, err := Start(Config{BaseDN: "dc=test,dc=demo", ServicePassword: "dienst"}, people)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if !strings.HasPrefix(s.URL(), "ldaps://127.0.0.1:") {
		t.Fatalf("URL %s", s.URL())
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM([]byte(s.CACertPEM())) {
		t.Fatal("CA PEM does not parse")
	}
	dial := func() *ldap.Conn {
		t.Helper()
		conn, err := ldap.DialURL(s.URL(), ldap.DialWithTLSConfig(&tls.Config{RootCAs: pool, ServerName: "127.0.0.1"}))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { conn.Close() })
		return conn
	}
	return s, dial
}

func search(base, filter string, sizeLimit int) *ldap.SearchRequest {
	return ldap.NewSearchRequest(base, ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, sizeLimit, 10, false, filter,
		[]string{"mail", "givenName", "sn", "ou"}, nil)
}

// TestDemoDirectoryAnswersWhatWachsamSends binds and searches as
// internal/directory does: the service account searches by escaped
// address (size limit 2) and pages through everyone; the person binds.
func TestDemoDirectoryAnswersWhatWachsamSends(t *testing.T) {
	s, dial := startDemo(t)
	conn := dial()
	if err := conn.Bind(s.ServiceDN(), "dienst"); err != nil {
		t.Fatal(err)
	}
	res, err := conn.Search(search(s.BaseDN(), "(&(objectClass=inetOrgPerson)(mail="+ldap.EscapeFilter("ANNA@x.de")+"))", 2))
	if err != nil || len(res.Entries) != 1 || res.Entries[0].GetAttributeValue("ou") != "Kämmerei" || res.Entries[0].GetAttributeValue("sn") != "Müller" {
		t.Fatalf("search by address: %v %+v", err, res)
	}
	annaDN := res.Entries[0].DN
	if res.Entries[0].GetAttributeValue("userPassword") != "" {
		t.Fatal("password listed")
	}
	// A page of two: the client must follow the cookie to the third.
	all, err := conn.SearchWithPaging(search(s.BaseDN(), "(&(objectClass=inetOrgPerson)(mail=*))", 0), 2)
	if err != nil || len(all.Entries) != 3 {
		t.Fatalf("paged search: %v %d", err, len(all.Entries))
	}
	jonas := all.Entries[1]
	if dn, _ := ldap.ParseDN(jonas.DN); dn == nil || jonas.GetAttributeValue("ou") != "Bau- und Ordnungsamt, Ost" {
		t.Fatalf("escaped DN %q", jonas.DN)
	}
	// The size limit holds and says so.
	res, err = conn.Search(search(s.BaseDN(), "(mail=*)", 2))
	if !ldap.IsErrorWithCode(err, ldap.LDAPResultSizeLimitExceeded) || len(res.Entries) != 2 {
		t.Fatalf("size limit: %v", err)
	}
	res, err = conn.Search(search(s.BaseDN(), "(|(sn=koc*)(!(ou=*)))", 0))
	if err != nil || len(res.Entries) != 1 {
		t.Fatalf("substring and or: %v %+v", err, res)
	}
	if err := conn.Bind(annaDN, "geheim-a"); err != nil {
		t.Fatalf("person bind: %v", err)
	}
	if err := conn.Bind(strings.ToUpper(annaDN), "geheim-a"); err != nil {
		t.Fatalf("DN case: %v", err)
	}
}

// TestDemoDirectoryRefusesTheRest: wrong and empty passwords, unknown
// DNs, searches by anyone but the service account, writes, unsupported
// filters and unencrypted connections are all refused.
func TestDemoDirectoryRefusesTheRest(t *testing.T) {
	s, dial := startDemo(t)
	conn := dial()
	for _, c := range []struct{ dn, password string }{
		{s.ServiceDN(), "falsch"}, {s.ServiceDN(), ""}, {"uid=anna,ou=Kämmerei," + s.BaseDN(), "falsch"},
		{"uid=niemand," + s.BaseDN(), "geheim-a"}, {"", ""}, {"kein DN", "x"},
	} {
		bind := func() error { return conn.Bind(c.dn, c.password) }
		if c.password == "" {
			// go-ldap refuses to send it; the server must refuse it too.
			bind = func() error { return conn.UnauthenticatedBind(c.dn) }
		}
		if err := bind(); !ldap.IsErrorWithCode(err, ldap.LDAPResultInvalidCredentials) {
			t.Errorf("bind %q/%q: %v", c.dn, c.password, err)
		}
	}
	if _, err := conn.Search(search(s.BaseDN(), "(mail=*)", 0)); !ldap.IsErrorWithCode(err, ldap.LDAPResultInsufficientAccessRights) {
		t.Errorf("anonymous search: %v", err)
	}
	if err := conn.Bind("uid=anna,ou=Kämmerei,"+s.BaseDN(), "geheim-a"); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Search(search(s.BaseDN(), "(mail=*)", 0)); !ldap.IsErrorWithCode(err, ldap.LDAPResultInsufficientAccessRights) {
		t.Errorf("search as a person: %v", err)
	}
	if err := conn.Bind(s.ServiceDN(), "dienst"); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Search(search(s.BaseDN(), "(mail>=a)", 0)); !ldap.IsErrorWithCode(err, ldap.LDAPResultUnwillingToPerform) {
		t.Errorf("unsupported filter: %v", err)
	}
	if _, err := conn.Search(search("dc=anderswo", "(mail=*)", 0)); !ldap.IsErrorWithCode(err, ldap.LDAPResultNoSuchObject) {
		t.Errorf("foreign base: %v", err)
	}
	modify := ldap.NewModifyRequest("uid=anna,ou=Kämmerei,"+s.BaseDN(), nil)
	modify.Replace("sn", []string{"Maier"})
	if err := conn.Modify(modify); !ldap.IsErrorWithCode(err, ldap.LDAPResultUnwillingToPerform) {
		t.Errorf("modify: %v", err)
	}
	if err := conn.Del(ldap.NewDelRequest("uid=anna,ou=Kämmerei,"+s.BaseDN(), nil)); !ldap.IsErrorWithCode(err, ldap.LDAPResultUnwillingToPerform) {
		t.Errorf("delete: %v", err)
	}
	if _, err := conn.PasswordModify(ldap.NewPasswordModifyRequest("", "dienst", "neu")); err == nil {
		t.Error("password change accepted")
	}
	// Plain LDAP on the LDAPS port gets no answer it could use.
	plain, err := ldap.DialURL(strings.Replace(s.URL(), "ldaps://", "ldap://", 1))
	if err == nil {
		plain.SetTimeout(2e9)
		if err := plain.Bind(s.ServiceDN(), "dienst"); err == nil {
			t.Error("plain bind succeeded")
		}
		plain.Close()
	}
}
