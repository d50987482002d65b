package store

import (
	"context"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// DueList tells, for every active member of a municipality's staff and
// every topic the municipality trains, when the person last completed it,
// when it is due again and whether that is in time, soon or overdue on
// today. The topics are those of the rounds the municipality shares (in any
// status: a planned round already shows what is owed) and those any of its
// staff has completed; someone who never completed a topic is overdue.
// Rows come by topic name, then person name.
func (db *DB) DueList(ctx context.Context, municipalityID int64, today wachsam.Date) ([]courses.DueRow, error) {
	return db.dueListIn(ctx, db.DB, municipalityID, today)
}

// DueFor is one person's own rows of their municipality's DueList: each
// topic the town trains with the person's last completion and next due
// date, for their start page. Someone without a municipality, disabled, or
// not staff owes nothing.
func (db *DB) DueFor(ctx context.Context, userID int64, today wachsam.Date) ([]courses.DueRow, error) {
	var towns []int64
	err := db.NewSelect().TableExpr("users").ColumnExpr("municipality_id").
		Where("id = ?", userID).Where("municipality_id IS NOT NULL").Scan(ctx, &towns)
	if err != nil {
		return nil, translate(err)
	}
	if len(towns) == 0 {
		return []courses.DueRow{}, nil
	}
	return db.dueRowsIn(ctx, db.DB, towns[0], dueScope{user: userID}, today)
}

func (db *DB) dueListIn(ctx context.Context, tx bun.IDB, municipalityID int64, today wachsam.Date) ([]courses.DueRow, error) {
	return db.dueRowsIn(ctx, tx, municipalityID, dueScope{}, today)
}

// dueScope narrows the due rows of a municipality's staff to one person or
// one department (a department head's); zero fields do not narrow.
type dueScope struct {
	user, department int64
}

// dueRowsIn builds the due rows of a municipality's staff, or of only those
// in scope.
func (db *DB) dueRowsIn(ctx context.Context, tx bun.IDB, municipalityID int64, only dueScope, today wachsam.Date) ([]courses.DueRow, error) {
	// users is joined as u in both queries it narrows.
	onlyThem := func(q *bun.SelectQuery) *bun.SelectQuery {
		if only.user != 0 {
			q = q.Where("u.id = ?", only.user)
		}
		if only.department != 0 {
			q = q.Where("u.department_id = ?", only.department)
		}
		return q
	}
	var staff []struct {
		ID           int64  `bun:"id"`
		Name         string `bun:"name"`
		Email        string `bun:"email"`
		DepartmentID int64  `bun:"department_id"`
		Department   string `bun:"department"`
	}
	err := tx.NewSelect().TableExpr("users AS u").
		ColumnExpr("u.id, u.name, u.email, COALESCE(u.department_id, 0) AS department_id, COALESCE(d.name, '') AS department").
		Join("JOIN user_roles AS r ON r.user_id = u.id AND r.role = ?", wachsam.RoleStaff).
		Join("LEFT JOIN departments AS d ON d.id = u.department_id").
		Where("u.municipality_id = ?", municipalityID).Where("NOT u.disabled").
		Apply(onlyThem).
		OrderExpr("u.name, u.id").Scan(ctx, &staff)
	if err != nil {
		return nil, translate(err)
	}
	topics, err := db.dueTopicsIn(ctx, tx, municipalityID)
	if err != nil {
		return nil, err
	}
	type key struct{ user, topic int64 }
	var done []struct {
		UserID  int64        `bun:"user_id"`
		TopicID int64        `bun:"topic_id"`
		Last    wachsam.Date `bun:"last"`
	}
	err = tx.NewSelect().TableExpr("completions AS c").
		ColumnExpr("c.user_id, c.topic_id, MAX(c.completed_on) AS last").
		Join("JOIN users AS u ON u.id = c.user_id").
		Where("u.municipality_id = ?", municipalityID).
		Apply(onlyThem).
		GroupExpr("c.user_id, c.topic_id").Scan(ctx, &done)
	if err != nil {
		return nil, translate(err)
	}
	last := make(map[key]wachsam.Date, len(done))
	for _, d := range done {
		last[key{d.UserID, d.TopicID}] = d.Last
	}
	out := make([]courses.DueRow, 0, len(staff)*len(topics))
	for _, t := range topics {
		for _, p := range staff {
			l := last[key{p.ID, t.ID}]
			next := courses.NextDue(l, t.ValidityMonths)
			out = append(out, courses.DueRow{
				UserID: p.ID, Name: p.Name, Email: p.Email, DepartmentID: p.DepartmentID, Department: p.Department,
				TopicID: t.ID, Topic: t.Name, Last: l, Next: next,
				State: courses.DueStatus(next, today, t.RemindDays),
			})
		}
	}
	return out, nil
}

// dueTopicsIn are the topics a municipality's staff owes: those of its
// rounds and those someone of its staff has completed.
func (db *DB) dueTopicsIn(ctx context.Context, tx bun.IDB, municipalityID int64) ([]courses.Topic, error) {
	shared := tx.NewSelect().TableExpr("rounds AS ro").ColumnExpr("ro.topic_id").
		Join("JOIN round_municipalities AS rm ON rm.round_id = ro.id").
		Where("rm.municipality_id = ?", municipalityID)
	// EXISTS per topic, not IN over every completion of the town: it stops
	// at the first completion of the topic by the town's staff (index
	// completions_topic), where IN read all of them — a million in a big
	// town, seconds on every evidence refresh.
	completed := tx.NewSelect().TableExpr("completions AS c").ColumnExpr("1").
		Join("JOIN users AS u ON u.id = c.user_id").
		Where("c.topic_id = topic_row.id").Where("u.municipality_id = ?", municipalityID)
	var rows []topicRow
	err := tx.NewSelect().Model(&rows).
		WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
			return q.Where("id IN (?)", shared).WhereOr("EXISTS (?)", completed)
		}).
		OrderExpr("name, id").Scan(ctx)
	if err != nil {
		return nil, translate(err)
	}
	out := make([]courses.Topic, len(rows))
	for i, r := range rows {
		out[i] = r.topic()
	}
	return out, nil
}
