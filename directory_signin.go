package wachsam

import (
	"net"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
)

// OIDCProvider is a municipality's OpenID Connect directory (Entra ID, ADFS,
// Keycloak, …): staff of that town sign in with it instead of a password
// (DESIGN.md §6). There is at most one per municipality.
type OIDCProvider struct {
	MunicipalityID int64  `bun:"municipality_id,pk"`
	IssuerURL      string `bun:"issuer_url,notnull"`
	ClientID       string `bun:"client_id,notnull"`
	// ClientSecret is written once and never shown again.
	ClientSecret string `bun:"client_secret,notnull" json:"-"`
	// EmailClaim names the claim that carries the address (ADFS: upn).
	EmailClaim string `bun:"email_claim,notnull"`
	// RequireEmailVerified refuses an address whose email_verified claim is
	// not true. Entra ID sends no such claim: there, turn it off and match
	// by subject instead.
	RequireEmailVerified bool `bun:"require_email_verified,notnull"`
	// LinkSubject remembers (issuer, subject) at the first sign-in, so a
	// later change of the address in the directory keeps the account.
	LinkSubject bool `bun:"link_subject,notnull"`
	// Provision creates an unknown person as staff of the town
	// (just-in-time); otherwise they are refused.
	Provision  bool   `bun:"provision,notnull"`
	GroupClaim string `bun:"group_claim,notnull"`
	// GroupRoles maps a directory group to a role. The roles it names are
	// managed by the directory: at every sign-in the account gets exactly
	// those of them that its groups give.
	GroupRoles map[string]Role `bun:"group_roles,type:text,notnull"`
	// MFAMethods lists the amr values (RFC 8176: mfa, otp, hwk, …) that
	// count as a second factor. Empty: privileged roles still need
	// wachsam's own TOTP.
	MFAMethods []string `bun:"mfa_methods,type:text,notnull"`
	// EmailDomains lets people find their town on the login page by the
	// domain of their work address (rathaus-lindenbach.de); each domain
	// belongs to one town.
	EmailDomains []string  `bun:"email_domains,type:text,notnull"`
	CreatedAt    time.Time `bun:"created_at,notnull"`
	UpdatedAt    time.Time `bun:"updated_at,notnull"`

	MunicipalityName string `bun:"municipality_name,scanonly"`
}

// DirectoryRoles are the roles a town's directory may hand out: all of
// them are scoped to the town. A directory must never make someone an
// administrator or an examiner of the academy.
func DirectoryRoles() []Role { return []Role{RoleStaff, RoleTrainer, RoleCoordinator} }

// TownRoles are the roles an account that signs in through its town's
// directory may hold: those the directory hands out, and the department
// head, which the administration or the coordinator assigns with its
// department (a directory group cannot name one), and which is scoped to
// the town as well.
func TownRoles() []Role { return append(DirectoryRoles(), RoleDepartmentHead) }

