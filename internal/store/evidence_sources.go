package store

import (
	"context"
	"slices"
	"time"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/evidence"
)

// evidenceSources is what a refresh reads once per municipality: the
// concept, the sessions of its rounds with its own figures, and the due list
// behind the coverage.
type evidenceSources struct {
	tenant    evidenceTenantRow
	town      wachsam.Municipality
	now       time.Time // the moment of the figures: whether a session was held
	today     wachsam.Date
	loc       *time.Location
	programme trainingProgrammeRow
	audiences []evidence.TopicAudience
	audience  map[int64]evidence.Audience
	sessions  map[int64]evidenceSession
	due       []courses.DueRow
}

// evidenceSession is a session of one of the municipality's rounds.
type evidenceSession struct {
	sessionRow
	Topic     string
	TopicID   int64
	Validity  int
	Round     string
	HostAGS   string
	Booked    int
	Attended  int
	Completed int
}

func (db *DB) evidenceSources(ctx context.Context, tx bun.IDB, tenant evidenceTenantRow, town wachsam.Municipality) (*evidenceSources, error) {
	now := db.now()
	src := &evidenceSources{tenant: tenant, town: town, now: now, today: wachsam.DateIn(now, db.Legal), loc: db.Legal}
	err := tx.NewSelect().Model(&src.programme).Where("municipality_id = ?", town.ID).Scan(ctx)
	if err := ignoreMissing(err); err != nil {
		return nil, err
	}
	if src.audiences, err = db.topicAudiences(ctx, tx, town.ID); err != nil {
		return nil, err
	}
	src.audience = make(map[int64]evidence.Audience, len(src.audiences))
	for _, a := range src.audiences {
		src.audience[a.TopicID] = a.Audience
	}
	if src.sessions, err = db.evidenceSessions(ctx, tx, town.ID); err != nil {
		return nil, err
	}
	if src.due, err = db.dueListIn(ctx, tx, town.ID, src.today); err != nil {
		return nil, err
	}
	return src, nil
}

// evidenceSessions are the sessions of the rounds the municipality shares,
// once a round is no longer a draft, with the municipality's bookings,
// attendance and completions counted.
func (db *DB) evidenceSessions(ctx context.Context, tx bun.IDB, municipalityID int64) (map[int64]evidenceSession, error) {
	var rows []struct {
		sessionRow `bun:",extend"`
		Topic      string `bun:"topic"`
		TopicID    int64  `bun:"topic_id"`
		Validity   int    `bun:"validity_months"`
		Round      string `bun:"round"`
		HostAGS    string `bun:"host_ags"`
	}
	err := tx.NewSelect().Model(&rows).
		ColumnExpr("session_row.*").
		ColumnExpr("t.name AS topic, t.id AS topic_id, t.validity_months, ro.name AS round, COALESCE(h.ags, '') AS host_ags").
		Join("JOIN rounds AS ro ON ro.id = session_row.round_id").
		Join("JOIN topics AS t ON t.id = ro.topic_id").
		Join("JOIN round_municipalities AS rm ON rm.round_id = ro.id AND rm.municipality_id = ?", municipalityID).
		Join("LEFT JOIN municipalities AS h ON h.id = session_row.host_municipality_id").
		Where("ro.status <> ?", string(courses.StatusDraft)).Scan(ctx)
	if err != nil {
		return nil, translate(err)
	}
	out := make(map[int64]evidenceSession, len(rows))
	for _, r := range rows {
		out[r.ID] = evidenceSession{sessionRow: r.sessionRow, Topic: r.Topic, TopicID: r.TopicID, Validity: r.Validity, Round: r.Round, HostAGS: r.HostAGS}
	}
	counts := []struct {
		query *bun.SelectQuery
		set   func(s *evidenceSession, n int)
	}{
		{tx.NewSelect().TableExpr("bookings AS b").ColumnExpr("b.session_id, COUNT(*) AS n").
			Where("b.municipality_id = ?", municipalityID).Where("b.cancelled_at IS NULL").GroupExpr("b.session_id"),
			func(s *evidenceSession, n int) { s.Booked = n }},
		{tx.NewSelect().TableExpr("attendance AS a").ColumnExpr("a.session_id, COUNT(DISTINCT a.user_id) AS n").
			Join("JOIN users AS u ON u.id = a.user_id").Where("u.municipality_id = ?", municipalityID).GroupExpr("a.session_id"),
			func(s *evidenceSession, n int) { s.Attended = n }},
		{tx.NewSelect().TableExpr("completions AS c").ColumnExpr("c.session_id, COUNT(*) AS n").
			Join("JOIN users AS u ON u.id = c.user_id").Where("u.municipality_id = ?", municipalityID).GroupExpr("c.session_id"),
			func(s *evidenceSession, n int) { s.Completed = n }},
	}
	for _, c := range counts {
		var got []struct {
			SessionID int64 `bun:"session_id"`
			N         int   `bun:"n"`
		}
		if err := c.query.Scan(ctx, &got); err != nil {
			return nil, translate(err)
		}
		for _, g := range got {
			if s, ok := out[g.SessionID]; ok {
				c.set(&s, g.N)
				out[g.SessionID] = s
			}
		}
	}
	return out, nil
}

