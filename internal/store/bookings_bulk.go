package store

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// Bulk booking (issue 14 §2): a coordinator books a list of their own
// staff into the best free seats of a round. The list is checked as a
// whole before anything is written — one person of another town, or one
// unknown ID, refuses the request. Then each person is booked through
// BookOnBehalf, in a transaction of their own under the session's lock, so
// the quotas hold exactly as for self-service; the answer reports per
// person who got which seat and why someone did not.

// bulkPersonRow is one member of staff as the bulk pages list them.
type bulkPersonRow struct {
	ID            int64        `bun:"id"`
	Name          string       `bun:"name"`
	DepartmentID  int64        `bun:"department_id"`
	Department    string       `bun:"department"`
	BookedSession int64        `bun:"booked_session"`
	Preferences   int          `bun:"preferences"`
	LastCompleted wachsam.Date `bun:"last_completed"`
	RemindedToday int          `bun:"reminded_today"`
}

func (r bulkPersonRow) person() courses.BulkPerson {
	return courses.BulkPerson{ID: r.ID, Name: r.Name, DepartmentID: r.DepartmentID, Department: r.Department,
		BookedSession: r.BookedSession, Preferences: r.Preferences > 0, LastCompleted: r.LastCompleted,
		RemindedToday: r.RemindedToday > 0}
}

// bulkPeopleIn lists the active staff of the municipality with their state
// in the round; only (when not nil) those whose IDs are given. Nobody of
// another municipality is ever read.
func (db *DB) bulkPeopleIn(ctx context.Context, idb bun.IDB, municipalityID int64, r courses.Round, today wachsam.Date, only []int64) ([]courses.BulkPerson, error) {
	q := idb.NewSelect().TableExpr("users AS u").
		ColumnExpr("u.id, u.name, COALESCE(u.department_id, 0) AS department_id, COALESCE(d.name, '') AS department").
		ColumnExpr("COALESCE((SELECT MIN(b.session_id) FROM bookings AS b WHERE b.round_id = ? AND b.user_id = u.id AND b.cancelled_at IS NULL), 0) AS booked_session", r.ID).
		ColumnExpr("CASE WHEN EXISTS (SELECT 1 FROM preferences AS p WHERE p.round_id = ? AND p.user_id = u.id) THEN 1 ELSE 0 END AS preferences", r.ID).
		ColumnExpr("(SELECT MAX(c.completed_on) FROM completions AS c WHERE c.user_id = u.id AND c.topic_id = ?) AS last_completed", r.Topic.ID).
		ColumnExpr("CASE WHEN EXISTS (SELECT 1 FROM round_reminders AS rr WHERE rr.round_id = ? AND rr.user_id = u.id AND rr.day = ?) THEN 1 ELSE 0 END AS reminded_today", r.ID, today).
		Join("LEFT JOIN departments AS d ON d.id = u.department_id").
		Where("u.municipality_id = ? AND NOT u.disabled", municipalityID).
		Where("u.id IN (SELECT user_id FROM user_roles WHERE role = ?)", string(wachsam.RoleStaff)).
		OrderExpr("COALESCE(d.name, ''), u.name, u.id")
	if only != nil {
		q = q.Where("u.id IN (?)", bun.In(only))
	}
	var rows []bulkPersonRow
	if err := q.Scan(ctx, &rows); err != nil {
		return nil, translate(err)
	}
	out := make([]courses.BulkPerson, len(rows))
	for i, row := range rows {
		out[i] = row.person()
	}
	return out, nil
}

// BulkStaff is the round (for the municipality that takes part in it) and
// its staff with their state in it, for the bulk pages.
func (db *DB) BulkStaff(ctx context.Context, municipalityID, roundID int64, today wachsam.Date) (courses.Round, []courses.BulkPerson, error) {
	r, err := db.RoundFor(ctx, municipalityID, roundID)
	if err != nil {
		return r, nil, err
	}
	people, err := db.bulkPeopleIn(ctx, db.DB, municipalityID, r, today, nil)
	return r, people, err
}

