package courses

import (
	"testing"

	"github.com/wachsam/wachsam"
)

// TestNextDue: DESIGN.md §4, last complete attendance plus the topic's
// validity in calendar months, clamped to the end of a shorter month.
func TestNextDue(t *testing.T) {
	tests := []struct {
		last   string
		months int
		want   string
	}{
		{"2026-03-15", 12, "2027-03-15"},
		{"2026-01-31", 1, "2026-02-28"},
		{"2028-01-31", 1, "2028-02-29"}, // leap year
		{"2100-01-31", 1, "2100-02-28"}, // not a leap year: divisible by 100
		{"2000-01-31", 1, "2000-02-29"}, // leap year: divisible by 400
		{"2028-02-29", 12, "2029-02-28"},
		{"2028-02-29", 48, "2032-02-29"},
		{"2026-01-30", 1, "2026-02-28"},
		{"2026-01-28", 1, "2026-02-28"},
		{"2026-08-31", 1, "2026-09-30"},
		{"2026-10-31", 3, "2027-01-31"},
		{"2026-12-31", 2, "2027-02-28"},
		{"2026-11-30", 14, "2028-01-30"},
		{"2026-03-31", -1, "2026-02-28"},
		{"2026-01-15", -13, "2024-12-15"},
		{"2026-05-31", 0, "2026-05-31"},
	}
	for _, tt := range tests {
		got := NextDue(wachsam.MustDate(tt.last), tt.months)
		if got != wachsam.MustDate(tt.want) {
			t.Errorf("NextDue(%s, %d) = %s, want %s", tt.last, tt.months, got, tt.want)
		}
	}
	if got := NextDue(wachsam.Date{}, 12); !got.IsZero() {
		t.Errorf("NextDue of never = %s, want none", got)
	}
}

// TestDueStatus: reminders go out remindDays before the due date; the due
// date itself is still in time, the day after is overdue.
func TestDueStatus(t *testing.T) {
	next := wachsam.MustDate("2027-03-15")
	tests := []struct {
		name   string
		today  string
		remind int
		want   DueState
	}{
		{"long before", "2026-06-01", 30, DueCurrent},
		{"one day before the reminder", "2027-02-12", 30, DueCurrent},
		{"first day of the reminder", "2027-02-13", 30, DueSoon},
		{"on the due date", "2027-03-15", 30, DueSoon},
		{"the day after", "2027-03-16", 30, DueOverdue},
		{"no reminder: day before", "2027-03-14", 0, DueCurrent},
		{"no reminder: on the date", "2027-03-15", 0, DueSoon},
		{"negative reminder counts as none", "2027-03-14", -5, DueCurrent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DueStatus(next, wachsam.MustDate(tt.today), tt.remind); got != tt.want {
				t.Errorf("DueStatus(%s, %s, %d) = %s, want %s", next, tt.today, tt.remind, got, tt.want)
			}
		})
	}
	if got := DueStatus(wachsam.Date{}, next, 30); got != DueOverdue {
		t.Errorf("never attended: %s, want overdue", got)
	}
	for s, de := range map[DueState]string{DueCurrent: "gültig", DueSoon: "bald fällig", DueOverdue: "überfällig"} {
		if s.German() != de {
			t.Errorf("%s.German() = %q, want %q", s, s.German(), de)
		}
	}
}