func (src *evidenceSources) sessionIDs() []int64 {
	ids := make([]int64, 0, len(src.sessions))
	for id := range src.sessions {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

func (src *evidenceSources) programmeDraft() (evidence.Draft, error) {
	prog := src.programme
	data := evidence.Programme{Municipality: src.town.Name, Title: prog.Title, ApprovedBy: prog.ApprovedBy, Notes: prog.Notes,
		Topics: []evidence.ProgrammeTopic{}}
	if !prog.ApprovedOn.IsZero() {
		data.ApprovedOn = prog.ApprovedOn.String()
	}
	if !prog.ReviewOn.IsZero() {
		data.ReviewOn = prog.ReviewOn.String()
	}
	for _, a := range src.audiences {
		data.Topics = append(data.Topics, evidence.ProgrammeTopic{Topic: a.Topic, Audience: a.Audience,
			FrequencyMonths: a.FrequencyMonths, RemindDaysBefore: a.RemindDays})
	}
	occurred := prog.UpdatedAt
	if !prog.ApprovedOn.IsZero() {
		occurred = prog.ApprovedOn.In(src.loc)
	}
	if occurred.IsZero() {
		occurred = src.town.CreatedAt
	}
	return evidence.NewDraft(evidence.ProgrammeKey(), evidence.KindProgramme, 0, occurred,
		evidence.MappingsFor(evidence.KindProgramme, evidence.Basis{Approved: !prog.ApprovedOn.IsZero()}), data)
}

func (src *evidenceSources) sessionDrafts() ([]evidence.Draft, error) {
	out := make([]evidence.Draft, 0, len(src.sessions))
	for _, id := range src.sessionIDs() {
		s := src.sessions[id]
		days := make([]string, len(s.Days))
		for i, d := range s.Days {
			days[i] = d.String()
		}
		data := evidence.Session{Topic: s.Topic, Round: s.Round, StartsAt: s.StartsAt.UTC(), EndsAt: s.EndsAt.UTC(), Days: days,
			Online: s.Online, Location: s.Location, Host: s.HostAGS, Cancelled: s.CancelledAt != nil,
			Booked: s.Booked, Attended: s.Attended, Completed: s.Completed}
		d, err := evidence.NewDraft(evidence.SessionKey(id), evidence.KindSession, 0, s.StartsAt,
			evidence.MappingsFor(evidence.KindSession, evidence.Basis{Audience: src.audienceOf(s.TopicID), Held: data.Held(src.now)}), data)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// coverageDrafts are the running month's figures. They count as having
// occurred on the first of the month, so a record changes only when its
// figures do.
func (src *evidenceSources) coverageDrafts() ([]evidence.Draft, error) {
	lines := evidence.Tally(src.due, src.today)
	period := evidence.Period(src.today)
	out := make([]evidence.Draft, 0, len(lines))
	for _, l := range lines {
		d, err := evidence.NewDraft(evidence.CoverageKey(l.DepartmentID, l.TopicID, period), evidence.KindCoverage,
			evidence.PeriodGroup(src.today), wachsam.NewDate(src.today.Year, src.today.Month, 1).In(src.loc),
			evidence.MappingsFor(evidence.KindCoverage, evidence.Basis{}), l.Coverage)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

func (src *evidenceSources) audienceOf(topicID int64) evidence.Audience {
	if a, ok := src.audience[topicID]; ok {
		return a
	}
	return evidence.AudienceAll
}
