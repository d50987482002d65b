package store

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
)

// audit appends to the audit log inside the caller's transaction, so the
// change and its record are written together or not at all.
func (db *DB) audit(ctx context.Context, tx bun.IDB, actor wachsam.Actor, action, objectType string, objectID any, detail string) error {
	e := &wachsam.AuditEntry{
		At:         db.now(),
		ActorID:    actor.UserID,
		Actor:      actor.Label,
		Action:     action,
		ObjectType: objectType,
		ObjectID:   fmt.Sprint(objectID),
		Detail:     detail,
	}
	// Prepared: every change writes one, often under a lock (booking).
	_, err := db.hotExec(ctx, tx, `INSERT INTO audit_entries (at, actor_id, actor, action, object_type, object_id, detail)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, e.At, e.ActorID, e.Actor, e.Action, e.ObjectType, e.ObjectID, e.Detail)
	return err
}

// Audit appends an entry on its own, for events that change nothing else
// (a sign-in, a refused attempt).
func (db *DB) Audit(ctx context.Context, actor wachsam.Actor, action, objectType string, objectID any, detail string) error {
	return translate(db.audit(ctx, db.DB, actor, action, objectType, objectID, detail))
}

// RecentAudit lists the newest entries of the whole log, for administrators.
func (db *DB) RecentAudit(ctx context.Context, limit int) ([]wachsam.AuditEntry, error) {
	var out []wachsam.AuditEntry
	err := db.NewSelect().Model(&out).OrderExpr("id DESC").Limit(int64(limit)).Scan(ctx)
	return out, translate(err)
}
