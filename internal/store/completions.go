package store

import (
	"context"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// completionView is one completion with its topic and place, as read for
// the person's history and certificates.
type completionView struct {
	ID          int64        `bun:"id"`
	TopicID     int64        `bun:"topic_id"`
	Topic       string       `bun:"topic"`
	SessionID   int64        `bun:"session_id"`
	CompletedOn wachsam.Date `bun:"completed_on"`
	Online      bool         `bun:"online"`
	Location    string       `bun:"location"`
	HostName    *string      `bun:"host_name"`
}

func (v completionView) completion() courses.Completion {
	c := courses.Completion{ID: v.ID, TopicID: v.TopicID, Topic: v.Topic, SessionID: v.SessionID,
		CompletedOn: v.CompletedOn, Online: v.Online, Location: v.Location}
	if v.HostName != nil {
		c.HostName = *v.HostName
	}
	return c
}

// CompletionsOf lists the trainings a person completed, newest first. It
// reads only their own rows: the caller passes the signed-in person.
func (db *DB) CompletionsOf(ctx context.Context, userID int64) ([]courses.Completion, error) {
	var rows []completionView
	err := db.NewSelect().TableExpr("completions AS c").
		ColumnExpr("c.id, c.topic_id, t.name AS topic, c.session_id, c.completed_on, s.online, s.location, m.name AS host_name").
		Join("JOIN topics AS t ON t.id = c.topic_id").
		Join("JOIN course_sessions AS s ON s.id = c.session_id").
		Join("LEFT JOIN municipalities AS m ON m.id = s.host_municipality_id").
		Where("c.user_id = ?", userID).
		OrderExpr("c.completed_on DESC, c.id DESC").Scan(ctx, &rows)
	if err != nil {
		return nil, translate(err)
	}
	out := make([]courses.Completion, len(rows))
	for i, r := range rows {
		out[i] = r.completion()
	}
	return out, nil
}
