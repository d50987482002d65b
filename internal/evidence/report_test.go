package evidence_test

import (
	"slices"
	"testing"
	"time"

	"github.com/wachsam/wachsam/internal/evidence"
)

// Held are the sessions begun by the day of the report and not cancelled,
// oldest first.
func TestHeldSessionsKeepsBegunAndNotCancelled(t *testing.T) {
	at := time.Date(2026, 12, 8, 10, 0, 0, 0, time.UTC)
	s := func(day int, cancelled bool) evidence.Session {
		return evidence.Session{Round: time.Date(2026, 12, day, 0, 0, 0, 0, time.UTC).Format("02."),
			StartsAt: time.Date(2026, 12, day, 9, 0, 0, 0, time.UTC), Cancelled: cancelled}
	}
	got := evidence.HeldSessions([]evidence.Session{s(8, false), s(1, false), s(2, true), s(15, false)}, at)
	var rounds []string
	for _, g := range got {
		rounds = append(rounds, g.Round)
	}
	if !slices.Equal(rounds, []string{"01.", "08."}) {
		t.Errorf("held %q, want the 1st and the one begun today", rounds)
	}
}

// Totals add up each topic over the departments.
func TestReportTopicTotals(t *testing.T) {
	r := evidence.Report{Coverage: []evidence.Coverage{
		{Unit: "Bauamt", Topic: "A", Period: "2026-12", Eligible: 3, Trained: 2, Overdue: 1, NeverTrained: 1},
		{Unit: "Bauamt", Topic: "B", Period: "2026-12", Eligible: 3, Trained: 3},
		{Unit: "Bürgerbüro", Topic: "A", Period: "2026-12", Eligible: 4, Trained: 1, DueSoon: 1, Overdue: 3},
	}}
	want := []evidence.Coverage{
		{Topic: "A", Period: "2026-12", Eligible: 7, Trained: 3, DueSoon: 1, Overdue: 4, NeverTrained: 1},
		{Topic: "B", Period: "2026-12", Eligible: 3, Trained: 3},
	}
	if got := r.TopicTotals(); !slices.Equal(got, want) {
		t.Errorf("totals %+v, want %+v", got, want)
	}
	if got := want[0].RatePercent(); got != 42 {
		t.Errorf("3 of 7 is %d %%, want 42 (rounded down)", got)
	}
}

// The report names CISIS12 step 2, ORP.3 A1 to A8 as the records do, and
// ISO/IEC 27001 A.6.3, each once.
func TestReportMappingsNameEveryRequirementOnce(t *testing.T) {
	var controls []string
	for _, m := range evidence.ReportMappings() {
		controls = append(controls, m.Control)
	}
	want := []string{"Schritt 2", "ORP.3.A1", "ORP.3.A3", "ORP.3.A4", "ORP.3.A6", "ORP.3.A7", "ORP.3.A8", "A.6.3"}
	if !slices.Equal(controls, want) {
		t.Errorf("controls %q, want %q", controls, want)
	}
}
