package evidence

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// NoDepartment is the unit of staff without a department.
const NoDepartment = "ohne Abteilung"

// Period is the month a day falls in, as coverage records name it.
func Period(day wachsam.Date) string { return fmt.Sprintf("%04d-%02d", day.Year, int(day.Month)) }

// PeriodGroup is the month as a number (202611), to find the records of one
// month.
func PeriodGroup(day wachsam.Date) int64 { return int64(day.Year)*100 + int64(day.Month) }

// CoverageLine is one coverage figure with the ids it is kept under.
type CoverageLine struct {
	DepartmentID int64
	TopicID      int64
	Coverage
}

// Tally counts the due list of a day into coverage per department and
// topic: trained is everyone whose training is valid that day (due soon
// included), overdue everyone else. Lines come by department, then topic.
func Tally(rows []courses.DueRow, day wachsam.Date) []CoverageLine {
	type key struct{ department, topic int64 }
	index := map[key]int{}
	var out []CoverageLine
	for _, r := range rows {
		k := key{r.DepartmentID, r.TopicID}
		i, ok := index[k]
		if !ok {
			unit := r.Department
			if unit == "" {
				unit = NoDepartment
			}
			i = len(out)
			index[k] = i
			out = append(out, CoverageLine{DepartmentID: r.DepartmentID, TopicID: r.TopicID,
				Coverage: Coverage{Unit: unit, Topic: r.Topic, Period: Period(day)}})
		}
		c := &out[i].Coverage
		c.Eligible++
		switch r.State {
		case courses.DueOverdue:
			c.Overdue++
			if r.Last.IsZero() {
				c.NeverTrained++
			}
		case courses.DueSoon:
			c.Trained++
			c.DueSoon++
		default:
			c.Trained++
		}
	}
	slices.SortStableFunc(out, func(a, b CoverageLine) int {
		return cmp.Or(cmp.Compare(a.Unit, b.Unit), cmp.Compare(a.Topic, b.Topic))
	})
	return out
}

// Total sums coverage lines of one topic, or of all topics, into one figure
// for the whole municipality.
func Total(lines []CoverageLine) Coverage {
	var t Coverage
	for _, l := range lines {
		t.Eligible += l.Eligible
		t.Trained += l.Trained
		t.DueSoon += l.DueSoon
		t.Overdue += l.Overdue
		t.NeverTrained += l.NeverTrained
	}
	return t
}
