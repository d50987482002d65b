package courses

import "time"

// The read model of a department head's page (issue 14 §2): the members of
// one department, each with every topic the town trains, its state and the
// session booked for it.

// UpcomingBooking is an active booking of a member of staff whose session
// is not cancelled, with the session and where it takes place.
type UpcomingBooking struct {
	BookingID int64
	UserID    int64
	TopicID   int64
	Topic     string
	Session   Session
	Place     string
}

// DepartmentRow is one member and one topic: the due state and the session
// booked for that topic, if one lies ahead.
type DepartmentRow struct {
	DueRow
	Booked *UpcomingBooking
}

// DepartmentMember is one member of the department with their topics in
// the order of the due list and their next booked session of any topic.
type DepartmentMember struct {
	UserID int64
	Name   string
	Email  string
	Topics []DepartmentRow
	Next   *UpcomingBooking
}

// Worst is the member's most urgent state: overdue before due soon before
// current.
func (m DepartmentMember) Worst() DueState {
	worst := DueCurrent
	for _, t := range m.Topics {
		switch {
		case t.State == DueOverdue:
			return DueOverdue
		case t.State == DueSoon:
			worst = DueSoon
		}
	}
	return worst
}

// DepartmentStatusOf puts the page together: one entry per member of
// staff, in the order given, with their due rows (DueList's rows of the
// department, in its topic order) and the bookings whose session has not
// ended at now in loc. Rows and bookings of anyone not in staff are
// ignored: the caller's list of members decides whom the page shows.
func DepartmentStatusOf(staff []StaffMember, due []DueRow, bookings []UpcomingBooking, now time.Time, loc *time.Location) []DepartmentMember {
	type key struct{ user, topic int64 }
	byTopic := map[key]*UpcomingBooking{}
	next := map[int64]*UpcomingBooking{}
	for i := range bookings {
		b := &bookings[i]
		if b.Session.Cancelled || !now.Before(b.Session.LastEnd(loc)) {
			continue
		}
		k := key{b.UserID, b.TopicID}
		if have := byTopic[k]; have == nil || b.Session.StartsAt.Before(have.Session.StartsAt) {
			byTopic[k] = b
		}
		if have := next[b.UserID]; have == nil || b.Session.StartsAt.Before(have.Session.StartsAt) {
			next[b.UserID] = b
		}
	}
	index := map[int64]int{}
	out := make([]DepartmentMember, len(staff))
	for i, p := range staff {
		index[p.ID] = i
		out[i] = DepartmentMember{UserID: p.ID, Name: p.Name, Email: p.Email, Next: next[p.ID]}
	}
	for _, row := range due {
		if i, ok := index[row.UserID]; ok {
			out[i].Topics = append(out[i].Topics, DepartmentRow{DueRow: row, Booked: byTopic[key{row.UserID, row.TopicID}]})
		}
	}
	return out
}

// DepartmentCounts are how many members are overdue with at least one
// topic, and how many more are due soon: a person counts once, under the
// worse state.
func DepartmentCounts(members []DepartmentMember) (overdue, soon int) {
	for _, m := range members {
		switch m.Worst() {
		case DueOverdue:
			overdue++
		case DueSoon:
			soon++
		}
	}
	return overdue, soon
}

// DepartmentRows are the members' rows one after the other, person by
// person, as the list's download has them.
func DepartmentRows(members []DepartmentMember) []DepartmentRow {
	var out []DepartmentRow
	for _, m := range members {
		out = append(out, m.Topics...)
	}
	return out
}
