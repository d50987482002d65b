package http

import (
	"net/http"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
	"github.com/wachsam/wachsam/internal/export"
)

// dueTopic is one topic's part of the due list, for the page's grouping.
type dueTopic struct {
	Name string
	Rows []courses.DueRow
}

// dueCounts are the totals shown above the list, over all topics and
// whatever the filter.
type dueCounts struct {
	Overdue, Soon, Current int
}

// dueFilterOption is one choice of the page's filter.
type dueFilterOption struct {
	Value, Label string
	State        courses.DueState // empty: everyone
}

// dueFilterOptions are the page's filter choices; the values are German
// because they appear in the address bar.
func dueFilterOptions() []dueFilterOption {
	return []dueFilterOption{
		{"alle", "alle", ""},
		{"bald-faellig", "bald fällig", courses.DueSoon},
		{"ueberfaellig", "überfällig", courses.DueOverdue},
		{"gueltig", "gültig", courses.DueCurrent},
	}
}

// groupDue keeps the rows in state (all if empty), grouped by topic in the
// order the store gives them.
func groupDue(rows []courses.DueRow, state courses.DueState) ([]dueTopic, dueCounts) {
	var topics []dueTopic
	var counts dueCounts
	for _, row := range rows {
		switch row.State {
		case courses.DueOverdue:
			counts.Overdue++
		case courses.DueSoon:
			counts.Soon++
		default:
			counts.Current++
		}
		if len(topics) == 0 || topics[len(topics)-1].Name != row.Topic {
			topics = append(topics, dueTopic{Name: row.Topic})
		}
		if state == "" || row.State == state {
			t := &topics[len(topics)-1]
			t.Rows = append(t.Rows, row)
		}
	}
	return topics, counts
}

// today is the calendar day in legal time: due dates end at midnight in
// Berlin, not in UTC.
func (s *Server) coordinatorToday() wachsam.Date { return wachsam.DateIn(s.cfg.Now(), s.cfg.Location) }

func (s *Server) coordinatorDue(w http.ResponseWriter, r *http.Request) {
	town, ok := s.coordinatorTown(w, r)
	if !ok {
		return
	}
	options, chosen := dueFilterOptions(), dueFilterChosen(r)
	today := s.coordinatorToday()
	rows, err := s.courses.DueList(r.Context(), town, today)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	topics, counts := groupDue(rows, chosen.State)
	s.render(w, r, http.StatusOK, "coordinator_due", page{Title: "Fälligkeiten", Section: "due", Data: map[string]any{
		"Today": today, "Topics": topics, "Counts": counts, "Options": options, "Chosen": chosen,
	}})
}

// apiDueRow is one person and topic in GET /api/v1/due.
type apiDueRow struct {
	UserID     int64        `json:"user_id"`
	Name       string       `json:"name"`
	Email      string       `json:"email"`
	Department string       `json:"department"`
	TopicID    int64        `json:"topic_id"`
	Topic      string       `json:"topic"`
	Last       wachsam.Date `json:"last_completed"` // null: never
	Next       wachsam.Date `json:"next_due"`       // null: never completed, due now
	Status     string       `json:"status"`         // current, due_soon, overdue
}

func (s *Server) apiDue(w http.ResponseWriter, r *http.Request) {
	town, ok := s.coordinatorTown(w, r)
	if !ok {
		return
	}
	var state courses.DueState
	switch v := r.URL.Query().Get("status"); v {
	case "", "all":
	case string(courses.DueOverdue), string(courses.DueSoon), string(courses.DueCurrent):
		state = courses.DueState(v)
	default:
		s.fail(w, r, wachsam.FieldError("status", "Der Filter status kennt nur all, overdue, due_soon und current."))
		return
	}
	if s.servedAsFile(w, r, func(f export.Format) { s.sendDueList(w, r, town, state, f) }) {
		return
	}
	today := s.coordinatorToday()
	rows, err := s.courses.DueList(r.Context(), town, today)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := []apiDueRow{}
	for _, d := range rows {
		if state == "" || d.State == state {
			out = append(out, apiDueRow{UserID: d.UserID, Name: d.Name, Email: d.Email, Department: d.Department,
				TopicID: d.TopicID, Topic: d.Topic, Last: d.Last, Next: d.Next, Status: string(d.State)})
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"today": today, "rows": out})
}
