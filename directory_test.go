package wachsam

import (
	"testing"
)

func validDirectoryConfig() DirectoryConfig {
	return DirectoryConfig{URL: "ldaps://dc1.gemeinde.local:636", BaseDN: "ou=Mitarbeitende,dc=gemeinde,dc=de",
		BindDN: "cn=wachsam,ou=Dienste,dc=gemeinde,dc=de", BindPassword: "geheim", UserFilter: "(&(objectClass=user)(|(mail=%s)(userPrincipalName=%s)))",
		EmailAttr: "mail", GivenNameAttr: "givenName", SurnameAttr: "sn", SyncIntervalMinutes: 1440}
}

func TestDirectoryConfigRefusesBadSettingsBesideTheField(t *testing.T) {
	ok := validDirectoryConfig()
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid settings refused: %v", err)
	}
	for field, change := range map[string]func(c *DirectoryConfig){
		"url":             func(c *DirectoryConfig) { c.URL = "https://dc1.gemeinde.local" },
		"plain_ldap":      func(c *DirectoryConfig) { c.PlainLDAP = true },
		"base_dn":         func(c *DirectoryConfig) { c.BaseDN = "Mitarbeitende" },
		"bind_dn":         func(c *DirectoryConfig) { c.BindDN = "cn=x\r\nou=y" },
		"bind_password":   func(c *DirectoryConfig) { c.BindPassword = "" },
		"user_filter":     func(c *DirectoryConfig) { c.UserFilter = "(mail=%d)" },
		"email_attr":      func(c *DirectoryConfig) { c.EmailAttr = "mail)(uid=*" },
		"department_attr": func(c *DirectoryConfig) { c.DepartmentAttr = "1abteilung" },
		"ca_cert_pem": func(c *DirectoryConfig) {
			c.CACertPEM = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"
		},
		"sync_interval_minutes": func(c *DirectoryConfig) { c.SyncIntervalMinutes = MinDirectorySyncMinutes - 1 },
	} {
		c := validDirectoryConfig()
		change(&c)
		err := c.Validate()
		if ErrorCodeOf(err) != EINVALID {
			t.Errorf("%s: got %v, want invalid", field, err)
			continue
		}
		if e := err.(*Error); e.Field != field || e.Message == "" {
			t.Errorf("%s: message %q beside %q", field, e.Message, e.Field)
		}
	}
	for _, minutes := range []int{0, MinDirectorySyncMinutes, MaxDirectorySyncMinutes} {
		c := validDirectoryConfig()
		c.SyncIntervalMinutes = minutes
		if err := c.Validate(); err != nil {
			t.Errorf("interval %d refused: %v", minutes, err)
		}
	}
}

func TestPlanDirectorySync(t *testing.T) {
	people := []DirectoryPerson{
		{DN: "uid=a", Email: "Anna@Stadt.de", Name: "Anna Neu", Department: "Kämmerei"},
		{DN: "uid=b", Email: "bernd@stadt.de", Name: "Bernd", Department: "Bauamt"},
		{DN: "uid=c", Email: "carla@stadt.de", Name: "Carla", Department: "Bauamt"},
		{DN: "uid=d", Email: "fremd@stadt.de", Name: "Dora", Department: "Bauamt"},
		{DN: "uid=e", Email: "", Name: "Ohne Adresse"},
		{DN: "uid=f", Email: "carla@stadt.de", Name: "Carla doppelt"},
	}
	accounts := []DirectoryAccount{
		{UserID: 1, Email: "anna@stadt.de", Name: "Anna Alt", Department: "Kämmerei", Linked: true, DN: "uid=a"},
		{UserID: 2, Email: "bernd@stadt.de", Name: "Bernd", Department: "Bauamt", Linked: true, DN: "uid=b"},
		{UserID: 3, Email: "gone@stadt.de", Name: "Gustav", Linked: true, DN: "uid=g"},
		{UserID: 4, Email: "local@stadt.de", Name: "Lokal"}, // not linked: never a leaver
		{UserID: 5, Email: "gone2@stadt.de", Name: "Schon weg", Linked: true, Disabled: true},
	}
	plan := PlanDirectorySync(people, accounts, map[string]bool{"fremd@stadt.de": true})
	if len(plan.Create) != 1 || plan.Create[0].Email != "carla@stadt.de" {
		t.Errorf("create %+v", plan.Create)
	}
	if len(plan.Update) != 1 || plan.Update[0].Account.UserID != 1 || plan.Update[0].Person.Name != "Anna Neu" {
		t.Errorf("update %+v", plan.Update)
	}
	if len(plan.Disable) != 1 || plan.Disable[0].UserID != 3 {
		t.Errorf("disable %+v", plan.Disable)
	}
	if len(plan.Skipped) != 3 || plan.Unchanged != 1 {
		t.Errorf("skipped %+v, unchanged %d", plan.Skipped, plan.Unchanged)
	}
}
