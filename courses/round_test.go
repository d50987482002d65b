package courses

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
)

// roundStart is the start of the seed round's first session, the fixed
// clock of these tests (DESIGN.md §9).
func roundStart() time.Time { return time.Date(2026, 11, 10, 8, 0, 0, 0, time.UTC) }

// seedRound is seeds/003: three neighbouring town halls with 30, 24 and 15
// staff share three sessions of 25 seats, one in each town hall. Each town
// has two departments, split as evenly as possible.
func seedRound() Round {
	r := Round{
		ID:    1,
		Topic: Topic{ID: 1, Name: "Security Awareness", ValidityMonths: 12, RemindDays: 30},
		Staff: Staff{ByMunicipality: map[int64]int{}, ByDepartment: map[int64]int{}},
	}
	for m, staff := range map[int64]int{1: 30, 2: 24, 3: 15} {
		r.Staff.ByMunicipality[m] = staff
		r.Staff.ByDepartment[10*m+1] = staff / 2
		r.Staff.ByDepartment[10*m+2] = staff - staff/2
	}
	for i := range 3 {
		start := roundStart().AddDate(0, 0, 7*i)
		r.Sessions = append(r.Sessions, Session{
			ID:                 int64(101 + i),
			StartsAt:           start,
			Days:               []wachsam.Date{wachsam.DateOf(start)},
			Capacity:           25,
			HostMunicipalityID: int64(1 + i),
			TrainerID:          7,
		})
	}
	return r
}

// person of municipality m in its first (d = 1) or second department.
func person(id, m, d int64) Person {
	return Person{ID: id, MunicipalityID: m, DepartmentID: 10*m + d}
}

// wantRefusal fails unless err is a domain error with the code whose
// message contains every fragment.
func wantRefusal(t *testing.T, err error, code wachsam.ErrorCode, fragments ...string) {
	t.Helper()
	var e *wachsam.Error
	if !errors.As(err, &e) {
		t.Fatalf("got %v, want a *wachsam.Error %s", err, code)
	}
	if e.Code != code {
		t.Errorf("code %s, want %s (%s)", e.Code, code, e.Message)
	}
	for _, f := range fragments {
		if !strings.Contains(e.Message, f) {
			t.Errorf("message %q lacks %q", e.Message, f)
		}
	}
}

// containsField reports whether err is an EINVALID domain error on field.
func containsField(err error, field string) bool {
	var e *wachsam.Error
	return errors.As(err, &e) && e.Code == wachsam.EINVALID && e.Field == field
}

func TestRoundValidate(t *testing.T) {
	if err := seedRound().Validate(); err != nil {
		t.Fatalf("seed round: %v", err)
	}
	tests := []struct {
		name  string
		edit  func(*Round)
		field string
	}{
		{"no topic name", func(r *Round) { r.Topic.Name = " " }, "topic.name"},
		{"validity zero", func(r *Round) { r.Topic.ValidityMonths = 0 }, "topic.validity_months"},
		{"negative reminder", func(r *Round) { r.Topic.RemindDays = -1 }, "topic.remind_days"},
		{"share above one", func(r *Round) { r.Policy.DepartmentShare = bigRat(3, 2) }, "department_share"},
		{"negative lead", func(r *Round) { r.Policy.CancellationLead = -time.Nanosecond }, "cancellation_lead"},
		{"no sessions", func(r *Round) { r.Sessions = nil }, "sessions"},
		{"duplicate session", func(r *Round) { r.Sessions[2].ID = r.Sessions[0].ID }, "sessions[2].id"},
		{"no capacity", func(r *Round) { r.Sessions[1].Capacity = 0 }, "sessions[1].capacity"},
		{"no days", func(r *Round) { r.Sessions[0].Days = nil }, "sessions[0].days"},
		{"days not ascending", func(r *Round) {
			r.Sessions[0].Days = []wachsam.Date{wachsam.MustDate("2026-11-11"), wachsam.MustDate("2026-11-11")}
		}, "sessions[0].days[1]"},
		{"online with host", func(r *Round) { r.Sessions[0].Online = true }, "sessions[0].host"},
		{"host outside the round", func(r *Round) { r.Sessions[0].HostMunicipalityID = 9 }, "sessions[0].host"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := seedRound()
			tt.edit(&r)
			if err := r.Validate(); !containsField(err, tt.field) {
				t.Fatalf("got %v, want EINVALID on %s", err, tt.field)
			}
		})
	}
}

func TestActiveSessionsSkipCancelled(t *testing.T) {
	r := seedRound()
	if got := r.MunicipalityQuota(1); got != 10 {
		t.Fatalf("quota %d, want 30/3 = 10", got)
	}
	r.Sessions[2].Cancelled = true
	if got := r.MunicipalityQuota(1); got != 15 {
		t.Errorf("with one session cancelled: quota %d, want 30/2 = 15", got)
	}
}

// A partial round (a booking's excerpt) counts the round's active sessions
// from ActiveCount, not from the one session it holds: with a third of the
// sessions in hand the default quota would otherwise be three times too high.
func TestPartialRoundQuotaDividesByAllActiveSessions(t *testing.T) {
	s := Session{ID: 7, Capacity: 20}
	whole := Round{Sessions: []Session{s, {ID: 8, Capacity: 20}, {ID: 9, Capacity: 20}},
		Staff: Staff{ByMunicipality: map[int64]int{1: 30}, ByDepartment: map[int64]int{2: 10}}}
	partial := Round{Sessions: []Session{s}, Partial: true, ActiveCount: 3,
		Staff: Staff{ByMunicipality: map[int64]int{1: 30}, ByDepartment: map[int64]int{2: 10}}}
	if got, want := partial.MunicipalityQuota(1), whole.MunicipalityQuota(1); got != want || got != 10 {
		t.Fatalf("partial quota %d, whole %d, want 10", got, want)
	}
}