var (
	claimName  = regexp.MustCompile(`^[A-Za-z0-9_:./-]{1,200}$`)
	domainName = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$`)
)

// Validate checks and normalises the settings an administrator enters.
// hasSecret tells whether a secret is already stored, so an empty field
// keeps it.
func (p *OIDCProvider) Validate(hasSecret bool) error {
	p.IssuerURL = strings.TrimSpace(p.IssuerURL)
	p.ClientID = strings.TrimSpace(p.ClientID)
	p.EmailClaim = strings.TrimSpace(p.EmailClaim)
	p.GroupClaim = strings.TrimSpace(p.GroupClaim)
	if err := validateIssuer(p.IssuerURL); err != nil {
		return err
	}
	if p.ClientID == "" || len(p.ClientID) > 200 || strings.ContainsFunc(p.ClientID, isControl) {
		return FieldError("client_id", "Bitte geben Sie die Client-ID an, die der Anbieter vergeben hat (höchstens 200 Zeichen).")
	}
	if p.ClientSecret == "" && !hasSecret {
		return FieldError("client_secret", "Bitte geben Sie das Client-Geheimnis an.")
	}
	if len(p.ClientSecret) > 1000 || strings.ContainsFunc(p.ClientSecret, isControl) {
		return FieldError("client_secret", "Das Client-Geheimnis ist zu lang oder enthält Steuerzeichen.")
	}
	if p.EmailClaim == "" {
		p.EmailClaim = "email"
	}
	if !claimName.MatchString(p.EmailClaim) {
		return FieldError("email_claim", "Der Name des Claims für die E-Mail-Adresse darf nur Buchstaben, Ziffern und _ : . / - enthalten.")
	}
	if p.GroupClaim != "" && !claimName.MatchString(p.GroupClaim) {
		return FieldError("group_claim", "Der Name des Gruppen-Claims darf nur Buchstaben, Ziffern und _ : . / - enthalten.")
	}
	if len(p.GroupRoles) > 0 && p.GroupClaim == "" {
		return FieldError("group_claim", "Für die Zuordnung von Gruppen zu Rollen fehlt der Name des Gruppen-Claims.")
	}
	for g, r := range p.GroupRoles {
		if g == "" || len(g) > 500 || strings.ContainsFunc(g, isControl) {
			return FieldError("group_roles", "Ein Gruppenname ist leer, zu lang oder enthält Steuerzeichen.")
		}
		if !slices.Contains(DirectoryRoles(), r) {
			return FieldError("group_roles", "Die Rolle %q kann nicht aus dem Verzeichnis vergeben werden; erlaubt sind Beschäftigte, Schulung und Koordination.", r)
		}
	}
	for i, d := range p.EmailDomains {
		d = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(d), "@"))
		if !domainName.MatchString(d) || len(d) > 253 {
			return FieldError("email_domains", "%q ist keine Domain; bitte z. B. lindenbach.de angeben.", d)
		}
		p.EmailDomains[i] = d
	}
	p.EmailDomains = slices.Compact(slices.Sorted(slices.Values(p.EmailDomains)))
	for _, m := range p.MFAMethods {
		if !claimName.MatchString(m) {
			return FieldError("mfa_methods", "Die Anmeldeverfahren (amr) bitte als kurze Kürzel wie mfa, otp oder hwk angeben.")
		}
	}
	return nil
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

// validateIssuer accepts https, and plain http only on the machine itself
// (a provider started for a trial or a test): a directory's tokens must
// never travel unencrypted.
func validateIssuer(raw string) error {
	u, err := url.Parse(raw)
	bad := FieldError("issuer_url", "Bitte geben Sie die Aussteller-URL (Issuer) des Anbieters an, z. B. https://login.microsoftonline.com/<Mandant>/v2.0.")
	if err != nil || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" || len(raw) > 500 {
		return bad
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		if ip := net.ParseIP(u.Hostname()); u.Hostname() == "localhost" || (ip != nil && ip.IsLoopback()) {
			return nil
		}
		return FieldError("issuer_url", "Die Aussteller-URL muss mit https:// beginnen.")
	}
	return bad
}

// RolesAfterSignIn is the account's roles after a sign-in through the
// directory: roles the mapping manages follow the person's groups, every
// other role stays as the administrator set it, and a town's account is
// always at least staff.
func (p *OIDCProvider) RolesAfterSignIn(current []Role, groups []string) []Role {
	managed := map[Role]bool{}
	for _, r := range p.GroupRoles {
		managed[r] = true
	}
	granted := map[Role]bool{}
	for _, g := range groups {
		if r, ok := p.GroupRoles[g]; ok {
			granted[r] = true
		}
	}
	var out []Role
	for _, r := range Roles() {
		has := slices.Contains(current, r)
		if managed[r] {
			has = granted[r]
		}
		if has || r == RoleStaff && len(current) == 0 {
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		out = []Role{RoleStaff}
	}
	return out
}

// HasDomain tells whether the address belongs to one of the town's domains.
func (p *OIDCProvider) HasDomain(email string) bool {
	_, domain, ok := strings.Cut(NormalizeEmail(email), "@")
	return ok && slices.Contains(p.EmailDomains, domain)
}

// SatisfiesMFA tells whether the methods the provider reports (amr) count
// as a second factor under this configuration.
func (p *OIDCProvider) SatisfiesMFA(amr []string) bool {
	for _, m := range amr {
		if slices.Contains(p.MFAMethods, m) {
			return true
		}
	}
	return false
}

// DirectoryIdentity is who the town's directory says signed in, read from
// a validated ID token (and userinfo, where the token leaves claims out).
type DirectoryIdentity struct {
	Issuer        string
	Subject       string
	Email         string
	EmailVerified bool
	Name          string
	Groups        []string
	AMR           []string
}

// OIDCLogin is a sign-in on its way to the provider: what the callback
// needs to finish it. The state itself lives only in the browser's cookie
// and the provider's redirect; the database keeps its hash.
type OIDCLogin struct {
	StateHash      string    `bun:"state_hash,pk"`
	MunicipalityID int64     `bun:"municipality_id,notnull"`
	Nonce          string    `bun:"nonce,notnull"`
	Verifier       string    `bun:"verifier,notnull"`
	ReturnTo       string    `bun:"return_to,notnull"`
	ExpiresAt      time.Time `bun:"expires_at,notnull"`
}
