package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// The coordinator's optimal allocation (DESIGN.md §4): built from the
// stored preferences of every municipality of the round, solved exactly by
// courses.Solve, kept in allocation_results until it is published as
// bookings.

type allocationRow struct {
	bun.BaseModel `bun:"table:allocation_results"`
	RoundID       int64  `bun:"round_id"`
	UserID        int64  `bun:"user_id"`
	SessionID     *int64 `bun:"session_id"`
	Rank          int    `bun:"rank"`
	Reason        string `bun:"reason"`
}

// allocationRound loads a round the municipality takes part in and that
// allocates seats.
func (db *DB) allocationRound(ctx context.Context, tx bun.IDB, municipalityID, roundID int64) (courses.Round, error) {
	r, err := db.roundIn(ctx, tx, roundID)
	if err != nil {
		return r, err
	}
	if !slices.Contains(r.Municipalities, municipalityID) {
		return courses.Round{}, notFound("Die Schulungsrunde")
	}
	if r.Mode != courses.ModeAllocation {
		return r, wachsam.Errorf(wachsam.ECONFLICT, "In der Runde „%s“ buchen die Beschäftigten selbst; es gibt nichts zuzuteilen.", r.Name)
	}
	return r, nil
}

// RunAllocation computes the optimal allocation of a round that collects
// preferences and stores it, replacing any earlier result.
func (db *DB) RunAllocation(ctx context.Context, actor wachsam.Actor, municipalityID, roundID int64) (courses.AllocationOutcome, error) {
	err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		r, err := db.allocationRound(ctx, tx, municipalityID, roundID)
		if err != nil {
			return err
		}
		if r.Status != courses.StatusCollecting {
			return wachsam.Errorf(wachsam.ECONFLICT, "Zuteilen lässt sich nur, solange die Runde Wünsche sammelt (jetzt: %s).", r.Status.German())
		}
		p, entered, err := db.allocationProblem(ctx, tx, r)
		if err != nil {
			return err
		}
		result, err := courses.Solve(p)
		if err != nil {
			return err
		}
		rows := make([]allocationRow, 0, len(entered))
		for _, a := range result.Assignments {
			if uid, _ := strconv.ParseInt(a.Person, 10, 64); entered[uid] {
				sid, _ := strconv.ParseInt(a.Session, 10, 64)
				rows = append(rows, allocationRow{RoundID: r.ID, UserID: uid, SessionID: &sid, Rank: a.Rank})
			}
		}
		unplaced := 0
		for _, u := range result.Unplaced {
			if uid, _ := strconv.ParseInt(u.Person, 10, 64); entered[uid] {
				rows = append(rows, allocationRow{RoundID: r.ID, UserID: uid, Reason: string(u.Reason)})
				unplaced++
			}
		}
		if err := db.discardAllocation(ctx, tx, r.ID); err != nil {
			return err
		}
		if len(rows) > 0 {
			if _, err := tx.NewInsert().Model(&rows).Exec(ctx); err != nil {
				return err
			}
		}
		return db.audit(ctx, tx, actor, "allocation.run", "round", r.ID,
			fmt.Sprintf("%d Personen mit Wünschen: %d zugeteilt, %d ohne Platz", len(entered), len(rows)-unplaced, unplaced))
	})
	if err != nil {
		return courses.AllocationOutcome{}, err
	}
	return db.AllocationFor(ctx, municipalityID, roundID)
}

