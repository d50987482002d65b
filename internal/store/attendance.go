package store

import (
	"context"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// Attendance (DESIGN.md §4): the trainer's list, confirmed camera presence
// online, or self check-in with the code shown in the room. A person's
// training counts once every day of the session is attended: then a
// completion is written in the same transaction, and taken back when a
// mark is removed again.

type attendanceRow struct {
	bun.BaseModel `bun:"table:attendance"`
	ID            int64        `bun:"id,pk,autoincrement"`
	SessionID     int64        `bun:"session_id,notnull"`
	UserID        int64        `bun:"user_id,notnull"`
	Day           wachsam.Date `bun:"day,notnull"`
	Source        string       `bun:"source,notnull"`
	RecordedBy    *int64       `bun:"recorded_by"`
	RecordedAt    time.Time    `bun:"recorded_at,notnull"`
}

// CheckInRefused is the answer to a wrong or expired check-in code.
const CheckInRefused = "Der Code ist falsch oder abgelaufen. Bitte geben Sie den Code ein, der gerade im Raum angezeigt wird."

// RecordAttendance marks one person present (or, with present false, no
// longer present) on one day of a session taught by trainerID.
func (db *DB) RecordAttendance(ctx context.Context, actor wachsam.Actor, trainerID, sessionID, userID int64, day wachsam.Date,
	source courses.AttendanceSource, present bool, loc *time.Location) error {
	_, err := db.SaveAttendance(ctx, actor, trainerID, sessionID,
		[]courses.AttendanceMark{{UserID: userID, Day: day, Present: present, Source: source}}, loc)
	return err
}

// SaveAttendance applies the marks of a trainer's list in one transaction:
// all of them or, if one is refused, none. A mark that changes nothing (a
// person already present, however recorded) writes nothing. It returns the
// number of changed marks.
func (db *DB) SaveAttendance(ctx context.Context, actor wachsam.Actor, trainerID, sessionID int64, marks []courses.AttendanceMark, loc *time.Location) (int, error) {
	changed := 0
	err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		changed = 0
		locked, err := db.lockSession(ctx, tx, sessionID)
		if err != nil {
			return err
		}
		s := locked.session
		if s.TrainerID != trainerID {
			return notFound("Der Termin")
		}
		if s.Cancelled {
			return wachsam.Errorf(wachsam.ECONFLICT, "Der Termin ist abgesagt; Anwesenheit wird nicht mehr erfasst.")
		}
		listed, err := db.listedIn(ctx, tx, sessionID)
		if err != nil {
			return err
		}
		have, err := db.dayRecordsIn(ctx, tx, sessionID, 0)
		if err != nil {
			return err
		}
		now := db.now()
		touched := map[int64]bool{}
		for _, m := range marks {
			if err := checkMark(s, listed, &m); err != nil {
				return err
			}
			p := have[m.UserID]
			from, to := p.StatusOn(m.Day), m.Wanted()
			if from == to {
				continue
			}
			if err := s.CanRecordAttendance(m.Day, now, db.AttendanceLead, loc); err != nil {
				return err
			}
			if err := db.setDayStatus(ctx, tx, actor, s.ID, m.UserID, m.Day, from, to, m.Source); err != nil {
				return err
			}
			have[m.UserID] = p.With(m.Day, to, m.Source)
			changed++
			touched[m.UserID] = true
		}
		for userID := range touched {
			if err := db.syncCompletion(ctx, tx, actor, locked.round.Topic.ID, s, userID, have[userID].Attendance); err != nil {
				return err
			}
		}
		return nil
	})
	return changed, err
}

// checkMark refuses a mark the rules do not allow and fills in its source.
// listed are the people on the session's list: booked or walk-ins.
// A mark that changes something is accepted only during the day it is for
// (courses.Session.CanRecordAttendance, checked by SaveAttendance); a list
// saved again on a later day keeps its earlier ticks unchanged.
func checkMark(s courses.Session, listed map[int64]bool, m *courses.AttendanceMark) error {
	if m.Source == "" {
		m.Source = s.ListSource()
	}
	if _, err := courses.ParseAttendanceStatus(string(m.Status)); err != nil {
		return err
	}
	switch {
	case !listed[m.UserID]:
		return wachsam.FieldError("user_id", "Die Person mit der Nummer %d hat keine gültige Buchung für diesen Termin und ist nicht ohne Anmeldung eingetragen.", m.UserID)
	case !s.Runs(m.Day):
		return wachsam.FieldError("day", "Der %s ist kein Tag dieses Termins.", m.Day.German())
	case m.Wanted() == courses.AttendancePresent:
		return s.AcceptsSource(m.Source)
	}
	return nil
}

