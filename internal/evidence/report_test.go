package evidence_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
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

// The report claims what its content proves, each requirement once: the
// approved concept (A1, A4), the audiences of the sessions held (A3 for
// everyone, A7 for the ISB), never A8; without approval no A1, without a
// session held no A3.
func TestReportMappingsClaimOnlyWhatTheReportProves(t *testing.T) {
	at := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	held := evidence.Session{Topic: "Phishing", StartsAt: at.Add(-time.Hour)}
	isb := evidence.Session{Topic: "IT-Grundschutz", StartsAt: at.Add(-time.Hour)}
	controls := func(r evidence.Report) []string {
		var out []string
		for _, m := range r.Mappings() {
			out = append(out, m.Control)
		}
		return out
	}
	r := evidence.Report{GeneratedAt: at, Sessions: []evidence.Session{held, isb, held},
		Settings: evidence.Settings{ApprovedOn: wachsam.MustDate("2026-03-01"),
			Audiences: []evidence.TopicAudience{{Topic: "IT-Grundschutz", Audience: evidence.AudienceISB}}}}
	if got, want := controls(r), []string{"Schritt 2", "ORP.3.A1", "ORP.3.A3", "ORP.3.A4", "ORP.3.A7", "A.6.3"}; !slices.Equal(got, want) {
		t.Errorf("approved, two audiences held: %q, want %q", got, want)
	}
	if got, want := controls(evidence.Report{GeneratedAt: at}), []string{"Schritt 2", "ORP.3.A4", "A.6.3"}; !slices.Equal(got, want) {
		t.Errorf("not approved, nothing held: %q, want %q", got, want)
	}
}

// Each mapping's condition (docs/evidence.md, "Mappings").
func TestMappingsClaimOnlyWhatTheDataProve(t *testing.T) {
	controls := func(k evidence.Kind, b evidence.Basis) string {
		var out []string
		for _, m := range evidence.MappingsFor(k, b) {
			out = append(out, m.Control)
		}
		return strings.Join(out, " ")
	}
	for _, tt := range []struct {
		name string
		kind evidence.Kind
		b    evidence.Basis
		want string
	}{
		{"concept not approved", evidence.KindProgramme, evidence.Basis{}, "Schritt 2 ORP.3.A4 A.6.3"},
		{"concept approved by the leadership", evidence.KindProgramme, evidence.Basis{Approved: true}, "Schritt 2 ORP.3.A1 ORP.3.A4 A.6.3"},
		{"planned or cancelled session", evidence.KindSession, evidence.Basis{Audience: evidence.AudienceAll}, "Schritt 2 A.6.3"},
		{"planned session for roles", evidence.KindSession, evidence.Basis{Audience: evidence.AudienceRole}, "Schritt 2 A.6.3"},
		{"held session for everyone", evidence.KindSession, evidence.Basis{Audience: evidence.AudienceAll, Held: true}, "Schritt 2 ORP.3.A3 A.6.3"},
		{"held session for roles", evidence.KindSession, evidence.Basis{Audience: evidence.AudienceRole, Held: true}, "Schritt 2 ORP.3.A6 A.6.3"},
		{"attendance of the leadership", evidence.KindAttendance, evidence.Basis{Audience: evidence.AudienceManagement, Held: true}, "Schritt 2 ORP.3.A1 A.6.3"},
		{"coverage is participation, not A8", evidence.KindCoverage, evidence.Basis{Audience: evidence.AudienceAll, Held: true}, "Schritt 2 A.6.3"},
	} {
		if got := controls(tt.kind, tt.b); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

// A session counts as held once it has begun, or as soon as attendance is
// recorded (which opens before the start); never when cancelled.
func TestSessionHeldOnceBegunOrAttended(t *testing.T) {
	start := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	before := start.Add(-time.Minute)
	for _, tt := range []struct {
		name string
		s    evidence.Session
		at   time.Time
		want bool
	}{
		{"a minute before the start", evidence.Session{StartsAt: start}, before, false},
		{"at the start", evidence.Session{StartsAt: start}, start, true},
		{"before the start, someone checked in", evidence.Session{StartsAt: start, Attended: 1}, before, true},
		{"cancelled after the start", evidence.Session{StartsAt: start, Cancelled: true, Attended: 1}, start, false},
	} {
		if got := tt.s.Held(tt.at); got != tt.want {
			t.Errorf("%s: held %v, want %v", tt.name, got, tt.want)
		}
	}
}
