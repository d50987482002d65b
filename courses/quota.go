package courses

import (
	"math/big"
	"time"

	"github.com/wachsam/wachsam"
)

// DefaultOfferTTL is how long a freed seat stays reserved for the person it
// is offered to when the round sets no OfferTTL: a working day, so that
// someone who reads mail once a day does not miss it.
const DefaultOfferTTL = 24 * time.Hour

// RoundPolicy holds the per-round settings of DESIGN.md §4: how many people
// of one town hall and of one office may attend the same session, and the
// deadlines of self-service booking. The zero value is the design's default.
type RoundPolicy struct {
	// MunicipalityShare caps the people of one municipality in one session
	// at ceil(share × its staff). Nil means 1/(sessions in the round): the
	// "a third of the staff to each session" of seeds/003.
	MunicipalityShare *big.Rat
	// DepartmentShare caps the people of one department in one session at
	// ceil(share × its staff). Nil means 1/2, so every office stays open.
	DepartmentShare *big.Rat
	// CancellationLead is how long before the start staff may still cancel
	// themselves; zero means until the session starts.
	CancellationLead time.Duration
	// OfferTTL is how long a seat offered from the waiting list is held for
	// that person; zero means DefaultOfferTTL.
	OfferTTL time.Duration
}

// maxLead bounds both durations: a year is far beyond any sensible deadline
// and keeps StartsAt - lead far inside time.Time's range.
const maxLead = 366 * 24 * time.Hour

// Validate checks the settings a coordinator enters; the fields are named
// as in the round's form.
func (p RoundPolicy) Validate() error {
	if err := validateShare("municipality_share", p.MunicipalityShare); err != nil {
		return err
	}
	if err := validateShare("department_share", p.DepartmentShare); err != nil {
		return err
	}
	if p.CancellationLead < 0 || p.CancellationLead > maxLead {
		return wachsam.FieldError("cancellation_lead", "Die Absagefrist muss zwischen 0 und 366 Tagen vor Beginn liegen.")
	}
	if p.OfferTTL < 0 || p.OfferTTL > maxLead {
		return wachsam.FieldError("offer_ttl", "Die Gültigkeit eines Platzangebots muss zwischen 0 (Standard: 24 Stunden) und 366 Tagen liegen.")
	}
	return nil
}

// MunicipalityQuota is the most people of a municipality with staff
// employees that one session may take when the round has sessions sessions.
// It is the allocator's own arithmetic (municipalityQuotaOf), so a round
// booked seat by seat and a round allocated in one batch obey the very same
// limit.
func (p RoundPolicy) MunicipalityQuota(staff, sessions int) int {
	return int(municipalityQuotaOf(p.MunicipalityShare, max(staff, 0), sessions))
}

// DepartmentCap is the most people of a department with staff employees
// that one session may take; again the allocator's arithmetic (ceilShare).
func (p RoundPolicy) DepartmentCap(staff int) int {
	return int(ceilShare(p.DepartmentShare, 1, 2, max(staff, 0)))
}

// offerTTL applies the default.
func (p RoundPolicy) offerTTL() time.Duration {
	if p.OfferTTL == 0 {
		return DefaultOfferTTL
	}
	return p.OfferTTL
}

// Allocation returns the allocator's policy for this round, for a
// coordinator who collects ranked preferences instead of self-service
// booking (DESIGN.md §4). rankCosts nil means the allocator's default.
func (p RoundPolicy) Allocation(rankCosts []int64) AllocationPolicy {
	return AllocationPolicy{
		MunicipalityShare: p.MunicipalityShare,
		DepartmentShare:   p.DepartmentShare,
		RankCosts:         rankCosts,
	}
}
