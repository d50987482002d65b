package courses

import (
	"testing"
	"time"

	"github.com/wachsam/wachsam"
)

// seats of one session with taken seats, all of municipality m and its
// department d.
func seatsOf(taken int, m, d int64, mTaken, dTaken int) Seats {
	return Seats{
		Taken:          taken,
		ByMunicipality: map[int64]int{m: mTaken},
		ByDepartment:   map[int64]int{10*m + d: dTaken},
	}
}

// TestCanBook: every rule of DESIGN.md §4 with its boundary on both sides.
// Town 1 has 30 staff (quota 10 in each of the three sessions), its
// department 11 has 15 staff (cap ceil(15/2) = 8).
func TestCanBook(t *testing.T) {
	before := roundStart().Add(-time.Nanosecond)
	tests := []struct {
		name      string
		edit      func(*Round)
		req       BookingRequest
		seats     Seats
		code      wachsam.ErrorCode // "" when the booking is allowed
		fragments []string
	}{
		{"free seat", nil, BookingRequest{Person: person(1, 1, 1), SessionID: 101, Now: before}, seatsOf(0, 1, 1, 0, 0), "", nil},
		{"unknown session", nil, BookingRequest{Person: person(1, 1, 1), SessionID: 999, Now: before}, Seats{}, wachsam.ENOTFOUND, nil},
		{"session cancelled", func(r *Round) { r.Sessions[0].Cancelled = true }, BookingRequest{Person: person(1, 1, 1), SessionID: 101, Now: before}, Seats{}, wachsam.ECONFLICT, []string{"abgesagt"}},
		{"one nanosecond before the start", nil, BookingRequest{Person: person(1, 1, 1), SessionID: 101, Now: before}, Seats{}, "", nil},
		{"at the start", nil, BookingRequest{Person: person(1, 1, 1), SessionID: 101, Now: roundStart()}, Seats{}, wachsam.ECONFLICT, []string{"begonnen"}},
		{"another municipality", nil, BookingRequest{Person: person(1, 4, 1), SessionID: 101, Now: before}, Seats{}, wachsam.EFORBIDDEN, []string{"nimmt an dieser Schulungsrunde nicht teil"}},
		{"already booked in the round", nil, BookingRequest{Person: person(1, 1, 1), SessionID: 101, Booked: true, Now: before}, Seats{}, wachsam.ECONFLICT, []string{"bereits einen Termin"}},
		{"last seat", nil, BookingRequest{Person: person(1, 2, 1), SessionID: 101, Now: before}, seatsOf(24, 1, 1, 0, 0), "", nil},
		{"session full", nil, BookingRequest{Person: person(1, 2, 1), SessionID: 101, Now: before}, seatsOf(25, 1, 1, 0, 0), wachsam.ECONFLICT, []string{"ausgebucht (25 Plätze)", "Warteliste"}},
		{"quota one short", nil, BookingRequest{Person: person(1, 1, 2), SessionID: 101, Now: before}, seatsOf(9, 1, 1, 9, 0), "", nil},
		{"quota reached", nil, BookingRequest{Person: person(1, 1, 2), SessionID: 101, Now: before}, seatsOf(10, 1, 1, 10, 0), wachsam.ECONFLICT, []string{"Kontingent von 10 Plätzen"}},
		{"quota of another town reached", nil, BookingRequest{Person: person(1, 2, 1), SessionID: 101, Now: before}, seatsOf(10, 1, 1, 10, 0), "", nil},
		{"cap one short", nil, BookingRequest{Person: person(1, 1, 1), SessionID: 101, Now: before}, seatsOf(7, 1, 1, 7, 7), "", nil},
		{"cap reached", nil, BookingRequest{Person: person(1, 1, 1), SessionID: 101, Now: before}, seatsOf(8, 1, 1, 8, 8), wachsam.ECONFLICT, []string{"8 Personen", "Obergrenze"}},
		{"cap of the other department reached", nil, BookingRequest{Person: person(1, 1, 2), SessionID: 101, Now: before}, seatsOf(8, 1, 1, 8, 8), "", nil},
		{"full comes before quota", nil, BookingRequest{Person: person(1, 1, 1), SessionID: 101, Now: before}, seatsOf(25, 1, 1, 10, 8), wachsam.ECONFLICT, []string{"ausgebucht"}},
		{"quota comes before cap", nil, BookingRequest{Person: person(1, 1, 1), SessionID: 101, Now: before}, seatsOf(10, 1, 1, 10, 8), wachsam.ECONFLICT, []string{"Kontingent"}},
		{"new hire missing from the counts", func(r *Round) { delete(r.Staff.ByDepartment, 11) }, BookingRequest{Person: person(1, 1, 1), SessionID: 101, Now: before}, seatsOf(0, 1, 1, 0, 0), "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := seedRound()
			if tt.edit != nil {
				tt.edit(&r)
			}
			err := r.CanBook(tt.req, tt.seats)
			if tt.code == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			wantRefusal(t, err, tt.code, tt.fragments...)
		})
	}
}

