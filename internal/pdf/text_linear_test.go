package pdf

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// wrapTime is the fastest of three runs of wrap over s, so that a busy
// machine does not fake a slowdown.
func wrapTime(f *fonts, s string) time.Duration {
	best := time.Duration(1 << 62)
	for range 3 {
		start := time.Now()
		f.wrap(s, 200, bodySize, false, 1<<20)
		f.truncate(s, 200, bodySize, false)
		best = min(best, time.Since(start))
	}
	return best
}

// Wrapping grows with the length of the text, not its square: ten times
// the text takes at most about ten times as long (a quadratic wrap took
// a hundred times, and a minute for a 100 kB title).
func TestWrapGrowsLinearly(t *testing.T) {
	f, err := loadFonts()
	if err != nil {
		t.Fatal(err)
	}
	word := "Informationssicherheit "
	small := strings.Repeat(word, 10_000/len(word))
	large := strings.Repeat(word, 100_000/len(word))
	wrapTime(f, small) // fills the glyph-width cache
	ts, tl := wrapTime(f, small), wrapTime(f, large)
	if ratio := float64(tl) / float64(max(ts, time.Microsecond)); ratio > 30 {
		t.Fatalf("10 kB in %v, 100 kB in %v: %.0f times as long for ten times the text", ts, tl, ratio)
	}
	// One unbroken 100 kB word is cut between characters, also linearly.
	if d := wrapTime(f, strings.Repeat("x", 100_000)); d > 2*time.Second {
		t.Fatalf("an unbroken 100 kB word took %v", d)
	}
}

// A 100 kB programme title (stored before titles were bounded) still
// gives the evidence report within seconds.
func TestEvidenceReportWithAHundredKilobyteTitleIsQuick(t *testing.T) {
	r := evidenceReport(t, 4)
	r.Settings.Title = strings.Repeat("Schulungskonzept ", 100_000/17)
	start := time.Now()
	var buf bytes.Buffer
	if err := EvidenceReport(&buf, r); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("the report took %v", d)
	}
}
