package store

import (
	"context"
	"time"

	"github.com/uptrace/bun"
)

// The change marker of the feed (migrations/*/00020_evidence_changes.sql).
// Triggers on every table the records are derived from note the towns a
// change may concern in evidence_changes, in the transaction of the change,
// whichever code makes it. What changes records without any write is time:
// the day (due states, the month of the coverage) and the start of a
// session (held from then on); a refresh keeps in derived_until the first
// instant at which one of those flips. A town without a note whose last
// derivation is still valid has published exactly what a derivation would
// give, so its refresh need not derive anything.
//
// No note marks a change of the derivation itself: a new version of
// wachsam may build records differently. So each process derives every
// town in full once, at its first refresh of the town, before it trusts
// the notes (DB.derived).

// evidenceUnchanged tells whether the municipality's published records are
// up to date without a derivation, and its head if so. One statement, so
// the head, the time bounds and the notes come from one snapshot: a change
// committed before it either still has its note or was consumed by a
// refresh that published it (and moved head) in the same transaction.
func (db *DB) evidenceUnchanged(ctx context.Context, municipalityID int64) (int64, bool, error) {
	if _, ok := db.derived.Load(municipalityID); !ok {
		return 0, false, nil
	}
	var rows []struct {
		Head         int64      `bun:"head"`
		RefreshedAt  *time.Time `bun:"refreshed_at"`
		DerivedUntil *time.Time `bun:"derived_until"`
		Changed      int        `bun:"changed"`
	}
	err := db.NewRaw(`SELECT t.head, t.refreshed_at, t.derived_until,
		CASE WHEN EXISTS (SELECT 1 FROM evidence_changes AS c WHERE c.municipality_id = t.municipality_id) THEN 1 ELSE 0 END AS changed
		FROM evidence_tenants AS t WHERE t.municipality_id = ?`, municipalityID).Scan(ctx, &rows)
	if err != nil {
		return 0, false, translate(err)
	}
	if len(rows) == 0 {
		return 0, false, nil // never refreshed
	}
	r := rows[0]
	if r.Changed != 0 || r.RefreshedAt == nil || r.DerivedUntil == nil {
		return 0, false, nil
	}
	// The clock must lie within what was derived; a clock set back (tests,
	// a corrected server time) derives again.
	now := db.now()
	if now.Before(*r.RefreshedAt) || !now.Before(*r.DerivedUntil) {
		return 0, false, nil
	}
	return r.Head, true, nil
}

// consumeEvidenceChanges deletes the municipality's notes. It runs under
// the municipality's lock before the refresh reads any data: a note it
// cannot see yet belongs to a change the refresh cannot see either, and
// stays for the next one.
func consumeEvidenceChanges(ctx context.Context, tx bun.Tx, municipalityID int64) error {
	_, err := tx.ExecContext(ctx, "DELETE FROM evidence_changes WHERE municipality_id = ?", municipalityID)
	return err
}

// derivedUntil is the first instant at which records derived at src.now
// may differ without any write: the next midnight, or the start of a
// session before it (evidence.Session.Held).
func (src *evidenceSources) derivedUntil() time.Time {
	until := src.today.EndIn(src.loc)
	for _, s := range src.sessions {
		if s.CancelledAt == nil && s.StartsAt.After(src.now) && s.StartsAt.Before(until) {
			until = s.StartsAt
		}
	}
	return until.UTC()
}
