package wachsam

import (
	"crypto/x509"
	"encoding/pem"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// DirectoryConfig connects one municipality to its town's LDAP or Active
// Directory (DESIGN.md §6): staff sign in by a bind against it, and a
// scheduled sync keeps their accounts and departments current.
type DirectoryConfig struct {
	MunicipalityID int64 `bun:"municipality_id,pk"`
	// URL is ldaps://host:636 (TLS from the start) or ldap://host:389,
	// which always upgrades with StartTLS unless PlainLDAP is set.
	URL string `bun:"url,notnull"`
	// PlainLDAP allows an unencrypted connection; the server refuses it
	// unless its operator allowed plain LDAP for tests or the demo.
	PlainLDAP    bool   `bun:"plain_ldap,notnull"`
	BaseDN       string `bun:"base_dn,notnull"`
	BindDN       string `bun:"bind_dn,notnull"`
	BindPassword string `bun:"bind_password,notnull" json:"-"`
	// UserFilter finds a person; every %s is replaced by the escaped
	// address typed at sign-in, or by * to list everyone for the sync.
	UserFilter    string `bun:"user_filter,notnull"`
	EmailAttr     string `bun:"email_attr,notnull"`
	GivenNameAttr string `bun:"given_name_attr,notnull"`
	SurnameAttr   string `bun:"surname_attr,notnull"`
	// DepartmentAttr names the attribute that holds the department; empty
	// takes the department from the first OU of the person's DN.
	DepartmentAttr string `bun:"department_attr,notnull"`
	CACertPEM      string `bun:"ca_cert_pem,notnull"`
	// SyncIntervalMinutes is the schedule of the sync; 0 syncs only on demand.
	SyncIntervalMinutes int        `bun:"sync_interval_minutes,notnull"`
	NextSyncAt          *time.Time `bun:"next_sync_at"`
	LastSyncAt          *time.Time `bun:"last_sync_at"`
	LastSyncResult      string     `bun:"last_sync_result,notnull"`
	UpdatedAt           time.Time  `bun:"updated_at,notnull"`
}

// Sync intervals below a quarter of an hour would hammer a town's
// directory; more than a week lets leavers keep their accounts too long.
const (
	MinDirectorySyncMinutes = 15
	MaxDirectorySyncMinutes = 7 * 24 * 60
)

var ldapAttributeName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]{0,63}$`)

// Validate checks the settings an administrator types in and normalises
// them. A DN is checked only for its shape here; the directory itself is
// the judge of whether it exists.
func (c *DirectoryConfig) Validate() error {
	for _, f := range []*string{&c.URL, &c.BaseDN, &c.BindDN, &c.UserFilter, &c.EmailAttr, &c.GivenNameAttr, &c.SurnameAttr, &c.DepartmentAttr} {
		*f = strings.TrimSpace(*f)
	}
	u, err := url.Parse(c.URL)
	if err != nil || (u.Scheme != "ldaps" && u.Scheme != "ldap") || u.Hostname() == "" || len(c.URL) > 500 {
		return FieldError("url", "Bitte geben Sie die Adresse des Verzeichnisses an, z. B. ldaps://dc1.gemeinde.local:636.")
	}
	if c.PlainLDAP && u.Scheme != "ldap" {
		return FieldError("plain_ldap", "Unverschlüsselt kann nur eine ldap://-Adresse verbunden werden.")
	}
	for _, dn := range []struct{ field, value, label string }{{"base_dn", c.BaseDN, "Basis-DN"}, {"bind_dn", c.BindDN, "DN des Dienstkontos"}} {
		if !strings.Contains(dn.value, "=") || len(dn.value) > 500 || strings.ContainsAny(dn.value, "\x00\r\n") {
			return FieldError(dn.field, "Bitte geben Sie den %s an, z. B. ou=Mitarbeitende,dc=gemeinde,dc=de.", dn.label)
		}
	}
	if c.BindPassword == "" {
		return FieldError("bind_password", "Bitte geben Sie das Passwort des Dienstkontos an.")
	}
	if len(c.BindPassword) > 500 || strings.ContainsAny(c.BindPassword, "\x00\r\n") {
		return FieldError("bind_password", "Das Passwort des Dienstkontos ist ungültig.")
	}
	if !strings.HasPrefix(c.UserFilter, "(") || !strings.HasSuffix(c.UserFilter, ")") || !strings.Contains(c.UserFilter, "%s") ||
		strings.Count(c.UserFilter, "(") != strings.Count(c.UserFilter, ")") || len(c.UserFilter) > 500 ||
		strings.Contains(strings.ReplaceAll(c.UserFilter, "%s", ""), "%") {
		return FieldError("user_filter", "Der Filter muss in Klammern stehen und %%s für die E-Mail-Adresse enthalten, z. B. (&(objectClass=person)(mail=%%s)).")
	}
	for _, a := range []struct{ field, value string }{{"email_attr", c.EmailAttr}, {"given_name_attr", c.GivenNameAttr}, {"surname_attr", c.SurnameAttr}} {
		if !ldapAttributeName.MatchString(a.value) {
			return FieldError(a.field, "Bitte geben Sie einen gültigen Attributnamen an, z. B. mail, givenName oder sn.")
		}
	}
	if c.DepartmentAttr != "" && !ldapAttributeName.MatchString(c.DepartmentAttr) {
		return FieldError("department_attr", "Bitte geben Sie einen gültigen Attributnamen an (z. B. department) oder lassen Sie das Feld leer, um die Abteilung aus der OU zu nehmen.")
	}
	if strings.TrimSpace(c.CACertPEM) != "" {
		if _, err := c.CertPool(); err != nil {
			return err
		}
	}
	if c.SyncIntervalMinutes != 0 && (c.SyncIntervalMinutes < MinDirectorySyncMinutes || c.SyncIntervalMinutes > MaxDirectorySyncMinutes) {
		return FieldError("sync_interval_minutes", "Der Abgleich läuft alle %d bis %d Minuten, oder 0 für nur von Hand.", MinDirectorySyncMinutes, MaxDirectorySyncMinutes)
	}
	return nil
}

// CertPool holds the CA certificate the directory's TLS certificate must
// chain to; nil (the system's roots) when none is set.
func (c *DirectoryConfig) CertPool() (*x509.CertPool, error) {
	if strings.TrimSpace(c.CACertPEM) == "" {
		return nil, nil
	}
	pool := x509.NewCertPool()
	rest, found := []byte(c.CACertPEM), false
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		cert, err := x509.ParseCertificate(block.Bytes)
		if block.Type != "CERTIFICATE" || err != nil {
			return nil, FieldError("ca_cert_pem", "Das CA-Zertifikat ist kein gültiges PEM-Zertifikat.")
		}
		pool.AddCert(cert)
		found = true
	}
	if !found {
		return nil, FieldError("ca_cert_pem", "Das CA-Zertifikat ist kein gültiges PEM-Zertifikat.")
	}
	return pool, nil
}

// ScheduleNext sets when the next scheduled sync is due after now.
func (c *DirectoryConfig) ScheduleNext(now time.Time) {
	if c.SyncIntervalMinutes == 0 {
		c.NextSyncAt = nil
		return
	}
	next := now.Add(time.Duration(c.SyncIntervalMinutes) * time.Minute).UTC()
	c.NextSyncAt = &next
}

// DirectoryPerson is one person as the directory lists them.
type DirectoryPerson struct {
	DN         string `json:"dn"`
	Email      string `json:"email"`
	Name       string `json:"name"`
	Department string `json:"department"`
}

// DirectoryAccount is a staff account of the municipality as the sync
// compares it with the directory.
type DirectoryAccount struct {
	UserID     int64  `json:"user_id"`
	Email      string `json:"email"`
	Name       string `json:"name"`
	Department string `json:"department"`
	Disabled   bool   `json:"disabled"`
	// Linked tells whether the directory manages the account; only such
	// accounts are disabled when the person leaves the directory.
	Linked bool   `json:"linked"`
	DN     string `json:"-"`
}

// DirectoryUpdate is an account whose name, department or state the sync changes.
type DirectoryUpdate struct {
	Account DirectoryAccount `json:"account"`
	Person  DirectoryPerson  `json:"person"`
}

// DirectorySkip is a directory entry the sync leaves alone, with the reason.
type DirectorySkip struct {
	DN     string `json:"dn"`
	Reason string `json:"reason"`
}

// DirectorySyncPlan is what a sync changes: it is shown as the dry run and
// applied as is by the real run.
type DirectorySyncPlan struct {
	Create    []DirectoryPerson  `json:"create"`
	Update    []DirectoryUpdate  `json:"update"`
	Disable   []DirectoryAccount `json:"disable"`
	Skipped   []DirectorySkip    `json:"skipped"`
	Unchanged int                `json:"unchanged"`
}

// Summary is the German one-line account of a plan for the audit log.
func (p DirectorySyncPlan) Summary() string {
	return strings.Join([]string{
		strconv.Itoa(len(p.Create)) + " neu", strconv.Itoa(len(p.Update)) + " geändert", strconv.Itoa(len(p.Disable)) + " deaktiviert",
		strconv.Itoa(p.Unchanged) + " unverändert", strconv.Itoa(len(p.Skipped)) + " übersprungen",
	}, ", ")
}

// PlanDirectorySync compares the directory's people with the municipality's
// staff accounts. People are matched by e-mail address (without regard to
// case). foreign holds the addresses that belong to accounts the
// municipality does not manage: those people are skipped, never taken over.
func PlanDirectorySync(people []DirectoryPerson, accounts []DirectoryAccount, foreign map[string]bool) DirectorySyncPlan {
	plan := DirectorySyncPlan{Create: []DirectoryPerson{}, Update: []DirectoryUpdate{}, Disable: []DirectoryAccount{}, Skipped: []DirectorySkip{}}
	byEmail := make(map[string]DirectoryAccount, len(accounts))
	for _, a := range accounts {
		byEmail[NormalizeEmail(a.Email)] = a
	}
	seen := make(map[string]bool, len(people))
	for _, p := range people {
		key := NormalizeEmail(p.Email)
		switch {
		case key == "" || !strings.Contains(key, "@"):
			plan.Skipped = append(plan.Skipped, DirectorySkip{DN: p.DN, Reason: "Keine gültige E-Mail-Adresse im Verzeichnis."})
			continue
		case seen[key]:
			plan.Skipped = append(plan.Skipped, DirectorySkip{DN: p.DN, Reason: "Die E-Mail-Adresse steht mehrfach im Verzeichnis."})
			continue
		case foreign[key]:
			plan.Skipped = append(plan.Skipped, DirectorySkip{DN: p.DN, Reason: "Die Adresse gehört zu einem Konto, das nicht als Beschäftigte dieser Kommune geführt wird."})
			continue
		}
		seen[key] = true
		p.Email = key
		a, ok := byEmail[key]
		switch {
		case !ok:
			plan.Create = append(plan.Create, p)
		case a.Name != p.Name || a.Department != p.Department || a.Disabled && a.Linked || !a.Linked || a.DN != p.DN:
			plan.Update = append(plan.Update, DirectoryUpdate{Account: a, Person: p})
		default:
			plan.Unchanged++
		}
	}
	for _, a := range accounts {
		if a.Linked && !a.Disabled && !seen[NormalizeEmail(a.Email)] {
			plan.Disable = append(plan.Disable, a)
		}
	}
	return plan
}

// DirectorySyncJob runs one municipality's directory sync; internal/store
// enqueues it when the schedule is due, internal/directory handles it.
const DirectorySyncJob = "directory.sync"

// DirectorySyncPayload names the municipality whose directory is synced.
type DirectorySyncPayload struct {
	MunicipalityID int64 `json:"municipality_id"`
}
