package courses

import "testing"

func TestPlaceLabelNamesTheTown(t *testing.T) {
	for _, tc := range []struct {
		online         bool
		location, host string
		want           string
	}{
		{true, "", "", "online"},
		{true, " Videokonferenz, Link folgt per E-Mail ", "", "online: Videokonferenz, Link folgt per E-Mail"},
		{false, "", "Musterstadt", "Rathaus Musterstadt"},
		{false, "Raum 2.14", "Musterstadt", "Rathaus Musterstadt, Raum 2.14"},
		{false, "Rathaus Musterstadt, Raum 2.14", "Musterstadt", "Rathaus Musterstadt, Raum 2.14"},
		{false, "musterstadt, Sitzungssaal", "Musterstadt", "musterstadt, Sitzungssaal"},
		{false, "Sitzungssaal", "", "Sitzungssaal"},
		{false, "", "", ""},
	} {
		if got := PlaceLabel(tc.online, tc.location, tc.host); got != tc.want {
			t.Errorf("PlaceLabel(%v, %q, %q) = %q, want %q", tc.online, tc.location, tc.host, got, tc.want)
		}
	}
}
