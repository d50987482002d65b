package calendar

import (
	"fmt"
	"strings"
	"time"

	"github.com/emersion/go-ical"
)

// vevents writes a session of one or more days. Outlook rejects RDATE
// without an RRULE, so the further days are written in a form Outlook,
// Google and Apple calendars all accept:
//   - days at the same local time: one VEVENT with RRULE FREQ=DAILY, with
//     INTERVAL when the days are evenly spaced and EXDATE for the days left
//     out otherwise — one UID, so one cancellation removes every day;
//   - days at different times: one VEVENT per day, each with its own UID
//     (DayUID), all in the same message.
func vevents(e Event, m Method, z zone) ([]*ical.Component, error) {
	if err := e.check(m); err != nil {
		return nil, err
	}
	extra, err := e.extraStarts()
	if err != nil {
		return nil, err
	}
	first, err := vevent(e, m, z)
	if err != nil {
		return nil, err
	}
	if len(extra) == 0 {
		return []*ical.Component{first}, nil
	}
	starts := append([]time.Time{e.Start}, extra...)
	if sameClock(starts, z.loc) {
		if err := addRecurrence(first, starts, z); err != nil {
			return nil, err
		}
		return []*ical.Component{first}, nil
	}
	evs := []*ical.Component{first}
	length := second(e.End).Sub(second(e.Start))
	for i, start := range extra {
		day := e
		day.UID = DayUID(e.UID, i+2)
		day.Start, day.End, day.ExtraStarts = start, start.Add(length), nil
		ev, err := vevent(day, m, z)
		if err != nil {
			return nil, err
		}
		evs = append(evs, ev)
	}
	return evs, nil
}

// DayUID is the UID of day n (counted from 1) of a session whose days are
// written as separate events; day 1 keeps the session's own UID, so a
// one-day session and the first day of a longer one look alike.
func DayUID(uid string, n int) string {
	if n <= 1 {
		return uid
	}
	local, host, found := strings.Cut(uid, "@")
	if !found {
		return fmt.Sprintf("%s-tag%d", uid, n)
	}
	return fmt.Sprintf("%s-tag%d@%s", local, n, host)
}

// sameClock reports whether every day starts at the same local time, so a
// daily rule in the zone produces exactly these starts (also across a
// change of summer time).
func sameClock(starts []time.Time, loc *time.Location) bool {
	h, m, s := starts[0].In(loc).Clock()
	for _, t := range starts[1:] {
		if h2, m2, s2 := t.In(loc).Clock(); h2 != h || m2 != m || s2 != s {
			return false
		}
	}
	return true
}

// addRecurrence adds the RRULE (and EXDATEs) that produce exactly starts,
// which are sorted, on distinct days and at the same local time.
func addRecurrence(ev *ical.Component, starts []time.Time, z zone) error {
	days := make([]int, len(starts))
	for i, t := range starts {
		days[i] = dayNumber(t.In(z.loc)) - dayNumber(starts[0].In(z.loc))
	}
	interval := days[1]
	even := true
	for i := 1; i < len(days); i++ {
		if days[i]-days[i-1] != interval {
			even = false
		}
	}
	if even {
		rule := fmt.Sprintf("FREQ=DAILY;COUNT=%d", len(starts))
		if interval > 1 {
			rule += fmt.Sprintf(";INTERVAL=%d", interval)
		}
		ev.Props.Set(raw(ical.PropRecurrenceRule, rule))
		return nil
	}
	// Every day from the first to the last, minus those not in starts.
	last := days[len(days)-1]
	ev.Props.Set(raw(ical.PropRecurrenceRule, fmt.Sprintf("FREQ=DAILY;COUNT=%d", last+1)))
	wanted := make(map[int]bool, len(days))
	for _, d := range days {
		wanted[d] = true
	}
	first := starts[0].In(z.loc)
	for d := 1; d < last; d++ {
		if wanted[d] {
			continue
		}
		skipped := time.Date(first.Year(), first.Month(), first.Day()+d, first.Hour(), first.Minute(), first.Second(), 0, z.loc)
		p, err := z.dateTime(ical.PropExceptionDates, skipped)
		if err != nil {
			return err
		}
		ev.Props.Add(p)
	}
	return nil
}

// dayNumber counts calendar days, so differences ignore summer time.
func dayNumber(t time.Time) int {
	y, m, d := t.Date()
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}
