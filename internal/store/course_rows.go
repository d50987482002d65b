package store

import (
	"database/sql/driver"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/wachsam/wachsam"
	"github.com/wachsam/wachsam/courses"
)

// The row types of the course tables. They stay inside the store: callers
// get the domain types of package courses, whose rules decide every booking.

type topicRow struct {
	bun.BaseModel  `bun:"table:topics"`
	ID             int64     `bun:"id,pk,autoincrement"`
	Name           string    `bun:"name,notnull"`
	ValidityMonths int       `bun:"validity_months,notnull"`
	RemindDays     int       `bun:"remind_days,notnull"`
	CreatedAt      time.Time `bun:"created_at,notnull"`
	UpdatedAt      time.Time `bun:"updated_at,notnull"`
}

func (t topicRow) topic() courses.Topic {
	return courses.Topic{ID: t.ID, Name: t.Name, ValidityMonths: t.ValidityMonths, RemindDays: t.RemindDays}
}

type roundRow struct {
	bun.BaseModel     `bun:"table:rounds"`
	ID                int64     `bun:"id,pk,autoincrement"`
	TopicID           int64     `bun:"topic_id,notnull"`
	Name              string    `bun:"name,notnull"`
	Mode              string    `bun:"mode,notnull"`
	Status            string    `bun:"status,notnull"`
	MunicipalityShare string    `bun:"municipality_share,notnull"`
	DepartmentShare   string    `bun:"department_share,notnull"`
	CancellationLead  int64     `bun:"cancellation_lead_minutes,notnull"`
	OfferTTL          int64     `bun:"offer_ttl_minutes,notnull"`
	CostCents         int64     `bun:"cost_cents,notnull"`
	CostBasis         string    `bun:"cost_basis,notnull"`
	CreatedBy         int64     `bun:"created_by,notnull"`
	CreatedAt         time.Time `bun:"created_at,notnull"`
	UpdatedAt         time.Time `bun:"updated_at,notnull"`
}

func newRoundRow(r courses.Round) roundRow {
	return roundRow{
		ID: r.ID, TopicID: r.Topic.ID, Name: strings.TrimSpace(r.Name), Mode: string(r.Mode), Status: string(r.Status),
		MunicipalityShare: ratText(r.Policy.MunicipalityShare), DepartmentShare: ratText(r.Policy.DepartmentShare),
		CancellationLead: int64(r.Policy.CancellationLead / time.Minute), OfferTTL: int64(r.Policy.OfferTTL / time.Minute),
		CostCents: r.CostCents, CostBasis: string(r.CostBasis), CreatedBy: r.CreatedBy,
	}
}

func (r roundRow) round(topic courses.Topic) courses.Round {
	return courses.Round{
		ID: r.ID, Name: r.Name, Mode: courses.RoundMode(r.Mode), Status: courses.RoundStatus(r.Status),
		Topic: topic, CreatedBy: r.CreatedBy, CostCents: r.CostCents, CostBasis: courses.CostBasis(r.CostBasis),
		Policy: courses.RoundPolicy{
			MunicipalityShare: parseRat(r.MunicipalityShare), DepartmentShare: parseRat(r.DepartmentShare),
			CancellationLead: time.Duration(r.CancellationLead) * time.Minute, OfferTTL: time.Duration(r.OfferTTL) * time.Minute,
		},
	}
}

// ratText stores a share as "1/3"; empty means the default.
func ratText(r *big.Rat) string {
	if r == nil {
		return ""
	}
	return r.RatString()
}

func parseRat(s string) *big.Rat {
	if s == "" {
		return nil
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return nil
	}
	return r
}

type sessionRow struct {
	bun.BaseModel      `bun:"table:course_sessions"`
	ID                 int64      `bun:"id,pk,autoincrement"`
	RoundID            int64      `bun:"round_id,notnull"`
	StartsAt           time.Time  `bun:"starts_at,notnull"`
	EndsAt             time.Time  `bun:"ends_at,notnull"`
	Days               dayList    `bun:"days,notnull"`
	Capacity           int        `bun:"capacity,notnull"`
	Online             bool       `bun:"online,notnull"`
	HostMunicipalityID *int64     `bun:"host_municipality_id"`
	Location           string     `bun:"location,notnull"`
	JoinURL            string     `bun:"join_url,notnull"`
	TrainerID          *int64     `bun:"trainer_id"`
	CheckInSecret      string     `bun:"checkin_secret,notnull"`
	TrainerSequence    int        `bun:"trainer_sequence,notnull"`
	CancelledAt        *time.Time `bun:"cancelled_at"`
	CreatedAt          time.Time  `bun:"created_at,notnull"`
	UpdatedAt          time.Time  `bun:"updated_at,notnull"`
}

