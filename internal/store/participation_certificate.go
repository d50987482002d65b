package store

import (
	"cmp"
	"context"
	"crypto/rand"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// Participation certificates (issue 14 §3; courses.ParticipationCertificate).
// The row is written the first time a certificate is asked for, by its
// holder or their coordinator, and audited then; it is keyed by person and
// session like the completion, so every later copy carries the same code.
// syncCompletion withdraws it when a correction takes the completion back
// and restores it when the completion returns.

type participationCertificateRow struct {
	bun.BaseModel `bun:"table:participation_certificates"`
	ID            int64        `bun:"id,pk,autoincrement"`
	UserID        int64        `bun:"user_id,notnull"`
	SessionID     int64        `bun:"session_id,notnull"`
	Code          string       `bun:"code,notnull"`
	HolderName    string       `bun:"holder_name,notnull"`
	Topic         string       `bun:"topic,notnull"`
	FirstDay      wachsam.Date `bun:"first_day,notnull"`
	LastDay       wachsam.Date `bun:"last_day,notnull"`
	Issuer        string       `bun:"issuer,notnull"`
	IssuedOn      wachsam.Date `bun:"issued_on,notnull"`
	WithdrawnOn   wachsam.Date `bun:"withdrawn_on"`
	CreatedAt     time.Time    `bun:"created_at,notnull"`
}

// participationSource is a completion with everything its certificate
// prints besides the session itself.
type participationSource struct {
	CompletionID   int64        `bun:"completion_id"`
	UserID         int64        `bun:"user_id"`
	SessionID      int64        `bun:"session_id"`
	CompletedOn    wachsam.Date `bun:"completed_on"`
	HolderName     string       `bun:"holder_name"`
	HolderTown     *string      `bun:"holder_town"`
	Topic          string       `bun:"topic"`
	ValidityMonths int          `bun:"validity_months"`
	Issuer         *string      `bun:"issuer"`
	HostName       *string      `bun:"host_name"`
	TrainerName    *string      `bun:"trainer_name"`
}

// MyParticipationCertificate returns the certificate of one of the
// signed-in person's own completions, issuing its code the first time.
// Anyone else's completion is "not found".
func (db *DB) MyParticipationCertificate(ctx context.Context, actor wachsam.Actor, userID, completionID int64) (*courses.ParticipationCertificate, error) {
	return db.participationCertificate(ctx, actor, completionID, func(q *bun.SelectQuery) *bun.SelectQuery {
		return q.Where("c.user_id = ?", userID)
	})
}

// StaffParticipationCertificate returns the certificate of a completion of
// userID, a member of municipalityID's staff (the coordinator's own town,
// never taken from the request), issuing its code the first time. A
// completion of anyone else is "not found".
func (db *DB) StaffParticipationCertificate(ctx context.Context, actor wachsam.Actor, municipalityID, userID, completionID int64) (*courses.ParticipationCertificate, error) {
	return db.participationCertificate(ctx, actor, completionID, func(q *bun.SelectQuery) *bun.SelectQuery {
		return q.Where("u.municipality_id = ? AND c.user_id = ?", municipalityID, userID)
	})
}

// StaffCompletions lists the completed trainings of one member of
// municipalityID's staff, newest first, with the person; a person of
// another town is "not found".
func (db *DB) StaffCompletions(ctx context.Context, municipalityID, userID int64) (*wachsam.User, []courses.Completion, error) {
	u := new(wachsam.User)
	if err := db.NewSelect().Model(u).Where("id = ? AND municipality_id = ?", userID, municipalityID).Scan(ctx); err != nil {
		return nil, nil, lookupError(err, "Die Person")
	}
	done, err := db.CompletionsOf(ctx, userID)
	return u, done, err
}

func (db *DB) participationCertificate(ctx context.Context, actor wachsam.Actor, completionID int64, scope func(*bun.SelectQuery) *bun.SelectQuery) (*courses.ParticipationCertificate, error) {
	src, s, err := db.participationSource(ctx, db.DB, completionID, scope)
	if err != nil {
		return nil, err
	}
	row, err := db.participationRow(ctx, db.DB, src.UserID, src.SessionID)
	if err != nil {
		return nil, err
	}
	if row == nil {
		// First request: draw the code in a transaction that reads the
		// completion again, so a correction in between is not overtaken.
		err = db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
			src, s, err = db.participationSource(ctx, tx, completionID, scope)
			if err != nil {
				return err
			}
			row, err = db.issueParticipation(ctx, tx, actor, src, s)
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	c := &courses.ParticipationCertificate{
		CompletionID: src.CompletionID, UserID: src.UserID, Code: row.Code, HolderName: row.HolderName,
		Topic: row.Topic, Session: s, Issuer: row.Issuer, IssuedOn: row.IssuedOn,
		ValidUntil: courses.NextDue(src.CompletedOn, src.ValidityMonths),
		HolderTown: deref(src.HolderTown), HostName: deref(src.HostName), TrainerName: deref(src.TrainerName),
	}
	return c, nil
}

// participationSource reads a completion the scope lets the caller see,
// with its session.
func (db *DB) participationSource(ctx context.Context, idb bun.IDB, completionID int64, scope func(*bun.SelectQuery) *bun.SelectQuery) (*participationSource, courses.Session, error) {
	var src participationSource
	q := idb.NewSelect().TableExpr("completions AS c").
		ColumnExpr("c.id AS completion_id, c.user_id, c.session_id, c.completed_on").
		ColumnExpr("u.name AS holder_name, hm.name AS holder_town, t.name AS topic, t.validity_months").
		ColumnExpr("om.name AS issuer, host.name AS host_name, tr.name AS trainer_name").
		Join("JOIN users AS u ON u.id = c.user_id").
		Join("LEFT JOIN municipalities AS hm ON hm.id = u.municipality_id").
		Join("JOIN topics AS t ON t.id = c.topic_id").
		Join("JOIN course_sessions AS s ON s.id = c.session_id").
		Join("JOIN rounds AS r ON r.id = s.round_id").
		Join("LEFT JOIN municipalities AS om ON om.id = r.created_by").
		Join("LEFT JOIN municipalities AS host ON host.id = s.host_municipality_id").
		Join("LEFT JOIN users AS tr ON tr.id = s.trainer_id").
		Where("c.id = ?", completionID)
	if err := scope(q).Limit(1).Scan(ctx, &src); err != nil {
		return nil, courses.Session{}, lookupError(err, "Die Teilnahme")
	}
	var sr sessionRow
	if err := idb.NewSelect().Model(&sr).Where("id = ?", src.SessionID).Scan(ctx); err != nil {
		return nil, courses.Session{}, lookupError(err, "Der Termin")
	}
	return &src, sr.session(), nil
}

// participationRow is the certificate of a person's session, or nil.
func (db *DB) participationRow(ctx context.Context, idb bun.IDB, userID, sessionID int64) (*participationCertificateRow, error) {
	var rows []participationCertificateRow
	if err := idb.NewSelect().Model(&rows).Where("user_id = ? AND session_id = ?", userID, sessionID).Scan(ctx); err != nil {
		return nil, translate(err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	return &rows[0], nil
}

// issueParticipation writes the certificate of a completion with a new
// code, unless a parallel request has just done so, and audits it.
func (db *DB) issueParticipation(ctx context.Context, tx bun.Tx, actor wachsam.Actor, src *participationSource, s courses.Session) (*participationCertificateRow, error) {
	code, err := newParticipationCode(ctx, tx)
	if err != nil {
		return nil, err
	}
	first, last := src.CompletedOn, src.CompletedOn
	if len(s.Days) > 0 {
		first, last = s.Days[0], s.Days[len(s.Days)-1]
	}
	row := &participationCertificateRow{UserID: src.UserID, SessionID: src.SessionID, Code: code, HolderName: src.HolderName,
		Topic: src.Topic, FirstDay: first, LastDay: last, Issuer: cmp.Or(deref(src.Issuer), deref(src.HostName), "wachsam"),
		IssuedOn: db.legalToday(), CreatedAt: db.now()}
	res, err := tx.NewInsert().Model(row).On("CONFLICT (user_id, session_id) DO NOTHING").Exec(ctx)
	if err != nil {
		return nil, translate(err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		detail := fmt.Sprintf("Teilnahmebescheinigung für Person %d, Termin %d (%s), Prüfcode %s…", src.UserID, src.SessionID, src.Topic, code[:4])
		if err := db.audit(ctx, tx, actor, "participation_certificate.issue", "completion", src.CompletionID, detail); err != nil {
			return nil, err
		}
	}
	have, err := db.participationRow(ctx, tx, src.UserID, src.SessionID)
	if err != nil || have == nil {
		return nil, cmp.Or(err, notFound("Die Teilnahmebescheinigung"))
	}
	return have, nil
}

// syncParticipation follows the completion of a person's session: taken
// back, its certificate is withdrawn as of today; back again, it stands
// again with its old code. Each change is audited.
func (db *DB) syncParticipation(ctx context.Context, tx bun.IDB, actor wachsam.Actor, userID, sessionID int64, completed bool) error {
	q := tx.NewUpdate().Model((*participationCertificateRow)(nil)).Where("user_id = ? AND session_id = ?", userID, sessionID)
	action, detail := "participation_certificate.restore", "gilt wieder"
	if completed {
		q = q.Set("withdrawn_on = NULL").Where("withdrawn_on IS NOT NULL")
	} else {
		q = q.Set("withdrawn_on = ?", db.legalToday()).Where("withdrawn_on IS NULL")
		action, detail = "participation_certificate.withdraw", "zurückgezogen"
	}
	res, err := q.Exec(ctx)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil
	}
	return db.audit(ctx, tx, actor, action, "session", sessionID,
		fmt.Sprintf("Teilnahmebescheinigung von Person %d %s", userID, detail))
}

// newParticipationCode draws a code no participation certificate has.
func newParticipationCode(ctx context.Context, tx bun.IDB) (string, error) {
	for range 5 {
		code, err := randomVerificationCode(courses.ParticipationCodeLength)
		if err != nil {
			return "", err
		}
		n, err := tx.NewSelect().Model((*participationCertificateRow)(nil)).Where("code = ?", code).Count(ctx)
		if err != nil {
			return "", err
		}
		if n == 0 {
			return code, nil
		}
	}
	return "", fmt.Errorf("store: no free participation certificate code after 5 draws")
}

// randomVerificationCode draws n characters uniformly from the alphabet:
// it has 32 characters, so the low five bits of a random byte pick one
// without bias.
func randomVerificationCode(n int) (string, error) {
	alphabet := wachsam.VerificationCodeAlphabet
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return wachsam.FormatVerificationCode(string(b)), nil
}