func TestCanJoinWaitlist(t *testing.T) {
	now := roundStart().Add(-time.Hour)
	tests := []struct {
		name  string
		req   BookingRequest
		seats Seats
		code  wachsam.ErrorCode
	}{
		{"session full", BookingRequest{Person: person(1, 2, 1), SessionID: 101, Now: now}, seatsOf(25, 1, 1, 0, 0), ""},
		{"quota reached", BookingRequest{Person: person(1, 1, 2), SessionID: 101, Now: now}, seatsOf(10, 1, 1, 10, 0), ""},
		{"cap reached", BookingRequest{Person: person(1, 1, 1), SessionID: 101, Now: now}, seatsOf(8, 1, 1, 8, 8), ""},
		{"a seat is free", BookingRequest{Person: person(1, 1, 1), SessionID: 101, Now: now}, seatsOf(24, 1, 1, 0, 0), wachsam.ECONFLICT},
		{"already waiting", BookingRequest{Person: person(1, 2, 1), SessionID: 101, Waiting: true, Now: now}, seatsOf(25, 1, 1, 0, 0), wachsam.ECONFLICT},
		{"already booked", BookingRequest{Person: person(1, 2, 1), SessionID: 101, Booked: true, Now: now}, seatsOf(25, 1, 1, 0, 0), wachsam.ECONFLICT},
		{"after the start", BookingRequest{Person: person(1, 2, 1), SessionID: 101, Now: roundStart()}, seatsOf(25, 1, 1, 0, 0), wachsam.ECONFLICT},
		{"another municipality", BookingRequest{Person: person(1, 4, 1), SessionID: 101, Now: now}, seatsOf(25, 1, 1, 0, 0), wachsam.EFORBIDDEN},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := seedRound().CanJoinWaitlist(tt.req, tt.seats)
			if tt.code == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			wantRefusal(t, err, tt.code)
		})
	}
}

// TestCanCancel: staff cancel themselves up to and including the deadline
// (DESIGN.md §4), not one nanosecond after.
func TestCanCancel(t *testing.T) {
	lead := 48 * time.Hour
	deadline := roundStart().Add(-lead)
	tests := []struct {
		name      string
		lead      time.Duration
		cancelled bool
		now       time.Time
		fragments []string // nil when allowed
	}{
		{"well before", lead, false, deadline.Add(-time.Hour), nil},
		{"exactly at the deadline", lead, false, deadline, nil},
		{"one nanosecond after", lead, false, deadline.Add(time.Nanosecond), []string{"bis 2 Tage vor Beginn"}},
		{"no lead: until the start", 0, false, roundStart(), nil},
		{"no lead: after the start", 0, false, roundStart().Add(time.Nanosecond), []string{"begonnen"}},
		{"lead in hours", 36 * time.Hour, false, roundStart(), []string{"bis 36 Stunden"}},
		{"lead in minutes", 90 * time.Minute, false, roundStart(), []string{"bis 90 Minuten"}},
		{"session cancelled", lead, true, deadline.Add(-time.Hour), []string{"abgesagt"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := seedRound()
			r.Policy.CancellationLead = tt.lead
			r.Sessions[0].Cancelled = tt.cancelled
			err := r.CanCancel(101, tt.now)
			if tt.fragments == nil {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			wantRefusal(t, err, wachsam.ECONFLICT, tt.fragments...)
		})
	}
	wantRefusal(t, seedRound().CanCancel(999, deadline), wachsam.ENOTFOUND)
}

// TestSeedThreeTownHallsBookOneByOne is seeds/003 played through
// self-service booking: towns of 30, 24 and 15 staff, three sessions of 25.
// Each town's quota is a third of its staff (10, 8, 5), so everyone books
// the session in their own town hall until the quota refuses, then books
// the next one; in the end every person has a seat and no session holds
// more than a third of any town hall.
func TestSeedThreeTownHallsBookOneByOne(t *testing.T) {
	r := seedRound()
	wantQuota := map[int64]int{1: 10, 2: 8, 3: 5}
	for m, q := range wantQuota {
		if got := r.MunicipalityQuota(m); got != q {
			t.Errorf("town %d: quota %d, want a third: %d", m, got, q)
		}
	}
	seats := map[int64]*Seats{}
	for _, s := range r.Sessions {
		seats[s.ID] = &Seats{ByMunicipality: map[int64]int{}, ByDepartment: map[int64]int{}}
	}
	now := roundStart().Add(-7 * 24 * time.Hour)
	id := int64(0)
	for m := int64(1); m <= 3; m++ {
		for k := range r.Staff.ByMunicipality[m] {
			id++
			p := person(id, m, int64(1+k%2))
			order := []int64{100 + m, 101 + m%3, 101 + (m+1)%3} // own town hall first
			booked := false
			for i, sid := range order {
				req := BookingRequest{Person: p, SessionID: sid, Now: now}
				err := r.CanBook(req, *seats[sid])
				if err != nil {
					if i == 0 && k < wantQuota[m] {
						t.Fatalf("town %d person %d refused at home: %v", m, k, err)
					}
					continue
				}
				s := seats[sid]
				s.Taken++
				s.ByMunicipality[m]++
				s.ByDepartment[p.DepartmentID]++
				booked = true
				break
			}
			if !booked {
				t.Fatalf("town %d person %d found no seat", m, k)
			}
		}
	}
	for sid, s := range seats {
		for m, q := range wantQuota {
			if s.ByMunicipality[m] != q {
				t.Errorf("session %d holds %d of town %d, want a third: %d", sid, s.ByMunicipality[m], m, q)
			}
		}
	}
}
