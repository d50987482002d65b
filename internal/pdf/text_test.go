package pdf

import (
	"slices"
	"strings"
	"testing"
)

// TestWrap checks line breaking: at spaces, then after hyphens, then
// between characters, ending in "…" when lines run out.
func TestWrap(t *testing.T) {
	f, err := loadFonts()
	if err != nil {
		t.Fatal(err)
	}
	w := func(s string) float64 { return f.measure(s, bodySize, false) }
	for _, tc := range []struct {
		name  string
		text  string
		width float64
		max   int
		want  []string
		whole bool
	}{
		{"fits", "Anna Schmidt", w("Anna Schmidt"), 2, []string{"Anna Schmidt"}, true},
		{"space", "Anna Schmidt", w("Anna Schmi"), 2, []string{"Anna", "Schmidt"}, true},
		{"hyphen", "Müller-Lüdenscheidt", w("Müller-Lüden"), 2, []string{"Müller-", "Lüdenscheidt"}, true},
		{"empty", "", 50, 2, nil, true},
		{"one line only", "Anna Schmidt", w("Anna Schmi"), 1, []string{"Anna…"}, false},
		{"word cut", "Verbandsgemeinde", w("Verbandsgemeind"), 2, []string{"Verbandsgemeind", "e"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, whole := f.wrap(tc.text, tc.width, bodySize, false, tc.max)
			if !slices.Equal(got, tc.want) || whole != tc.whole {
				t.Errorf("wrap(%q) = %q, %v; want %q, %v", tc.text, got, whole, tc.want, tc.whole)
			}
		})
	}
	t.Run("truncated", func(t *testing.T) {
		long := strings.Repeat("Verwaltung ", 20)
		got, _ := f.wrap(long, 80, bodySize, false, 2)
		if len(got) != 2 || !strings.HasSuffix(got[1], ellipsis) {
			t.Fatalf("wrap = %q, want two lines ending in …", got)
		}
		for _, line := range got {
			if w(line) > 80 {
				t.Errorf("line %q is %.1f wide, more than 80", line, w(line))
			}
		}
	})
	t.Run("one long word", func(t *testing.T) {
		got, _ := f.wrap("Grundstücksverkehrsgenehmigungszuständigkeit", 60, bodySize, false, 3)
		if len(got) != 3 || !strings.HasPrefix(got[0], "Grundst") || !strings.HasSuffix(got[2], ellipsis) {
			t.Fatalf("wrap = %q", got)
		}
		for _, line := range got {
			if w(line) > 60 {
				t.Errorf("line %q is %.1f wide, more than 60", line, w(line))
			}
		}
	})
}

// TestClean checks NFC and white-space folding.
func TestClean(t *testing.T) {
	if got := clean(" Ju\u0308rgen \t\n Weiß "); got != "Jürgen Weiß" {
		t.Errorf("clean = %q", got)
	}
}
