package wachsam

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"time"
)

// Date is a calendar date without a time of day: an exam date, a deadline,
// a due date. DESIGN.md §2 forbids storing these as midnight instants, because
// the instant of "midnight" depends on a time zone and moves with summer time.
// The zero value is "no date".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// NewDate returns the date y-m-d, normalised the way time.Date normalises
// (so NewDate(2026, 2, 30) is 2 March 2026).
func NewDate(y int, m time.Month, d int) Date {
	return DateOf(time.Date(y, m, d, 12, 0, 0, 0, time.UTC))
}

// DateOf returns the calendar date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// DateIn returns the calendar date of the instant t as seen in loc.
func DateIn(t time.Time, loc *time.Location) Date { return DateOf(t.In(loc)) }

// MinYear and MaxYear bound every date a person enters. Nothing wachsam
// records lies before 1900, and PostgreSQL has no year 0, which SQLite
// would store: the bound makes both databases answer alike.
const (
	MinYear = 1900
	MaxYear = 9999
)

// ParseDate reads an ISO 8601 calendar date (2026-11-22) between MinYear
// and MaxYear.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("%q ist kein Datum im Format JJJJ-MM-TT", s)
	}
	if t.Year() < MinYear || t.Year() > MaxYear {
		return Date{}, fmt.Errorf("%q liegt nicht zwischen den Jahren %d und %d", s, MinYear, MaxYear)
	}
	return DateOf(t), nil
}

// MustDate parses s and panics on error; only for tests and literals.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func (d Date) IsZero() bool { return d == Date{} }

// String formats the date as ISO 8601 (2026-11-22).
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// German formats the date the German way (22.11.2026).
func (d Date) German() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%02d.%02d.%04d", d.Day, int(d.Month), d.Year)
}

// noon avoids any daylight-saving ambiguity when doing date arithmetic.
func (d Date) noon() time.Time { return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC) }

// In returns the instant at which the date begins in loc.
func (d Date) In(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// EndIn returns the first instant after the date in loc (24:00 of that day),
// the end of a deadline that runs "until the end of" the date.
func (d Date) EndIn(loc *time.Location) time.Time { return d.AddDays(1).In(loc) }

func (d Date) AddDays(n int) Date { return DateOf(d.noon().AddDate(0, 0, n)) }

func (d Date) Weekday() time.Weekday { return d.noon().Weekday() }

// DaysUntil returns the number of days from d to e (negative if e is earlier).
func (d Date) DaysUntil(e Date) int {
	return int(e.noon().Sub(d.noon()).Hours() / 24)
}

func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return cmpInt(d.Year, e.Year)
	case d.Month != e.Month:
		return cmpInt(int(d.Month), int(e.Month))
	default:
		return cmpInt(d.Day, e.Day)
	}
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }
func (d Date) After(e Date) bool  { return d.Compare(e) > 0 }

// MarshalText and UnmarshalText make Date usable in JSON and configuration.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MarshalJSON writes the zero date as null.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("ein Datum muss als Zeichenkette JJJJ-MM-TT angegeben werden")
	}
	return d.UnmarshalText([]byte(s))
}

// Value stores a date as ISO text; both SQLite and PostgreSQL (column type
// date) accept that literal.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// Scan reads a date column: PostgreSQL drivers return time.Time at UTC
// midnight, SQLite returns the stored text.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
		return nil
	case time.Time:
		*d = DateOf(v)
		return nil
	case string:
		return d.UnmarshalText([]byte(firstN(v, 10)))
	case []byte:
		return d.UnmarshalText([]byte(firstN(string(v), 10)))
	}
	return fmt.Errorf("cannot scan %T into wachsam.Date", src)
}

func firstN(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// AddMonths moves the date by whole calendar months. A day the target month
// lacks is clamped to its last day (31 January + 1 month = 28 or 29
// February), as §188(3) BGB has a period end and as a validity "of one
// month" is meant; time.AddDate would roll over into March instead.
func (d Date) AddMonths(months int) Date {
	m := int(d.Month) - 1 + months
	y := d.Year + m/12
	if m%12 < 0 {
		y--
	}
	month := time.Month((m%12+12)%12 + 1)
	last := time.Date(y, month+1, 0, 12, 0, 0, 0, time.UTC).Day()
	return Date{Year: y, Month: month, Day: min(d.Day, last)}
}
