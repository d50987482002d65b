package courses

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/wachsam/wachsam"
)

func TestJoinURLOnlyHTTPSAndOnlyOnline(t *testing.T) {
	online := Session{Online: true}
	for _, c := range []struct {
		name string
		s    Session
		link string
		ok   bool
	}{
		{"empty", online, "", true},
		{"https", online, "https://konferenz.example/raum-7?pwd=x", true},
		{"http", online, "http://konferenz.example/raum-7", false},
		{"no host", online, "https:///raum", false},
		{"javascript", online, "javascript:alert(1)", false},
		{"space inside", online, "https://konferenz.example/a b", false},
		{"too long", online, "https://k.example/" + strings.Repeat("a", 500), false},
		{"town hall session", Session{HostMunicipalityID: 1}, "https://konferenz.example/raum-7", false},
	} {
		c.s.JoinURL = c.link
		err := c.s.validateJoinURL("sessions[0]")
		if (err == nil) != c.ok {
			t.Errorf("%s: %v", c.name, err)
		}
		var de *wachsam.Error
		if err != nil && (!errors.As(err, &de) || de.Field != "sessions[0].join_url") {
			t.Errorf("%s: %v names the wrong field", c.name, err)
		}
	}
}

// The join link reaches a person only with an active booking of the
// session: the list of sessions shows it to nobody else.
func TestJoinURLShownOnlyToBookedPeople(t *testing.T) {
	start := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	s := Session{ID: 7, Online: true, JoinURL: "https://konferenz.example/raum-7", StartsAt: start, EndsAt: start.Add(time.Hour),
		Days: []wachsam.Date{wachsam.DateIn(start, time.UTC)}, Capacity: 5}
	r := Round{ID: 1, Status: StatusOpen, Sessions: []Session{s}}
	facts := StaffFacts{Now: start.Add(-48 * time.Hour), Seats: map[int64]Seats{}}
	if got := r.StaffView(facts).Sessions[0].JoinURL; got != "" {
		t.Fatalf("someone without a booking sees %q", got)
	}
	facts.Mine = map[int64]PersonalState{7: {BookingID: 3}}
	if got := r.StaffView(facts).Sessions[0].JoinURL; got != s.JoinURL {
		t.Fatalf("the booked person sees %q", got)
	}
	if got := r.BookingViewOf(Booking{ID: 3, SessionID: 7}, facts).Session.JoinURL; got != s.JoinURL {
		t.Fatalf("the booking shows %q", got)
	}
	cancelled := start
	if got := r.BookingViewOf(Booking{ID: 3, SessionID: 7, CancelledAt: &cancelled}, facts).Session.JoinURL; got != "" {
		t.Fatalf("a cancelled booking still shows %q", got)
	}
}
