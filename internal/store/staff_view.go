package store

import (
	"context"
	"slices"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// What staff see of the rounds shared with their municipality. The view is
// read without a transaction: it is a snapshot for a page, and every action
// taken from it is checked again under the session's lock. Each round costs
// a fixed handful of queries, however many sessions and people it has.

// OpenSessionsFor lists the rounds the user's municipality shares that are
// open for booking or collecting preferences, with every session's
// occupancy and the user's own booking, waiting place and offer. Staff of
// no municipality see nothing.
func (db *DB) OpenSessionsFor(ctx context.Context, userID int64) ([]courses.RoundView, error) {
	u, err := db.viewer(ctx, userID)
	if err != nil || u.MunicipalityID == nil {
		return nil, err
	}
	var ids []int64
	err = db.NewSelect().TableExpr("rounds AS r").Column("r.id").
		Join("JOIN round_municipalities AS rm ON rm.round_id = r.id").
		Where("rm.municipality_id = ?", *u.MunicipalityID).
		Where("r.status IN (?)", bun.In([]string{string(courses.StatusOpen), string(courses.StatusCollecting)})).
		OrderExpr("r.id").Scan(ctx, &ids)
	if err != nil {
		return nil, translate(err)
	}
	rounds := make([]courses.Round, 0, len(ids))
	for _, id := range ids {
		r, err := db.roundIn(ctx, db.DB, id)
		if err != nil {
			return nil, err
		}
		rounds = append(rounds, r)
	}
	names, err := db.viewNames(ctx, rounds)
	if err != nil {
		return nil, err
	}
	out := make([]courses.RoundView, 0, len(rounds))
	for _, r := range rounds {
		facts := names
		facts.Person = personOf(u)
		if facts.Seats, err = db.seatsBySession(ctx, db.DB, ofRound, r.ID, true); err != nil {
			return nil, translate(err)
		}
		if facts.Mine, err = db.mineIn(ctx, r.ID, u.ID); err != nil {
			return nil, err
		}
		out = append(out, r.StaffView(facts))
	}
	return out, nil
}

// MyBookings lists all of the user's bookings, cancelled ones included, by
// the start of their session.
func (db *DB) MyBookings(ctx context.Context, userID int64) ([]courses.BookingView, error) {
	var rows []bookingRow
	if err := db.NewSelect().Model(&rows).Where("user_id = ?", userID).OrderExpr("booked_at, id").Scan(ctx); err != nil {
		return nil, translate(err)
	}
	byID := map[int64]courses.Round{}
	var rounds []courses.Round
	for _, b := range rows {
		if _, ok := byID[b.RoundID]; ok {
			continue
		}
		r, err := db.roundIn(ctx, db.DB, b.RoundID)
		if err != nil {
			return nil, err
		}
		byID[r.ID] = r
		rounds = append(rounds, r)
	}
	facts, err := db.viewNames(ctx, rounds)
	if err != nil {
		return nil, err
	}
	facts.Seats = map[int64]courses.Seats{}
	for _, r := range rounds {
		seats, err := db.seatsBySession(ctx, db.DB, ofRound, r.ID, true)
		if err != nil {
			return nil, translate(err)
		}
		for id, s := range seats {
			facts.Seats[id] = s
		}
	}
	out := make([]courses.BookingView, 0, len(rows))
	for _, b := range rows {
		out = append(out, byID[b.RoundID].BookingViewOf(b.booking(), facts))
	}
	slices.SortStableFunc(out, func(a, b courses.BookingView) int { return a.Session.StartsAt.Compare(b.Session.StartsAt) })
	return out, nil
}

func (db *DB) viewer(ctx context.Context, userID int64) (*wachsam.User, error) {
	u := new(wachsam.User)
	if err := db.NewSelect().Model(u).Where("id = ?", userID).Scan(ctx); err != nil {
		return nil, lookupError(err, "Die Person")
	}
	return u, nil
}

// personOf is the user as the quotas count them; without a department the
// view still shows the sessions, and Book explains what is missing.
func personOf(u *wachsam.User) courses.Person {
	p := courses.Person{ID: u.ID}
	if u.MunicipalityID != nil {
		p.MunicipalityID = *u.MunicipalityID
	}
	if u.DepartmentID != nil {
		p.DepartmentID = *u.DepartmentID
	}
	return p
}

// viewNames loads the names of host municipalities and trainers of the
// rounds' sessions, in two queries.
func (db *DB) viewNames(ctx context.Context, rounds []courses.Round) (courses.StaffFacts, error) {
	f := courses.StaffFacts{Municipalities: map[int64]string{}, Trainers: map[int64]string{}, Now: db.now()}
	var hosts, trainers []int64
	for _, r := range rounds {
		for _, s := range r.Sessions {
			if s.HostMunicipalityID != 0 {
				hosts = append(hosts, s.HostMunicipalityID)
			}
			if s.TrainerID != 0 {
				trainers = append(trainers, s.TrainerID)
			}
		}
	}
	type named struct {
		ID   int64  `bun:"id"`
		Name string `bun:"name"`
	}
	load := func(table string, ids []int64, into map[int64]string) error {
		if len(ids) == 0 {
			return nil
		}
		var rows []named
		if err := db.NewSelect().Table(table).Column("id", "name").Where("id IN (?)", bun.In(ids)).Scan(ctx, &rows); err != nil {
			return translate(err)
		}
		for _, r := range rows {
			into[r.ID] = r.Name
		}
		return nil
	}
	if err := load("municipalities", hosts, f.Municipalities); err != nil {
		return f, err
	}
	return f, load("users", trainers, f.Trainers)
}

// mineIn finds the user's booking, waiting places and offers in a round.
// The place on a waiting list counts everyone still on it who joined
// earlier, as WaitlistPosition does.
func (db *DB) mineIn(ctx context.Context, roundID, userID int64) (map[int64]courses.PersonalState, error) {
	mine := map[int64]courses.PersonalState{}
	var booked []bookingRow
	if err := db.NewSelect().Model(&booked).Where("round_id = ? AND user_id = ? AND cancelled_at IS NULL", roundID, userID).
		Scan(ctx); err != nil {
		return nil, translate(err)
	}
	for _, b := range booked {
		mine[b.SessionID] = courses.PersonalState{BookingID: b.ID}
	}
	var waiting []waitlistRow
	if err := db.NewSelect().Model(&waiting).Where("round_id = ? AND left_at IS NULL", roundID).
		OrderExpr("joined_at, id").Scan(ctx); err != nil {
		return nil, translate(err)
	}
	ahead := map[int64]int{}
	for _, w := range waiting {
		ahead[w.SessionID]++
		if w.UserID != userID {
			continue
		}
		st := mine[w.SessionID]
		st.Position = ahead[w.SessionID]
		// An offer past its end waits for the expiry job; it can no
		// longer be accepted, so it is not shown as one.
		if w.OfferedAt != nil && w.OfferExpiresAt != nil && !db.now().After(*w.OfferExpiresAt) {
			st.OfferExpiresAt = w.OfferExpiresAt.UTC()
		}
		mine[w.SessionID] = st
	}
	return mine, nil
}