// bookedIn is the set of people holding an active booking for a session.
func (db *DB) bookedIn(ctx context.Context, tx bun.IDB, sessionID int64) (map[int64]bool, error) {
	var ids []int64
	if err := tx.NewSelect().Table("bookings").Column("user_id").
		Where("session_id = ? AND cancelled_at IS NULL", sessionID).Scan(ctx, &ids); err != nil {
		return nil, err
	}
	out := make(map[int64]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out, nil
}

func (db *DB) insertMark(ctx context.Context, tx bun.IDB, actor wachsam.Actor, sessionID, userID int64, day wachsam.Date, source courses.AttendanceSource) error {
	row := &attendanceRow{SessionID: sessionID, UserID: userID, Day: day, Source: string(source), RecordedBy: actor.UserID, RecordedAt: db.now()}
	if _, err := tx.NewInsert().Model(row).Exec(ctx); err != nil {
		return err
	}
	return db.audit(ctx, tx, actor, "attendance.mark", "session", sessionID,
		fmt.Sprintf("Person %d anwesend am %s (%s)", userID, day, source))
}

func (db *DB) deleteMark(ctx context.Context, tx bun.IDB, actor wachsam.Actor, sessionID, userID int64, day wachsam.Date) error {
	if _, err := tx.NewDelete().Model((*attendanceRow)(nil)).
		Where("session_id = ? AND user_id = ? AND day = ?", sessionID, userID, day).Exec(ctx); err != nil {
		return err
	}
	return db.audit(ctx, tx, actor, "attendance.unmark", "session", sessionID,
		fmt.Sprintf("Person %d nicht anwesend am %s", userID, day))
}

// syncCompletion writes the person's completion of the session when the
// records prove every day, and takes it back when they no longer do. A new
// completion releases the person's later bookings of the same topic
// (releaseOnCompletion); taking it back does not restore them — the person
// books again.
func (db *DB) syncCompletion(ctx context.Context, tx bun.Tx, actor wachsam.Actor, topicID int64, s courses.Session, userID int64, records []courses.DayAttendance) error {
	exists, err := tx.NewSelect().Table("completions").Where("user_id = ? AND session_id = ?", userID, s.ID).Exists(ctx)
	if err != nil {
		return err
	}
	complete := s.AttendanceComplete(records)
	switch {
	case complete && !exists:
		on := s.CompletedOn()
		if _, err := tx.NewRaw(`INSERT INTO completions (user_id, topic_id, session_id, completed_on, created_at)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id, session_id) DO NOTHING`,
			userID, topicID, s.ID, on, db.now()).Exec(ctx); err != nil {
			return err
		}
		if err := db.audit(ctx, tx, actor, "completion.create", "session", s.ID,
			fmt.Sprintf("Person %d hat die Schulung am %s abgeschlossen", userID, on)); err != nil {
			return err
		}
		if err := db.syncParticipation(ctx, tx, actor, userID, s.ID, true); err != nil {
			return err
		}
		return db.releaseOnCompletion(ctx, tx, actor, topicID, s, userID)
	case !complete && exists:
		if _, err := tx.NewDelete().TableExpr("completions").Where("user_id = ? AND session_id = ?", userID, s.ID).Exec(ctx); err != nil {
			return err
		}
		if err := db.audit(ctx, tx, actor, "completion.delete", "session", s.ID,
			fmt.Sprintf("Abschluss von Person %d zurückgenommen", userID)); err != nil {
			return err
		}
		return db.syncParticipation(ctx, tx, actor, userID, s.ID, false)
	}
	return nil
}

// CheckIn records that userID is present today (in legal time loc) at the
// session whose room shows code: the person must hold an active booking
// for a session on site that runs today, and the code must be the current
// one of that session or the one before (courses.VerifyCheckInCode). A
// refused code writes nothing.
func (db *DB) CheckIn(ctx context.Context, actor wachsam.Actor, userID int64, code string, loc *time.Location) (courses.CheckedIn, error) {
	code = strings.Join(strings.Fields(code), "")
	if len(code) != 6 || strings.Trim(code, "0123456789") != "" {
		return courses.CheckedIn{}, wachsam.FieldError("code", "Bitte geben Sie die sechs Ziffern des Codes ein, der gerade im Raum angezeigt wird.")
	}
	// Only two codes in a million are valid at any moment, but a script
	// could guess: after checkInAttempts wrong codes within the window the
	// person must wait. The failures live beside the login failures, keyed
	// per account, so the limit holds across instances.
	throttleKey := fmt.Sprintf("checkin:%d", userID)
	failures, err := db.LoginFailuresSince(ctx, throttleKey, db.now().Add(-checkInWindow))
	if err != nil {
		return courses.CheckedIn{}, err
	}
	if failures >= checkInAttempts {
		return courses.CheckedIn{}, wachsam.Errorf(wachsam.ETOOMANY, "Zu viele falsche Codes. Bitte warten Sie zehn Minuten oder lassen Sie Ihre Anwesenheit von der Trainerin oder dem Trainer eintragen.")
	}
	var out courses.CheckedIn
	err = db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		now := db.now()
		today := wachsam.DateIn(now, loc)
		var rows []sessionRow
		if err := tx.NewSelect().Model(&rows).
			Where("cancelled_at IS NULL").
			Where("id IN (SELECT session_id FROM bookings WHERE user_id = ? AND cancelled_at IS NULL)", userID).
			OrderExpr("starts_at, id").Scan(ctx); err != nil {
			return err
		}
		var todays []sessionRow
		online := false
		var notYet error
		for _, r := range rows {
			if s := r.session(); s.Runs(today) {
				if s.Online {
					online = true
					continue
				}
				if err := s.CanRecordAttendance(today, now, db.AttendanceLead, loc); err != nil {
					notYet = wachsam.Errorf(wachsam.ECONFLICT, "%s", wachsam.ErrorMessageOf(err))
					continue
				}
				todays = append(todays, r)
			}
		}
		if len(todays) == 0 {
			switch {
			case notYet != nil:
				return notYet
			case online:
				return wachsam.Errorf(wachsam.ECONFLICT, "Ihr heutiger Termin findet online statt; dort bestätigt die Trainerin oder der Trainer Ihre Anwesenheit. Einchecken ist nicht nötig.")
			}
			return wachsam.Errorf(wachsam.ECONFLICT, "Sie haben für heute keinen Schulungstermin gebucht. Einchecken können Sie nur am Tag Ihres Termins.")
		}
		for _, r := range todays {
			secret, err := hex.DecodeString(r.CheckInSecret)
			if err != nil || !courses.VerifyCheckInCode(secret, code, now) {
				continue
			}
			return db.checkInto(ctx, tx, actor, r.ID, userID, today, loc, &out)
		}
		return wachsam.FieldError("code", CheckInRefused)
	})
	if wachsam.ErrorMessageOf(err) == CheckInRefused {
		if ferr := db.RecordLoginFailure(ctx, throttleKey); ferr != nil {
			return out, ferr
		}
	}
	return out, err
}