// allocationProblem builds the problem of a round: every active member of
// staff of every municipality of the round is a person, so that the
// allocator's quotas (shares of the people in the problem) are exactly the
// round's quotas (shares of the staff) that booking obeys; whoever entered
// nothing simply ranks nothing. entered holds the people who did enter
// preferences: only their results are kept.
func (db *DB) allocationProblem(ctx context.Context, tx bun.IDB, r courses.Round) (courses.Problem, map[int64]bool, error) {
	p := courses.Problem{Policy: r.Policy.Allocation(nil)}
	active := map[string]bool{} // sessions that take place
	for _, s := range r.Sessions {
		if s.Cancelled {
			continue
		}
		id := strconv.FormatInt(s.ID, 10)
		p.Sessions = append(p.Sessions, courses.AllocationSession{ID: id, Capacity: s.Capacity, StartsAt: s.StartsAt, Days: s.Days})
		active[id] = true
	}
	var staff []struct {
		ID             int64  `bun:"id"`
		MunicipalityID int64  `bun:"municipality_id"`
		DepartmentID   *int64 `bun:"department_id"`
	}
	err := tx.NewSelect().TableExpr("users AS u").ColumnExpr("u.id, u.municipality_id, u.department_id").
		Join("JOIN user_roles AS r ON r.user_id = u.id AND r.role = ?", wachsam.RoleStaff).
		Where("u.municipality_id IN (?)", bun.In(r.Municipalities)).Where("NOT u.disabled").
		OrderExpr("u.id").Scan(ctx, &staff)
	if err != nil {
		return p, nil, err
	}
	var prefs []preferenceRow
	if err := tx.NewSelect().Model(&prefs).Where("round_id = ?", r.ID).OrderExpr("user_id, rank").Scan(ctx); err != nil {
		return p, nil, err
	}
	ranked := map[int64][]string{}
	entered := map[int64]bool{}
	for _, pr := range prefs {
		entered[pr.UserID] = true
		if id := strconv.FormatInt(pr.SessionID, 10); active[id] {
			ranked[pr.UserID] = append(ranked[pr.UserID], id) // a cancelled session drops out, the ranks close up
		}
	}
	var days []unavailableRow
	if err := tx.NewSelect().Model(&days).Where("round_id = ?", r.ID).Scan(ctx); err != nil {
		return p, nil, err
	}
	unavailable := map[string][]wachsam.Date{}
	for _, d := range days {
		key := strconv.FormatInt(d.UserID, 10)
		unavailable[key] = append(unavailable[key], d.Day)
	}
	for _, s := range staff {
		dept := "-" // staff without a department rank nothing, but count for their town's quota
		if s.DepartmentID != nil {
			dept = strconv.FormatInt(*s.DepartmentID, 10)
		}
		var keep []string
		if s.DepartmentID != nil {
			keep = ranked[s.ID]
		}
		p.People = append(p.People, courses.Applicant{ID: strconv.FormatInt(s.ID, 10),
			Municipality: strconv.FormatInt(s.MunicipalityID, 10), Department: dept, Preferences: keep})
	}
	// Every stored session carries its days, so no time zone is needed.
	p.People = courses.RemoveUnavailablePreferences(p.Sessions, p.People, unavailable, nil)
	return p, entered, nil
}

// AllocationFor returns the last computed allocation of a round the
// municipality takes part in: its own staff by name, the others as counts.
func (db *DB) AllocationFor(ctx context.Context, municipalityID, roundID int64) (courses.AllocationOutcome, error) {
	var out courses.AllocationOutcome
	r, err := db.allocationRound(ctx, db.DB, municipalityID, roundID)
	if err != nil {
		return out, err
	}
	var rows []struct {
		UserID         int64  `bun:"user_id"`
		SessionID      *int64 `bun:"session_id"`
		Rank           int    `bun:"rank"`
		Reason         string `bun:"reason"`
		MunicipalityID int64  `bun:"municipality_id"`
		Name           string `bun:"name"`
		Department     string `bun:"department"`
	}
	err = db.NewSelect().TableExpr("allocation_results AS a").
		ColumnExpr("a.user_id, a.session_id, a.rank, a.reason, u.municipality_id, u.name, COALESCE(d.name, '') AS department").
		Join("JOIN users AS u ON u.id = a.user_id").Join("LEFT JOIN departments AS d ON d.id = u.department_id").
		Where("a.round_id = ?", roundID).OrderExpr("u.name, a.user_id").Scan(ctx, &rows)
	if err != nil {
		return out, translate(err)
	}
	out.Computed = len(rows) > 0
	out.Published = out.Computed && (r.Status == courses.StatusOpen || r.Status == courses.StatusClosed)
	index := map[int64]int{}
	for _, s := range r.Sessions {
		if !s.Cancelled {
			index[s.ID] = len(out.Sessions)
			out.Sessions = append(out.Sessions, courses.AllocatedSession{Session: s})
		}
	}
	for _, row := range rows {
		person := courses.AllocatedPerson{UserID: row.UserID, Name: row.Name, Department: row.Department,
			Rank: row.Rank, Reason: courses.UnplacedReason(row.Reason)}
		own := row.MunicipalityID == municipalityID
		if row.SessionID == nil {
			out.Unplaced++
			if own {
				out.OwnUnplaced = append(out.OwnUnplaced, person)
			} else {
				out.OthersUnplaced++
			}
			continue
		}
		i, ok := index[*row.SessionID]
		if !ok {
			continue // cancelled after publishing; its bookings are cancelled too
		}
		out.Placed++
		out.Sessions[i].Placed++
		if own {
			out.Sessions[i].Own = append(out.Sessions[i].Own, person)
		}
	}
	return out, nil
}

