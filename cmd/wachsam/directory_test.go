package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/directory/slapdtest"
	"github.com/wachsam/wachsam/internal/store"
)

func TestDirectorySyncDryRunWritesNothing(t *testing.T) {
	srv := slapdtest.Start(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.db")
	db, err := store.Open(ctx, store.Location{Dialect: store.SQLite, DSN: path})
	if err != nil {
		t.Fatal(err)
	}
	actor := wachsam.SystemActor("test")
	m := &wachsam.Municipality{Name: "Musterstadt", AGS: "08425001", Population: 9000}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(db.CreateMunicipality(ctx, actor, m))
	must(db.SaveDirectoryConfig(ctx, actor, &wachsam.DirectoryConfig{MunicipalityID: m.ID, URL: srv.LDAPURL,
		BaseDN: slapdtest.StaffBase, BindDN: slapdtest.ServiceDN, BindPassword: slapdtest.ServicePassword,
		UserFilter: "(&(objectClass=inetOrgPerson)(mail=%s))", EmailAttr: "mail", GivenNameAttr: "givenName", SurnameAttr: "sn",
		CACertPEM: srv.CAPEM}))
	must(db.Close())

	env := []string{"WACHSAM_DATABASE_URL=sqlite://" + path, "WACHSAM_LOG_LEVEL=error"}
	for _, dry := range []bool{true, false} {
		args := []string{"directory", "sync", "--municipality", "08425001"}
		if dry {
			args = append(args, "--dry-run")
		}
		code, out, stderr := runCmd(t, env, "", args...)
		var plan wachsam.DirectorySyncPlan
		if code != 0 || json.Unmarshal([]byte(out), &plan) != nil || len(plan.Create) != len(slapdtest.Town) {
			t.Fatalf("dry run %v: exit %d, out %q, err %q", dry, code, out, stderr)
		}
	}
	// The dry run created nobody, so the real run still had all to create;
	// now a dry run finds nothing left to do.
	code, out, _ := runCmd(t, env, "", "directory", "sync", "--dry-run", "--municipality", "08425001")
	var plan wachsam.DirectorySyncPlan
	if code != 0 || json.Unmarshal([]byte(out), &plan) != nil || len(plan.Create) != 0 || plan.Unchanged != len(slapdtest.Town) {
		t.Fatalf("after the sync: exit %d, %+v", code, plan)
	}
	if code, _, stderr := runCmd(t, env, "", "directory", "sync", "--municipality", "09999999"); code != 1 || stderr == "" {
		t.Fatalf("unknown municipality: exit %d, %q", code, stderr)
	}
}
