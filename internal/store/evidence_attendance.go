package store

import (
	"database/sql"
	"time"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/internal/evidence"
)

// attendanceCache holds what attendance records of one refresh share, so a
// million records do not work out a thousand sessions' mappings, a few
// thousand people's pseudonyms and a handful of days a million times each.
// It grows with the people, sessions and days of the municipality, never
// with its records.
type attendanceCache struct {
	src      *evidenceSources
	people   map[int64]attendancePerson
	sessions map[int64]attendanceSession
	days     map[wachsam.Date]string
	starts   map[sessionDay]time.Time
	valid    map[validity]string
}

// attendancePerson is a person as their attendance records show them.
type attendancePerson struct {
	userID     int64
	name       string
	department string
	pseudonym  string // a keyed hash: worth keeping
}

// attendanceSession is what every attendance record of a session shares.
type attendanceSession struct {
	recordID string // of the session record
	mappings []evidence.Mapping
}

type sessionDay struct {
	session int64
	day     string
}

type validity struct {
	completedOn wachsam.Date
	months      int
}

func newAttendanceCache(src *evidenceSources) *attendanceCache {
	return &attendanceCache{src: src, people: map[int64]attendancePerson{}, sessions: map[int64]attendanceSession{},
		days: map[wachsam.Date]string{}, starts: map[sessionDay]time.Time{}, valid: map[validity]string{}}
}

// person is the person of a row. Name and department are compared with
// what was kept, not trusted: the row is the truth.
func (c *attendanceCache) person(userID int64, name, department sql.RawBytes) attendancePerson {
	p, ok := c.people[userID]
	if ok && p.name == string(name) && p.department == string(department) {
		return p
	}
	if !ok {
		p = attendancePerson{userID: userID, pseudonym: evidence.Pseudonym(c.src.tenant.PseudonymKey, userID)}
	}
	p.name, p.department = string(name), string(department)
	c.people[userID] = p
	return p
}

func (c *attendanceCache) day(d wachsam.Date) string {
	s, ok := c.days[d]
	if !ok {
		s = d.String()
		c.days[d] = s
	}
	return s
}

func (c *attendanceCache) session(s evidenceSession) attendanceSession {
	out, ok := c.sessions[s.ID]
	if !ok {
		out = attendanceSession{recordID: evidence.RecordID(c.src.town.AGS, evidence.SessionKey(s.ID)),
			mappings: evidence.MappingsFor(evidence.KindAttendance, evidence.Basis{Audience: c.src.audienceOf(s.TopicID), Held: true})}
		c.sessions[s.ID] = out
	}
	return out
}

func (c *attendanceCache) start(s evidenceSession, day string) time.Time {
	k := sessionDay{s.ID, day}
	t, ok := c.starts[k]
	if !ok {
		t = occursOn(s, day, c.src.loc)
		c.starts[k] = t
	}
	return t
}

func (c *attendanceCache) validUntil(completedOn wachsam.Date, months int) string {
	k := validity{completedOn, months}
	v, ok := c.valid[k]
	if !ok {
		v = validUntil(completedOn, months)
		c.valid[k] = v
	}
	return v
}

// attendanceDraft is the record of one person at one session, attended on
// days (at least one), completed on completedOn (zero if not).
func (src *evidenceSources) attendanceDraft(s evidenceSession, p attendancePerson, days []string, completedOn wachsam.Date, c *attendanceCache) (evidence.Draft, error) {
	shared := c.session(s)
	data := evidence.Attendance{
		Session: shared.recordID, Topic: s.Topic,
		Person: p.pseudonym, Pseudonymous: true, Department: p.department,
		DaysAttended: days, DaysRequired: len(s.Days), Complete: !completedOn.IsZero(),
		ValidUntil: c.validUntil(completedOn, s.Validity), Online: s.Online,
	}
	if src.tenant.ShowNames {
		data.Person, data.Pseudonymous = p.name, false
	}
	if !completedOn.IsZero() {
		data.CompletedOn = c.day(completedOn)
	}
	return evidence.NewDraft(evidence.AttendanceKey(s.ID, p.pseudonym), evidence.KindAttendance, s.ID, c.start(s, days[0]),
		shared.mappings, data)
}
