package courses

import "github.com/wachsam/wachsam"

// NextDue is the date a person must have attended the topic again by: the
// date of the last complete attendance plus the topic's validity in calendar
// months (DESIGN.md §4). A day the target month lacks is clamped to its
// last day, so 31 January + 1 month is 28 February (29 in a leap year),
// never 3 March: rolling over would push the due date past the validity.
// The zero date (never attended) gives the zero date.
func NextDue(last wachsam.Date, validityMonths int) wachsam.Date {
	if last.IsZero() {
		return wachsam.Date{}
	}
	return last.AddMonths(validityMonths)
}

// DueState is where a person stands with a topic on a given day.
type DueState string

const (
	DueCurrent DueState = "current"  // valid, no reminder yet
	DueSoon    DueState = "due_soon" // valid, but reminders go out
	DueOverdue DueState = "overdue"  // the due date has passed, or never attended
)

// German returns the state as shown to staff and coordinators.
func (s DueState) German() string {
	switch s {
	case DueCurrent:
		return "gültig"
	case DueSoon:
		return "bald fällig"
	case DueOverdue:
		return "überfällig"
	}
	return string(s)
}

// DueStatus is the state on today for someone next due on next, with
// reminders going out remindDays before. The due date itself still counts as
// in time ("by" the date); the day after is overdue. Someone who never
// attended (zero next) is overdue: the training is owed from the start.
func DueStatus(next, today wachsam.Date, remindDays int) DueState {
	switch {
	case next.IsZero() || today.After(next):
		return DueOverdue
	case !today.Before(next.AddDays(-max(remindDays, 0))):
		return DueSoon
	}
	return DueCurrent
}
