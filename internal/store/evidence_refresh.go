package store

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/evidence"
)

// RefreshEvidence brings a municipality's published records up to date
// with its data and returns the position of the newest change. Records are
// derived from the data every time, never patched by the code that changes
// the data, so no write path can forget the evidence; a refresh that finds
// nothing changed writes nothing. Attendance is compared about 5,000 records at
// a time, so memory stays flat however many records a municipality has.
func (db *DB) RefreshEvidence(ctx context.Context, municipalityID int64) (int64, error) {
	var head int64
	err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		tenant, err := db.lockTenant(ctx, tx, municipalityID)
		if err != nil {
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
		p := &publisher{tx: tx, tenant: &tenant, ags: town.AGS, now: db.now()}
		if err := db.refreshEvidence(ctx, p, src); err != nil {
			return err
		}
		head = tenant.Head
		_, err = tx.NewUpdate().Model(&tenant).Set("head = ?, refreshed_at = ?", tenant.Head, p.now).WherePK().Exec(ctx)
		return err
	})
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
	groups, err := db.attendanceGroups(ctx, p.tx, src)
	if err != nil {
		return err
	}
	for _, chunk := range src.attendanceChunks(groups) {
		drafts, err := db.attendanceDrafts(ctx, p.tx, src, chunk)
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
// for (a session that is gone leaves tombstones behind).
func (db *DB) attendanceGroups(ctx context.Context, tx bun.IDB, src *evidenceSources) ([]int64, error) {
	var published []int64
	err := tx.NewSelect().Model((*evidenceRecordRow)(nil)).ColumnExpr("DISTINCT group_id").
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
// attended and whether that completed the training.
func (db *DB) attendanceDrafts(ctx context.Context, tx bun.IDB, src *evidenceSources, sessionIDs []int64) ([]evidence.Draft, error) {
	var marks []struct {
		SessionID  int64        `bun:"session_id"`
		UserID     int64        `bun:"user_id"`
		Day        wachsam.Date `bun:"day"`
		Name       string       `bun:"name"`
		Department string       `bun:"department"`
	}
	err := tx.NewSelect().TableExpr("attendance AS a").
		ColumnExpr("a.session_id, a.user_id, a.day, u.name, COALESCE(d.name, '') AS department").
		Join("JOIN users AS u ON u.id = a.user_id").
		Join("LEFT JOIN departments AS d ON d.id = u.department_id").
		Where("u.municipality_id = ?", src.tenant.MunicipalityID).Where("a.session_id IN (?)", bun.In(sessionIDs)).
		OrderExpr("a.session_id, a.user_id, a.day").Scan(ctx, &marks)
	if err != nil {
		return nil, err
	}
	var done []struct {
		SessionID   int64        `bun:"session_id"`
		UserID      int64        `bun:"user_id"`
		CompletedOn wachsam.Date `bun:"completed_on"`
	}
	err = tx.NewSelect().TableExpr("completions AS c").ColumnExpr("c.session_id, c.user_id, c.completed_on").
		Join("JOIN users AS u ON u.id = c.user_id").
		Where("u.municipality_id = ?", src.tenant.MunicipalityID).Where("c.session_id IN (?)", bun.In(sessionIDs)).
		Scan(ctx, &done)
	if err != nil {
		return nil, err
	}
	type key struct{ session, user int64 }
	completed := make(map[key]wachsam.Date, len(done))
	for _, c := range done {
		completed[key{c.SessionID, c.UserID}] = c.CompletedOn
	}
	var out []evidence.Draft
	for i := 0; i < len(marks); {
		m := marks[i]
		s, ok := src.sessions[m.SessionID]
		var days []string
		for ; i < len(marks) && marks[i].SessionID == m.SessionID && marks[i].UserID == m.UserID; i++ {
			days = append(days, marks[i].Day.String())
		}
		if !ok {
			continue // a session the municipality no longer shares: its records are buried
		}
		d, err := src.attendanceDraft(s, m.UserID, m.Name, m.Department, days, completed[key{m.SessionID, m.UserID}])
		if err != nil {
			return nil, err
		}
		out = append(out, d)
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
