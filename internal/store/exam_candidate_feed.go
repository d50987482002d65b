package store

import (
	"context"

	"github.com/wachsam/wachsam/exam"
)

// CandidateCalendar returns what the exam calendar feed with this token
// shows: the person's files, each as the person reads it. The token is the
// account's calendar feed token (calendar_feed.go), so one private address
// to renew covers trainings and exam alike; an unknown token, or one of a
// disabled account, is not found.
func (db *DB) CandidateCalendar(ctx context.Context, token string) (exam.CandidateCalendar, error) {
	if token == "" {
		return exam.CandidateCalendar{}, notFound("Der Kalender")
	}
	var row calendarFeedRow
	if err := db.NewSelect().Model(&row).Where("token_hash = ?", feedTokenHash(token)).Scan(ctx); err != nil {
		return exam.CandidateCalendar{}, lookupError(err, "Der Kalender")
	}
	u, err := db.viewer(ctx, row.UserID)
	if err != nil {
		return exam.CandidateCalendar{}, err
	}
	if u.Disabled {
		return exam.CandidateCalendar{}, notFound("Der Kalender")
	}
	recs, err := db.CandidatesOfUser(ctx, u.ID)
	if err != nil {
		return exam.CandidateCalendar{}, err
	}
	files, err := db.judgedFiles(ctx, db.DB, recs)
	if err != nil {
		return exam.CandidateCalendar{}, err
	}
	out := exam.CandidateCalendar{PersonName: u.Name}
	for _, cf := range files {
		v, err := db.candidateView(ctx, db.DB, cf)
		if err != nil {
			return exam.CandidateCalendar{}, err
		}
		out.Files = append(out.Files, *v)
	}
	return out, nil
}
