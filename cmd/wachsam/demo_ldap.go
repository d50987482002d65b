package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/demo"
	"github.com/wachsam/wachsam/internal/directory"
	"github.com/wachsam/wachsam/internal/directory/demodir"
)

// The demo town whose staff sign in against its LDAP directory, and that
// directory's tree.
const (
	demoLDAPAGS    = "08425103"
	demoLDAPDomain = demoLDAPAGS + ".demo.wachsam.de"
	demoLDAPBaseDN = "dc=buchenried,dc=demo"
)

// What the directory shows that wachsam does not know yet, so the sync's
// preview has something to show: a newcomer, a move and a leaver. They are
// fixed people, so once an administrator runs the sync the next start finds
// directory and wachsam agreeing.
var demoLDAPNewcomer = demodir.Person{Email: "mitarbeiter22@" + demoLDAPDomain, GivenName: "Nele", Surname: "Lindner", Department: "Bürgerbüro"}

const (
	demoLDAPMover      = "mitarbeiter02@" + demoLDAPDomain
	demoLDAPMoveTo     = "IT und Organisation"
	demoLDAPLeaver     = "mitarbeiter21@" + demoLDAPDomain
	demoLDAPUserFilter = "(&(objectClass=inetOrgPerson)(mail=%s))"
)

// demoLDAP starts an LDAPS directory in memory with Gemeinde Buchenried's
// staff and connects the town to it, so the demo shows sign-in by a bind
// against a town's directory and the sync's preview. Port, CA and service
// password are new at every start, so the town's settings are written
// again. The sync runs only on demand: run at every start, it would
// disable the leaver each time.
//
// The first start links the town's accounts to the directory as an
// earlier sync would have: it syncs against the directory as wachsam
// knows it (no one new, no one gone), then the directory takes on the
// changes. It returns a stop function; nil when the town is missing.
func demoLDAP(ctx context.Context, a *app) (stop func(), note string, err error) {
	town, err := a.db.MunicipalityByAGS(ctx, demoLDAPAGS)
	if wachsam.ErrorCodeOf(err) == wachsam.ENOTFOUND {
		return nil, "", nil
	}
	if err != nil {
		return nil, "", err
	}
	known, err := demoLDAPStaff(ctx, a, town.ID)
	if err != nil {
		return nil, "", err
	}
	secret := make([]byte, 24)
	rand.Read(secret)
	srv, err := demodir.Start(demodir.Config{BaseDN: demoLDAPBaseDN, ServicePassword: hex.EncodeToString(secret)}, known)
	if err != nil {
		a.logger.Warn("Demo-LDAP-Verzeichnis nicht gestartet", "error", err)
		return nil, "", nil
	}
	stop = func() { srv.Close() }
	if err := demoLDAPConnect(ctx, a, town.ID, srv, hex.EncodeToString(secret)); err != nil {
		stop()
		return nil, "", err
	}
	srv.SetPeople(demoLDAPChanged(known))
	example := ""
	for _, p := range known {
		if p.Email != demoLDAPLeaver && (example == "" || p.Email < example) {
			example = p.Email
		}
	}
	note = fmt.Sprintf("Anmeldung über das LDAP-Verzeichnis der Kommune: %s, z. B. %s mit dem Demo-Passwort;\n"+
		"das Demo-Verzeichnis läuft unter %s, die Vorschau des Abgleichs unter %s/verwaltung/gemeinden/%d/verzeichnis.",
		town.Name, example, srv.URL(), strings.TrimSuffix(a.cfg.BaseURL, "/"), town.ID)
	return stop, note, nil
}

// demoLDAPConnect writes the town's settings and, while an account is
// not linked yet, links it by a sync that can only link: the directory
// lists exactly the accounts wachsam has, and the sync runs only when its
// plan neither creates nor disables anyone.
func demoLDAPConnect(ctx context.Context, a *app, townID int64, srv *demodir.Server, password string) error {
	cfg := &wachsam.DirectoryConfig{MunicipalityID: townID, URL: srv.URL(), BaseDN: srv.BaseDN(), BindDN: srv.ServiceDN(),
		BindPassword: password, UserFilter: demoLDAPUserFilter, EmailAttr: "mail", GivenNameAttr: "givenName",
		SurnameAttr: "sn", DepartmentAttr: "ou", CACertPEM: srv.CACertPEM()}
	actor := wachsam.SystemActor("demo")
	if err := a.db.SaveDirectoryConfig(ctx, actor, cfg); err != nil {
		return err
	}
	syncer := directory.Syncer{Store: a.db, Connector: a.directory}
	plan, err := syncer.Sync(ctx, actor, townID, true)
	if err == nil && len(plan.Update) > 0 && len(plan.Create) == 0 && len(plan.Disable) == 0 {
		_, err = syncer.Sync(ctx, actor, townID, false)
	}
	if err != nil {
		// The demo still starts: unlinked accounts sign in with their
		// password, and the directory page shows what went wrong.
		a.logger.Warn("Demo-LDAP-Verzeichnis: Konten nicht verknüpft", "error", err)
	}
	return nil
}

// demoLDAPStaff lists the town's active staff with the demo addresses as
// wachsam knows them, each with the demo password.
func demoLDAPStaff(ctx context.Context, a *app, townID int64) ([]demodir.Person, error) {
	users, err := a.db.Users(ctx, wachsam.UserFilter{MunicipalityID: &townID})
	if err != nil {
		return nil, err
	}
	deps, err := a.db.Departments(ctx, townID)
	if err != nil {
		return nil, err
	}
	depName := map[int64]string{}
	for _, d := range deps {
		depName[d.ID] = d.Name
	}
	var out []demodir.Person
	for _, u := range users {
		if u.Disabled || !u.Has(wachsam.RoleStaff) || !strings.HasSuffix(u.Email, "@"+demoLDAPDomain) {
			continue
		}
		// wachsam joins given name and surname with a space, so the name
		// is split at its first one.
		given, family, _ := strings.Cut(u.Name, " ")
		p := demodir.Person{Email: u.Email, GivenName: given, Surname: family, Password: demo.Password}
		if u.DepartmentID != nil {
			p.Department = depName[*u.DepartmentID]
		}
		out = append(out, p)
	}
	return out, nil
}

// demoLDAPChanged is the directory after the town's personnel office
// changed it: the newcomer joined, the mover changed department and the
// leaver is gone.
func demoLDAPChanged(known []demodir.Person) []demodir.Person {
	out := make([]demodir.Person, 0, len(known)+1)
	newcomer := true
	for _, p := range known {
		switch p.Email {
		case demoLDAPLeaver:
			continue
		case demoLDAPMover:
			p.Department = demoLDAPMoveTo
		case demoLDAPNewcomer.Email:
			newcomer = false
		}
		out = append(out, p)
	}
	if newcomer {
		p := demoLDAPNewcomer
		p.Password = demo.Password
		out = append(out, p)
	}
	return out
}
