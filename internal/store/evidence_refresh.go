package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/evidence"
)

// RefreshEvidence brings a municipality's published records up to date
// with its data and returns the position of the newest change. Records are
// derived from the data, never patched by the code that changes the data,
// so no write path can forget the evidence; a refresh that finds nothing
// changed writes nothing. The database notes every change to the data the
// records are derived from (evidence_changes.go): a refresh without a note
// whose last derivation is still valid returns at once; any other derives
// everything again and compares. Attendance is compared about 5,000 records
// at a time, so memory stays flat however many records a municipality has.
func (db *DB) RefreshEvidence(ctx context.Context, municipalityID int64) (int64, error) {
	if head, ok, err := db.evidenceUnchanged(ctx, municipalityID); err != nil || ok {
		return head, err
	}
	var head int64
	err := db.inEvidenceTx(ctx, func(ctx context.Context, tx bun.Tx, conn *bun.Conn) error {
		tenant, err := db.lockTenant(ctx, tx, municipalityID)
		if err != nil {
			return err
		}
		if err := consumeEvidenceChanges(ctx, tx, municipalityID); err != nil {
			return err
		}
		var town wachsam.Municipality
		if err := tx.NewSelect().Model(&town).Where("id = ?", municipalityID).Scan(ctx); err != nil {
			return lookupError(err, "Die Kommune")
		}
		src, err := db.evidenceSources(ctx, tx, tenant, town)
		if err != nil {
			return err
		}
		p := &publisher{tx: tx, conn: conn, tenant: &tenant, ags: town.AGS, now: db.now(), first: tenant.Head == 0}
		if err := db.refreshEvidence(ctx, p, src); err != nil {
			return err
		}
		head = tenant.Head
		_, err = tx.NewUpdate().Model(&tenant).Set("head = ?, refreshed_at = ?, derived_until = ?", tenant.Head, p.now, src.derivedUntil()).
			WherePK().Exec(ctx)
		return err
	})
	if err == nil {
		db.derived.Store(municipalityID, true)
	}
	return head, err
}

func (db *DB) refreshEvidence(ctx context.Context, p *publisher, src *evidenceSources) error {
	programme, err := src.programmeDraft()
	if err != nil {
		return err
	}
	if err := p.sync(ctx, evidence.KindProgramme, nil, []evidence.Draft{programme}); err != nil {
		return err
	}
	sessions, err := src.sessionDrafts()
	if err != nil {
		return err
	}
	if err := p.sync(ctx, evidence.KindSession, nil, sessions); err != nil {
		return err
	}
	// Only the running month's coverage is compared: earlier months keep
	// the figures they ended with.
	coverage, err := src.coverageDrafts()
	if err != nil {
		return err
	}
	if err := p.sync(ctx, evidence.KindCoverage, []int64{evidence.PeriodGroup(src.today)}, coverage); err != nil {
		return err
	}
	groups, err := db.attendanceGroups(ctx, p, src)
	if err != nil {
		return err
	}
	cache := newAttendanceCache(src)
	for _, chunk := range src.attendanceChunks(groups) {
		drafts, err := db.attendanceDrafts(ctx, p.tx, src, chunk, cache)
		if err != nil {
			return err
		}
		if err := p.sync(ctx, evidence.KindAttendance, chunk, drafts); err != nil {
			return err
		}
	}
	return nil
}

// attendanceChunkRecords is about how many attendance records one
// comparison holds in memory, whatever the size of the sessions.
const attendanceChunkRecords = 5000

// maxChunkSessions keeps the list of sessions in one query short, even
// when most sessions have no attendance of the municipality.
const maxChunkSessions = 500

// attendanceChunks splits the sessions into runs of about
// attendanceChunkRecords attendance records each, counted by the people of
// the municipality who attended (a session that is gone counts as a full
// run: its size is unknown). A session larger than a run is a run alone.
func (src *evidenceSources) attendanceChunks(groups []int64) [][]int64 {
	var out [][]int64
	var run []int64
	size := 0
	for _, id := range groups {
		n := attendanceChunkRecords
		if s, ok := src.sessions[id]; ok {
			n = s.Attended
		}
		if len(run) > 0 && (size+n > attendanceChunkRecords || len(run) == maxChunkSessions) {
			out = append(out, run)
			run, size = nil, 0
		}
		run = append(run, id)
		size += n
	}
	if len(run) > 0 {
		out = append(out, run)
	}
	return out
}

