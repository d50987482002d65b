package courses

import (
	"testing"
	"time"

	"github.com/wachsam/wachsam"
)

func waiting(p Person, minutes int) WaitlistEntry {
	return WaitlistEntry{Person: p, JoinedAt: roundStart().Add(-30*24*time.Hour + time.Duration(minutes)*time.Minute)}
}

// TestNextOfferKeepsTheQueue: DESIGN.md §4, a freed seat goes to the first
// person whose quotas allow it; those skipped keep their place.
func TestNextOfferKeepsTheQueue(t *testing.T) {
	r := seedRound()
	now := roundStart().Add(-72 * time.Hour)
	atQuota := person(1, 1, 1)    // town 1 sends its 10 already
	second := person(2, 2, 1)     // town 2, room left
	third := person(3, 3, 1)      // town 3, room left
	atCapTown2 := person(4, 2, 2) // department 22 sends its cap of 6 already
	seats := Seats{
		Taken:          24,
		ByMunicipality: map[int64]int{1: 10, 2: 6},
		ByDepartment:   map[int64]int{11: 5, 22: 6},
	}
	tests := []struct {
		name     string
		waitlist []WaitlistEntry
		seats    Seats
		want     int64 // person offered, 0 for nobody
	}{
		{"first in line", []WaitlistEntry{waiting(second, 1), waiting(third, 2)}, seats, 2},
		{"first at quota is skipped", []WaitlistEntry{waiting(atQuota, 1), waiting(second, 2), waiting(third, 3)}, seats, 2},
		{"first at cap is skipped", []WaitlistEntry{waiting(atCapTown2, 1), waiting(third, 2)}, seats, 3},
		{"join time decides, not the slice order", []WaitlistEntry{waiting(third, 5), waiting(second, 4)}, seats, 2},
		{"same instant: slice order", []WaitlistEntry{waiting(third, 4), waiting(second, 4)}, seats, 3},
		{"nobody allowed", []WaitlistEntry{waiting(atQuota, 1), waiting(atCapTown2, 2)}, seats, 0},
		{"no seat free", []WaitlistEntry{waiting(second, 1)}, Seats{Taken: 25}, 0},
		{"empty list", nil, seats, 0},
		{"skipped person is first once their quota frees", []WaitlistEntry{waiting(atQuota, 1), waiting(second, 2)},
			Seats{Taken: 24, ByMunicipality: map[int64]int{1: 9}}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, ok := r.NextOffer(101, tt.waitlist, tt.seats, now)
			switch {
			case tt.want == 0 && ok:
				t.Fatalf("offered to %d, want nobody", o.Person.ID)
			case tt.want != 0 && !ok:
				t.Fatalf("nobody offered, want %d", tt.want)
			case ok && o.Person.ID != tt.want:
				t.Fatalf("offered to %d, want %d", o.Person.ID, tt.want)
			}
		})
	}
}

func TestNextOfferNeverForAClosedSession(t *testing.T) {
	r := seedRound()
	list := []WaitlistEntry{waiting(person(2, 2, 1), 1)}
	if _, ok := r.NextOffer(101, list, Seats{}, roundStart()); ok {
		t.Error("offered at the start of the session")
	}
	r.Sessions[0].Cancelled = true
	if _, ok := r.NextOffer(101, list, Seats{}, roundStart().Add(-time.Hour)); ok {
		t.Error("offered a seat of a cancelled session")
	}
	if _, ok := r.NextOffer(999, list, Seats{}, roundStart().Add(-time.Hour)); ok {
		t.Error("offered a seat of an unknown session")
	}
}

// TestOfferExpiry: an offer can be accepted up to and including its
// expiry, not one nanosecond later; and never after the session starts.
func TestOfferExpiry(t *testing.T) {
	r := seedRound()
	r.Policy.OfferTTL = 12 * time.Hour
	list := []WaitlistEntry{waiting(person(2, 2, 1), 1)}
	now := roundStart().Add(-72 * time.Hour)
	o, ok := r.NextOffer(101, list, Seats{}, now)
	if !ok {
		t.Fatal("no offer")
	}
	if want := now.Add(12 * time.Hour); !o.ExpiresAt.Equal(want) || !o.OfferedAt.Equal(now) || o.SessionID != 101 {
		t.Fatalf("offer %+v, want expiry %v", o, want)
	}
	if err := r.CanAcceptOffer(o, o.ExpiresAt); err != nil {
		t.Errorf("at the TTL: %v", err)
	}
	wantRefusal(t, r.CanAcceptOffer(o, o.ExpiresAt.Add(time.Nanosecond)), wachsam.ECONFLICT, "abgelaufen")
	if o.Open(o.ExpiresAt.Add(time.Nanosecond)) || !o.Open(o.ExpiresAt) {
		t.Error("Open disagrees with CanAcceptOffer")
	}

	late, _ := r.NextOffer(101, list, Seats{}, roundStart().Add(-time.Hour))
	if !late.ExpiresAt.Equal(roundStart()) {
		t.Errorf("offer made an hour before the start expires %v, want the start %v", late.ExpiresAt, roundStart())
	}
	wantRefusal(t, r.CanAcceptOffer(late, roundStart()), wachsam.ECONFLICT, "abgelaufen")

	r.Policy.OfferTTL = 0
	def, _ := r.NextOffer(101, list, Seats{}, now)
	if got := def.ExpiresAt.Sub(now); got != DefaultOfferTTL {
		t.Errorf("default TTL %v, want %v", got, DefaultOfferTTL)
	}
	r.Sessions[0].Cancelled = true
	wantRefusal(t, r.CanAcceptOffer(def, now), wachsam.ECONFLICT, "abgesagt")
}
