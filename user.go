package wachsam

import (
	"slices"
	"strings"
	"time"
)

// Role is what an account may do (DESIGN.md §6). An account may hold several
// roles: a coordinator is usually also a member of staff who books training.
type Role string

const (
	RoleAdmin       Role = "admin"
	RoleCoordinator Role = "coordinator"
	// RoleDepartmentHead sees the training status of one department of
	// their town (User.HeadOfDepartmentID) and books for its members.
	RoleDepartmentHead Role = "department_head"
	RoleTrainer        Role = "trainer"
	RoleStaff          Role = "staff"
	RoleCandidate      Role = "candidate"
	RoleExaminer       Role = "examiner"
	RoleBoard          Role = "board"
	RoleBoardChair     Role = "board_chair"
	// RoleExamOffice runs the exam for the board: seminars, canon, exam
	// dates, registrations, fees and the preparation of board cases.
	RoleExamOffice Role = "exam_office"
)

// Roles lists every role in the order the interface shows them.
func Roles() []Role {
	return []Role{RoleAdmin, RoleCoordinator, RoleDepartmentHead, RoleTrainer, RoleStaff, RoleCandidate, RoleExaminer, RoleBoard, RoleBoardChair, RoleExamOffice}
}

// ParseRole accepts a role's technical name.
func ParseRole(s string) (Role, error) {
	for _, r := range Roles() {
		if string(r) == s {
			return r, nil
		}
	}
	return "", FieldError("role", "Unbekannte Rolle %q.", s)
}

// Label is the German name of the role.
func (r Role) Label() string {
	switch r {
	case RoleAdmin:
		return "Administration"
	case RoleCoordinator:
		return "Koordination"
	case RoleDepartmentHead:
		return "Abteilungsleitung"
	case RoleTrainer:
		return "Schulung"
	case RoleStaff:
		return "Beschäftigte"
	case RoleCandidate:
		return "Prüfling"
	case RoleExaminer:
		return "Prüfende"
	case RoleBoard:
		return "Prüfungsausschuss"
	case RoleBoardChair:
		return "Vorsitz Prüfungsausschuss"
	case RoleExamOffice:
		return "Prüfungsamt"
	}
	return string(r)
}

// Privileged roles must use a second factor before they can do anything
// else (DESIGN.md §6): they decide about other people's data and grades. A
// department head reads colleagues' training records and books, cancels
// and moves for them, as a coordinator does for a whole town.
func (r Role) Privileged() bool {
	switch r {
	case RoleAdmin, RoleCoordinator, RoleDepartmentHead, RoleExaminer, RoleBoard, RoleBoardChair, RoleExamOffice:
		return true
	}
	return false
}

// NeedsMunicipality tells whether an account with this role must belong to
// a municipality, because everything it sees is scoped to one.
func (r Role) NeedsMunicipality() bool {
	return r == RoleCoordinator || r == RoleStaff || r == RoleDepartmentHead
}

// User is an account.
type User struct {
	ID             int64  `bun:"id,pk,autoincrement"`
	Email          string `bun:"email,notnull"`
	Name           string `bun:"name,notnull"`
	MunicipalityID *int64 `bun:"municipality_id"`
	DepartmentID   *int64 `bun:"department_id"`
	// StaffNumber is the personnel number a staff import may carry.
	StaffNumber   string     `bun:"staff_number,notnull"`
	PasswordHash  string     `bun:"password_hash,notnull" json:"-"`
	PasswordSetAt time.Time  `bun:"password_changed_at,notnull"`
	TOTPSecret    *string    `bun:"totp_secret" json:"-"`
	TOTPPending   *string    `bun:"totp_pending_secret" json:"-"`
	TOTPConfirmed *time.Time `bun:"totp_confirmed_at"`
	TOTPLastStep  int64      `bun:"totp_last_step,notnull" json:"-"`
	Disabled      bool       `bun:"disabled,notnull"`
	CreatedAt     time.Time  `bun:"created_at,notnull"`
	UpdatedAt     time.Time  `bun:"updated_at,notnull"`

	Roles []Role `bun:"-"`
	// HeadOfDepartmentID is the one department of the account's town that
	// it heads, set exactly when it holds RoleDepartmentHead. It lives in
	// its own table (department_heads); the store loads it with the roles.
	HeadOfDepartmentID *int64 `bun:"-"`
}

func (u *User) Has(r Role) bool { return slices.Contains(u.Roles, r) }

// HasAny tells whether the user holds at least one of the roles.
func (u *User) HasAny(rs ...Role) bool {
	for _, r := range rs {
		if u.Has(r) {
			return true
		}
	}
	return false
}

// Privileged tells whether any of the user's roles requires a second factor.
func (u *User) Privileged() bool {
	for _, r := range u.Roles {
		if r.Privileged() {
			return true
		}
	}
	return false
}

// HasTOTP tells whether the user completed two-factor enrolment.
func (u *User) HasTOTP() bool { return u.TOTPSecret != nil && u.TOTPConfirmed != nil }

// Session is a signed-in browser. Only the hash of its token is stored.
type Session struct {
	ID          int64     `bun:"id,pk,autoincrement"`
	TokenHash   string    `bun:"token_hash,notnull"`
	UserID      int64     `bun:"user_id,notnull"`
	MFAVerified bool      `bun:"mfa_verified,notnull"`
	CreatedAt   time.Time `bun:"created_at,notnull"`
	LastSeenAt  time.Time `bun:"last_seen_at,notnull"`
	ExpiresAt   time.Time `bun:"expires_at,notnull"`
}

// UserFilter narrows a list of accounts; MunicipalityID scopes it to one town.
type UserFilter struct {
	MunicipalityID *int64
	Query          string
	Limit          int
}

// NormalizeEmail is the one spelling of an address under which accounts are
// stored, looked up and throttled.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
