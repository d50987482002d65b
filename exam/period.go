package exam

import (
	"fmt"
	"time"

	"github.com/rickar/cal/v2"

	"github.com/wachsam/wachsam"
)

// Unit is the unit a period is measured in.
type Unit int

const (
	Days Unit = iota
	Weeks
	Months
	Years
)

// Period is a period of the regulation: "4 Wochen", "1 Jahr".
type Period struct {
	N    int
	Unit Unit
}

func (p Period) String() string {
	words := map[Unit][2]string{Days: {"Tag", "Tage"}, Weeks: {"Woche", "Wochen"}, Months: {"Monat", "Monate"}, Years: {"Jahr", "Jahre"}}[p.Unit]
	if p.N == 1 {
		return "1 " + words[0]
	}
	return fmt.Sprintf("%d %s", p.N, words[1])
}

// PeriodEnd returns the last day of a period that starts with an event, by
// §§187(1) and 188 BGB, without the §193 shift:
//
//   - §187(1): the day of the event is not counted; the period runs from the
//     next day.
//   - §188(1): a period in days ends at the end of its last day.
//   - §188(2): a period in weeks ends on the day of the last week that has the
//     same weekday as the event day; one in months or years on the day of
//     the last month with the same number as the event day.
//   - §188(3): if that day does not exist in the last month, the period ends
//     on the month's last day (29 February + 1 year = 28 February).
func PeriodEnd(event wachsam.Date, p Period) wachsam.Date {
	switch p.Unit {
	case Days:
		return event.AddDays(p.N)
	case Weeks:
		return event.AddDays(7 * p.N)
	case Months:
		return event.AddMonths(p.N)
	case Years:
		return event.AddMonths(12 * p.N)
	}
	panic(fmt.Sprintf("exam: unknown period unit %d", p.Unit))
}

// Holiday returns the name of the public holiday at the academy's seat that
// falls on d, or "" if there is none. The holidays come from the maintained
// library github.com/rickar/cal/v2 (for the preset: de.HolidaysBW).
func (r Regulation) Holiday(d wachsam.Date) string {
	for _, h := range r.Holidays {
		if h.Type != cal.ObservancePublic {
			continue
		}
		actual, observed := h.Calc(d.Year)
		if sameDay(actual, d) || sameDay(observed, d) {
			return h.Name
		}
	}
	return ""
}

func sameDay(t time.Time, d wachsam.Date) bool {
	if t.IsZero() {
		return false
	}
	y, m, day := t.Date()
	return y == d.Year && m == d.Month && day == d.Day
}

// IsWorkingDay reports whether d is neither a Saturday, a Sunday nor a
// public holiday at the seat (§193 BGB).
func (r Regulation) IsWorkingDay(d wachsam.Date) bool {
	switch d.Weekday() {
	case time.Saturday, time.Sunday:
		return false
	}
	return r.Holiday(d) == ""
}

// NextWorkingDay applies §193 BGB: if the last day of a period is a
// Saturday, a Sunday or a public holiday at the place of performance, the
// period ends on the next working day instead.
func (r Regulation) NextWorkingDay(d wachsam.Date) wachsam.Date {
	for !r.IsWorkingDay(d) {
		d = d.AddDays(1)
	}
	return d
}

// EndsAt is the instant a period with last day d ends: 24:00 at the seat
// (Europe/Berlin for the preset), that is the first instant of the next day
// there, which carries the offset in force then (+01:00 in winter, +02:00 in
// summer).
func (r Regulation) EndsAt(d wachsam.Date) time.Time { return d.EndIn(r.Location) }
