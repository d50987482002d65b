package wachsam

import "time"

// AuditEntry is one line of the append-only audit log (table audit_entries): who did what, when,
// on which object, and why (DESIGN.md §6). The database refuses to change or
// delete an entry once written.
type AuditEntry struct {
	ID         int64     `bun:"id,pk,autoincrement"`
	At         time.Time `bun:"at,notnull"`
	ActorID    *int64    `bun:"actor_id"`
	Actor      string    `bun:"actor,notnull"`
	Action     string    `bun:"action,notnull"`
	ObjectType string    `bun:"object_type,notnull"`
	ObjectID   string    `bun:"object_id,notnull"`
	Detail     string    `bun:"detail,notnull"`
}

// Actor is who causes a change: a signed-in user, or the system itself (a
// command-line call, a scheduled job), named by Label.
type Actor struct {
	UserID *int64
	Label  string
}

// SystemActor is the actor for changes made by the command line or jobs.
func SystemActor(label string) Actor { return Actor{Label: label} }

// UserActor is the actor for a change made by a signed-in user. The label
// is the account's e-mail address, so the log stays readable after the
// account is gone.
func UserActor(u *User) Actor { id := u.ID; return Actor{UserID: &id, Label: u.Email} }