// PublishAllocation turns the computed allocation into bookings (one
// invitation each) and opens the round for booking the seats left, all in
// one transaction. The round leaves "collecting" in that transaction, so a
// second publication finds nothing to publish; the unique index on active
// bookings is the backstop against booking anyone twice.
func (db *DB) PublishAllocation(ctx context.Context, actor wachsam.Actor, municipalityID, roundID int64) (int, error) {
	booked := 0
	err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		r, err := db.allocationRound(ctx, tx, municipalityID, roundID)
		if err != nil {
			return err
		}
		res, err := tx.NewUpdate().Model((*roundRow)(nil)).Set("status = ?", courses.StatusOpen).Set("updated_at = ?", db.now()).
			Where("id = ? AND status = ?", roundID, courses.StatusCollecting).Exec(ctx)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			if r.Status == courses.StatusOpen || r.Status == courses.StatusClosed {
				return wachsam.Errorf(wachsam.ECONFLICT, "Die Zuteilung dieser Runde ist bereits veröffentlicht.")
			}
			return wachsam.Errorf(wachsam.ECONFLICT, "Veröffentlichen lässt sich eine Zuteilung nur, solange die Runde Wünsche sammelt (jetzt: %s).", r.Status.German())
		}
		var rows []allocationRow
		if err := tx.NewSelect().Model(&rows).Where("round_id = ?", roundID).OrderExpr("session_id, user_id").Scan(ctx); err != nil {
			return err
		}
		if len(rows) == 0 {
			return wachsam.Errorf(wachsam.ECONFLICT, "Bitte berechnen Sie zuerst die Zuteilung.")
		}
		locks := map[int64]lockedRound{}
		for _, row := range rows {
			if row.SessionID == nil {
				continue
			}
			locked, ok := locks[*row.SessionID]
			if !ok {
				if locked, err = db.lockSession(ctx, tx, *row.SessionID); err != nil {
					return err
				}
				locks[*row.SessionID] = locked
			}
			person, err := db.bookerIn(ctx, tx, row.UserID)
			if err != nil || locked.session.Cancelled || !locked.round.Shares(person.MunicipalityID) {
				return wachsam.Errorf(wachsam.ECONFLICT, "Seit der Berechnung hat sich etwas geändert (Termin %d, Person %d); bitte berechnen Sie die Zuteilung neu.", *row.SessionID, row.UserID)
			}
			if _, err := db.insertBooking(ctx, tx, actor, locked, person, courses.BookedByAllocation, "", true); err != nil {
				return err
			}
			booked++
		}
		if r.ActiveSessions() == 0 {
			return wachsam.Errorf(wachsam.ECONFLICT, "Die Runde hat keinen Termin, der stattfindet.")
		}
		return db.audit(ctx, tx, actor, "allocation.publish", "round", roundID,
			fmt.Sprintf("%d Buchungen aus der Zuteilung; Runde geöffnet", booked))
	})
	if err != nil {
		return 0, err
	}
	return booked, nil
}
