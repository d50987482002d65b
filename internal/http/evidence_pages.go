package http

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"

	"github.com/go-chi/chi/v5"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/evidence"
)

// evidencePages are the coordinator's pages of the ISMS evidence: the
// figures the ISMS receives, the tokens it reads them with, and the
// training concept. The municipality is always the coordinator's own.
func (s *Server) evidencePages(r chi.Router) {
	r.Group(func(r chi.Router) {
		r.Use(s.requireRole(wachsam.RoleCoordinator))
		r.Get("/koordination/nachweise", s.coordinatorEvidence)
		r.Post("/koordination/nachweise/zugaenge", s.coordinatorCreateEvidenceToken)
		r.Post("/koordination/nachweise/zugaenge/{id}/widerrufen", s.coordinatorRevokeEvidenceToken)
		r.Get("/koordination/nachweise/konzept", s.coordinatorEvidenceSettings)
		r.Post("/koordination/nachweise/konzept", s.coordinatorSaveEvidenceSettings)
	})
}

// evidenceCoverageTopic is one topic's table on the page: a line per
// department and the municipality's total.
type evidenceCoverageTopic struct {
	Topic string
	Lines []evidence.Coverage
	Total evidence.Coverage
}

// evidenceKindCount is how many live records of one kind the feed holds.
type evidenceKindCount struct {
	Kind  evidence.Kind
	Count int
}

// evidenceFeedState is what the page tells about the feed: whom it is for,
// how much it holds and how far it has come.
type evidenceFeedState struct {
	AGS    string
	Head   int64
	Counts []evidenceKindCount
	Total  int
}

// evidenceFeedURL is the address an ISMS pulls from.
func (s *Server) evidenceFeedURL() string { return s.cfg.BaseURL + "/api/v1/evidence" }

// evidencePullCommand is an example of the importer's command line
// (cmd/wachsam evidence.go); --url is the server's address, not the feed's.
// The token stays a placeholder: a real one belongs in
// WACHSAM_EVIDENCE_TOKEN, not in a shell's history.
func (s *Server) evidencePullCommand() string {
	return fmt.Sprintf("wachsam evidence pull --url %s --token wse_… --dir ./nachweise", s.cfg.BaseURL)
}

func (s *Server) coordinatorEvidence(w http.ResponseWriter, r *http.Request) {
	s.renderEvidence(w, r, http.StatusOK, form{})
}

// renderEvidence shows the page; f is the token form, filled in and with
// its message when a new token was refused.
func (s *Server) renderEvidence(w http.ResponseWriter, r *http.Request, status int, f form) {
	town, ok := s.coordinatorTown(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	// The page shows what the ISMS would receive now, so it refreshes
	// the records first, as the feed does.
	if _, err := s.courses.RefreshEvidence(ctx, town); err != nil {
		s.fail(w, r, err)
		return
	}
	today := s.coordinatorToday()
	feed, topics, err := s.evidenceOverview(ctx, town, evidence.Period(today))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	tokens, err := s.courses.EvidenceTokens(ctx, town)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	settings, err := s.courses.EvidenceSettings(ctx, town)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "coordinator_evidence", page{Title: "ISMS-Nachweise", Section: "evidence", Form: f, Data: map[string]any{
		"Today": today, "Month": germanMonth(today), "Topics": topics, "Feed": feed, "Tokens": tokens, "Settings": settings,
		"FeedURL": s.evidenceFeedURL(), "Command": s.evidencePullCommand(),
	}})
}

// evidenceOverview reads the published records as the ISMS receives them:
// how many of each kind are live, and the coverage of the running month
// by topic.
func (s *Server) evidenceOverview(ctx context.Context, town int64, period string) (evidenceFeedState, []evidenceCoverageTopic, error) {
	var feed evidenceFeedState
	var err error
	if feed.AGS, feed.Head, err = s.courses.EvidenceTenant(ctx, town); err != nil {
		return feed, nil, err
	}
	var lines []evidence.Coverage
	for _, kind := range evidence.Kinds {
		n := 0
		err := s.courses.EvidenceRecords(ctx, town, kind, func(rec evidence.Record) error {
			n++
			if kind != evidence.KindCoverage {
				return nil
			}
			var c evidence.Coverage
			if err := json.Unmarshal(rec.Data, &c); err != nil {
				return fmt.Errorf("coverage record %s: %w", rec.RecordID, err)
			}
			if c.Period == period {
				lines = append(lines, c)
			}
			return nil
		})
		if err != nil {
			return feed, nil, err
		}
		feed.Counts = append(feed.Counts, evidenceKindCount{Kind: kind, Count: n})
		feed.Total += n
	}
	return feed, coverageByTopic(lines), nil
}

// coverageByTopic groups coverage lines into one table per topic, the
// departments in alphabetical order, each with the topic's total.
func coverageByTopic(lines []evidence.Coverage) []evidenceCoverageTopic {
	slices.SortStableFunc(lines, func(a, b evidence.Coverage) int {
		return cmp.Or(cmp.Compare(a.Topic, b.Topic), cmp.Compare(a.Unit, b.Unit))
	})
	var out []evidenceCoverageTopic
	for _, l := range lines {
		if len(out) == 0 || out[len(out)-1].Topic != l.Topic {
			out = append(out, evidenceCoverageTopic{Topic: l.Topic})
		}
		t := &out[len(out)-1]
		t.Lines = append(t.Lines, l)
	}
	for i := range out {
		summed := make([]evidence.CoverageLine, len(out[i].Lines))
		for j, l := range out[i].Lines {
			summed[j] = evidence.CoverageLine{Coverage: l}
		}
		out[i].Total = evidence.Total(summed)
		out[i].Total.Topic, out[i].Total.Period = out[i].Topic, out[i].Lines[0].Period
	}
	return out
}

// germanMonth names the month of a day: "November 2026".
func germanMonth(day wachsam.Date) string {
	names := [...]string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"}
	return fmt.Sprintf("%s %d", names[day.Month-1], day.Year)
}
