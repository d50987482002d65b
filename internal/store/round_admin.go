package store

import (
	"context"
	"slices"
	"time"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// What a coordinator sees of a round beyond the round itself: the trainers
// to choose from, the seats taken, and who of their own staff comes.

// TrainersList lists the active accounts with the trainer role by name: the
// choice a coordinator has for a session.
func (db *DB) TrainersList(ctx context.Context) ([]wachsam.User, error) {
	var out []wachsam.User
	err := db.NewSelect().Model(&out).
		Where("NOT disabled").
		Where("id IN (SELECT user_id FROM user_roles WHERE role = ?)", wachsam.RoleTrainer).
		OrderExpr("name, id").Scan(ctx)
	if err != nil {
		return nil, translate(err)
	}
	for i := range out {
		out[i].Roles = []wachsam.Role{wachsam.RoleTrainer}
	}
	return out, nil
}

// checkTrainer makes sure a session's trainer is an active trainer account.
func (db *DB) checkTrainer(ctx context.Context, tx bun.IDB, id int64) error {
	if id == 0 {
		return nil
	}
	ok, err := tx.NewSelect().Model((*wachsam.User)(nil)).
		Where("id = ? AND NOT disabled", id).
		Where("id IN (SELECT user_id FROM user_roles WHERE role = ?)", wachsam.RoleTrainer).Exists(ctx)
	if err != nil {
		return err
	}
	if !ok {
		return wachsam.FieldError("trainer", "Bitte wählen Sie eine Trainerin oder einen Trainer aus der Liste.")
	}
	return nil
}

// takesPart reports whether the municipality shares the round; for anyone
// else the round does not exist.
func (db *DB) takesPart(ctx context.Context, tx bun.IDB, municipalityID, roundID int64) error {
	ok, err := tx.NewSelect().Table("round_municipalities").
		Where("round_id = ? AND municipality_id = ?", roundID, municipalityID).Exists(ctx)
	if err != nil {
		return translate(err)
	}
	if !ok {
		return notFound("Die Schulungsrunde")
	}
	return nil
}

// RoundSeatCounts counts the active bookings of every session of a round
// the municipality takes part in, by municipality and department: numbers
// only, no names.
func (db *DB) RoundSeatCounts(ctx context.Context, municipalityID, roundID int64) (map[int64]courses.Seats, error) {
	if err := db.takesPart(ctx, db.DB, municipalityID, roundID); err != nil {
		return nil, err
	}
	seats, err := db.seatsBySession(ctx, db.DB, ofRound, roundID, false)
	return seats, translate(err)
}

// rosterRow is one booking or waiting-list entry with its person.
type rosterRow struct {
	ID             int64      `bun:"id"`
	UserID         int64      `bun:"user_id"`
	MunicipalityID int64      `bun:"municipality_id"`
	Name           string     `bun:"name"`
	Department     string     `bun:"department"`
	Since          time.Time  `bun:"since"`
	Source         string     `bun:"source"`
	OfferedAt      *time.Time `bun:"offered_at"`
}

// SessionRoster lists who comes to a session of a round the municipality
// takes part in: its own staff by name (booked, and waiting with their
// position), every other municipality as counts.
func (db *DB) SessionRoster(ctx context.Context, municipalityID, roundID, sessionID int64) (courses.SessionRoster, error) {
	out := courses.SessionRoster{OthersBooked: map[int64]int{}, OthersWaiting: map[int64]int{}}
	r, err := db.Round(ctx, roundID)
	if err != nil {
		return out, err
	}
	s, ok := r.Session(sessionID)
	if !ok || !slices.Contains(r.Municipalities, municipalityID) {
		return out, notFound("Der Termin")
	}
	out.Session = s
	var booked []rosterRow
	err = db.NewSelect().TableExpr("bookings AS b").
		ColumnExpr("b.id, b.user_id, b.municipality_id, u.name, d.name AS department, b.booked_at AS since, b.source").
		Join("JOIN users AS u ON u.id = b.user_id").Join("JOIN departments AS d ON d.id = b.department_id").
		Where("b.session_id = ? AND b.cancelled_at IS NULL", sessionID).OrderExpr("u.name, b.id").Scan(ctx, &booked)
	if err != nil {
		return out, translate(err)
	}
	for _, b := range booked {
		if b.MunicipalityID != municipalityID {
			out.OthersBooked[b.MunicipalityID]++
			continue
		}
		out.Booked = append(out.Booked, courses.RosterPerson{UserID: b.UserID, Name: b.Name, Department: b.Department,
			Since: b.Since, Source: courses.BookingSource(b.Source)})
	}
	var waiting []rosterRow
	err = db.NewSelect().TableExpr("waitlist_entries AS w").
		ColumnExpr("w.id, w.user_id, w.municipality_id, u.name, d.name AS department, w.joined_at AS since, w.offered_at").
		Join("JOIN users AS u ON u.id = w.user_id").Join("JOIN departments AS d ON d.id = w.department_id").
		Where("w.session_id = ? AND w.left_at IS NULL", sessionID).OrderExpr("w.joined_at, w.id").Scan(ctx, &waiting)
	if err != nil {
		return out, translate(err)
	}
	for i, w := range waiting {
		if w.MunicipalityID != municipalityID {
			out.OthersWaiting[w.MunicipalityID]++
			continue
		}
		out.Waiting = append(out.Waiting, courses.RosterPerson{UserID: w.UserID, Name: w.Name, Department: w.Department,
			Since: w.Since, Position: i + 1, Offered: w.OfferedAt != nil})
	}
	return out, nil
}

// discardAllocation forgets a computed allocation that a change made out
// of date, so that it cannot be published any more.
func (db *DB) discardAllocation(ctx context.Context, tx bun.IDB, roundID int64) error {
	_, err := tx.NewDelete().Table("allocation_results").Where("round_id = ?", roundID).Exec(ctx)
	return err
}
