package calendar

import (
	"bytes"
	"strings"
	"testing"
)

func TestFold(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
	}{
		{"short", "A:b\r\n", "A:b\r\n"},
		{"exactly 75", strings.Repeat("a", 75) + "\r\n", strings.Repeat("a", 75) + "\r\n"},
		{"76", strings.Repeat("a", 76) + "\r\n", strings.Repeat("a", 75) + "\r\n a\r\n"},
		{"continuations hold 74", strings.Repeat("a", 75+74+1) + "\r\n",
			strings.Repeat("a", 75) + "\r\n " + strings.Repeat("a", 74) + "\r\n a\r\n"},
		// "ä" is two octets at 74-75: it moves to the next line whole.
		{"umlaut at the edge", strings.Repeat("a", 74) + "äb\r\n", strings.Repeat("a", 74) + "\r\n äb\r\n"},
		{"two lines", "A:b\r\nC:d\r\n", "A:b\r\nC:d\r\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := fold([]byte(tc.in))
			if string(got) != tc.want {
				t.Errorf("fold(%q) = %q, want %q", tc.in, got, tc.want)
			}
			checkLines(t, got)
			if unfolded := bytes.ReplaceAll(got, []byte("\r\n "), nil); string(unfolded) != tc.in {
				t.Errorf("unfolds to %q", unfolded)
			}
		})
	}
}
