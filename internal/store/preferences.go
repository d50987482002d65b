package store

import (
	"context"
	"fmt"
	"slices"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// Preferences of a round that collects them (mode allocation): each person
// ranks sessions and names the days they cannot attend; the coordinator's
// allocation run reads them all.

type preferenceRow struct {
	bun.BaseModel `bun:"table:preferences"`
	RoundID       int64 `bun:"round_id"`
	UserID        int64 `bun:"user_id"`
	Rank          int   `bun:"rank"`
	SessionID     int64 `bun:"session_id"`
}

type unavailableRow struct {
	bun.BaseModel `bun:"table:unavailable_days"`
	RoundID       int64        `bun:"round_id"`
	UserID        int64        `bun:"user_id"`
	Day           wachsam.Date `bun:"day"`
}

// SetPreferences replaces what a member of staff entered for a round:
// ranked are session ids, best first; unavailable the session days they
// cannot attend. Only staff of a municipality that shares the round may,
// and only while the round collects preferences. A computed allocation is
// out of date afterwards and is discarded.
func (db *DB) SetPreferences(ctx context.Context, actor wachsam.Actor, userID, roundID int64, ranked []int64, unavailable []wachsam.Date) error {
	return db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		person, err := db.bookerIn(ctx, tx, userID)
		if err != nil {
			return err
		}
		r, err := db.roundIn(ctx, tx, roundID)
		if err != nil {
			return err
		}
		if !r.Shares(person.MunicipalityID) {
			return notFound("Die Schulungsrunde")
		}
		if r.Mode != courses.ModeAllocation || r.Status != courses.StatusCollecting {
			return wachsam.Errorf(wachsam.ECONFLICT, "Für die Runde „%s“ werden keine Wünsche gesammelt (%s).", r.Name, r.Status.German())
		}
		days, err := checkPreferences(r, ranked, unavailable)
		if err != nil {
			return err
		}
		if _, err := tx.NewDelete().Model((*preferenceRow)(nil)).Where("round_id = ? AND user_id = ?", roundID, userID).Exec(ctx); err != nil {
			return err
		}
		if _, err := tx.NewDelete().Model((*unavailableRow)(nil)).Where("round_id = ? AND user_id = ?", roundID, userID).Exec(ctx); err != nil {
			return err
		}
		if len(ranked) > 0 {
			rows := make([]preferenceRow, len(ranked))
			for i, id := range ranked {
				rows[i] = preferenceRow{RoundID: roundID, UserID: userID, Rank: i + 1, SessionID: id}
			}
			if _, err := tx.NewInsert().Model(&rows).Exec(ctx); err != nil {
				return err
			}
		}
		if len(days) > 0 {
			rows := make([]unavailableRow, len(days))
			for i, d := range days {
				rows[i] = unavailableRow{RoundID: roundID, UserID: userID, Day: d}
			}
			if _, err := tx.NewInsert().Model(&rows).Exec(ctx); err != nil {
				return err
			}
		}
		if err := db.discardAllocation(ctx, tx, roundID); err != nil {
			return err
		}
		return db.audit(ctx, tx, actor, "preferences.set", "round", roundID,
			fmt.Sprintf("Person %d: Wünsche %v, verhindert an %d Tagen", userID, ranked, len(days)))
	})
}

// checkPreferences validates the ranking against the round and returns
// the unavailable days sorted and without repeats.
func checkPreferences(r courses.Round, ranked []int64, unavailable []wachsam.Date) ([]wachsam.Date, error) {
	seen := map[int64]bool{}
	for _, id := range ranked {
		s, ok := r.Session(id)
		if !ok || s.Cancelled {
			return nil, wachsam.FieldError("ranked", "Einer der gewählten Termine gehört nicht (mehr) zu dieser Runde.")
		}
		if seen[id] {
			return nil, wachsam.FieldError("ranked", "Jeder Termin kann nur einmal gewählt werden.")
		}
		seen[id] = true
	}
	var sessionDays []wachsam.Date
	for _, s := range r.Sessions {
		if !s.Cancelled {
			sessionDays = append(sessionDays, s.Days...)
		}
	}
	days := slices.Clone(unavailable)
	slices.SortFunc(days, wachsam.Date.Compare)
	days = slices.Compact(days)
	for _, d := range days {
		if !slices.Contains(sessionDays, d) {
			return nil, wachsam.FieldError("unavailable", "Der %s ist kein Tag eines Termins dieser Runde.", d.German())
		}
	}
	return days, nil
}

// Preferences returns what a person entered for a round; empty when
// nothing was entered.
func (db *DB) Preferences(ctx context.Context, userID, roundID int64) (courses.PreferenceSet, error) {
	var out courses.PreferenceSet
	var rows []preferenceRow
	if err := db.NewSelect().Model(&rows).Where("round_id = ? AND user_id = ?", roundID, userID).Order("rank").Scan(ctx); err != nil {
		return out, translate(err)
	}
	for _, r := range rows {
		out.Sessions = append(out.Sessions, r.SessionID)
	}
	var days []unavailableRow
	if err := db.NewSelect().Model(&days).Where("round_id = ? AND user_id = ?", roundID, userID).Order("day").Scan(ctx); err != nil {
		return out, translate(err)
	}
	for _, d := range days {
		out.Unavailable = append(out.Unavailable, d.Day)
	}
	return out, nil
}

// PreferenceProgress counts how many of the municipality's staff have
// entered preferences for a round it takes part in.
func (db *DB) PreferenceProgress(ctx context.Context, municipalityID, roundID int64) (courses.PreferenceProgress, error) {
	var out courses.PreferenceProgress
	if err := db.takesPart(ctx, db.DB, municipalityID, roundID); err != nil {
		return out, err
	}
	staff, err := db.staffCounts(ctx, db.DB, []int64{municipalityID})
	if err != nil {
		return out, translate(err)
	}
	out.Staff = staff.ByMunicipality[municipalityID]
	n, err := db.NewSelect().TableExpr("users AS u").
		Where("u.municipality_id = ? AND NOT u.disabled", municipalityID).
		Where("u.id IN (SELECT user_id FROM preferences WHERE round_id = ?)", roundID).Count(ctx)
	out.Entered = int(n)
	return out, translate(err)
}