func newSessionRow(s courses.Session) sessionRow {
	return sessionRow{
		ID: s.ID, RoundID: s.RoundID, StartsAt: s.StartsAt.UTC(), EndsAt: s.EndsAt.UTC(), Days: dayList(s.Days),
		Capacity: s.Capacity, Online: s.Online, HostMunicipalityID: optionalID(s.HostMunicipalityID),
		Location: strings.TrimSpace(s.Location), TrainerID: optionalID(s.TrainerID), JoinURL: strings.TrimSpace(s.JoinURL),
	}
}

func (r sessionRow) session() courses.Session {
	return courses.Session{
		ID: r.ID, RoundID: r.RoundID, StartsAt: r.StartsAt, EndsAt: r.EndsAt, Days: []wachsam.Date(r.Days),
		Capacity: r.Capacity, Online: r.Online, HostMunicipalityID: idOrZero(r.HostMunicipalityID),
		Location: r.Location, TrainerID: idOrZero(r.TrainerID), Cancelled: r.CancelledAt != nil, JoinURL: r.JoinURL,
	}
}

func optionalID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

func idOrZero(id *int64) int64 {
	if id == nil {
		return 0
	}
	return *id
}

// dayList stores the days of a session as ISO dates separated by commas:
// the days are always read together with their session.
type dayList []wachsam.Date

func (l dayList) Value() (driver.Value, error) {
	parts := make([]string, len(l))
	for i, d := range l {
		parts[i] = d.String()
	}
	return strings.Join(parts, ","), nil
}

func (l *dayList) Scan(src any) error {
	var text string
	switch v := src.(type) {
	case string:
		text = v
	case []byte:
		text = string(v)
	default:
		return fmt.Errorf("days: cannot scan %T", src)
	}
	*l = nil
	for part := range strings.SplitSeq(text, ",") {
		if part == "" {
			continue
		}
		d, err := wachsam.ParseDate(part)
		if err != nil {
			return err
		}
		*l = append(*l, d)
	}
	return nil
}

type bookingRow struct {
	bun.BaseModel  `bun:"table:bookings"`
	ID             int64      `bun:"id,pk,autoincrement"`
	SessionID      int64      `bun:"session_id,notnull"`
	RoundID        int64      `bun:"round_id,notnull"`
	UserID         int64      `bun:"user_id,notnull"`
	MunicipalityID int64      `bun:"municipality_id,notnull"`
	DepartmentID   int64      `bun:"department_id,notnull"`
	Source         string     `bun:"source,notnull"`
	Sequence       int        `bun:"sequence,notnull"`
	BookedAt       time.Time  `bun:"booked_at,notnull"`
	CancelledAt    *time.Time `bun:"cancelled_at"`
	RemindedAt     *time.Time `bun:"reminded_at"`
}

func (b bookingRow) booking() courses.Booking {
	return courses.Booking{
		ID: b.ID, SessionID: b.SessionID, RoundID: b.RoundID,
		Person:   courses.Person{ID: b.UserID, MunicipalityID: b.MunicipalityID, DepartmentID: b.DepartmentID},
		Source:   courses.BookingSource(b.Source),
		Sequence: b.Sequence, BookedAt: b.BookedAt, CancelledAt: b.CancelledAt,
	}
}

type waitlistRow struct {
	bun.BaseModel  `bun:"table:waitlist_entries"`
	ID             int64      `bun:"id,pk,autoincrement"`
	SessionID      int64      `bun:"session_id,notnull"`
	RoundID        int64      `bun:"round_id,notnull"`
	UserID         int64      `bun:"user_id,notnull"`
	MunicipalityID int64      `bun:"municipality_id,notnull"`
	DepartmentID   int64      `bun:"department_id,notnull"`
	JoinedAt       time.Time  `bun:"joined_at,notnull"`
	OfferedAt      *time.Time `bun:"offered_at"`
	OfferExpiresAt *time.Time `bun:"offer_expires_at"`
	LeftAt         *time.Time `bun:"left_at"`
	Outcome        string     `bun:"outcome,notnull"`
}

func (w waitlistRow) person() courses.Person {
	return courses.Person{ID: w.UserID, MunicipalityID: w.MunicipalityID, DepartmentID: w.DepartmentID}
}
