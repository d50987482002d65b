package store

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// Walk-ins (issue 12 §4): a person of a municipality sharing the round who
// attended without a booking. Only the session's trainer adds them,
// explicitly, during the day they attended; they are recorded present that
// day and take no seat, so nobody's booking or quota changes.

type walkInRow struct {
	bun.BaseModel `bun:"table:walk_ins"`
	ID            int64     `bun:"id,pk,autoincrement"`
	SessionID     int64     `bun:"session_id,notnull"`
	UserID        int64     `bun:"user_id,notnull"`
	AddedBy       *int64    `bun:"added_by"`
	AddedAt       time.Time `bun:"added_at,notnull"`
}

// maxWalkInMatches bounds the answer of a search; a longer query narrows it.
const maxWalkInMatches = 20

// WalkInCandidates finds people a trainer may add to their session as
// walk-ins, by part of the name or e-mail address: enabled accounts of the
// municipalities sharing the session's round, not already on its list.
func (db *DB) WalkInCandidates(ctx context.Context, trainerID, sessionID int64, query string) ([]courses.WalkInCandidate, error) {
	query = strings.ToLower(strings.TrimSpace(query))
	if utf8.RuneCountInString(query) < 2 {
		return nil, wachsam.FieldError("suche", "Bitte geben Sie mindestens zwei Zeichen des Namens oder der E-Mail-Adresse ein.")
	}
	row, err := db.trainerSessionIn(ctx, db.DB, trainerID, sessionID)
	if err != nil {
		return nil, err
	}
	round, err := db.roundIn(ctx, db.DB, row.RoundID)
	if err != nil {
		return nil, err
	}
	var towns []int64
	for id := range round.Staff.ByMunicipality {
		towns = append(towns, id)
	}
	if len(towns) == 0 {
		return nil, nil
	}
	// Matched here, not with SQL lower(): SQLite lowers only ASCII, so
	// "öz" would miss "Özdemir" there but not on PostgreSQL. The staff of a
	// round's towns are a few thousand people at most.
	var staff []courses.WalkInCandidate
	err = db.NewRaw(`SELECT u.id AS user_id, u.name, u.email, m.name AS municipality
		FROM users AS u JOIN municipalities AS m ON m.id = u.municipality_id
		WHERE u.municipality_id IN (?) AND NOT u.disabled
		AND u.id NOT IN (SELECT user_id FROM bookings WHERE session_id = ? AND cancelled_at IS NULL)
		AND u.id NOT IN (SELECT user_id FROM walk_ins WHERE session_id = ?)
		ORDER BY u.name, u.id`, bun.In(towns), sessionID, sessionID).Scan(ctx, &staff)
	if err != nil {
		return nil, translate(err)
	}
	var out []courses.WalkInCandidate
	for _, c := range staff {
		if strings.Contains(strings.ToLower(c.Name), query) || strings.Contains(strings.ToLower(c.Email), query) {
			out = append(out, c)
			if len(out) == maxWalkInMatches {
				break
			}
		}
	}
	return out, nil
}

// AddWalkIn puts userID on the list of a session taught by trainerID as a
// walk-in present on day, audited, in one transaction. Refused: another
// trainer's session (not found), a person outside the round's
// municipalities (not found), a person already on the list, a cancelled
// session, and a day outside the attendance window.
func (db *DB) AddWalkIn(ctx context.Context, actor wachsam.Actor, trainerID, sessionID, userID int64, day wachsam.Date, loc *time.Location) error {
	return db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		locked, err := db.lockSession(ctx, tx, sessionID)
		if err != nil {
			return err
		}
		s := locked.session
		switch {
		case s.TrainerID != trainerID:
			return notFound("Der Termin")
		case s.Cancelled:
			return wachsam.Errorf(wachsam.ECONFLICT, "Der Termin ist abgesagt; Anwesenheit wird nicht mehr erfasst.")
		case !s.Runs(day):
			return wachsam.FieldError("day", "Der %s ist kein Tag dieses Termins.", day.German())
		}
		if err := s.CanRecordAttendance(day, db.now(), db.AttendanceLead, loc); err != nil {
			return err
		}
		u := new(wachsam.User)
		if err := tx.NewSelect().Model(u).Where("id = ?", userID).Scan(ctx); err != nil {
			return lookupError(err, "Die Person")
		}
		if u.Disabled || u.MunicipalityID == nil || !locked.round.Shares(*u.MunicipalityID) {
			return notFound("Die Person")
		}
		listed, err := db.listedIn(ctx, tx, s.ID)
		if err != nil {
			return err
		}
		if listed[userID] {
			return wachsam.Errorf(wachsam.ECONFLICT, "%s steht schon auf der Liste dieses Termins; bitte setzen Sie dort den Status.", u.Name)
		}
		if _, err := tx.NewInsert().Model(&walkInRow{SessionID: s.ID, UserID: userID, AddedBy: actor.UserID, AddedAt: db.now()}).Exec(ctx); err != nil {
			return translate(err)
		}
		if err := db.audit(ctx, tx, actor, "attendance.walk_in", "session", s.ID,
			fmt.Sprintf("Person %d ohne Anmeldung teilgenommen am %s", userID, day)); err != nil {
			return err
		}
		source := s.ListSource()
		if err := db.insertMark(ctx, tx, actor, s.ID, userID, day, source); err != nil {
			return err
		}
		return db.syncCompletion(ctx, tx, actor, locked.round.Topic.ID, s, userID,
			[]courses.DayAttendance{{Day: day, Source: source}})
	})
}