// attendanceGroups are the sessions whose attendance must be compared: the
// municipality's sessions now, and any session it has published attendance
// for (a session that is gone leaves tombstones behind). A first publish
// has published nothing, so it looks nothing up, as the publisher does.
func (db *DB) attendanceGroups(ctx context.Context, p *publisher, src *evidenceSources) ([]int64, error) {
	if p.first {
		return src.sessionIDs(), nil
	}
	var published []int64
	err := p.tx.NewSelect().Model((*evidenceRecordRow)(nil)).ColumnExpr("DISTINCT group_id").
		Where("municipality_id = ?", src.tenant.MunicipalityID).Where("kind = ?", string(evidence.KindAttendance)).
		Scan(ctx, &published)
	if err != nil {
		return nil, err
	}
	seen := make(map[int64]bool, len(src.sessions)+len(published))
	var out []int64
	for _, id := range append(src.sessionIDs(), published...) {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out, nil
}

// attendanceDrafts are the attendance records of the municipality's people
// at the given sessions: one per person and session, with the days they
// attended and whether that completed the training. One query reads the
// marks with each person's completion of the session (at most one:
// completions are unique per person and session), scanned without
// reflection; what repeats from record to record (names, days, the
// session's mappings) is worked out once (attendanceCache).
func (db *DB) attendanceDrafts(ctx context.Context, tx bun.Tx, src *evidenceSources, sessionIDs []int64, cache *attendanceCache) ([]evidence.Draft, error) {
	rows, err := tx.QueryContext(ctx, `SELECT a.session_id, a.user_id, a.day, u.name, COALESCE(d.name, ''), c.completed_on
		FROM attendance AS a
		JOIN users AS u ON u.id = a.user_id
		LEFT JOIN departments AS d ON d.id = u.department_id
		LEFT JOIN completions AS c ON c.session_id = a.session_id AND c.user_id = a.user_id
		WHERE u.municipality_id = ? AND a.session_id IN (?)
		ORDER BY a.session_id, a.user_id, a.day`, src.tenant.MunicipalityID, bun.In(sessionIDs))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var (
		out                  []evidence.Draft
		person               attendancePerson // the person whose marks are being gathered
		sessionID, userID    int64
		day, completedOn     wachsam.Date
		name, department     sql.RawBytes
		days                 []string
		personCompletedOn    wachsam.Date
		haveSession, started bool
		s                    evidenceSession
	)
	emit := func() error {
		if !started || !haveSession {
			return nil // nothing gathered, or a session the municipality no longer shares: its records are buried
		}
		d, err := src.attendanceDraft(s, person, days, personCompletedOn, cache)
		if err != nil {
			return err
		}
		out = append(out, d)
		return nil
	}
	for rows.Next() {
		if err := rows.Scan(&sessionID, &userID, &day, &name, &department, &completedOn); err != nil {
			return nil, err
		}
		if !started || sessionID != s.ID || userID != person.userID {
			if err := emit(); err != nil {
				return nil, err
			}
			started = true
			if sessionID != s.ID || !haveSession {
				s, haveSession = src.sessions[sessionID]
				s.ID = sessionID
			}
			person = cache.person(userID, name, department)
			personCompletedOn = completedOn
			days = days[:0] // the draft keeps its encoding, not the list
		}
		days = append(days, cache.day(day))
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := emit(); err != nil {
		return nil, err
	}
	return out, nil
}

// occursOn is the instant a session's day begins: the day at the time the
// session starts.
func occursOn(s evidenceSession, day string, loc *time.Location) time.Time {
	d, err := wachsam.ParseDate(day)
	if err != nil {
		return s.StartsAt
	}
	start := s.StartsAt.In(loc)
	return time.Date(d.Year, d.Month, d.Day, start.Hour(), start.Minute(), 0, 0, loc)
}

// validUntil is the last day a completed training counts, or "" if the
// training is not complete.
func validUntil(completedOn wachsam.Date, validityMonths int) string {
	if completedOn.IsZero() {
		return ""
	}
	return courses.NextDue(completedOn, validityMonths).String()
}
