package directory

import (
	"context"
	"errors"
	"fmt"
	"net"
	"testing"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/directory/slapdtest"
)

// townConfig connects to the test town's directory at url.
func townConfig(srv *slapdtest.Server, url string) *wachsam.DirectoryConfig {
	return &wachsam.DirectoryConfig{
		URL: url, BaseDN: slapdtest.StaffBase, BindDN: slapdtest.ServiceDN, BindPassword: slapdtest.ServicePassword,
		UserFilter: "(&(objectClass=inetOrgPerson)(mail=%s))", EmailAttr: "mail", GivenNameAttr: "givenName", SurnameAttr: "sn",
		CACertPEM: srv.CAPEM,
	}
}

func TestBindSignInOverLDAPSAndStartTLS(t *testing.T) {
	srv := slapdtest.Start(t)
	ctx := context.Background()
	for name, url := range map[string]string{"ldaps": srv.LDAPSURL, "starttls": srv.LDAPURL} {
		t.Run(name, func(t *testing.T) {
			cfg := townConfig(srv, url)
			if err := cfg.Validate(); err != nil {
				t.Fatal(err)
			}
			p, err := Connector{}.Authenticate(ctx, cfg, "Juergen.Muessig@musterstadt.de", "jürgen-pw-2")
			if err != nil {
				t.Fatal(err)
			}
			if p.Name != "Jürgen Müßig" || p.Department != "Kämmerei" || p.Email != "juergen.muessig@musterstadt.de" {
				t.Fatalf("person %+v", p)
			}
			cases := map[string]struct{ login, password string }{
				"wrong password":        {"juergen.muessig@musterstadt.de", "anna-pw-1"},
				"empty password":        {"juergen.muessig@musterstadt.de", ""},
				"unknown user":          {"niemand@musterstadt.de", "jürgen-pw-2"},
				"wildcard in the login": {"*", "jürgen-pw-2"},
				"prefix wildcard":       {"juergen*", "jürgen-pw-2"},
				"filter injection":      {"x*)(mail=juergen.muessig@musterstadt.de", "jürgen-pw-2"},
				"or injection":          {"juergen.muessig@musterstadt.de)(|(mail=*", "anna-pw-1"},
				"service account":       {"wachsam", slapdtest.ServicePassword},
			}
			for what, c := range cases {
				if _, err := (Connector{}).Authenticate(ctx, cfg, c.login, c.password); !errors.Is(err, errWrongCredentials) {
					t.Errorf("%s: got %v, want wrong credentials", what, err)
				}
			}
		})
	}
}

func TestDepartmentFromAttributeOrOU(t *testing.T) {
	srv := slapdtest.Start(t)
	cfg := townConfig(srv, srv.LDAPSURL)
	people, err := Connector{}.People(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	byOU := map[string]string{}
	for _, p := range people {
		byOU[p.Email] = p.Department
	}
	cfg.DepartmentAttr = "departmentNumber"
	people, err = Connector{}.People(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(people) != len(slapdtest.Town) {
		t.Fatalf("%d people listed, want %d (the service account is no person)", len(people), len(slapdtest.Town))
	}
	for _, p := range people {
		for _, want := range slapdtest.Town {
			if want.Mail == p.Email && (p.Department != want.DepartmentNumber || byOU[p.Email] != want.OU) {
				t.Errorf("%s: attribute %q, OU %q; want %q and %q", p.Email, p.Department, byOU[p.Email], want.DepartmentNumber, want.OU)
			}
		}
	}
}

func TestPlainLDAPOnlyWhereAllowed(t *testing.T) {
	srv := slapdtest.Start(t)
	cfg := townConfig(srv, srv.LDAPURL)
	cfg.PlainLDAP = true
	_, err := Connector{}.Authenticate(context.Background(), cfg, "anna.schmidt@musterstadt.de", "anna-pw-1")
	if wachsam.ErrorCodeOf(err) != wachsam.EINVALID || wachsam.ErrorMessageOf(err) == "" {
		t.Fatalf("plain LDAP without permission: %v", err)
	}
	if _, err := (Connector{AllowPlain: true}).Authenticate(context.Background(), cfg, "anna.schmidt@musterstadt.de", "anna-pw-1"); err != nil {
		t.Fatalf("plain LDAP where allowed: %v", err)
	}
}

func TestUnreachableOrUntrustedDirectoryIsAGermanMessage(t *testing.T) {
	srv := slapdtest.Start(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := fmt.Sprintf("ldaps://%s", l.Addr())
	l.Close()
	untrusted := townConfig(srv, srv.LDAPSURL)
	untrusted.CACertPEM = "" // the test CA is not among the system's roots
	for name, cfg := range map[string]*wachsam.DirectoryConfig{"closed port": townConfig(srv, closed), "unknown CA": untrusted} {
		_, err := Connector{}.Authenticate(context.Background(), cfg, "anna.schmidt@musterstadt.de", "anna-pw-1")
		if wachsam.ErrorCodeOf(err) != wachsam.EUNAVAILABLE || wachsam.ErrorMessageOf(err) != ErrUnavailable.Message {
			t.Errorf("%s: got %v, want the directory reported unreachable", name, err)
		}
	}
}

// TestSizeLimitedDirectoryIsNeverSyncedInPart lists a directory larger than
// slapd's default limit of 500 entries: with the limit lifted for the
// service account every person arrives (paged); without, the listing is
// refused with a German message instead of a partial list whose missing
// people a sync would disable.
func TestSizeLimitedDirectoryIsNeverSyncedInPart(t *testing.T) {
	var extra []slapdtest.Person
	for i := range 600 {
		extra = append(extra, slapdtest.Person{UID: fmt.Sprintf("p%d", i), GivenName: "Person", Surname: fmt.Sprint(i),
			Mail: fmt.Sprintf("p%d@musterstadt.de", i), Password: "x", OU: fmt.Sprintf("Amt %d", i%12), DepartmentNumber: "x"})
	}
	srv := slapdtest.Start(t, extra...)
	cfg := townConfig(srv, srv.LDAPSURL)
	people, err := Connector{}.People(context.Background(), cfg)
	if err != nil || len(people) != len(slapdtest.Town)+len(extra) {
		t.Fatalf("%d people, %v; want %d", len(people), err, len(slapdtest.Town)+len(extra))
	}
	cfg.BindDN = slapdtest.LimitedDN
	if _, err := (Connector{}).People(context.Background(), cfg); wachsam.ErrorMessageOf(err) != ErrTruncated.Message {
		t.Fatalf("limited service account: %v", err)
	}
}