// checkInAttempts wrong codes within checkInWindow block further tries.
const (
	checkInAttempts = 5
	checkInWindow   = 10 * time.Minute
)

func (db *DB) checkInto(ctx context.Context, tx bun.Tx, actor wachsam.Actor, sessionID, userID int64, today wachsam.Date, loc *time.Location, out *courses.CheckedIn) error {
	locked, err := db.lockSession(ctx, tx, sessionID)
	if err != nil {
		return err
	}
	have, err := db.dayRecordsIn(ctx, tx, sessionID, userID)
	if err != nil {
		return err
	}
	// Checking in twice, or after the trainer ticked the list, is fine and
	// changes nothing. The code shown in the room proves presence, so it
	// replaces an "absent" or "excused" recorded earlier that day.
	if from := have[userID].StatusOn(today); from != courses.AttendancePresent {
		if err := db.setDayStatus(ctx, tx, actor, sessionID, userID, today, from, courses.AttendancePresent, courses.AttendanceCheckIn); err != nil {
			return err
		}
		records := have[userID].With(today, courses.AttendancePresent, courses.AttendanceCheckIn).Attendance
		if err := db.syncCompletion(ctx, tx, actor, locked.round.Topic.ID, locked.session, userID, records); err != nil {
			return err
		}
	}
	view, err := db.trainerSessionIn(ctx, tx, 0, sessionID)
	if err != nil {
		return err
	}
	*out = courses.CheckedIn{Session: view.view(wachsam.DateIn(db.now(), loc)), Day: today}
	return nil
}
