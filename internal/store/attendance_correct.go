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

// maxReason bounds the reason of a correction, which goes into the audit
// log and the mail.
const maxReason = 500

// CorrectAttendance applies a correction by a coordinator of municipalityID
// to a member of its own staff holding an active booking of a session of
// a round it shares — any day of the session up to today, outside the
// window the trainer's list is open in. The reason is required; the
// change, its reason and the completion it makes or takes back are
// audited, and the person is mailed, all in one transaction.
func (db *DB) CorrectAttendance(ctx context.Context, actor wachsam.Actor, municipalityID int64, c courses.AttendanceCorrection, loc *time.Location) error {
	c.Reason = strings.TrimSpace(c.Reason)
	switch {
	case c.Reason == "":
		return wachsam.FieldError("reason", "Bitte geben Sie den Grund der Korrektur an; er wird protokolliert und der Person mitgeteilt.")
	case utf8.RuneCountInString(c.Reason) > maxReason:
		return wachsam.FieldError("reason", "Der Grund darf höchstens %d Zeichen lang sein.", maxReason)
	}
	return db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		locked, err := db.lockSession(ctx, tx, c.SessionID)
		if err != nil {
			return err
		}
		s := locked.session
		if !locked.round.Shares(municipalityID) {
			return notFound("Der Termin")
		}
		u := new(wachsam.User)
		if err := tx.NewSelect().Model(u).Where("id = ?", c.UserID).Scan(ctx); err != nil {
			return lookupError(err, "Die Person")
		}
		if u.MunicipalityID == nil || *u.MunicipalityID != municipalityID {
			return notFound("Die Person")
		}
		listed, err := db.listedIn(ctx, tx, s.ID)
		if err != nil {
			return err
		}
		m := courses.AttendanceMark{UserID: c.UserID, Day: c.Day, Present: c.Present}
		if err := checkMark(s, listed, &m); err != nil {
			return err
		}
		if c.Day.After(wachsam.DateIn(db.now(), loc)) {
			return wachsam.FieldError("day", "Der %s liegt in der Zukunft; korrigiert wird nur, was schon geschehen ist.", c.Day.German())
		}
		have, err := db.dayRecordsIn(ctx, tx, s.ID, c.UserID)
		if err != nil {
			return err
		}
		from := have[c.UserID].StatusOn(c.Day)
		if (from == courses.AttendancePresent) == c.Present {
			return wachsam.Errorf(wachsam.ECONFLICT, "Die Anwesenheit am %s ist bereits so erfasst; die Korrektur ändert nichts.", c.Day.German())
		}
		state := "nicht anwesend"
		if c.Present {
			state = "anwesend"
		}
		if err := db.setDayStatus(ctx, tx, actor, s.ID, c.UserID, c.Day, from, m.Wanted(), m.Source); err != nil {
			return err
		}
		records := have[c.UserID].With(c.Day, m.Wanted(), m.Source).Attendance
		if err := db.audit(ctx, tx, actor, "attendance.correct", "session", s.ID,
			fmt.Sprintf("Person %d am %s %s; Grund: %s", c.UserID, c.Day, state, c.Reason)); err != nil {
			return err
		}
		if err := db.syncCompletion(ctx, tx, actor, locked.round.Topic.ID, s, c.UserID, records); err != nil {
			return err
		}
		return db.EnqueueMail(ctx, tx, &wachsam.Mail{ToAddress: u.Email, ToName: u.Name,
			Subject: "Korrektur Ihrer Anwesenheit: " + locked.round.Topic.Name,
			Body: fmt.Sprintf("Guten Tag %s,\n\ndie Koordination Ihrer Kommune hat Ihre Anwesenheit bei „%s“ am %s korrigiert: "+
				"Sie sind jetzt als %s erfasst.\n\nGrund: %s\n\nBei Fragen wenden Sie sich bitte an die Koordination.\n",
				u.Name, locked.round.Topic.Name, c.Day.German(), state, c.Reason)})
	})
}