// checkBulkList refuses an empty or overlong list and IDs that cannot be
// anyone's, and drops repeats, keeping the order.
func checkBulkList(ids []int64) ([]int64, error) {
	switch {
	case len(ids) == 0:
		return nil, wachsam.FieldError("user_ids", "Bitte wählen Sie mindestens eine Person aus.")
	case len(ids) > courses.MaxBulkPeople:
		return nil, wachsam.FieldError("user_ids", "Bitte wählen Sie höchstens %d Personen auf einmal aus, zum Beispiel eine Abteilung nach der anderen.", courses.MaxBulkPeople)
	}
	out := make([]int64, 0, len(ids))
	seen := make(map[int64]bool, len(ids))
	for _, id := range ids {
		if id <= 0 {
			return nil, wachsam.FieldError("user_ids", "Die Auswahl enthält eine ungültige Personennummer.")
		}
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out, nil
}

// BulkBook books each person of the list into the best free seat of the
// round (courses.Round.SeatOrder: their preferences first, else the
// earliest session they can attend), as the coordinator of o. The list is
// checked first: every ID must be active staff of the coordinator's
// municipality, or nothing is booked. People who hold a seat in the round
// already, have no department, or whose training is still current are
// reported, not booked. The error is a refusal of the whole request, or
// (with the outcomes so far) a technical failure of single bookings.
func (db *DB) BulkBook(ctx context.Context, o courses.OnBehalf, roundID int64, userIDs []int64, today wachsam.Date) ([]courses.BulkOutcome, error) {
	if err := o.Check(); err != nil {
		return nil, err
	}
	ids, err := checkBulkList(userIDs)
	if err != nil {
		return nil, err
	}
	r, err := db.RoundFor(ctx, o.MunicipalityID, roundID)
	if err != nil {
		return nil, err
	}
	if err := openForBooking(r); err != nil {
		return nil, err
	}
	people, err := db.bulkPeopleIn(ctx, db.DB, o.MunicipalityID, r, today, ids)
	if err != nil {
		return nil, err
	}
	if len(people) != len(ids) {
		return nil, wachsam.FieldError("user_ids", "%d der gewählten Personen gehören nicht zu den aktiven Beschäftigten Ihrer Kommune; es wurde niemand gebucht.", len(ids)-len(people))
	}
	prefs, err := db.preferencesOf(ctx, roundID, ids)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]courses.BulkPerson, len(people))
	for _, p := range people {
		byID[p.ID] = p
	}
	out := make([]courses.BulkOutcome, 0, len(ids))
	var failures []error
	booked := 0
	for _, id := range ids {
		p := byID[id]
		res := courses.BulkOutcome{Person: p}
		switch {
		case p.BookedSession != 0:
			res.Reason = "Die Person hat in dieser Runde bereits einen Termin."
		case p.DepartmentID == 0:
			res.Reason = "Der Person ist keine Abteilung zugeordnet; ohne Abteilung lassen sich die Obergrenzen nicht prüfen."
		case !r.Topic.NeedsTraining(p.LastCompleted, today):
			res.Reason = fmt.Sprintf("Die Person hat die Schulung am %s abgeschlossen; sie gilt bis %s.",
				p.LastCompleted.German(), courses.NextDue(p.LastCompleted, r.Topic.ValidityMonths).German())
		default:
			person := courses.Person{ID: p.ID, MunicipalityID: o.MunicipalityID, DepartmentID: p.DepartmentID}
			b, reason, err := db.bookBest(ctx, o, r, person, prefs[id])
			if err != nil {
				failures = append(failures, fmt.Errorf("person %d: %w", id, err))
				reason = "Die Buchung ist aus technischen Gründen fehlgeschlagen; bitte versuchen Sie es später erneut."
			}
			res.Booking, res.Reason = b, reason
		}
		if res.Booking != nil {
			booked++
		}
		out = append(out, res)
	}
	if err := db.Audit(ctx, o.Actor, "booking.bulk", "round", roundID,
		fmt.Sprintf("Sammelbuchung: %d Personen ausgewählt, %d gebucht; Grund: %s", len(ids), booked, o.Reason)); err != nil {
		failures = append(failures, err)
	}
	return out, errors.Join(failures...)
}

// bookBest tries the sessions in the person's seat order until one books.
// A refusal there (another booker took the last seat or quota slot since
// the seats were counted) moves on to the next session; the reason of the
// last refusal is the person's when none is left. err is a technical
// failure only.
func (db *DB) bookBest(ctx context.Context, o courses.OnBehalf, r courses.Round, p courses.Person, prefs courses.PreferenceSet) (*courses.BookingView, string, error) {
	seats, err := db.seatsBySession(ctx, db.DB, ofRound, r.ID, true)
	if err != nil {
		return nil, "", translate(err)
	}
	order, err := r.SeatOrder(p, prefs, seats, db.now())
	if err != nil {
		return nil, wachsam.ErrorMessageOf(err), nil
	}
	reason := ""
	for _, sessionID := range order {
		b, err := db.BookOnBehalf(ctx, o, p.ID, sessionID)
		if err == nil {
			return &b, "", nil
		}
		switch wachsam.ErrorCodeOf(err) {
		case wachsam.ECONFLICT:
			reason = wachsam.ErrorMessageOf(err)
			continue
		case wachsam.EINTERNAL, wachsam.EUNAVAILABLE:
			return nil, "", err
		}
		return nil, wachsam.ErrorMessageOf(err), nil
	}
	return nil, reason, nil
}

// preferencesOf loads what the people entered for the round.
func (db *DB) preferencesOf(ctx context.Context, roundID int64, ids []int64) (map[int64]courses.PreferenceSet, error) {
	var ranked []preferenceRow
	if err := db.NewSelect().Model(&ranked).Where("round_id = ? AND user_id IN (?)", roundID, bun.In(ids)).
		Order("user_id", "rank").Scan(ctx); err != nil {
		return nil, translate(err)
	}
	var days []unavailableRow
	if err := db.NewSelect().Model(&days).Where("round_id = ? AND user_id IN (?)", roundID, bun.In(ids)).
		Order("user_id", "day").Scan(ctx); err != nil {
		return nil, translate(err)
	}
	out := map[int64]courses.PreferenceSet{}
	for _, p := range ranked {
		s := out[p.UserID]
		s.Sessions = append(s.Sessions, p.SessionID)
		out[p.UserID] = s
	}
	for _, d := range days {
		s := out[d.UserID]
		if !slices.Contains(s.Unavailable, d.Day) {
			s.Unavailable = append(s.Unavailable, d.Day)
		}
		out[d.UserID] = s
	}
	return out, nil
}
